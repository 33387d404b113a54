package org.modulehost.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * A module's configuration is wrong.
 *
 * <p>Thrown by a module's {@code parseConfig} method (or its constructor) to refuse its
 * configuration. The host stops start-up and reports the message together with the place in the
 * configuration: {@code modules[<index>].config.<path>}, where {@code path} is what this error
 * carries. Synapse's {@code synapse.module_api.errors.ConfigError} is the model.
 */
public class ConfigError extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final List<String> path;

	/**
	 * Creates an error about the module's configuration as a whole.
	 * @param message what is wrong, written for the operator
	 */
	public ConfigError(String message) {
		this(message, List.of());
	}

	/**
	 * Creates an error about one place in the module's configuration.
	 * @param message what is wrong, written for the operator
	 * @param path the keys (and, for lists, the decimal indexes) that lead from the module's
	 * {@code config} mapping to the wrong value, e.g. {@code List.of("rules", "0", "match")}
	 */
	public ConfigError(String message, List<String> path) {
		super(message);
		this.path = List.copyOf(path);
	}

	/**
	 * Suggests the names a misspelt one may have meant, for the message of an error about an
	 * unknown setting: {@code "unknown setting" + ConfigError.didYouMean(key, KNOWN_KEYS)}.
	 * A known name is suggested when it equals {@code wrong} ignoring case, {@code -} and
	 * {@code _}, or is at most two edits away from it.
	 * @param wrong the name the operator wrote
	 * @param knownNames the names the module accepts there, in the order to suggest them
	 * @return {@code "; did you mean 'a'?"}, {@code "; did you mean 'a' or 'b'?"}, or an empty
	 * string when no known name is close
	 */
	public static String didYouMean(String wrong, Collection<String> knownNames) {
		String wanted = canonical(wrong);
		List<String> close = new ArrayList<>();
		for (String name : knownNames) {
			if (canonical(name).equals(wanted) || editDistance(name, wrong) <= 2) {
				close.add("'" + name + "'");
			}
		}
		return close.isEmpty() ? "" : "; did you mean " + String.join(" or ", close) + "?";
	}

	private static String canonical(String name) {
		return name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
	}

	/**
	 * Returns how many single characters must be inserted, deleted or replaced to turn one
	 * string into the other (their Levenshtein distance), the measure {@link #didYouMean} uses;
	 * for a module's own suggestions, and the host's for misspelt class names.
	 * @param a one string
	 * @param b the other
	 * @return the number of edits, {@code 0} when the strings are equal
	 */
	public static int editDistance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

	/**
	 * Returns the place of the wrong value inside the module's configuration.
	 * @return the keys leading to it, empty when the error concerns the whole configuration
	 */
	public List<String> path() {
		return this.path;
	}

}
