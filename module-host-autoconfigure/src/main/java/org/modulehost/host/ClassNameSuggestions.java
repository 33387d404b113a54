package org.modulehost.host;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Finds class names close to one that does not exist: same package tree, similar spelling.
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
		sorted.sort(Comparator.comparingInt((String name) -> distance(name.toLowerCase(Locale.ROOT),
				className.toLowerCase(Locale.ROOT))));
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
		return distance(candidateSimple.toLowerCase(Locale.ROOT), wantedSimple.toLowerCase(Locale.ROOT)) <= limit
				|| distance(candidate.toLowerCase(Locale.ROOT), wanted.toLowerCase(Locale.ROOT)) <= limit;
	}

	static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int cost = (a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1;
				current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

}
