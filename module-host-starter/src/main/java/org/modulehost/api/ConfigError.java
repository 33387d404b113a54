package org.modulehost.api;

import java.util.List;

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
	 * Returns the place of the wrong value inside the module's configuration.
	 * @return the keys leading to it, empty when the error concerns the whole configuration
	 */
	public List<String> path() {
		return this.path;
	}

}
