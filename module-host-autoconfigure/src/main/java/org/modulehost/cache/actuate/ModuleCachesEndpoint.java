package org.modulehost.cache.actuate;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.modulehost.cache.CachedFunction;
import org.modulehost.cache.ModuleCacheRegistry;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * {@code /actuator/modulecaches}: the module caches of this instance with their size, capacity
 * and statistics. The write operations (invalidating an entry, a subtree or a whole cache, see
 * {@link ModuleCachesWriteConfiguration}) exist only when an admin token is configured.
 */
@Endpoint(id = "modulecaches")
public class ModuleCachesEndpoint {

	private final ModuleCacheRegistry registry;

	/**
	 * Creates the endpoint.
	 * @param registry the module caches
	 */
	public ModuleCachesEndpoint(ModuleCacheRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Lists every module cache.
	 * @return the caches, in the order they were registered
	 */
	@ReadOperation
	public ModuleCachesDescriptor caches() {
		List<CacheDescriptor> caches = new ArrayList<>();
		this.registry.caches().forEach((cache) -> caches.add(CacheDescriptor.of(cache)));
		return new ModuleCachesDescriptor(caches);
	}

	/**
	 * Describes one module cache.
	 * @param cache the cache's name, {@code <module>.<method>}
	 * @return its description, or {@code null} (404) if there is no such cache
	 */
	@ReadOperation
	public @Nullable CacheDescriptor cache(@Selector String cache) {
		CachedFunction function = this.registry.cache(cache);
		return (function != null) ? CacheDescriptor.of(function) : null;
	}

	/**
	 * The module caches of this instance.
	 *
	 * @param caches each cache
	 */
	public record ModuleCachesDescriptor(List<CacheDescriptor> caches) implements OperationResponseBody {

	}

	/**
	 * A module cache.
	 *
	 * @param name the cache's name, {@code <module>.<method>}
	 * @param module the owning module
	 * @param method the cached method's name
	 * @param keyParameters the method's key parameters, in order, as {@code "Type name"}: what
	 * the {@code keys} of an invalidation are read as
	 * @param tree whether a prefix of the keys invalidates a subtree
	 * @param size the number of entries, running computations included
	 * @param capacity the most entries the cache holds
	 * @param hits lookups that found an entry or joined a running computation
	 * @param misses lookups that started a computation
	 * @param evictions entries dropped for size or idleness
	 * @param pending computations running now
	 */
	public record CacheDescriptor(String name, String module, String method, List<String> keyParameters,
			boolean tree, long size, long capacity, long hits, long misses, long evictions,
			long pending) implements OperationResponseBody {

		static CacheDescriptor of(CachedFunction function) {
			CachedFunction.Statistics statistics = function.statistics();
			return new CacheDescriptor(statistics.name(), statistics.module(), statistics.method(),
					keyParameters(function), statistics.tree(), statistics.size(), statistics.capacity(),
					statistics.hits(), statistics.misses(), statistics.evictions(), statistics.pending());
		}

		private static List<String> keyParameters(CachedFunction function) {
			Method method = function.method();
			Parameter[] parameters = method.getParameters();
			List<String> names = new ArrayList<>();
			for (int i = 0; i < function.numArgs(); i++) {
				names.add(parameters[i].getParameterizedType().getTypeName() + " " + parameters[i].getName());
			}
			return names;
		}

	}

}
