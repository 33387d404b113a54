package org.modulehost.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
import org.openjdk.jmh.annotations.Warmup;

import org.modulehost.autoconfigure.ModuleHostAutoConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * Start-up cost per module: a context with the module host and 0 (the baseline) or 100 trivial
 * modules, started and closed. Per-module cost = (time with 100 - time with 0) / 100.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StartupBenchmark {

	@Param({ "0", "100" })
	int modules;

	private Map<String, Object> properties;

	@Setup
	public void configure() {
		this.properties = new LinkedHashMap<>();
		this.properties.put("spring.main.log-startup-info", "false");
		for (int i = 0; i < this.modules; i++) {
			this.properties.put("modules[" + i + "].module", TrivialModule.class.getName());
			this.properties.put("modules[" + i + "].config.index", i);
		}
		try (ConfigurableApplicationContext context = start()) {
			BenchmarkContexts.assertModulesLoaded(context, this.modules);
		}
	}

	@Benchmark
	public Object startAndClose() {
		try (ConfigurableApplicationContext context = start()) {
			return context.getBeanDefinitionCount();
		}
	}

	private ConfigurableApplicationContext start() {
		return BenchmarkContexts.run(HostOnly.class, WebApplicationType.NONE, this.properties);
	}

	/** Only the module host. */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(ModuleHostAutoConfiguration.class)
	static class HostOnly {

	}

}
