package org.modulehost.api.callback;

/**
 * How the answers of the modules registered for one callback combine into the dispatcher's
 * answer. Callbacks are always called one after the other, in module configuration order (and
 * registration order within a module), never concurrently.
 */
public enum Combine {

	/**
	 * {@link #FIRST_DECISIVE} for callbacks that return a value, {@link #ALL} for those that
	 * return {@code void} or {@code CompletionStage<Void>}.
	 */
	DEFAULT,

	/**
	 * The first answer not equal to the neutral answer (the default body's result for the same
	 * arguments) is the result; later callbacks are not called. All neutral: the neutral answer.
	 */
	FIRST_DECISIVE,

	/**
	 * Every callback is called; no result.
	 */
	ALL,

	/**
	 * Every callback is called, in order; the dispatcher merges their answers: maps are merged
	 * with later modules' keys winning, lists and other collections are concatenated. A host
	 * that needs each module's answer separately reads them from
	 * {@link CallbackRegistry#registrations(Class)}.
	 */
	COLLECT,

	/**
	 * At most one module may register the callback; a second registration fails start-up naming
	 * both modules. The one registered callback's answer is the result.
	 */
	EXCLUSIVE

}
