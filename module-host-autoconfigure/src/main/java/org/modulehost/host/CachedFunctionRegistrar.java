package org.modulehost.host;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.modulehost.api.CachedMethod;

/**
 * Where a module's cached-function calls go. Implemented by the cache feature.
 */
public interface CachedFunctionRegistrar {

	/**
	 * Registers a {@code @Cached} method.
	 * @param module the registering module, its window open
	 * @param method the module's method reference
	 * @throws IllegalArgumentException if the method is not {@code @Cached} or not the module's
	 */
	void registerCachedFunction(ModuleRegistration module, CachedMethod<?> method);

	/**
	 * Drops one entry, or for a tree cache and fewer keys than key arguments, a subtree.
	 * @param module the module
	 * @param method the module's method reference
	 * @param keys the key arguments given
	 * @return completes after the local invalidation
	 * @throws IllegalArgumentException if the method was not registered or the keys do not fit
	 */
	CompletableFuture<Void> invalidate(ModuleRegistration module, CachedMethod<?> method, List<Object> keys);

	/**
	 * Drops every entry of a cached function.
	 * @param module the module
	 * @param method the module's method reference
	 * @return completes after the local invalidation
	 * @throws IllegalArgumentException if the method was not registered
	 */
	CompletableFuture<Void> invalidateAll(ModuleRegistration module, CachedMethod<?> method);

}
