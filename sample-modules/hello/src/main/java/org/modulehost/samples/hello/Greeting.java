package org.modulehost.samples.hello;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A greeting as the hello module computed it.
 *
 * @param name who is greeted
 * @param text the greeting, e.g. {@code Hello, alice!}
 * @param computation which computation of the module produced it (1 for the first, and so on):
 * equal numbers mean the greeting came from the cache
 * @param computedAt when it was computed
 */
public record Greeting(String name, String text, long computation, Instant computedAt) {

	/**
	 * Returns the greeting as the web resource answers it.
	 * @return {@code name}, {@code greeting}, {@code computation} and {@code computed_at}
	 */
	public Map<String, Object> toJson() {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("name", this.name);
		json.put("greeting", this.text);
		json.put("computation", this.computation);
		json.put("computed_at", this.computedAt.toString());
		return json;
	}

}
