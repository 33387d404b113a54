package org.modulehost.homeserver.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deep, unmodifiable copies of JSON-like values, so that the value types stay immutable.
 */
final class JsonMaps {

	private JsonMaps() {
	}

	static Map<String, Object> freeze(Map<String, ?> map) {
		if (map.isEmpty()) {
			return Map.of();
		}
		Map<String, Object> copy = new LinkedHashMap<>(Math.max(4, (int) (map.size() / 0.75f) + 1));
		map.forEach((key, value) -> copy.put(key, freezeValue(value)));
		return Collections.unmodifiableMap(copy);
	}

	@SuppressWarnings("unchecked")
	private static Object freezeValue(Object value) {
		if (value instanceof Map<?, ?> map) {
			return freeze((Map<String, ?>) map);
		}
		if (value instanceof List<?> list) {
			List<Object> copy = new ArrayList<>(list.size());
			list.forEach((item) -> copy.add(freezeValue(item)));
			return Collections.unmodifiableList(copy);
		}
		return value;
	}

}
