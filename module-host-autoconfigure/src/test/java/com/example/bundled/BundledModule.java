package com.example.bundled;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.modulehost.api.Cached;
import org.modulehost.api.ModuleApi;
import org.modulehost.callback.categories.Checks;

/**
 * A module the bundle tests put into a bundle of its own (its package is outside the host's, so
 * the bundle's class loader defines its own copy): a {@code @Cached} lookup, a callback and,
 * when configured with a {@code path}, a web resource. {@link #get()} answers through the cache.
 */
public class BundledModule implements Supplier<String> {

	private final AtomicInteger lookups = new AtomicInteger();

	public BundledModule(Map<String, Object> config, ModuleApi api) {
		Object denied = config.get("deny");
		api.registerCachedFunction(this::lookup);
		api.registerCallbacks(Checks.class, new Checks() {

			@Override
			public String checkUser(String user) {
				return user.equals(denied) ? "deny by " + api.moduleName() : "allow";
			}

		});
		Object path = config.get("path");
		if (path != null) {
			api.registerWebResource((String) path, (request, response) -> {
				response.setContentType("text/plain;charset=UTF-8");
				response.getWriter().write(lookup("web") + " from " + getClass().getClassLoader().getName());
			});
		}
	}

	@Cached
	public String lookup(String key) {
		return key + ":" + this.lookups.incrementAndGet();
	}

	@Override
	public String get() {
		return lookup("a");
	}

}
