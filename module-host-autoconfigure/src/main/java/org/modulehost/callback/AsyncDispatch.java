package org.modulehost.callback;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

import org.jspecify.annotations.Nullable;

import org.modulehost.api.callback.Combine;

/**
 * One dispatch of an asynchronous callback: calls the registered callbacks one after the other,
 * the next once the previous one's stage completed (on the thread that completed it), and
 * completes the dispatch's own future by the callback's rules. Module failures reach that future
 * as the module's own exception, never wrapped in a {@link CompletionException}.
 */
final class AsyncDispatch {

	private final CallbackSlot slot;

	private final RegisteredCallback[] callbacks;

	private final Object[] arguments;

	private final CompletableFuture<Object> result = new CompletableFuture<>();

	@Nullable
	private Object neutral;

	@Nullable
	private Object merged;

	private int index;

	private AsyncDispatch(CallbackSlot slot, RegisteredCallback[] callbacks, Object[] arguments) {
		this.slot = slot;
		this.callbacks = callbacks;
		this.arguments = arguments;
	}

	static CompletableFuture<Object> start(CallbackSlot slot, RegisteredCallback[] callbacks,
			@Nullable CompletionStage<?> neutral, Object[] arguments) {
		AsyncDispatch dispatch = new AsyncDispatch(slot, callbacks, arguments);
		if (neutral == null) {
			dispatch.next();
		}
		else {
			neutral.whenComplete((value, failure) -> {
				if (failure != null) {
					dispatch.result.completeExceptionally(unwrap(failure));
				}
				else {
					dispatch.neutral = value;
					try {
						dispatch.next();
					}
					catch (Throwable ex) {
						dispatch.result.completeExceptionally(ex);
					}
				}
			});
		}
		return dispatch.result;
	}

	private void next() {
		if (this.index == this.callbacks.length) {
			this.result.complete(this.slot.model().combine() == Combine.COLLECT
					? this.slot.collected(this.merged, this.neutral) : this.neutral);
			return;
		}
		RegisteredCallback callback = this.callbacks[this.index];
		long start = callback.start();
		callback.callAsync(this.arguments).whenComplete((answer, failure) -> {
			try {
				completed(callback, start, answer, failure);
			}
			catch (Throwable ex) {
				this.result.completeExceptionally(ex);
			}
		});
	}

	private void completed(RegisteredCallback callback, long start, @Nullable Object answer,
			@Nullable Throwable failure) {
		Combine combine = this.slot.model().combine();
		if (failure != null) {
			Throwable propagated = callback.failedWith(unwrap(failure), start);
			if (propagated != null) {
				this.result.completeExceptionally(propagated);
				return;
			}
			if (combine == Combine.EXCLUSIVE) {
				this.result.complete(this.neutral);
				return;
			}
		}
		else {
			boolean decisive = CallbackSlot.differs(answer, this.neutral);
			switch (combine) {
				case FIRST_DECISIVE -> {
					callback.answered(start, decisive);
					if (decisive) {
						this.result.complete(answer);
						return;
					}
				}
				case EXCLUSIVE -> {
					callback.answered(start, decisive);
					this.result.complete(answer);
					return;
				}
				case COLLECT -> this.merged = callback.collect(this.merged, answer, this.neutral, start);
				default -> callback.answered(start, decisive);
			}
		}
		this.index++;
		next();
	}

	private static Throwable unwrap(Throwable failure) {
		Throwable unwrapped = failure;
		while ((unwrapped instanceof CompletionException || unwrapped instanceof ExecutionException)
				&& unwrapped.getCause() != null) {
			unwrapped = unwrapped.getCause();
		}
		return unwrapped;
	}

}
