package org.modulehost.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The module bundles of one directory, each in its own {@link BundleClassLoader}.
 *
 * <p>A bundle is a jar ({@code modules/foo.jar}), a directory ({@code modules/foo/}) or a zip
 * ({@code modules/foo.zip}); a directory or zip holds the module jar(s) at its top level and the
 * module's dependencies in {@code lib/}. A module class is looked up in the bundles' top-level
 * jars only. A zip is extracted into a temporary directory that is deleted on {@link #close()}.
 */
final class ModuleBundles implements AutoCloseable {

	/** The setting that names the directory, for messages. */
	static final String PROPERTY = "modulehost.bundles.directory";

	private static final Log logger = LogFactory.getLog(ModuleBundles.class);

	private final Path directory;

	private final List<Bundle> bundles;

	private final Set<Bundle> used = new HashSet<>();

	private ModuleBundles(Path directory, List<Bundle> bundles) {
		this.directory = directory;
		this.bundles = bundles;
	}

	/**
	 * Opens every bundle in a directory.
	 * @param directory the directory
	 * @param required whether a missing directory is an error (it was configured) rather than
	 * no bundles (the default directory)
	 * @param parent the host's class loader
	 * @return the bundles, none when the directory is absent and not required
	 * @throws ModuleLoadException when the directory is missing but required, or a bundle cannot
	 * be read
	 */
	static ModuleBundles open(Path directory, boolean required, ClassLoader parent) {
		Path absolute = directory.toAbsolutePath().normalize();
		if (!Files.isDirectory(absolute)) {
			if (required) {
				throw new ModuleLoadException(PROPERTY, null,
						"the module bundle directory " + absolute + " does not exist or is not a directory",
						"Create the directory and put the module bundles in it, or correct " + PROPERTY + ".", null);
			}
			logger.debug("No module bundle directory at " + absolute + "; only modules on the class path are available");
			return new ModuleBundles(absolute, List.of());
		}
		List<Bundle> bundles = new ArrayList<>();
		try {
			for (Path entry : entries(absolute)) {
				Bundle bundle = Bundle.open(entry, parent);
				if (bundle != null) {
					bundles.add(bundle);
				}
			}
		}
		catch (RuntimeException ex) {
			bundles.forEach(Bundle::close);
			throw ex;
		}
		return new ModuleBundles(absolute, List.copyOf(bundles));
	}

	private static List<Path> entries(Path directory) {
		List<Path> entries = new ArrayList<>();
		try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
			stream.forEach(entries::add);
		}
		catch (IOException ex) {
			throw new ModuleLoadException(PROPERTY, null, "the module bundle directory " + directory
					+ " cannot be read: " + ex, "Make the directory readable by the server.", ex);
		}
		entries.sort(null);
		return entries;
	}

	/**
	 * Returns the bundles.
	 * @return the bundles, sorted by name
	 */
	List<Bundle> bundles() {
		return this.bundles;
	}

	/**
	 * Finds the bundle whose module jars hold a class, and marks it used.
	 * @param definition the module entry, for messages
	 * @param className the class
	 * @return the bundle, or {@code null} when no bundle holds the class
	 * @throws ModuleLoadException when two bundles hold it
	 */
	@Nullable
	Bundle holding(ModuleDefinition definition, String className) {
		List<Bundle> holding = this.bundles.stream().filter((bundle) -> bundle.classes().contains(className)).toList();
		if (holding.size() > 1) {
			throw new ModuleLoadException(definition.path(List.of("module")), className,
					"the class is in two module bundles, " + holding.get(0).describe() + " and "
							+ holding.get(1).describe(),
					"Keep one of the two bundles in " + this.directory + " and remove the other (an older copy?).",
					definition.originOf(List.of("module")), null);
		}
		if (holding.isEmpty()) {
			return null;
		}
		synchronized (this.used) {
			this.used.add(holding.get(0));
		}
		return holding.get(0);
	}

	/**
	 * Marks the bundles holding a class listed by a disabled entry as used, so they are not
	 * reported as holding no listed module.
	 * @param className the class
	 */
	void listed(String className) {
		synchronized (this.used) {
			this.bundles.stream().filter((bundle) -> bundle.classes().contains(className)).forEach(this.used::add);
		}
	}

	/**
	 * Warns about (in one line) and closes the bundles that hold none of the configured module
	 * classes.
	 */
	void closeUnused() {
		List<Bundle> unused = new ArrayList<>();
		for (Bundle bundle : this.bundles) {
			synchronized (this.used) {
				if (!this.used.contains(bundle)) {
					unused.add(bundle);
				}
			}
		}
		if (unused.size() == 1) {
			logger.warn("Module bundle " + unused.get(0).describe() + " holds none of the module classes listed under"
					+ " modules: and is not used; list its module class under modules: or remove it from "
					+ this.directory);
		}
		else if (unused.size() > 1) {
			logger.warn("Module bundles " + String.join(", ", unused.stream().map(Bundle::describe).toList())
					+ " hold none of the module classes listed under modules: and are not used; list their module"
					+ " classes under modules: or remove them from " + this.directory);
		}
		unused.forEach(Bundle::close);
	}

	/**
	 * Closes every bundle's class loader and deletes extracted zips.
	 */
	@Override
	public void close() {
		this.bundles.forEach(Bundle::close);
	}

	/**
	 * One bundle.
	 *
	 * @param name the bundle's file or directory name
	 * @param location the jar, directory or zip
	 * @param loader its class loader
	 * @param classes the classes its module jars hold
	 * @param extracted where a zip was extracted, if it was one
	 */
	record Bundle(String name, Path location, BundleClassLoader loader, Set<String> classes,
			@Nullable Path extracted) {

		@Nullable
		static Bundle open(Path location, ClassLoader parent) {
			String name = location.getFileName().toString();
			Path extracted = null;
			Path root;
			if (Files.isDirectory(location)) {
				root = location;
			}
			else if (name.endsWith(".zip")) {
				extracted = extract(name, location);
				root = extracted;
			}
			else if (name.endsWith(".jar")) {
				root = null;
			}
			else {
				logger.debug("Ignoring " + location + " in the module bundle directory: not a jar, zip or directory");
				return null;
			}
			try {
				List<Path> moduleJars = (root != null) ? jars(name, root) : List.of(location);
				List<Path> libraries = (root != null) ? jars(name, root.resolve("lib")) : List.of();
				if (moduleJars.isEmpty()) {
					throw new ModuleLoadException(PROPERTY, null,
							"the module bundle '" + name + "' (" + location + ") holds no module jar at its top level",
							"Put the module's jar at the top of the bundle and its dependencies in lib/ (see"
									+ " docs/modules.md), or remove it from the bundle directory.",
							null);
				}
				Set<String> classes = new HashSet<>();
				for (Path jar : moduleJars) {
					classes.addAll(classNames(name, location, jar, true));
				}
				for (Path jar : libraries) {
					classNames(name, location, jar, false);
				}
				List<URL> urls = new ArrayList<>();
				for (Path jar : moduleJars) {
					urls.add(url(jar));
				}
				for (Path jar : libraries) {
					urls.add(url(jar));
				}
				BundleClassLoader loader = new BundleClassLoader(name, location, urls.toArray(URL[]::new), parent);
				logger.info("Opened module bundle '" + name + "' (" + moduleJars.size() + " module jar(s), "
						+ libraries.size() + " in lib/)");
				return new Bundle(name, location, loader, Set.copyOf(classes), extracted);
			}
			catch (RuntimeException ex) {
				if (extracted != null) {
					delete(extracted);
				}
				throw ex;
			}
		}

		String describe() {
			return this.loader.describe();
		}

		void close() {
			try {
				this.loader.close();
			}
			catch (IOException ex) {
				logger.warn("Could not close the class loader of module bundle " + describe(), ex);
			}
			if (this.extracted != null) {
				delete(this.extracted);
			}
		}

		private static List<Path> jars(String bundle, Path directory) {
			List<Path> jars = new ArrayList<>();
			if (!Files.isDirectory(directory)) {
				return jars;
			}
			try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*.jar")) {
				stream.forEach(jars::add);
			}
			catch (IOException ex) {
				throw new ModuleLoadException(PROPERTY, null,
						"the module bundle '" + bundle + "' cannot be read: " + ex, "Make it readable by the server.", ex);
			}
			jars.sort(null);
			return jars;
		}

		/**
		 * Reads a jar's class names, warning about API classes it carries.
		 */
		private static Set<String> classNames(String bundle, Path location, Path jar, boolean moduleJar) {
			Set<String> names = new HashSet<>();
			try (JarFile file = new JarFile(jar.toFile())) {
				Enumeration<? extends ZipEntry> entries = file.entries();
				while (entries.hasMoreElements()) {
					String entry = entries.nextElement().getName();
					if (!entry.endsWith(".class") || entry.startsWith("META-INF/") || entry.endsWith("module-info.class")) {
						continue;
					}
					String className = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
					if (BundleClassLoader.isApi(className)) {
						logger.warn("Module bundle '" + bundle + "' (" + location + ") carries the API class "
								+ className + " in " + jar.getFileName() + "; refused: modules always use the host's"
								+ " API classes. Leave the module API out of the bundle (a provided dependency).");
						continue;
					}
					if (moduleJar) {
						names.add(className);
					}
				}
			}
			catch (IOException ex) {
				throw new ModuleLoadException(PROPERTY, null,
						"the module bundle '" + bundle + "' (" + location + ") holds " + jar.getFileName()
								+ ", which is not a readable jar: " + ex.getMessage(),
						"Replace it with a complete jar (rebuild or copy it again), or remove the bundle.", ex);
			}
			return names;
		}

		private static Path extract(String bundle, Path zip) {
			Path target;
			try {
				target = Files.createTempDirectory("modulehost-bundle-");
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot create a directory to extract " + zip + " into", ex);
			}
			try (ZipFile file = new ZipFile(zip.toFile())) {
				Enumeration<? extends ZipEntry> entries = file.entries();
				while (entries.hasMoreElements()) {
					ZipEntry entry = entries.nextElement();
					Path destination = target.resolve(entry.getName()).normalize();
					if (!destination.startsWith(target)) {
						throw new IOException("entry " + entry.getName() + " points outside the zip");
					}
					if (entry.isDirectory()) {
						Files.createDirectories(destination);
						continue;
					}
					Files.createDirectories(destination.getParent());
					try (InputStream in = file.getInputStream(entry)) {
						Files.copy(in, destination, StandardCopyOption.REPLACE_EXISTING);
					}
				}
			}
			catch (IOException ex) {
				delete(target);
				throw new ModuleLoadException(PROPERTY, null,
						"the module bundle '" + bundle + "' (" + zip + ") is not a readable zip: " + ex.getMessage(),
						"Replace it with a complete zip (module jar at the top, dependencies in lib/), or remove it.",
						ex);
			}
			return target;
		}

		private static URL url(Path jar) {
			try {
				return jar.toUri().toURL();
			}
			catch (MalformedURLException ex) {
				throw new IllegalStateException(ex);
			}
		}

		private static void delete(Path directory) {
			try {
				Files.walkFileTree(directory, new SimpleFileVisitor<>() {

					@Override
					public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
						Files.delete(file);
						return FileVisitResult.CONTINUE;
					}

					@Override
					public FileVisitResult postVisitDirectory(Path dir, @Nullable IOException ex) throws IOException {
						Files.delete(dir);
						return FileVisitResult.CONTINUE;
					}

				});
			}
			catch (IOException ex) {
				logger.warn("Could not delete the extracted module bundle " + directory, ex);
			}
		}

	}

}
