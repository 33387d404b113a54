package org.modulehost.host;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.modulehost.api.ConfigError;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Finds class names close to one that does not exist: same package tree, similar spelling
 * ({@link ConfigError#editDistance}, the measure modules' own suggestions use).
 */
final class ClassNameSuggestions {

	private static final int MAX_SCANNED = 5000;

	private ClassNameSuggestions() {
	}

	static List<String> near(String className, ClassLoader classLoader) {
		String simpleName = simpleName(className);
		String base = searchBase(className);
		PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver(classLoader);
		Set<String> candidates = new LinkedHashSet<>();
		try {
			Resource[] resources = resolver.getResources("classpath*:" + base.replace('.', '/') + "/**/*.class");
			int scanned = 0;
			for (Resource resource : resources) {
				if (++scanned > MAX_SCANNED) {
					break;
				}
				String name = className(resource, base);
				if (name != null && close(simpleName(name), simpleName, name, className)) {
					candidates.add(name);
				}
			}
		}
		catch (IOException ex) {
			return List.of();
		}
		List<String> sorted = new ArrayList<>(candidates);
		sorted.sort(Comparator.comparingInt((String name) -> distance(name, className)));
		return sorted.subList(0, Math.min(3, sorted.size()));
	}

	private static String searchBase(String className) {
		String[] parts = className.split("\\.");
		if (parts.length <= 2) {
			return (parts.length == 2) ? parts[0] : "";
		}
		return parts[0] + "." + parts[1];
	}

	private static String className(Resource resource, String base) {
		try {
			String url = resource.getURL().toString();
			String path = base.replace('.', '/');
			int at = url.lastIndexOf(path.isEmpty() ? "/" : path + "/");
			if (at < 0) {
				return null;
			}
			return url.substring(at, url.length() - ".class".length()).replace('/', '.');
		}
		catch (IOException ex) {
			return null;
		}
	}

	private static String simpleName(String className) {
		return className.substring(Math.max(className.lastIndexOf('.'), className.lastIndexOf('$')) + 1);
	}

	private static boolean close(String candidateSimple, String wantedSimple, String candidate, String wanted) {
		if (candidateSimple.equalsIgnoreCase(wantedSimple)) {
			return true;
		}
		int limit = Math.max(2, wantedSimple.length() / 4);
		return distance(candidateSimple, wantedSimple) <= limit || distance(candidate, wanted) <= limit;
	}

	private static int distance(String a, String b) {
		return ConfigError.editDistance(a.toLowerCase(Locale.ROOT), b.toLowerCase(Locale.ROOT));
	}

}
