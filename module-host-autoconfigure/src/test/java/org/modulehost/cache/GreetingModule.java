package org.modulehost.cache;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.modulehost.api.Cached;
import org.modulehost.api.ModuleApi;

/**
 * A module with a cached lookup that it also calls itself, as the seed's example does.
 */
public class GreetingModule {

	final AtomicInteger calls = new AtomicInteger();

	private final ModuleApi api;

	public GreetingModule(Map<String, Object> config, ModuleApi api) {
		this.api = api;
		api.registerCachedFunction(this::greeting);
	}

	@Cached
	public String greeting(String name) {
		this.calls.incrementAndGet();
		return "Hello, " + name + " (" + this.calls.get() + ")";
	}

	public String welcome(String name) {
		return greeting(name) + "!";
	}

	public CompletableFuture<Void> forget(String name) {
		return this.api.invalidateCache(this::greeting, name);
	}

}
