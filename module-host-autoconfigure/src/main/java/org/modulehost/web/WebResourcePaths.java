package org.modulehost.web;

import org.jspecify.annotations.Nullable;

/**
 * The syntax of a path a module mounts a web resource at: absolute, normalised, and free of
 * anything that request matching would decode, strip or read as a pattern.
 */
final class WebResourcePaths {

	/** Characters other than letters and digits that a path segment may contain. */
	static final String ALLOWED_PUNCTUATION = "-._~!$&'()+,=:@";

	private WebResourcePaths() {
	}

	/**
	 * Tells what is wrong with a path.
	 * @param path the path as a module passed it
	 * @return why it is refused, or {@code null} when it is a valid mount path
	 */
	@Nullable
	static String problem(@Nullable String path) {
		if (path == null || path.isEmpty()) {
			return "the path is empty; give an absolute path such as '/_synapse/client/<module>'";
		}
		if (path.charAt(0) != '/') {
			return "the path must be absolute (start with '/')";
		}
		if (path.length() > 1 && path.endsWith("/")) {
			return "the path must not end with '/' (write '" + path.replaceAll("/+$", "") + "'); a resource"
					+ " receives the requests below its path anyway";
		}
		if (path.contains("//")) {
			return "the path contains an empty segment ('//')";
		}
		if (path.indexOf('%') >= 0) {
			return "the path contains percent-encoding; write the characters themselves";
		}
		for (String segment : path.substring(1).split("/", -1)) {
			if (segment.equals(".") || segment.equals("..")) {
				return "the path contains a '" + segment + "' segment; write the normalised path";
			}
		}
		for (int i = 0; i < path.length(); i++) {
			char c = path.charAt(i);
			if (c != '/' && !allowed(c)) {
				return "the path contains " + describe(c) + ", which a module path may not contain; use letters,"
						+ " digits, '/' and " + ALLOWED_PUNCTUATION;
			}
		}
		return null;
	}

	private static boolean allowed(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
				|| ALLOWED_PUNCTUATION.indexOf(c) >= 0;
	}

	private static String describe(char c) {
		return (c < 0x20 || c == 0x7f || Character.isWhitespace(c)) ? String.format("the character U+%04X", (int) c)
				: "'" + c + "'";
	}

	/**
	 * Tells whether {@code path} is {@code namespace} or lies below it.
	 * @param path a valid mount path
	 * @param namespace a valid namespace path
	 * @return whether the namespace contains the path
	 */
	static boolean isWithin(String path, String namespace) {
		if (namespace.equals("/")) {
			return true;
		}
		return path.equals(namespace) || (path.startsWith(namespace) && path.charAt(namespace.length()) == '/');
	}

}
