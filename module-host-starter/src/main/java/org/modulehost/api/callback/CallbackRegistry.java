package org.modulehost.api.callback;

import java.util.List;

/**
 * The callbacks modules registered, and the dispatchers through which a host calls them.
 * Available as a bean in every application that uses the starter.
 */
public interface CallbackRegistry {

	/**
	 * Returns an implementation of {@code category} that calls the registered modules' callbacks
	 * by the category's rules (see {@link Combine} and {@link OnError}). Host code calls it
	 * exactly as it would call one module. A callback no module registered answers its neutral
	 * answer at near-zero cost. Dispatchers are thread-safe and may be kept.
	 * @param <C> the category
	 * @param category an interface annotated {@link CallbackCategory}
	 * @return the dispatcher
	 * @throws IllegalArgumentException if {@code category} is not a callback category
	 */
	<C> C dispatcher(Class<C> category);

	/**
	 * Lists the registered callbacks of a category in evaluation order.
	 * @param category an interface annotated {@link CallbackCategory}
	 * @return the registrations, possibly empty
	 */
	List<CallbackRegistration> registrations(Class<?> category);

	/**
	 * Lists every category that has at least one registration.
	 * @return the categories, in the order their first registration was made
	 */
	List<Class<?>> categories();

}
