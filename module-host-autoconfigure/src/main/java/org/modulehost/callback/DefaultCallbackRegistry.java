package org.modulehost.callback;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.modulehost.api.callback.CallbackRegistration;
import org.modulehost.api.callback.CallbackRegistry;
import org.modulehost.api.callback.Combine;
import org.modulehost.host.CallbackRegistrar;
import org.modulehost.host.ModuleRegistration;
import org.springframework.beans.factory.DisposableBean;

/**
 * The callback feature: keeps what modules register, per category and callback, in evaluation
 * order, and hands out generated dispatchers. Registrations take a lock and replace the affected
 * arrays; dispatches never lock.
 */
final class DefaultCallbackRegistry implements CallbackRegistry, CallbackRegistrar, DisposableBean {

	private final Function<String, Duration> timeouts;

	private final Supplier<@Nullable MeterRegistry> meterRegistry;

	private final CallbackTimeouts scheduler = new CallbackTimeouts();

	private final ConcurrentMap<Class<?>, CategoryState> states = new ConcurrentHashMap<>();

	private final Object lock = new Object();

	private volatile List<Class<?>> categories = List.of();

	private long sequence;

	/**
	 * Creates a registry.
	 * @param timeouts the timeout of a category's asynchronous callbacks, by category name
	 * @param meterRegistry where calls are timed; supplies {@code null} for no metrics
	 */
	DefaultCallbackRegistry(Function<String, Duration> timeouts, Supplier<@Nullable MeterRegistry> meterRegistry) {
		this.timeouts = timeouts;
		this.meterRegistry = meterRegistry;
	}

	@Override
	public <C> C dispatcher(Class<C> category) {
		if (category == null) {
			throw new IllegalArgumentException("No callback category given");
		}
		return category.cast(state(category).dispatcher());
	}

	@Override
	public List<CallbackRegistration> registrations(Class<?> category) {
		if (category == null) {
			throw new IllegalArgumentException("No callback category given");
		}
		CategoryState state = state(category);
		List<RegisteredCallback> registered = new ArrayList<>();
		for (CallbackModel callback : state.model().callbacks()) {
			registered.addAll(List.of(state.slot(callback).callbacks()));
		}
		registered.sort(Comparator.comparingInt(RegisteredCallback::moduleIndex)
			.thenComparingLong(RegisteredCallback::sequence)
			.thenComparingInt((callback) -> callback.slot().model().index()));
		return registered.stream()
			.map((callback) -> new CallbackRegistration(callback.moduleName(), category,
					callback.slot().model().method(), callback.target()))
			.toList();
	}

	@Override
	public List<Class<?>> categories() {
		return this.categories;
	}

	@Override
	public <C> void registerCallbacks(ModuleRegistration module, Class<C> category, C callbacks) {
		if (category == null) {
			throw new IllegalArgumentException(
					"Module '" + module.name() + "' called registerCallbacks without a category; pass the category"
							+ " interface, e.g. registerCallbacks(SpamChecker.class, this)");
		}
		CategoryState state;
		try {
			state = state(category);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					"Module '" + module.name() + "' cannot register callbacks: " + ex.getMessage(), ex);
		}
		CategoryModel model = state.model();
		if (!category.isInstance(callbacks)) {
			throw new IllegalArgumentException("Module '" + module.name() + "' registered "
					+ ((callbacks != null) ? "a " + callbacks.getClass().getName() : "null") + " as callbacks of "
					+ model + "; pass an object implementing " + category.getSimpleName());
		}
		List<CallbackModel> overridden = model.overriddenBy(callbacks.getClass());
		if (overridden.isEmpty()) {
			throw new IllegalArgumentException("Module '" + module.name() + "' registered a "
					+ callbacks.getClass().getName() + " as callbacks of " + model
					+ ", but it overrides none of its callbacks (" + names(model.callbacks())
					+ "); override the default methods the module implements");
		}
		MeterRegistry meters = this.meterRegistry.get();
		Object registration = new Object();
		synchronized (this.lock) {
			checkExclusive(module, state, overridden);
			for (CallbackModel callback : overridden) {
				CallbackSlot slot = state.slot(callback);
				CallbackTimers timers = (meters != null)
						? new CallbackTimers(meters, module.name(), model.name(), callback.name()) : null;
				slot.add(new RegisteredCallback(slot, module.name(), module.index(), this.sequence++, registration,
						callbacks, timers));
			}
			if (!this.categories.contains(category)) {
				List<Class<?>> updated = new ArrayList<>(this.categories);
				updated.add(category);
				this.categories = List.copyOf(updated);
			}
		}
		module.onFailure(() -> unregister(state, registration));
	}

	private void checkExclusive(ModuleRegistration module, CategoryState state, List<CallbackModel> overridden) {
		for (CallbackModel callback : overridden) {
			RegisteredCallback[] existing = state.slot(callback).callbacks();
			if (callback.combine() != Combine.EXCLUSIVE || existing.length == 0) {
				continue;
			}
			String holder = existing[0].moduleName();
			String qualified = state.model().name() + "." + callback.name() + " ("
					+ state.model().type().getName() + ")";
			IllegalArgumentException refusal = new IllegalArgumentException(holder.equals(module.name())
					? "Module '" + module.name() + "' registered the EXCLUSIVE callback " + qualified
							+ " twice; register it from one object only"
					: "Callback " + qualified + " is EXCLUSIVE and module '" + holder
							+ "' already registered it, so module '" + module.name()
							+ "' cannot; keep only one of the two in 'modules:' (or set 'enabled: false' on the other)");
			module.refuse(refusal);
			throw refusal;
		}
	}

	private void unregister(CategoryState state, Object registration) {
		synchronized (this.lock) {
			for (CallbackModel callback : state.model().callbacks()) {
				state.slot(callback).remove(registration);
			}
			if (state.isEmpty() && this.categories.contains(state.model().type())) {
				List<Class<?>> updated = new ArrayList<>(this.categories);
				updated.remove(state.model().type());
				this.categories = List.copyOf(updated);
			}
		}
	}

	private CategoryState state(Class<?> category) {
		CategoryState state = this.states.get(category);
		if (state == null) {
			CategoryModel model = CategoryModel.of(category);
			state = this.states.computeIfAbsent(category,
					(type) -> new CategoryState(model, this.timeouts.apply(model.name()), this.scheduler));
		}
		return state;
	}

	private static String names(List<CallbackModel> callbacks) {
		return String.join(", ", callbacks.stream().map(CallbackModel::name).toList());
	}

	@Override
	public void destroy() {
		this.scheduler.close();
	}

}
