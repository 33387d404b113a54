package org.modulehost.cache.actuate;

import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.modulehost.cache.CachedFunction;

/**
 * Reads the {@code keys} of an invalidation request as the cached method's parameter types, so
 * that they equal the keys the cache holds: JSON {@code 5} becomes a {@code Long} for a
 * {@code long} parameter and an {@code Integer} for an {@code int}, a JSON string an enum
 * constant for an enum parameter, and so on.
 */
final class EndpointKeys {

	private final JsonMapper mapper = JsonMapper.builder()
		.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
		.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.build();

	List<@Nullable Object> convert(CachedFunction cache, @Nullable Object keys) {
		if (!(keys instanceof List<?> values)) {
			throw new IllegalArgumentException("'keys' must be a JSON array of key arguments, such as"
					+ " {\"keys\": [\"@alice:example.org\"]}, not " + describe(keys));
		}
		if (values.isEmpty()) {
			throw new IllegalArgumentException("'keys' is empty: give the key arguments (or, for a tree cache, a"
					+ " prefix of them); to drop every entry, DELETE the cache instead");
		}
		if (values.size() > cache.numArgs()) {
			throw new IllegalArgumentException("Cache '" + cache.name() + "' has " + cache.numArgs()
					+ " key argument(s), but " + values.size() + " were given");
		}
		Parameter[] parameters = cache.method().getParameters();
		List<@Nullable Object> converted = new ArrayList<>(values.size());
		for (int i = 0; i < values.size(); i++) {
			converted.add(convert(parameters[i], i, values.get(i)));
		}
		return converted;
	}

	private @Nullable Object convert(Parameter parameter, int index, @Nullable Object value) {
		String where = "key " + index + " (" + parameter.getParameterizedType().getTypeName() + " "
				+ parameter.getName() + ")";
		if (value == null) {
			if (parameter.getType().isPrimitive()) {
				throw new IllegalArgumentException(where + " cannot be null");
			}
			return null;
		}
		try {
			return this.mapper.convertValue(value, this.mapper.constructType(parameter.getParameterizedType()));
		}
		catch (JacksonException | IllegalArgumentException ex) {
			String reason = (ex instanceof JacksonException jackson) ? jackson.getOriginalMessage() : ex.getMessage();
			throw new IllegalArgumentException(where + " cannot be read from " + describe(value) + ": " + reason, ex);
		}
	}

	private String describe(@Nullable Object value) {
		if (value == null) {
			return "null";
		}
		try {
			return this.mapper.writeValueAsString(value);
		}
		catch (JacksonException ex) {
			return String.valueOf(value);
		}
	}

}
