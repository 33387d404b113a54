package org.modulehost.homeserver;

/**
 * A homeserver setting whose value cannot work, found while the server starts: it stops start-up,
 * and {@link InvalidSettingFailureAnalyzer} reports the key, what is wrong and the fix without a
 * stack trace.
 */
public final class InvalidSettingException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final String key;

	private final String problem;

	private final String fix;

	/**
	 * Creates the exception; its message reads {@code <key> <problem>: <fix>}.
	 * @param key the setting's key, such as {@code homeserver.server-name}
	 * @param problem what is wrong with its value, such as {@code must be positive (it is 0)}
	 * @param fix what to set instead, such as {@code set it to a size such as 1MB, or leave it out}
	 */
	public InvalidSettingException(String key, String problem, String fix) {
		super(key + " " + problem + ": " + fix);
		this.key = key;
		this.problem = problem;
		this.fix = fix;
	}

	/**
	 * The setting's key.
	 * @return the key
	 */
	public String key() {
		return this.key;
	}

	/**
	 * What is wrong with the setting's value.
	 * @return the problem
	 */
	public String problem() {
		return this.problem;
	}

	/**
	 * What to set instead.
	 * @return the fix
	 */
	public String fix() {
		return this.fix;
	}

}
