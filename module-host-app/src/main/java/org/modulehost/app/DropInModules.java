package org.modulehost.app;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Checks and reports the directories the fat jar adds to the application's class path.
 *
 * <p>Modules come from bundles in {@code ./modules}, each in its own class loader
 * ({@code modulehost.bundles.directory}, see docs/modules.md). The executable jar also uses
 * Spring Boot's {@code PropertiesLauncher}, so {@code -Dloader.path=dir1,dir2} (or
 * {@code LOADER_PATH}) still puts jars on the application's own class path, shared by the host
 * and every module. This post-processor logs each jar added, stops start-up with a clear message
 * when a configured directory does not exist (the launcher itself would ignore it silently), and
 * warns when it names the bundle directory (its modules would be on the class path twice).
 */
class DropInModules implements EnvironmentPostProcessor {

	static final String BUNDLE_DIRECTORY_PROPERTY = "modulehost.bundles.directory";

	private static final String LAUNCHED_CLASS_LOADER = "org.springframework.boot.loader.launch.LaunchedClassLoader";

	private final Log logger;

	DropInModules(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(DropInModules.class);
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String path = configuredPath();
		if (path == null) {
			return;
		}
		File bundles = resolve(environment.getProperty(BUNDLE_DIRECTORY_PROPERTY, "modules"));
		boolean launched = launchedFromJar();
		for (String entry : path.split(",")) {
			String trimmed = entry.trim();
			if (trimmed.isEmpty() || trimmed.contains("!") || trimmed.startsWith("jar:")) {
				continue;
			}
			File location = resolve(trimmed);
			if (!location.exists()) {
				throw new MissingModuleDirectoryException(trimmed, location);
			}
			if (location.toPath().toAbsolutePath().normalize().equals(bundles.toPath().toAbsolutePath().normalize())) {
				this.logger.warn("loader.path names " + location + ", the module bundle directory: its module jars are"
						+ " then on the application's class path as well as in their own class loaders; take it out of"
						+ " loader.path (LOADER_PATH)");
			}
			for (Path jar : jars(location.toPath())) {
				if (launched || onClassPath(jar, System.getProperty("java.class.path", ""))) {
					this.logger.info("Added jar " + jar + " to the application class path (loader.path)");
				}
				else {
					this.logger.warn("Jar " + jar + " is not on the class path: loader.path is read only when the"
							+ " server is started with java -jar or ./run");
				}
			}
		}
	}

	@Nullable
	private static String configuredPath() {
		String property = System.getProperty("loader.path");
		if (property != null && !property.isBlank()) {
			return property;
		}
		String variable = System.getenv("LOADER_PATH");
		return (variable != null && !variable.isBlank()) ? variable : null;
	}

	private static File resolve(String entry) {
		File file = new File(entry);
		if (file.isAbsolute()) {
			return file;
		}
		String home = System.getProperty("loader.home", System.getProperty("user.dir"));
		return new File(home, entry);
	}

	/** Whether the jar is on the given class path, as {@code ./run} puts the module jars on the JVM's. */
	static boolean onClassPath(Path jar, String classPath) {
		for (String entry : classPath.split(File.pathSeparator)) {
			if (!entry.isEmpty() && Path.of(entry).toAbsolutePath().normalize().equals(jar.toAbsolutePath().normalize())) {
				return true;
			}
		}
		return false;
	}

	private static boolean launchedFromJar() {
		ClassLoader loader = DropInModules.class.getClassLoader();
		return loader != null && LAUNCHED_CLASS_LOADER.equals(loader.getClass().getName());
	}

	private static List<Path> jars(Path location) {
		List<Path> jars = new ArrayList<>();
		if (Files.isRegularFile(location)) {
			jars.add(location);
			return jars;
		}
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(location, "*.jar")) {
			entries.forEach(jars::add);
		}
		catch (IOException ex) {
			throw new MissingModuleDirectoryException(location.toString(), location.toFile());
		}
		jars.sort(null);
		return jars;
	}

	/**
	 * A directory named by {@code loader.path} does not exist.
	 */
	static class MissingModuleDirectoryException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final String entry;

		MissingModuleDirectoryException(String entry, File location) {
			super("The directory '" + entry + "' (" + location.getAbsolutePath()
					+ ") named by loader.path does not exist or cannot be read");
			this.entry = entry;
		}

		String entry() {
			return this.entry;
		}

	}

}
