package org.modulehost.samples.hello;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import org.modulehost.api.Cached;
import org.modulehost.api.ConfigError;
import org.modulehost.api.ModuleApi;

/**
 * The walk-through module: greets people over HTTP.
 *
 * <ul>
 * <li>{@code GET /_synapse/client/hello/{name}} answers a greeting as JSON. The greeting comes
 * from {@link #greeting(String)}, a {@link Cached cached} lookup standing in for a slow one (a
 * directory, another service): each computation gets the next number, so equal numbers in two
 * answers show that the second came from the cache.</li>
 * <li>{@code POST /_synapse/client/hello/{name}/refresh} drops the cached greeting for
 * {@code name} ({@link ModuleApi#invalidateCache}); the next {@code GET} computes it again.</li>
 * <li>Every {@code refresh_every} a background call drops all cached greetings.</li>
 * </ul>
 *
 * <pre>{@code
 * modules:
 *   - module: org.modulehost.samples.hello.HelloModule
 *     config:
 *       greeting: Hello        # default Hello
 *       refresh_every: 10m     # default 10m
 * }</pre>
 */
public class HelloModule {

	/** Where the module's web resource is mounted. */
	public static final String PATH = "/_synapse/client/hello";

	private final HelloConfig config;

	private final ModuleApi api;

	private final AtomicLong computations = new AtomicLong();

	/**
	 * Reads the module's configuration; called by the host before the constructor.
	 * @param config the raw {@code config:} mapping
	 * @return the configuration
	 * @throws ConfigError naming the key that is wrong, e.g. a {@code refresh_every} that is not
	 * a duration
	 */
	public static HelloConfig parseConfig(Map<String, Object> config) {
		return HelloConfig.parse(config);
	}

	/**
	 * Mounts the web resource, registers the cached lookup and schedules the refresh.
	 * @param config the configuration {@link #parseConfig(Map)} returned
	 * @param api the module's API
	 */
	public HelloModule(HelloConfig config, ModuleApi api) {
		this.config = config;
		this.api = api;
		api.registerCachedFunction(this::greeting);
		api.registerWebResource(PATH, new HelloResource(this));
		api.loopingBackgroundCall(this::refreshAll, config.refreshEvery());
	}

	/**
	 * Looks up the greeting for a name; cached per name until it is refreshed.
	 * @param name who is greeted
	 * @return a future of the greeting
	 */
	@Cached
	public CompletableFuture<Greeting> greeting(String name) {
		return this.api.deferToThread(() -> new Greeting(name, this.config.greeting() + ", " + name + "!",
				this.computations.incrementAndGet(), Instant.now()));
	}

	/**
	 * Drops the cached greeting for a name.
	 * @param name who is greeted
	 * @return a future completed once the greeting was dropped
	 */
	public CompletableFuture<Void> refresh(String name) {
		return this.api.invalidateCache(this::greeting, name);
	}

	/**
	 * Drops every cached greeting.
	 */
	void refreshAll() {
		this.api.invalidateAll(this::greeting);
	}

}
