package org.modulehost.host;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * One entry of the {@code modules:} list, as configured.
 *
 * @param index the entry's position in the list
 * @param className the {@code module:} value; {@code null} when the entry has none
 * @param name the {@code name:} value; {@code null} when absent
 * @param enabled the {@code enabled:} value, {@code true} when absent
 * @param config the {@code config:} mapping as a faithful, unmodifiable tree (empty when absent)
 * @param origins where a value of this entry was written, by its path below the entry (e.g.
 * {@code ["config", "rules", "0"]}); answers {@code null} when unknown
 */
public record ModuleDefinition(int index, @Nullable String className, @Nullable String name, boolean enabled,
		Map<String, Object> config, Function<List<String>, String> origins) {

	/**
	 * Returns the path of this entry in the configuration, e.g. {@code modules[2]}.
	 * @return the entry's path
	 */
	public String path() {
		return "modules[" + this.index + "]";
	}

	/**
	 * Returns the path of a value below this entry in the configuration's notation.
	 * @param keys the keys below the entry, e.g. {@code ["config", "rules", "0", "match"]}
	 * @return the path, e.g. {@code modules[1].config.rules[0].match}
	 */
	public String path(List<String> keys) {
		return PropertyNames.join(path(), keys, true);
	}

	/**
	 * Returns where a value below this entry was written, best effort.
	 * @param keys the keys below the entry
	 * @return a description such as {@code class path resource [application.yml] - 7:16}, or
	 * {@code null}
	 */
	@Nullable
	public String originOf(List<String> keys) {
		return this.origins.apply(keys);
	}

}
