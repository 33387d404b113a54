package org.modulehost.api.callback;

import java.util.List;

/**
 * The callbacks modules registered, and the dispatchers through which a host calls them.
 * Available as a bean in every application that uses the starter.
 *
 * <p>Modules register while their constructors run, in configuration order; after start-up the
 * registrations no longer change. Each callback's registrations are kept in evaluation order:
 * by the module's position under {@code modules:}, then by the order in which the module
 * registered its objects.
 */
public interface CallbackRegistry {

	/**
	 * Returns an implementation of {@code category} that calls the registered modules' callbacks
	 * by the category's rules (see {@link Combine} and {@link OnError}). Host code calls it
	 * exactly as it would call one module. A callback no module registered answers its neutral
	 * answer (the default body's result) at near-zero cost. Dispatchers are thread-safe, take no
	 * lock, and may be kept; asking twice returns the same dispatcher.
	 *
	 * <p>A synchronous callback runs its modules on the calling thread, one after the other. An
	 * asynchronous one (returning a {@code CompletionStage}) returns a stage at once; each module
	 * is called once the previous module's stage completed, on the thread that completed it, so
	 * the modules of one dispatch never run concurrently. A module's stage that does not complete
	 * within the timeout fails with a {@link CallbackFailedException}; the module's work is not
	 * cancelled, and the dispatch goes on on a pool thread. An asynchronous dispatcher method
	 * does not throw for a module's failure: its stage fails (see {@link OnError#PROPAGATE}).
	 * @param <C> the category
	 * @param category an interface annotated {@link CallbackCategory}
	 * @return the dispatcher
	 * @throws IllegalArgumentException if {@code category} is not a callback category
	 */
	<C> C dispatcher(Class<C> category);

	/**
	 * Lists the registered callbacks of a category in evaluation order: by module, then by
	 * registration within a module, then by callback name. A host that needs each module's
	 * answer separately calls the targets of one callback's registrations itself.
	 * @param category an interface annotated {@link CallbackCategory}
	 * @return the registrations, possibly empty
	 * @throws IllegalArgumentException if {@code category} is not a callback category
	 */
	List<CallbackRegistration> registrations(Class<?> category);

	/**
	 * Lists every category that has at least one registration.
	 * @return the categories, in the order their first registration was made
	 */
	List<Class<?>> categories();

}
