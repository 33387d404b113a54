package org.modulehost.api.callback;

/**
 * What an exception thrown by a module's callback (or a stage it returns completing
 * exceptionally, a {@code null} stage, or a timeout) does to a dispatch.
 */
public enum OnError {

	/**
	 * {@link #PROPAGATE} for {@link Combine#FIRST_DECISIVE} callbacks, {@link #SKIP} for
	 * {@link Combine#ALL}, {@link Combine#COLLECT} and {@link Combine#EXCLUSIVE} (an exclusive
	 * callback that should fail closed says {@code onError = PROPAGATE}).
	 */
	DEFAULT,

	/**
	 * The dispatch fails and later callbacks are not called; the host fails the operation (fail
	 * closed). What the host sees:
	 * <ul>
	 * <li>a synchronous callback: the dispatcher method throws the module's own exception, as it
	 * is (a {@code RuntimeException}, an {@code Error}, or a checked exception the method
	 * declares); a checked exception the method does not declare arrives wrapped in a
	 * {@link CallbackFailedException};</li>
	 * <li>an asynchronous callback: the returned stage fails with the module's own exception,
	 * whether the module threw it or completed its stage with it, never wrapped in a
	 * {@code CompletionException} (though {@code join()} and {@code get()} wrap it, as they
	 * always do);</li>
	 * <li>a timeout or a {@code null} stage: a {@link CallbackFailedException} naming the module,
	 * category and callback; {@link CallbackFailedException#isTimeout()} tells which.</li>
	 * </ul>
	 */
	PROPAGATE,

	/**
	 * The failure is logged at {@code WARN} (logger {@code org.modulehost.callback}) with the
	 * module's name, and the next callback runs as if this one had answered neutral (fail open).
	 * A {@link VirtualMachineError} always propagates.
	 */
	SKIP

}
