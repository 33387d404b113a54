package org.modulehost.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.modulehost.api.ModuleApi;
import org.modulehost.api.callback.CallbackCategory;
import org.modulehost.api.callback.CallbackRegistry;
import org.modulehost.autoconfigure.ModuleHostAutoConfiguration;
import org.modulehost.callback.CallbackAutoConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * One synchronous {@code FIRST_DECISIVE} callback dispatched over 0, 1, 3 and 10 modules that all
 * answer neutral (so every module is called), against the baseline: a hand-written loop over the
 * same module objects doing the same comparison. Modules are loaded from {@code modules:} in a
 * real context; each is a class of its own, as distinct modules are. With {@code metrics=true} a
 * {@code SimpleMeterRegistry} exists and every call is timed. With {@code loader=bundle} the
 * module classes are in a module bundle with a class loader of its own, with
 * {@code loader=classpath} on the application class path.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CallbackDispatchBenchmark {

	@Param({ "0", "1", "3", "10" })
	int modules;

	@Param({ "false", "true" })
	boolean metrics;

	/** Where the module classes are: on the application class path, or in a bundle of their own. */
	@Param({ "classpath", "bundle" })
	String loader;

	private ConfigurableApplicationContext context;

	private SpamCheck dispatcher;

	private SpamCheck[] implementations;

	private volatile SpamCheck[] published;

	private String user = "@alice:example.org";

	private String room = "!room:example.org";

	@Setup
	public void start() {
		Map<String, Object> properties = new LinkedHashMap<>();
		for (int i = 0; i < this.modules; i++) {
			properties.put("modules[" + i + "].module", CallbackDispatchBenchmark.class.getName() + "$Module" + i);
		}
		properties.put("modulehost.bundles.directory", "bundle".equals(this.loader)
				? BenchmarkContexts.bundleDirectory(MODULE_CLASSES) : BenchmarkContexts.bundleDirectory());
		this.context = BenchmarkContexts.run(this.metrics ? TimedCallbacks.class : Callbacks.class,
				WebApplicationType.NONE, properties);
		BenchmarkContexts.assertModulesLoaded(this.context, this.modules);
		CallbackRegistry registry = this.context.getBean(CallbackRegistry.class);
		this.dispatcher = registry.dispatcher(SpamCheck.class);
		this.implementations = registry.registrations(SpamCheck.class)
			.stream()
			.map((registration) -> (SpamCheck) registration.target())
			.toArray(SpamCheck[]::new);
		this.published = this.implementations;
		for (SpamCheck implementation : this.implementations) {
			BenchmarkContexts.checkLoader(implementation, this.loader);
		}
		BenchmarkContexts.check(this.implementations.length == this.modules,
				"Expected " + this.modules + " registrations, found " + this.implementations.length);
		BenchmarkContexts.check(SpamCheck.NOT_SPAM.equals(dispatcher()) && SpamCheck.NOT_SPAM.equals(handWrittenLoop()),
				"The dispatcher or the loop does not answer the neutral answer");
		if (this.metrics) {
			MeterRegistry meters = this.context.getBean(MeterRegistry.class);
			BenchmarkContexts.check(meters.find("modulehost.callback").timers().size() == this.modules,
					"Expected one modulehost.callback timer per module after one dispatch");
		}
	}

	@TearDown
	public void stop() {
		this.context.close();
	}

	@Benchmark
	public String dispatcher() {
		return this.dispatcher.userMayJoinRoom(this.user, this.room);
	}

	@Benchmark
	public String handWrittenLoop() {
		String neutral = SpamCheck.NOT_SPAM;
		for (SpamCheck check : this.implementations) {
			String verdict = check.userMayJoinRoom(this.user, this.room);
			if (verdict != neutral && (verdict == null || !verdict.equals(neutral))) {
				return verdict;
			}
		}
		return neutral;
	}

	@Benchmark
	public String handWrittenLoopOverPublishedArray() {
		String neutral = SpamCheck.NOT_SPAM;
		for (SpamCheck check : this.published) {
			String verdict = check.userMayJoinRoom(this.user, this.room);
			if (verdict != neutral && (verdict == null || !verdict.equals(neutral))) {
				return verdict;
			}
		}
		return neutral;
	}

	/** The category: a spam check whose neutral answer is {@code NOT_SPAM}. */
	@CallbackCategory("benchmark_spam_checker")
	public interface SpamCheck {

		/** The neutral answer. */
		String NOT_SPAM = "NOT_SPAM";

		default String userMayJoinRoom(String user, String room) {
			return NOT_SPAM;
		}

	}

	/** A module whose spam check looks at its arguments and answers neutral. */
	public abstract static class NeutralModule implements SpamCheck {

		private final String blocked;

		protected NeutralModule(Map<String, Object> config, ModuleApi api) {
			this.blocked = "@spammer:" + api.moduleName();
			api.registerCallbacks(SpamCheck.class, this);
		}

		@Override
		public String userMayJoinRoom(String user, String room) {
			return user.equals(this.blocked) ? "M_FORBIDDEN" : NOT_SPAM;
		}

	}

	/**
	 * The classes a bundle holds: the modules, their base class and the class they are nested in
	 * (a nested class and its enclosing class must come from one loader), not the category.
	 */
	static final Class<?>[] MODULE_CLASSES = { CallbackDispatchBenchmark.class, NeutralModule.class, Module0.class, Module1.class, Module2.class,
			Module3.class, Module4.class, Module5.class, Module6.class, Module7.class, Module8.class, Module9.class };

	// ten distinct module classes

	public static class Module0 extends NeutralModule {

		public Module0(Map<String, Object> config, ModuleApi api) {
			super(config, api);
		}

	}

	public static class Module1 extends NeutralModule {

		public Module1(Map<String, Object> config, ModuleApi api) {
			super(config, api);
		}

	}

	public static class Module2 extends NeutralModule {

		public Module2(Map<String, Object> config, ModuleApi api) {
			super(config, api);
		}

	}

	public static class Module3 extends NeutralModule {

		public Module3(Map<String, Object> config, ModuleApi api) {
			super(config, api);
		}

	}

	public static class Module4 extends NeutralModule {

		public Module4(Map<String, Object> config, ModuleApi api) {
			super(config, api);
		}

	}

	public static class Module5 extends NeutralModule {

		public Module5(Map<String, Object> config, ModuleApi api) {
			super(config, api);
		}

	}

	public static class Module6 extends NeutralModule {

		public Module6(Map<String, Object> config, ModuleApi api) {
			super(config, api);
		}

	}

	public static class Module7 extends NeutralModule {

		public Module7(Map<String, Object> config, ModuleApi api) {
			super(config, api);
		}

	}

	public static class Module8 extends NeutralModule {

		public Module8(Map<String, Object> config, ModuleApi api) {
			super(config, api);
		}

	}

	public static class Module9 extends NeutralModule {

		public Module9(Map<String, Object> config, ModuleApi api) {
			super(config, api);
		}

	}

	/** The module host and the callback feature, no metrics. */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ CallbackAutoConfiguration.class, ModuleHostAutoConfiguration.class })
	static class Callbacks {

	}

	/** The same with a meter registry: every module call is timed. */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ CallbackAutoConfiguration.class, ModuleHostAutoConfiguration.class })
	static class TimedCallbacks {

		@org.springframework.context.annotation.Bean
		SimpleMeterRegistry simpleMeterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
