package org.modulehost.api.callback;

/**
 * What an exception thrown by a module's callback (or a stage it returns completing
 * exceptionally, a {@code null} stage, or a timeout) does to a dispatch.
 */
public enum OnError {

	/**
	 * {@link #PROPAGATE} for {@link Combine#FIRST_DECISIVE} callbacks, {@link #SKIP} otherwise.
	 */
	DEFAULT,

	/**
	 * The dispatch fails with the exception; the host fails the operation (fail closed).
	 */
	PROPAGATE,

	/**
	 * The exception is logged with the module's name and the next callback runs (fail open).
	 */
	SKIP

}
