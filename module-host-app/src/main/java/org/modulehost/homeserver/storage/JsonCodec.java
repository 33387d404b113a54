package org.modulehost.homeserver.storage;

import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes the JSON the homeserver stores (event content, account data).
 */
public final class JsonCodec {

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private final JsonMapper mapper;

	/**
	 * Creates a codec.
	 * @param mapper the mapper to use
	 */
	public JsonCodec(JsonMapper mapper) {
		this.mapper = mapper;
	}

	/**
	 * Writes a value as JSON text.
	 * @param value a map, list, string, number, boolean or {@code null}
	 * @return the JSON text
	 */
	public String write(Object value) {
		return this.mapper.writeValueAsString(value);
	}

	/**
	 * Reads a JSON object.
	 * @param json the JSON text
	 * @return the object as a map
	 * @throws JacksonException if the text is not a JSON object
	 */
	public Map<String, Object> readObject(String json) {
		return this.mapper.readValue(json, MAP);
	}

	/**
	 * Reads any JSON value.
	 * @param json the JSON bytes
	 * @return the value: map, list, string, number, boolean or {@code null}
	 * @throws JacksonException if the bytes are not JSON
	 */
	public Object readValue(byte[] json) {
		return this.mapper.readValue(json, Object.class);
	}

}
