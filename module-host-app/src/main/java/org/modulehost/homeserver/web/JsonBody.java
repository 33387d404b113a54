package org.modulehost.homeserver.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.storage.JsonCodec;

/**
 * A JSON object from a request body, with typed access that answers the Matrix errors: not
 * JSON is 400 {@code M_NOT_JSON}, a field of the wrong type 400 {@code M_BAD_JSON}, a missing
 * one 400 {@code M_MISSING_PARAM}.
 */
public final class JsonBody {

	private final Map<String, Object> fields;

	private JsonBody(Map<String, Object> fields) {
		this.fields = fields;
	}

	/**
	 * Parses a request body that must be a JSON object.
	 * @param body the bytes, possibly {@code null} or empty
	 * @param json the codec
	 * @param allowEmpty whether an empty body counts as {@code {}}
	 * @return the object, mutable
	 * @throws MatrixError 400 {@code M_NOT_JSON} if the body is not a JSON object
	 */
	public static JsonBody parse(byte @Nullable [] body, JsonCodec json, boolean allowEmpty) {
		if (body == null || body.length == 0) {
			if (allowEmpty) {
				return new JsonBody(new LinkedHashMap<>());
			}
			throw new MatrixError(400, Codes.NOT_JSON, "Content not JSON.");
		}
		Object value;
		try {
			value = json.readValue(body);
		}
		catch (JacksonException ex) {
			throw new MatrixError(400, Codes.NOT_JSON, "Content not JSON.");
		}
		if (!(value instanceof Map<?, ?>)) {
			throw new MatrixError(400, Codes.BAD_JSON, "Content must be a JSON object.");
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> fields = (Map<String, Object>) value;
		return new JsonBody(fields);
	}

	/**
	 * Wraps a map.
	 * @param fields the fields
	 * @return the body
	 */
	public static JsonBody of(Map<String, Object> fields) {
		return new JsonBody(fields);
	}

	/**
	 * Returns all fields.
	 * @return the mutable map
	 */
	public Map<String, Object> asMap() {
		return this.fields;
	}

	/**
	 * Tells whether a field is present (even if {@code null}).
	 * @param name the field
	 * @return whether it is present
	 */
	public boolean has(String name) {
		return this.fields.containsKey(name);
	}

	/**
	 * Reads an optional string field.
	 * @param name the field
	 * @return the value, or {@code null} when absent or {@code null}
	 */
	public @Nullable String string(String name) {
		return typed(name, String.class, "a string");
	}

	/**
	 * Reads a required string field.
	 * @param name the field
	 * @return the value
	 */
	public String requireString(String name) {
		return require(name, string(name));
	}

	/**
	 * Reads an optional boolean field.
	 * @param name the field
	 * @param defaultValue the value when absent
	 * @return the value
	 */
	public boolean bool(String name, boolean defaultValue) {
		Boolean value = typed(name, Boolean.class, "a boolean");
		return (value != null) ? value : defaultValue;
	}

	/**
	 * Reads an optional integer field.
	 * @param name the field
	 * @return the value, or {@code null} when absent
	 */
	public @Nullable Long integer(String name) {
		Number value = typed(name, Number.class, "an integer");
		if (value == null) {
			return null;
		}
		if (value instanceof Double || value instanceof Float) {
			throw new MatrixError(400, Codes.BAD_JSON, "'" + name + "' must be an integer");
		}
		return value.longValue();
	}

	/**
	 * Reads an optional object field.
	 * @param name the field
	 * @return the value, or {@code null} when absent
	 */
	@SuppressWarnings("unchecked")
	public @Nullable Map<String, Object> object(String name) {
		return typed(name, Map.class, "an object");
	}

	/**
	 * Reads a required object field.
	 * @param name the field
	 * @return the value
	 */
	public Map<String, Object> requireObject(String name) {
		return require(name, object(name));
	}

	/**
	 * Reads an optional array field.
	 * @param name the field
	 * @return the value, or {@code null} when absent
	 */
	@SuppressWarnings("unchecked")
	public @Nullable List<Object> list(String name) {
		return typed(name, List.class, "an array");
	}

	private <T> T require(String name, @Nullable T value) {
		if (value == null) {
			throw new MatrixError(400, Codes.MISSING_PARAM, "Missing parameter: " + name);
		}
		return value;
	}

	private <T> @Nullable T typed(String name, Class<T> type, String description) {
		Object value = this.fields.get(name);
		if (value == null) {
			return null;
		}
		if (!type.isInstance(value)) {
			throw new MatrixError(400, Codes.BAD_JSON, "'" + name + "' must be " + description);
		}
		return type.cast(value);
	}

}
