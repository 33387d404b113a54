package org.modulehost.callback;

import java.lang.invoke.MethodHandle;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

/**
 * The modules registered for one callback of one category in one registry, in evaluation order.
 * The {@link Snapshot} is copy-on-write: registrations (made while modules are built) replace it
 * under the registry's lock, dispatches read it without locking. Public only because generated
 * dispatchers, which live in the category's package, call it; not part of the API.
 */
public final class CallbackSlot {

	private final CallbackModel model;

	private final String categoryName;

	private final Duration timeout;

	private final CallbackTimeouts timeouts;

	@Nullable
	private final MethodHandle invoker;

	private volatile Snapshot snapshot = Snapshot.EMPTY;

	CallbackSlot(CallbackModel model, String categoryName, Duration timeout, CallbackTimeouts timeouts,
			@Nullable MethodHandle invoker) {
		this.model = model;
		this.categoryName = categoryName;
		this.timeout = timeout;
		this.timeouts = timeouts;
		this.invoker = invoker;
	}

	/**
	 * Returns the registered callbacks as they are now.
	 * @return the snapshot, possibly empty
	 */
	public Snapshot snapshot() {
		return this.snapshot;
	}

	/**
	 * Dispatches an asynchronous callback: calls the modules one after the other, each once the
	 * previous one's stage completed.
	 * @param snapshot the callbacks, as read by the dispatcher
	 * @param neutral the default body's stage for the same arguments
	 * @param arguments the arguments
	 * @return the dispatch's answer
	 */
	public CompletableFuture<Object> dispatchAsync(Snapshot snapshot, @Nullable CompletionStage<?> neutral,
			Object[] arguments) {
		return AsyncDispatch.start(this, snapshot.callbacks, neutral, arguments);
	}

	/**
	 * Returns a {@code COLLECT} dispatch's answer.
	 * @param merged the merged answers, {@code null} when no module contributed one
	 * @param neutral the neutral answer
	 * @return {@code merged}, or the neutral answer when no module contributed
	 */
	@Nullable
	public Object collected(@Nullable Object merged, @Nullable Object neutral) {
		return (merged != null) ? merged : neutral;
	}

	/**
	 * Tells whether an answer is decisive.
	 * @param answer a module's answer
	 * @param neutral the neutral answer
	 * @return whether {@code answer} is not equal to {@code neutral}
	 */
	public static boolean differs(@Nullable Object answer, @Nullable Object neutral) {
		return answer != neutral && (answer == null || !answer.equals(neutral));
	}

	@SuppressWarnings("unchecked")
	static <T extends Throwable> T sneaky(Throwable failure) throws T {
		throw (T) failure;
	}

	RegisteredCallback[] callbacks() {
		return this.snapshot.callbacks;
	}

	CallbackModel model() {
		return this.model;
	}

	String categoryName() {
		return this.categoryName;
	}

	String qualifiedName() {
		return this.categoryName + "." + this.model.name();
	}

	Duration timeout() {
		return this.timeout;
	}

	CallbackTimeouts timeouts() {
		return this.timeouts;
	}

	MethodHandle invoker() {
		if (this.invoker == null) {
			throw new IllegalStateException(qualifiedName() + " is not asynchronous");
		}
		return this.invoker;
	}

	/**
	 * Adds a callback in evaluation order: by module configuration index, then registration
	 * order. Called under the registry's lock.
	 * @param callback the callback
	 */
	void add(RegisteredCallback callback) {
		RegisteredCallback[] current = this.snapshot.callbacks;
		int position = current.length;
		while (position > 0 && after(current[position - 1], callback)) {
			position--;
		}
		RegisteredCallback[] updated = new RegisteredCallback[current.length + 1];
		System.arraycopy(current, 0, updated, 0, position);
		updated[position] = callback;
		System.arraycopy(current, position, updated, position + 1, current.length - position);
		this.snapshot = new Snapshot(updated);
	}

	private static boolean after(RegisteredCallback existing, RegisteredCallback added) {
		return existing.moduleIndex() > added.moduleIndex()
				|| (existing.moduleIndex() == added.moduleIndex() && existing.sequence() > added.sequence());
	}

	/**
	 * Removes the callbacks one registration made. Called under the registry's lock.
	 * @param registration the registration's token
	 */
	void remove(Object registration) {
		RegisteredCallback[] current = this.snapshot.callbacks;
		RegisteredCallback[] updated = Arrays.stream(current)
			.filter((callback) -> callback.registration() != registration)
			.toArray(RegisteredCallback[]::new);
		if (updated.length != current.length) {
			this.snapshot = (updated.length != 0) ? new Snapshot(updated) : Snapshot.EMPTY;
		}
	}

	@Override
	public String toString() {
		return qualifiedName() + Arrays.toString(this.snapshot.callbacks);
	}

	/**
	 * The callbacks registered at one moment, immutable: the modules' objects to call, in
	 * evaluation order, and what to do around each call.
	 */
	public static final class Snapshot {

		static final Snapshot EMPTY = new Snapshot(new RegisteredCallback[0]);

		private final RegisteredCallback[] callbacks;

		private final Object[] targets;

		private final boolean timed;

		Snapshot(RegisteredCallback[] callbacks) {
			this.callbacks = callbacks;
			this.targets = new Object[callbacks.length];
			boolean timed = false;
			for (int i = 0; i < callbacks.length; i++) {
				this.targets[i] = callbacks[i].target();
				timed |= callbacks[i].isTimed();
			}
			this.timed = timed;
		}

		/**
		 * Returns the modules' objects, each implementing the category. Must not be modified.
		 * @return the targets in evaluation order
		 */
		public Object[] targets() {
			return this.targets;
		}

		/**
		 * Tells whether calls are timed, so the dispatcher must report each one.
		 * @return whether a meter registry records the calls
		 */
		public boolean timed() {
			return this.timed;
		}

		/**
		 * Starts timing a call.
		 * @return the start time
		 */
		public static long start() {
			return System.nanoTime();
		}

		/**
		 * Records that a timed call answered.
		 * @param index the callback's position
		 * @param start what {@link #start()} returned
		 * @param decisive whether the answer differs from the neutral answer
		 */
		public void answered(int index, long start, boolean decisive) {
			this.callbacks[index].answered(start, decisive);
		}

		/**
		 * Records that a call answered and merges the answer, for {@code COLLECT}.
		 * @param index the callback's position
		 * @param merged the answers merged so far, {@code null} before the first
		 * @param answer the module's answer
		 * @param neutral the neutral answer
		 * @param start what {@link #start()} returned, or 0 when calls are not timed
		 * @return the merged answers
		 */
		@Nullable
		public Object collect(int index, @Nullable Object merged, @Nullable Object answer, @Nullable Object neutral,
				long start) {
			return this.callbacks[index].collect(merged, answer, neutral, start);
		}

		/**
		 * Applies the error policy to a call that threw: rethrows under {@code PROPAGATE}, logs
		 * and returns under {@code SKIP}. A {@link VirtualMachineError} is always rethrown.
		 * @param index the callback's position
		 * @param failure what the callback threw
		 * @param start what {@link #start()} returned, or 0 when calls are not timed
		 */
		public void failed(int index, Throwable failure, long start) {
			this.callbacks[index].failed(failure, start);
		}

	}

}
