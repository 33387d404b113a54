package org.modulehost.host;

import org.jspecify.annotations.Nullable;

/**
 * A module could not be loaded: its entry, its class, its configuration or its constructor is
 * wrong. Stops start-up; {@link ModuleFailureAnalyzer} turns it into a description and an action.
 */
public class ModuleLoadException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String path;

	@Nullable
	private final String moduleClass;

	private final String problem;

	private final String action;

	@Nullable
	private final String origin;

	/**
	 * Creates the exception.
	 * @param path where in the configuration, e.g. {@code modules[1].config.rules[0].match}
	 * @param moduleClass the configured class name, if known
	 * @param problem what is wrong
	 * @param action what to change
	 * @param cause the underlying exception, if any
	 */
	public ModuleLoadException(String path, @Nullable String moduleClass, String problem, String action,
			@Nullable Throwable cause) {
		this(path, moduleClass, problem, action, null, cause);
	}

	ModuleLoadException(String path, @Nullable String moduleClass, String problem, String action,
			@Nullable String origin, @Nullable Throwable cause) {
		super(message(path, moduleClass, problem, origin), cause);
		this.path = path;
		this.moduleClass = moduleClass;
		this.problem = problem;
		this.action = action;
		this.origin = origin;
	}

	private static String message(String path, @Nullable String moduleClass, String problem, @Nullable String origin) {
		StringBuilder message = new StringBuilder(path).append(": ").append(problem);
		if (moduleClass != null) {
			message.append(" (module ").append(moduleClass).append(')');
		}
		if (origin != null) {
			message.append("\n    Origin: ").append(origin);
		}
		return message.toString();
	}

	/**
	 * Returns where in the configuration the problem is.
	 * @return a path such as {@code modules[1].config.rules[0].match}
	 */
	public String path() {
		return this.path;
	}

	/**
	 * Returns the configured module class.
	 * @return the class name, or {@code null} when the entry names none
	 */
	@Nullable
	public String moduleClass() {
		return this.moduleClass;
	}

	/**
	 * Returns what is wrong, without the path.
	 * @return the problem
	 */
	public String problem() {
		return this.problem;
	}

	/**
	 * Returns what the operator should change.
	 * @return the action
	 */
	public String action() {
		return this.action;
	}

	/**
	 * Returns where the faulty value was written, when known.
	 * @return the origin, or {@code null}
	 */
	@Nullable
	public String origin() {
		return this.origin;
	}

}
