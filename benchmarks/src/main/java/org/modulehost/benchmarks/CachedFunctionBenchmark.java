package org.modulehost.benchmarks;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.modulehost.api.Cached;
import org.modulehost.api.ModuleApi;
import org.modulehost.autoconfigure.ModuleHostAutoConfiguration;
import org.modulehost.cache.ModuleCacheAutoConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A cache hit through a module's {@code @Cached} method, called on the instance the host built
 * (the generated subclass, exactly as the module's own {@code this.lookup(key)} is), against a
 * raw Caffeine {@code getIfPresent} of the same key in a cache configured like the module cache
 * (500 entries, 30 minutes idle expiry, statistics). Goal: the cached method costs at most 3
 * times the raw lookup. With {@code loader=bundle} the module class is in a module bundle with a
 * class loader of its own, with {@code loader=classpath} on the application class path.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar CachedFunctionBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CachedFunctionBenchmark {

	private static final String KEY = "@alice:example.org";

	/** Where the module class is: on the application class path, or in a bundle of its own. */
	@Param({ "classpath", "bundle" })
	String loader;

	private ConfigurableApplicationContext context;

	private Lookups module;

	private Cache<String, String> raw;

	@Setup(Level.Trial)
	public void start() {
		this.context = BenchmarkContexts.run(BenchmarkApplication.class, WebApplicationType.NONE,
				Map.of("modules[0].module", LookupModule.class.getName(), "modules[0].name", "lookup",
						"modulehost.bundles.directory",
						"bundle".equals(this.loader) ? BenchmarkContexts.bundleDirectory(CachedFunctionBenchmark.class,
								LookupModule.class)
								: BenchmarkContexts.bundleDirectory()));
		BenchmarkContexts.assertModulesLoaded(this.context, 1);
		this.module = (Lookups) this.context.getBean("module:lookup");
		BenchmarkContexts.checkLoader(this.module, this.loader);
		BenchmarkContexts.check(this.module.getClass().getSuperclass().getName().equals(LookupModule.class.getName()),
				"The module is not built as its caching subclass");
		this.module.lookup(KEY);
		this.module.lookupAsync(KEY).join();
		this.raw = Caffeine.newBuilder()
			.maximumSize(500)
			.expireAfterAccess(Duration.ofMinutes(30))
			.recordStats()
			.build();
		this.raw.put(KEY, "value of " + KEY);
		BenchmarkContexts.check(this.module.calls() == 2, "The first calls did not reach the method");
		// What the benchmark measures: hits, answered without calling the method.
		boolean answered = ("value of " + KEY).equals(this.module.lookup(KEY))
				&& ("value of " + KEY).equals(this.module.lookupAsync(KEY).join());
		BenchmarkContexts.check(answered && this.module.calls() == 2,
				"A repeated call missed the cache: " + this.module.calls() + " calls");
		BenchmarkContexts.check(("value of " + KEY).equals(this.raw.getIfPresent(KEY)), "The raw cache has no entry");
	}

	@TearDown(Level.Trial)
	public void stop() {
		if (this.module.calls() != 2) {
			throw new IllegalStateException("A benchmark call missed the cache: " + this.module.calls() + " calls");
		}
		this.context.close();
	}

	/** The baseline: a raw Caffeine hit. */
	@Benchmark
	public String rawCaffeineGetIfPresent() {
		return this.raw.getIfPresent(KEY);
	}

	/** A hit through a {@code @Cached} method returning a value. */
	@Benchmark
	public String cachedMethodHit() {
		return this.module.lookup(KEY);
	}

	/** A hit through a {@code @Cached} method returning a {@code CompletableFuture}, joined. */
	@Benchmark
	public String cachedFutureMethodHit() {
		return this.module.lookupAsync(KEY).join();
	}

	/**
	 * What the benchmark calls: the module's lookups (an interface on the class path, so the
	 * same calls reach the module in either loader).
	 */
	public interface Lookups {

		String lookup(String key);

		CompletableFuture<String> lookupAsync(String key);

		int calls();

	}

	/**
	 * A module with cached lookups.
	 */
	public static class LookupModule implements Lookups {

		volatile int calls;

		@Override
		public int calls() {
			return this.calls;
		}

		public LookupModule(Map<String, Object> config, ModuleApi api) {
			api.registerCachedFunction(this::lookup);
			api.registerCachedFunction(this::lookupAsync);
		}

		@Override
		@Cached
		public String lookup(String key) {
			this.calls++;
			return "value of " + key;
		}

		@Override
		@Cached
		public CompletableFuture<String> lookupAsync(String key) {
			this.calls++;
			return CompletableFuture.completedFuture("value of " + key);
		}

	}

	/**
	 * Just the module host and its caches.
	 */
	@SpringBootConfiguration
	@ImportAutoConfiguration({ ModuleCacheAutoConfiguration.class, ModuleHostAutoConfiguration.class })
	static class BenchmarkApplication {

	}

}
