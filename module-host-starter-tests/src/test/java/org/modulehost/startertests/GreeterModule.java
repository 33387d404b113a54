package org.modulehost.startertests;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.modulehost.api.Cached;
import org.modulehost.api.ModuleApi;

/**
 * A module that registers only a callback and a cached function, compiled here against the
 * starter alone: no Spring MVC, no servlet API on the class path.
 */
public class GreeterModule implements Greetings {

	final AtomicInteger lookups = new AtomicInteger();

	private final String greeting;

	public GreeterModule(Map<String, Object> config, ModuleApi api) {
		this.greeting = String.valueOf(config.getOrDefault("greeting", "Hello"));
		api.registerCallbacks(Greetings.class, this);
		api.registerCachedFunction(this::displayName);
	}

	@Override
	public String greet(String name) {
		return this.greeting + ", " + displayName(name);
	}

	@Cached
	public String displayName(String userId) {
		this.lookups.incrementAndGet();
		return userId.substring(1, userId.indexOf(':'));
	}

}
