package org.modulehost.callback;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One category in one registry: a slot per callback, the timeout of its asynchronous callbacks,
 * and its dispatcher, generated on first request.
 */
final class CategoryState {

	private final CategoryModel model;

	private final CallbackSlot[] slots;

	@Nullable
	private volatile Object dispatcher;

	CategoryState(CategoryModel model, Duration timeout, CallbackTimeouts timeouts) {
		this.model = model;
		List<CallbackModel> callbacks = model.callbacks();
		this.slots = new CallbackSlot[callbacks.size()];
		for (CallbackModel callback : callbacks) {
			this.slots[callback.index()] = new CallbackSlot(callback, model.name(), timeout, timeouts,
					callback.async() ? DispatcherGenerator.invoker(callback.method()) : null);
		}
	}

	CategoryModel model() {
		return this.model;
	}

	CallbackSlot slot(CallbackModel callback) {
		return this.slots[callback.index()];
	}

	boolean isEmpty() {
		for (CallbackSlot slot : this.slots) {
			if (slot.callbacks().length > 0) {
				return false;
			}
		}
		return true;
	}

	Object dispatcher() {
		Object dispatcher = this.dispatcher;
		if (dispatcher == null) {
			synchronized (this) {
				dispatcher = this.dispatcher;
				if (dispatcher == null) {
					dispatcher = DispatcherGenerator.instantiate(this.model, this.slots.clone());
					this.dispatcher = dispatcher;
				}
			}
		}
		return dispatcher;
	}

}
