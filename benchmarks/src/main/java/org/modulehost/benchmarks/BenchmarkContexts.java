package org.modulehost.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.modulehost.host.LoadedModule;
import org.modulehost.host.ModuleHost;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the small contexts the benchmarks measure, configured only by what the benchmark states.
 *
 * <p>The benchmark jar also carries the reference homeserver (for {@link SendThroughputBenchmark}),
 * and with it the homeserver's {@code application.yml}: {@code modules: []}, {@code server.port: 8008},
 * an H2 file under {@code ./data}. A context that read it would take its empty module list over the
 * benchmark's own (a list comes whole from the source of highest precedence, and a file outranks
 * default properties), and would bind port 8008 and open that database. So these contexts read no
 * {@code application.*} file at all: {@code spring.config.name} names a file that does not exist, and
 * every setting is the benchmark's. The homeserver benchmark starts the real application with its
 * real configuration instead, and passes its settings as command-line arguments.
 */
final class BenchmarkContexts {

	/** A configuration file name no jar carries, so no {@code application.yml} is read. */
	static final String NO_CONFIG_FILE = "modulehost-benchmark-no-config-file";

	private BenchmarkContexts() {
	}

	/**
	 * Starts a context from the given sources with the given settings, and nothing else.
	 * @param source the configuration class
	 * @param type the kind of context
	 * @param properties the settings, e.g. {@code modules[0].module}
	 * @return the started context
	 */
	static ConfigurableApplicationContext run(Class<?> source, WebApplicationType type, Map<String, ?> properties) {
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put("spring.config.name", NO_CONFIG_FILE);
		settings.put("logging.level.root", "warn");
		settings.putAll(properties);
		return new SpringApplicationBuilder(source).web(type)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties(settings)
			.run();
	}

	/**
	 * Fails unless the context's host loaded exactly the given number of modules, all active.
	 * @param context the context
	 * @param expected how many modules the benchmark configured
	 */
	static void assertModulesLoaded(ConfigurableApplicationContext context, int expected) {
		List<LoadedModule> modules = context.getBean(ModuleHost.class).modules();
		long active = modules.stream().filter((module) -> module.state() == LoadedModule.State.ACTIVE).count();
		if (modules.size() != expected || active != expected) {
			throw new IllegalStateException("Expected " + expected + " active modules, the host has " + modules.size()
					+ " (" + active + " active): the benchmark's modules: settings did not reach the host");
		}
	}

	/**
	 * Fails with the message unless the condition holds; for the set-up checks of the benchmarks.
	 * @param condition what the benchmark relies on
	 * @param message what is wrong otherwise
	 */
	static void check(boolean condition, String message) {
		if (!condition) {
			throw new IllegalStateException(message);
		}
	}

	/**
	 * Writes a module bundle directory for the benchmarks that compare a module in its own class
	 * loader with the same module on the class path: one jar holding the class files of the given
	 * classes (read from this jar), so the bundle's loader defines its own copies of them and finds
	 * everything else (the category, the API) in the application. The directory is deleted when
	 * the JVM exits.
	 * @param classes the module's classes; none for an empty directory
	 * @return the directory, for {@code modulehost.bundles.directory}
	 */
	static String bundleDirectory(Class<?>... classes) {
		try {
			Path directory = Files.createTempDirectory("benchmark-bundles");
			directory.toFile().deleteOnExit();
			if (classes.length > 0) {
				Path jar = directory.resolve("benchmark-module.jar");
				try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
					for (Class<?> type : classes) {
						String entry = type.getName().replace('.', '/') + ".class";
						try (InputStream in = type.getClassLoader().getResourceAsStream(entry)) {
							check(in != null, "No class file for " + type.getName());
							out.putNextEntry(new JarEntry(entry));
							in.transferTo(out);
							out.closeEntry();
						}
					}
				}
				jar.toFile().deleteOnExit();
			}
			return directory.toString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Checks that a module's class was loaded where the benchmark says.
	 * @param module the module instance
	 * @param loader {@code classpath} or {@code bundle}
	 */
	static void checkLoader(Object module, String loader) {
		ClassLoader actual = module.getClass().getClassLoader();
		boolean bundled = actual != null && actual.getName() != null && actual.getName().startsWith("bundle:");
		check(bundled == "bundle".equals(loader),
				"Expected the module in the " + loader + " loader, found " + actual + " for " + module.getClass());
	}

}
