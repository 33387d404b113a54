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
	 * arguments, compared with {@code equals}) is the result; later callbacks are not called. All
	 * neutral: the neutral answer. {@code null} is an answer like any other: decisive unless the
	 * neutral answer is {@code null}. For an asynchronous callback the values of the stages are
	 * compared. A module whose failure is skipped ({@link OnError#SKIP}) counts as neutral.
	 */
	FIRST_DECISIVE,

	/**
	 * Every callback is called, in order; the dispatcher answers the neutral answer (nothing for
	 * {@code void}, a completed stage for {@code CompletionStage<Void>}).
	 */
	ALL,

	/**
	 * Every callback is called, in order; the dispatcher merges their answers into a new
	 * {@code LinkedHashMap}, {@code LinkedHashSet} or {@code ArrayList} that the caller owns:
	 * maps are merged with later modules' keys winning, sets are united, lists and other
	 * collections are concatenated. A {@code null} answer (or a skipped failure) adds nothing;
	 * when no module added anything the answer is the neutral answer itself. A host that needs
	 * each module's answer separately reads them from {@link CallbackRegistry#registrations(Class)}.
	 */
	COLLECT,

	/**
	 * At most one module may register the callback; a second registration fails start-up naming
	 * both modules, even if the second module catches the exception. The one registered
	 * callback's answer is the result (after a skipped failure: the neutral answer).
	 */
	EXCLUSIVE

}
