package org.modulehost.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an instance method of a module as a cached function, Synapse's {@code @cached}.
 *
 * <p>The module registers the method in its constructor with
 * {@link ModuleApi#registerCachedFunction(CachedMethod1) api.registerCachedFunction(this::method)}.
 * From then on every call, including the module's own calls through {@code this}, is served from
 * a per-instance cache named {@code <module name>.<method name>}. Concurrent calls for one key
 * share one computation; a failed computation is not cached; {@code null} is a value and is
 * cached. The method must be neither {@code private}, {@code static} nor {@code final}, and the
 * module class not {@code final}: the host refuses such a declaration at start-up.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Cached {

	/**
	 * The number of entries the cache holds before the least recently used one is dropped,
	 * before the cache factor ({@code modulehost.caches.global-factor} or the cache's own factor)
	 * is applied.
	 * @return the entry count before the factor
	 */
	int maxEntries() default 1000;

	/**
	 * How many leading arguments form the key; the others are passed through but ignored for
	 * caching. {@code -1} means every argument.
	 * @return the number of key arguments, or {@code -1}
	 */
	int numArgs() default -1;

	/**
	 * Whether the cache allows invalidation by a key prefix: with {@code tree = true},
	 * {@code invalidateCache(method, a)} on a two-argument method drops every entry whose first
	 * argument is {@code a}. Needs at least two key arguments.
	 * @return {@code true} for a tree cache
	 */
	boolean tree() default false;

}
