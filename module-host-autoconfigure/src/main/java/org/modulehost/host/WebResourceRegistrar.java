package org.modulehost.host;

/**
 * Where {@code ModuleApi.registerWebResource} goes. Implemented by the web feature; without it a
 * module's registration is refused with {@link UnsupportedOperationException}.
 */
public interface WebResourceRegistrar {

	/**
	 * Registers a module's web resource.
	 * @param module the registering module, its window open
	 * @param path the requested path, as the module passed it
	 * @param resource the resource, as the module passed it
	 * @throws IllegalArgumentException if the path or the resource is refused
	 */
	void registerWebResource(ModuleRegistration module, String path, Object resource);

}
