package org.modulehost.host;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The class loader of one module bundle: parent-first for the JDK, the module API and the
 * libraries whose types cross it (so a module and the host agree on {@code ModuleApi},
 * {@code HttpServletRequest}, {@code MeterRegistry}…), child-first for everything else, so a
 * library the bundle carries wins inside its module even when the host has another version.
 *
 * <p>Classes of the API packages are only ever the host's: a bundle's own copy is never
 * defined (the bundle scan warns about it). Classes of the other shared packages come from the
 * host when it has them and from the bundle otherwise.
 */
final class BundleClassLoader extends URLClassLoader {

	static {
		registerAsParallelCapable();
	}

	/** Package prefixes of the module API: always the host's, refused in a bundle. */
	static final List<String> API_PACKAGES = List.of("org.modulehost.api.", "org.modulehost.homeserver.api.");

	/**
	 * Package prefixes loaded parent-first: the JDK, the host, Spring, and the libraries whose
	 * types appear in the module API or in what the host hands a module.
	 */
	static final List<String> SHARED_PACKAGES = List.of(
			// the JDK
			"java.", "javax.", "jdk.", "sun.", "com.sun.", "org.w3c.dom.", "org.xml.sax.", "org.ietf.jgss.",
			// the module API and the host (generated subclasses and dispatchers refer to the host's
			// classes); modules of their own packages under org.modulehost (the samples) are not the host
			"org.modulehost.api.", "org.modulehost.homeserver.", "org.modulehost.host.", "org.modulehost.cache.",
			"org.modulehost.callback.", "org.modulehost.web.", "org.modulehost.actuate.",
			"org.modulehost.autoconfigure.", "org.modulehost.test.", "org.modulehost.app.",
			// Spring: web resources, the HTTP client, configuration binding
			"org.springframework.",
			// types in web resources, configuration validation and lifecycle annotations
			"jakarta.servlet.", "jakarta.validation.", "jakarta.annotation.",
			// Jackson, where a module's web resource or HTTP client exchanges JSON through Spring
			"com.fasterxml.jackson.annotation.", "com.fasterxml.jackson.core.", "com.fasterxml.jackson.databind.",
			"tools.jackson.",
			// meters, null annotations, logging, reactive streams (WebFlux resources)
			"io.micrometer.", "org.jspecify.", "org.apache.commons.logging.", "org.slf4j.", "reactor.",
			"org.reactivestreams.");

	private final String bundle;

	private final Path location;

	BundleClassLoader(String bundle, Path location, URL[] urls, ClassLoader parent) {
		super("bundle:" + bundle, urls, parent);
		this.bundle = bundle;
		this.location = location;
	}

	/**
	 * Returns the bundle's jar, directory or zip.
	 * @return the location
	 */
	Path location() {
		return this.location;
	}

	/**
	 * Describes the bundle for messages: its name and location.
	 * @return e.g. {@code 'hello' (/srv/modules/hello)}
	 */
	String describe() {
		return "'" + this.bundle + "' (" + this.location + ")";
	}

	/**
	 * Returns the bundle's name.
	 * @return the name
	 */
	String bundle() {
		return this.bundle;
	}

	static boolean isApi(String className) {
		return startsWithAny(className, API_PACKAGES);
	}

	static boolean isShared(String className) {
		return startsWithAny(className, SHARED_PACKAGES);
	}

	private static boolean startsWithAny(String name, List<String> prefixes) {
		for (String prefix : prefixes) {
			if (name.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

	@Override
	protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
		synchronized (getClassLoadingLock(name)) {
			Class<?> loaded = findLoadedClass(name);
			if (loaded == null) {
				loaded = isShared(name) ? parentFirst(name) : childFirst(name);
			}
			if (resolve) {
				resolveClass(loaded);
			}
			return loaded;
		}
	}

	private Class<?> parentFirst(String name) throws ClassNotFoundException {
		try {
			return getParent().loadClass(name);
		}
		catch (ClassNotFoundException ex) {
			if (isApi(name)) {
				throw ex;
			}
			return findClass(name);
		}
	}

	private Class<?> childFirst(String name) throws ClassNotFoundException {
		try {
			return findClass(name);
		}
		catch (ClassNotFoundException ex) {
			return getParent().loadClass(name);
		}
	}

	@Override
	public @Nullable URL getResource(String name) {
		if (isShared(name.replace('/', '.'))) {
			return super.getResource(name);
		}
		URL own = findResource(name);
		return (own != null) ? own : getParent().getResource(name);
	}

	@Override
	public Enumeration<URL> getResources(String name) throws IOException {
		List<URL> urls = new ArrayList<>(Collections.list(findResources(name)));
		if (isShared(name.replace('/', '.'))) {
			List<URL> parents = new ArrayList<>(Collections.list(getParent().getResources(name)));
			parents.addAll(urls);
			return Collections.enumeration(parents);
		}
		urls.addAll(Collections.list(getParent().getResources(name)));
		return Collections.enumeration(urls);
	}

	@Override
	public String toString() {
		return getName();
	}

}
