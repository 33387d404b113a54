package org.modulehost.callback;

import java.lang.invoke.MethodHandle;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

/**
 * The modules registered for one callback of one category in one registry, in evaluation order.
 * The array is copy-on-write: registrations (made while modules are built) replace it under the
 * registry's lock, dispatches read it without locking. Public only because generated
 * dispatchers, which live in the category's package, call it; not part of the API.
 */
public final class CallbackSlot {

	private static final RegisteredCallback[] NONE = {};

	private final CallbackModel model;

	private final String categoryName;

	private final Duration timeout;

	private final CallbackTimeouts timeouts;

	@Nullable
	private final MethodHandle invoker;

	private volatile RegisteredCallback[] callbacks = NONE;

	CallbackSlot(CallbackModel model, String categoryName, Duration timeout, CallbackTimeouts timeouts,
			@Nullable MethodHandle invoker) {
		this.model = model;
		this.categoryName = categoryName;
		this.timeout = timeout;
		this.timeouts = timeouts;
		this.invoker = invoker;
	}

	/**
	 * Returns the registered callbacks in evaluation order. The array must not be modified.
	 * @return the callbacks, possibly empty
	 */
	public RegisteredCallback[] callbacks() {
		return this.callbacks;
	}

	/**
	 * Dispatches an asynchronous callback: calls the modules one after the other, each once the
	 * previous one's stage completed.
	 * @param callbacks the callbacks, as read by the dispatcher
	 * @param neutral the default body's stage for the same arguments
	 * @param arguments the arguments
	 * @return the dispatch's answer
	 */
	public CompletableFuture<Object> dispatchAsync(RegisteredCallback[] callbacks, @Nullable CompletionStage<?> neutral,
			Object[] arguments) {
		return AsyncDispatch.start(this, callbacks, neutral, arguments);
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
		RegisteredCallback[] current = this.callbacks;
		int position = current.length;
		while (position > 0 && after(current[position - 1], callback)) {
			position--;
		}
		RegisteredCallback[] updated = new RegisteredCallback[current.length + 1];
		System.arraycopy(current, 0, updated, 0, position);
		updated[position] = callback;
		System.arraycopy(current, position, updated, position + 1, current.length - position);
		this.callbacks = updated;
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
		RegisteredCallback[] current = this.callbacks;
		RegisteredCallback[] updated = Arrays.stream(current)
			.filter((callback) -> callback.registration() != registration)
			.toArray(RegisteredCallback[]::new);
		if (updated.length != current.length) {
			this.callbacks = (updated.length != 0) ? updated : NONE;
		}
	}

	@Override
	public String toString() {
		return qualifiedName() + Arrays.toString(this.callbacks);
	}

}
