package org.modulehost.host;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits Spring property names such as {@code modules[0].config[a.b].rules[1]} into their keys.
 */
final class PropertyNames {

	/** Marks a bracketed, all-digit segment (a list index) when asked for. */
	static final char INDEX_MARK = '\0';

	private PropertyNames() {
	}

	/**
	 * Splits a name on dots and brackets; a bracketed segment stays whole, dots included.
	 * @param name the property name
	 * @param markIndexes whether to prefix bracketed all-digit segments with {@link #INDEX_MARK}
	 * @return the keys, in order
	 */
	static List<String> split(String name, boolean markIndexes) {
		List<String> keys = new ArrayList<>();
		int i = 0;
		while (i < name.length()) {
			char c = name.charAt(i);
			if (c == '.') {
				i++;
			}
			else if (c == '[') {
				int end = name.indexOf(']', i);
				if (end < 0) {
					end = name.length();
				}
				String inner = name.substring(i + 1, end);
				boolean index = !inner.isEmpty() && inner.chars().allMatch(Character::isDigit);
				keys.add((markIndexes && index) ? INDEX_MARK + inner : inner);
				i = end + 1;
			}
			else {
				int end = i;
				while (end < name.length() && name.charAt(end) != '.' && name.charAt(end) != '[') {
					end++;
				}
				keys.add(name.substring(i, end));
				i = end;
			}
		}
		return keys;
	}

	/**
	 * Appends keys to a property name: list indexes as {@code [n]}, other keys after a dot.
	 * @param prefix the name to extend, e.g. {@code modules[1]}
	 * @param keys the keys to append
	 * @param bracketDotted whether a key containing a dot is written {@code [a.b]} (Spring's
	 * notation) rather than {@code .a.b} (as YAML sources flatten it)
	 * @return the extended name
	 */
	static String join(String prefix, List<String> keys, boolean bracketDotted) {
		StringBuilder name = new StringBuilder(prefix);
		for (String key : keys) {
			if (!key.isEmpty() && key.chars().allMatch(Character::isDigit)) {
				name.append('[').append(key).append(']');
			}
			else if (bracketDotted && (key.indexOf('.') >= 0 || key.indexOf('[') >= 0)) {
				name.append('[').append(key).append(']');
			}
			else {
				name.append('.').append(key);
			}
		}
		return name.toString();
	}

}
