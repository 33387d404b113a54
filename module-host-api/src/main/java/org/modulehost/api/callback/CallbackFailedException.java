package org.modulehost.api.callback;

import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

/**
 * A module's callback failed in a way that has no exception of the module's own to report: its
 * {@code CompletionStage} did not complete within the timeout, it returned {@code null} where a
 * stage was expected, or it threw a checked exception the category method does not declare.
 *
 * <p>A dispatch whose policy is {@link OnError#PROPAGATE} fails with this exception in those
 * cases; an exception the module threw itself (or completed its stage with) propagates as it is.
 * Under {@link OnError#SKIP} it is only logged.
 */
public class CallbackFailedException extends RuntimeException {

	private final String moduleName;

	private final String categoryName;

	private final String callbackName;

	/**
	 * Creates the exception.
	 * @param moduleName the module whose callback failed
	 * @param categoryName the category's name, as in {@link CallbackCategory#value()}
	 * @param callbackName the callback's method name
	 * @param problem what went wrong, e.g. {@code did not complete within 10s}
	 * @param cause the underlying exception, a {@link TimeoutException} for a timeout
	 */
	public CallbackFailedException(String moduleName, String categoryName, String callbackName, String problem,
			@Nullable Throwable cause) {
		super("Module '" + moduleName + "' failed in callback " + categoryName + "." + callbackName + ": " + problem,
				cause);
		this.moduleName = moduleName;
		this.categoryName = categoryName;
		this.callbackName = callbackName;
	}

	/**
	 * Returns the module whose callback failed.
	 * @return the module's name
	 */
	public String moduleName() {
		return this.moduleName;
	}

	/**
	 * Returns the category of the failed callback.
	 * @return the category's name, as in {@link CallbackCategory#value()}
	 */
	public String categoryName() {
		return this.categoryName;
	}

	/**
	 * Returns the failed callback.
	 * @return the callback's method name
	 */
	public String callbackName() {
		return this.callbackName;
	}

	/**
	 * Tells whether the callback failed because its stage did not complete in time.
	 * @return whether the cause is a {@link TimeoutException}
	 */
	public boolean isTimeout() {
		return getCause() instanceof TimeoutException;
	}

}
