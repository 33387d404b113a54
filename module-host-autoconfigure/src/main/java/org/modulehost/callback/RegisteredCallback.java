package org.modulehost.callback;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.modulehost.api.callback.CallbackFailedException;
import org.modulehost.api.callback.OnError;

/**
 * One module's registration of one callback, and what a dispatcher does around each call of it:
 * timing, the error policy, merging.
 */
final class RegisteredCallback {

	private static final Log logger = LogFactory.getLog("org.modulehost.callback");

	private final CallbackSlot slot;

	private final String moduleName;

	private final int moduleIndex;

	private final long sequence;

	private final Object registration;

	private final Object target;

	@Nullable
	private final CallbackTimers timers;

	RegisteredCallback(CallbackSlot slot, String moduleName, int moduleIndex, long sequence, Object registration,
			Object target, @Nullable CallbackTimers timers) {
		this.slot = slot;
		this.moduleName = moduleName;
		this.moduleIndex = moduleIndex;
		this.sequence = sequence;
		this.registration = registration;
		this.target = target;
		this.timers = timers;
	}

	/**
	 * Returns the module's object implementing the category.
	 * @return the target of calls
	 */
	Object target() {
		return this.target;
	}

	/**
	 * Tells whether calls of this callback are timed.
	 * @return whether a meter registry records them
	 */
	boolean isTimed() {
		return this.timers != null;
	}

	/**
	 * Starts timing a call.
	 * @return the start time, or 0 when calls are not timed
	 */
	long start() {
		return (this.timers != null) ? System.nanoTime() : 0L;
	}

	/**
	 * Records that a call answered.
	 * @param start what {@link #start()} returned
	 * @param decisive whether the answer differs from the neutral answer
	 */
	void answered(long start, boolean decisive) {
		if (this.timers != null) {
			this.timers.record(decisive ? CallbackTimers.Outcome.DECISIVE : CallbackTimers.Outcome.NEUTRAL, start);
		}
	}

	/**
	 * Records that a call answered and merges the answer, for {@code COLLECT}.
	 * @param merged the answers merged so far, {@code null} before the first
	 * @param answer the module's answer
	 * @param neutral the neutral answer
	 * @param start what {@link #start()} returned
	 * @return the merged answers
	 */
	@Nullable
	Object collect(@Nullable Object merged, @Nullable Object answer, @Nullable Object neutral, long start) {
		answered(start, CallbackSlot.differs(answer, neutral));
		return this.slot.model().merger().merge(merged, answer);
	}

	/**
	 * Applies the error policy to a call that threw: rethrows under {@code PROPAGATE}, logs and
	 * returns under {@code SKIP}. A {@link VirtualMachineError} is always rethrown.
	 * @param failure what the callback threw
	 * @param start what {@link #start()} returned
	 */
	void failed(Throwable failure, long start) {
		Throwable propagated = failedWith(failure, start);
		if (propagated != null) {
			throw CallbackSlot.<RuntimeException>sneaky(propagated);
		}
	}

	/**
	 * Applies the error policy to a failure.
	 * @param failure the module's exception, or a {@link CallbackFailedException}
	 * @param start when the call started
	 * @return the exception the dispatch fails with, or {@code null} when the failure is skipped
	 */
	@Nullable
	Throwable failedWith(Throwable failure, long start) {
		if (failure instanceof VirtualMachineError) {
			return failure;
		}
		boolean timeout = failure instanceof CallbackFailedException failed && failed.isTimeout();
		if (this.timers != null) {
			this.timers.record(timeout ? CallbackTimers.Outcome.TIMEOUT : CallbackTimers.Outcome.ERROR, start);
		}
		if (this.slot.model().onError() == OnError.PROPAGATE) {
			return propagated(failure);
		}
		if (logger.isWarnEnabled()) {
			logger.warn("Module '" + this.moduleName + "' failed in callback " + this.slot.qualifiedName()
					+ "; skipping it (onError = SKIP)", failure);
		}
		return null;
	}

	private Throwable propagated(Throwable failure) {
		if (failure instanceof RuntimeException || failure instanceof Error) {
			return failure;
		}
		for (Class<?> declared : this.slot.model().method().getExceptionTypes()) {
			if (declared.isInstance(failure)) {
				return failure;
			}
		}
		return failure("threw " + failure, failure);
	}

	/**
	 * Calls an asynchronous callback.
	 * @param arguments the dispatch's arguments
	 * @return the answer, failed with the module's exception, or with a
	 * {@link CallbackFailedException} for a {@code null} stage or a timeout; never {@code null}
	 */
	@SuppressWarnings("unchecked")
	CompletableFuture<Object> callAsync(Object[] arguments) {
		Object stage;
		try {
			stage = this.slot.invoker().invokeExact(this.target, arguments);
		}
		catch (Throwable ex) {
			return CompletableFuture.failedFuture(ex);
		}
		if (stage == null) {
			return CompletableFuture.failedFuture(failure("returned null instead of a CompletionStage", null));
		}
		if (stage instanceof CompletableFuture<?> future && future.isDone()) {
			return (CompletableFuture<Object>) future;
		}
		CompletableFuture<Object> answer = new CompletableFuture<>();
		((CompletionStage<?>) stage).whenComplete((value, ex) -> {
			if (ex != null) {
				answer.completeExceptionally(ex);
			}
			else {
				answer.complete(value);
			}
		});
		if (!answer.isDone()) {
			this.slot.timeouts()
				.watch(answer, this.slot.timeout().toNanos(),
						() -> failure("did not complete within " + this.slot.timeout(),
								new TimeoutException("Callback stage not completed within " + this.slot.timeout())));
		}
		return answer;
	}

	private CallbackFailedException failure(String problem, @Nullable Throwable cause) {
		return new CallbackFailedException(this.moduleName, this.slot.categoryName(), this.slot.model().name(),
				problem, cause);
	}

	CallbackSlot slot() {
		return this.slot;
	}

	String moduleName() {
		return this.moduleName;
	}

	int moduleIndex() {
		return this.moduleIndex;
	}

	long sequence() {
		return this.sequence;
	}

	Object registration() {
		return this.registration;
	}

	@Override
	public String toString() {
		return this.moduleName + ":" + this.slot.qualifiedName();
	}

}
