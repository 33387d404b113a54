package org.modulehost.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.modulehost.api.ModuleApi;

/**
 * Writes module bundles for tests: jars of test classes or of sources compiled here against a
 * given class path, directories with a {@code lib/}, zips.
 */
public final class BundleFiles {

	private BundleFiles() {
	}

	/**
	 * Writes a jar holding the class files of the given classes (their nested classes included).
	 * @param jar the jar to write
	 * @param classes the classes
	 * @return the jar
	 */
	public static Path jarOf(Path jar, Class<?>... classes) {
		try {
			Files.createDirectories(jar.getParent());
			try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
				for (Class<?> type : classes) {
					String prefix = type.getName().replace('.', '/');
					Path location = location(type);
					if (Files.isDirectory(location)) {
						Path directory = location.resolve(prefix).getParent();
						String simple = type.getSimpleName();
						try (Stream<Path> files = Files.list(directory)) {
							for (Path file : files.toList()) {
								String name = file.getFileName().toString();
								if (name.equals(simple + ".class") || name.startsWith(simple + "$")) {
									out.putNextEntry(new JarEntry(prefix.substring(0, prefix.lastIndexOf('/') + 1) + name));
									Files.copy(file, out);
									out.closeEntry();
								}
							}
						}
						continue;
					}
					try (JarFile source = new JarFile(location.toFile())) {
						for (JarEntry entry : java.util.Collections.list(source.entries())) {
							if (entry.getName().equals(prefix + ".class") || entry.getName().startsWith(prefix + "$")) {
								out.putNextEntry(new JarEntry(entry.getName()));
								try (InputStream in = source.getInputStream(entry)) {
									in.transferTo(out);
								}
								out.closeEntry();
							}
						}
					}
				}
			}
			return jar;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Compiles one source file against the module API, the test classes and the given jars, and
	 * writes the classes into a jar.
	 * @param jar the jar to write
	 * @param className the class's fully qualified name
	 * @param source its source
	 * @param classPath more jars to compile against
	 * @return the jar
	 */
	public static Path compile(Path jar, String className, String source, Path... classPath) {
		try {
			Path work = Files.createTempDirectory(jar.getParent(), "compile");
			Path sourceFile = work.resolve("src").resolve(className.replace('.', '/') + ".java");
			Files.createDirectories(sourceFile.getParent());
			Files.writeString(sourceFile, source);
			Path classes = Files.createDirectories(work.resolve("classes"));
			List<String> path = new ArrayList<>();
			path.add(location(ModuleApi.class).toString());
			path.add(location(BundleFiles.class).toString());
			for (Path entry : classPath) {
				path.add(entry.toString());
			}
			JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
			int status = compiler.run(null, null, null, "-proc:none", "-d", classes.toString(), "-cp",
					String.join(java.io.File.pathSeparator, path), sourceFile.toString());
			if (status != 0) {
				throw new IllegalStateException("Compiling " + className + " failed");
			}
			try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
					Stream<Path> files = Files.walk(classes)) {
				for (Path file : files.filter(Files::isRegularFile).toList()) {
					out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
					Files.copy(file, out);
					out.closeEntry();
				}
			}
			return jar;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Writes a zip bundle: the module jar at the top, the libraries in {@code lib/}.
	 * @param zip the zip to write
	 * @param moduleJar the module jar
	 * @param libraries its dependencies
	 * @return the zip
	 */
	public static Path zip(Path zip, Path moduleJar, Path... libraries) {
		try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
			add(out, moduleJar.getFileName().toString(), moduleJar);
			for (Path library : libraries) {
				add(out, "lib/" + library.getFileName(), library);
			}
			return zip;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Makes a directory bundle: copies the module jar to its top and the libraries to its
	 * {@code lib/}.
	 * @param directory the bundle directory
	 * @param moduleJar the module jar
	 * @param libraries its dependencies
	 * @return the directory
	 */
	public static Path directory(Path directory, Path moduleJar, Path... libraries) {
		try {
			Files.createDirectories(directory.resolve("lib"));
			Files.copy(moduleJar, directory.resolve(moduleJar.getFileName()));
			for (Path library : libraries) {
				Files.copy(library, directory.resolve("lib").resolve(library.getFileName()));
			}
			return directory;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Returns a library the build copied for the bundle tests ({@code target/bundle-libs}).
	 * @param fileName the jar's file name, e.g. {@code guava-16.0.1.jar}
	 * @return the jar
	 */
	public static Path library(String fileName) {
		Path jar = Path.of("target", "bundle-libs", fileName);
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(jar.toAbsolutePath() + " is missing: run the tests through Maven, whose"
					+ " generate-test-resources phase copies it");
		}
		return jar;
	}

	private static void add(ZipOutputStream out, String name, Path file) throws IOException {
		out.putNextEntry(new ZipEntry(name));
		try (InputStream in = Files.newInputStream(file)) {
			in.transferTo(out);
		}
		out.closeEntry();
	}

	private static Path location(Class<?> type) {
		try {
			return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
		}
		catch (java.net.URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Writes bytes that are no jar under a jar's name.
	 * @param jar the file
	 * @return the file
	 */
	public static Path corrupt(Path jar) {
		try (OutputStream out = Files.newOutputStream(jar)) {
			out.write("PK\u0003\u0004 this is not a complete jar".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
			return jar;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
