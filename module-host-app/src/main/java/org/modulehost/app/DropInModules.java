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
 * Checks and reports the directories the fat jar loads module jars from.
 *
 * <p>The executable jar uses Spring Boot's {@code PropertiesLauncher}; its manifest sets
 * {@code Loader-Path: modules}, so every jar in {@code ./modules/} is on the class path and its
 * classes can be named under {@code modules:}. {@code -Dloader.path=dir1,dir2} (or
 * {@code LOADER_PATH}) replaces that default. This post-processor logs each jar added, and stops
 * start-up with a clear message when a configured directory does not exist (the launcher itself
 * would ignore it silently). The default {@code ./modules} may be absent.
 */
class DropInModules implements EnvironmentPostProcessor {

	static final String DEFAULT_PATH = "modules";

	private static final String LAUNCHED_CLASS_LOADER = "org.springframework.boot.loader.launch.LaunchedClassLoader";

	private final Log logger;

	DropInModules(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(DropInModules.class);
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String configured = configuredPath();
		boolean explicit = configured != null;
		String path = explicit ? configured : DEFAULT_PATH;
		boolean launched = launchedFromJar();
		for (String entry : path.split(",")) {
			String trimmed = entry.trim();
			if (trimmed.isEmpty() || trimmed.contains("!") || trimmed.startsWith("jar:")) {
				continue;
			}
			File location = resolve(trimmed);
			if (!location.exists()) {
				if (explicit) {
					throw new MissingModuleDirectoryException(trimmed, location);
				}
				this.logger.debug("No drop-in module directory at " + location + "; only built-in modules are available");
				continue;
			}
			for (Path jar : jars(location.toPath())) {
				if (launched || onClassPath(jar, System.getProperty("java.class.path", ""))) {
					this.logger.info("Added module jar " + jar);
				}
				else {
					this.logger.warn("Module jar " + jar + " is not on the class path: drop-in directories are read only"
							+ " when the server is started with java -jar or ./run");
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
			super("The module directory '" + entry + "' (" + location.getAbsolutePath()
					+ ") named by loader.path does not exist or cannot be read");
			this.entry = entry;
		}

		String entry() {
			return this.entry;
		}

	}

}
