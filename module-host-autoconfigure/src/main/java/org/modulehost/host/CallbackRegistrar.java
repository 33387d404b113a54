package org.modulehost.host;

/**
 * Where {@code ModuleApi.registerCallbacks} goes. Implemented by the callback feature.
 */
public interface CallbackRegistrar {

	/**
	 * Registers a module's callbacks of one category.
	 * @param <C> the category
	 * @param module the registering module, its window open
	 * @param category the category interface
	 * @param callbacks the module's implementation
	 * @throws IllegalArgumentException if the registration is refused
	 */
	<C> void registerCallbacks(ModuleRegistration module, Class<C> category, C callbacks);

}
