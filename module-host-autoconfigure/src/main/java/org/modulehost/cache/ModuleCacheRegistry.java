package org.modulehost.cache;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.stats.ConcurrentStatsCounter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.modulehost.api.CachedMethod;
import org.modulehost.host.CachedFunctionRegistrar;
import org.modulehost.host.ModuleRegistration;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.cache.caffeine.CaffeineCacheManager;

/**
 * The module caches of this instance: creates one per registered {@code @Cached} method and
 * module instance, applies invalidations locally and sends them to the other instances over the
 * {@link InvalidationBus}, and applies theirs.
 *
 * <p>Each cache is also registered in the module cache manager (so Spring's {@code Cache}
 * abstraction and the actuator {@code caches} endpoint see it) and bound to Micrometer's
 * {@code cache.*} meters. Reads take no lock: the registry is copy-on-write.
 */
public class ModuleCacheRegistry implements CachedFunctionRegistrar, SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(ModuleCacheRegistry.class);

	private final ModuleCacheSettings settings;

	private final CaffeineCacheManager cacheManager;

	private final InvalidationBus bus;

	private final InvalidationKeyCodec codec;

	private final CacheMeters meters;

	private final Object lock = new Object();

	private volatile Map<String, CachedFunction> caches = Map.of();

	ModuleCacheRegistry(ModuleCacheSettings settings, CaffeineCacheManager cacheManager, InvalidationBus bus,
			InvalidationKeyCodec codec, CacheMeters meters) {
		this.settings = settings;
		this.cacheManager = cacheManager;
		this.bus = bus;
		this.codec = codec;
		this.meters = meters;
	}

	@Override
	public void registerCachedFunction(ModuleRegistration module, CachedMethod<?> method) {
		try {
			register(module, method);
		}
		catch (IllegalArgumentException ex) {
			module.refuse(ex);
			throw ex;
		}
	}

	private void register(ModuleRegistration module, CachedMethod<?> method) {
		Target target = target(module, method, "registerCachedFunction");
		String name = module.name() + "." + target.spec().method().getName();
		synchronized (this.lock) {
			for (CachedFunction other : this.caches.values()) {
				if (other.moduleName().equals(module.name()) && other.instance() != target.receiver()) {
					throw notTheModule(module, target.spec(), "registerCachedFunction");
				}
			}
			if (this.caches.containsKey(name)) {
				return;
			}
			CachedFunction function = create(name, module, target);
			this.meters.prepare();
			Map<String, CachedFunction> caches = new LinkedHashMap<>(this.caches);
			caches.put(name, function);
			this.caches = Collections.unmodifiableMap(caches);
			target.caching().bind(target.receiver(), target.spec(), function);
			this.cacheManager.registerCustomCache(name, function.cache());
			this.meters.bind(function, this.cacheManager.getCache(name));
			module.onFailure(() -> unregister(function, target.caching()));
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Module '" + module.name() + "' registered cached function '" + name + "'");
		}
	}

	private CachedFunction create(String name, ModuleRegistration module, Target target) {
		CachedMethodSpec spec = target.spec();
		ConcurrentStatsCounter stats = new ConcurrentStatsCounter();
		Caffeine<Object, Object> builder = Caffeine.newBuilder()
			.maximumSize(this.settings.capacity(name, spec.maxEntries()))
			.recordStats(() -> stats)
			.ticker(this.settings.ticker());
		if (!this.settings.expireAfterAccess().isZero()) {
			builder.expireAfterAccess(this.settings.expireAfterAccess()).scheduler(Scheduler.systemScheduler());
		}
		AsyncCache<Object, Object> cache = builder.buildAsync();
		return new CachedFunction(name, module.name(), spec, cache, stats, target.receiver(),
				target.caching().implementation(target.receiver(), spec));
	}

	private void unregister(CachedFunction function, CachingClass caching) {
		synchronized (this.lock) {
			if (this.caches.get(function.name()) == function) {
				Map<String, CachedFunction> caches = new LinkedHashMap<>(this.caches);
				caches.remove(function.name());
				this.caches = Collections.unmodifiableMap(caches);
				this.cacheManager.removeCache(function.name());
				this.meters.unbind(function);
			}
		}
		caching.bind(function.instance(), function.spec(), null);
		function.invalidateAll();
	}

	@Override
	public CompletableFuture<Void> invalidate(ModuleRegistration module, CachedMethod<?> method, List<Object> keys) {
		CachedFunction function = registered(module, method, "invalidateCache");
		function.invalidate(keys);
		publish(function, keys);
		return CompletableFuture.completedFuture(null);
	}

	@Override
	public CompletableFuture<Void> invalidateAll(ModuleRegistration module, CachedMethod<?> method) {
		CachedFunction function = registered(module, method, "invalidateAll");
		function.invalidateAll();
		publish(function, null);
		return CompletableFuture.completedFuture(null);
	}

	/**
	 * Drops one entry of a cache, or a subtree of a tree cache, here and on the other
	 * instances.
	 * @param cacheName the cache's name
	 * @param keys the key arguments, or a prefix of them for a tree cache
	 * @throws IllegalArgumentException if there is no such cache or the keys do not fit it
	 */
	public void invalidate(String cacheName, List<?> keys) {
		CachedFunction function = require(cacheName);
		function.invalidate(keys);
		publish(function, keys);
	}

	/**
	 * Drops every entry of a cache, here and on the other instances.
	 * @param cacheName the cache's name
	 * @throws IllegalArgumentException if there is no such cache
	 */
	public void invalidateAll(String cacheName) {
		CachedFunction function = require(cacheName);
		function.invalidateAll();
		publish(function, null);
	}

	/**
	 * Returns every module cache, in the order they were registered.
	 * @return the caches
	 */
	public List<CachedFunction> caches() {
		return List.copyOf(this.caches.values());
	}

	/**
	 * Returns the caches of one module.
	 * @param moduleName the module's name
	 * @return its caches, in the order it registered them
	 */
	public List<CachedFunction> caches(String moduleName) {
		List<CachedFunction> caches = new ArrayList<>();
		this.caches.values().forEach((function) -> {
			if (function.moduleName().equals(moduleName)) {
				caches.add(function);
			}
		});
		return caches;
	}

	/**
	 * Finds a cache by name.
	 * @param cacheName the cache's name, {@code <module>.<method>}
	 * @return the cache, or {@code null} if there is none by that name
	 */
	public @Nullable CachedFunction cache(String cacheName) {
		return this.caches.get(cacheName);
	}

	private CachedFunction require(String cacheName) {
		CachedFunction function = this.caches.get(cacheName);
		if (function == null) {
			throw new IllegalArgumentException("There is no module cache named '" + cacheName + "'");
		}
		return function;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.bus.subscribe(this::receive, this::resync);
	}

	/**
	 * Applies an invalidation another instance sent. Unknown caches are ignored (that instance
	 * may run other modules); keys that cannot be decoded drop the whole cache, which is always
	 * safe.
	 * @param invalidation the invalidation
	 */
	void receive(Invalidation invalidation) {
		CachedFunction function = this.caches.get(invalidation.cache());
		if (function == null) {
			if (logger.isDebugEnabled()) {
				logger.debug("Ignoring an invalidation of '" + invalidation.cache() + "', which is not a cache here");
			}
			return;
		}
		if (invalidation.keys() == null) {
			function.invalidateAll();
			return;
		}
		try {
			// a module in a bundle has enum keys only its own class loader sees
			ClassLoader moduleLoader = function.method().getDeclaringClass().getClassLoader();
			function.invalidate(this.codec.withClassLoader(moduleLoader).decode(invalidation.keys()));
		}
		catch (IllegalArgumentException ex) {
			logger.warn("Cannot apply an invalidation of cache '" + function.name() + "' from another instance ("
					+ ex.getMessage() + "); dropping every entry of that cache instead");
			function.invalidateAll();
		}
	}

	/**
	 * Drops every entry of every module cache, when the bus asks: it may have lost invalidations,
	 * or values were cached before its subscription was confirmed. The bus logs why.
	 */
	void resync() {
		List<CachedFunction> caches = caches();
		caches.forEach(CachedFunction::invalidateAll);
		logger.debug("Cleared " + caches.size() + " module caches at the invalidation bus's request");
	}

	private void publish(CachedFunction function, @Nullable List<?> keys) {
		String encoded = null;
		if (keys != null) {
			try {
				encoded = this.codec.encode(keys);
			}
			catch (IllegalArgumentException ex) {
				logger.warn("Cannot send the keys of an invalidation of cache '" + function.name()
						+ "' to other instances (" + ex.getMessage() + "); they drop the whole cache instead");
			}
		}
		try {
			this.bus.publish(new Invalidation(function.name(), encoded));
		}
		catch (RuntimeException ex) {
			logger.warn("The invalidation bus failed to send an invalidation of cache '" + function.name() + "'", ex);
		}
	}

	private CachedFunction registered(ModuleRegistration module, CachedMethod<?> method, String operation) {
		Target target = target(module, method, operation);
		String name = module.name() + "." + target.spec().method().getName();
		CachedFunction function = this.caches.get(name);
		if (function == null) {
			throw new IllegalArgumentException("Module '" + module.name() + "' called " + operation + " for "
					+ target.spec().describe() + ", which it has not registered; call"
					+ " api.registerCachedFunction(this::" + target.spec().method().getName()
					+ ") in the module's constructor");
		}
		if (function.instance() != target.receiver()) {
			throw notTheModule(module, target.spec(), operation);
		}
		return function;
	}

	private Target target(ModuleRegistration module, CachedMethod<?> method, String operation) {
		MethodReference reference = MethodReference.of(method);
		CachingClass caching = CachingClass.of(module.moduleClass());
		if (reference.isLambdaExpression()) {
			throw new IllegalArgumentException("Module '" + module.name() + "' passed a lambda expression to "
					+ operation + "; pass a method reference to a @Cached method instead, such as"
					+ " this::getDepartmentForUser");
		}
		CachedMethodSpec spec = caching.find(reference.signature());
		if (spec == null) {
			throw new IllegalArgumentException("Module '" + module.name() + "' passed the method '" + reference.name()
					+ "' to " + operation + ", but " + module.moduleClass().getName()
					+ " has no @Cached method of that name and signature; annotate the method with"
					+ " @org.modulehost.api.Cached");
		}
		Object receiver = reference.receiver();
		if (receiver == null || !caching.isCaching(receiver)) {
			throw notTheModule(module, spec, operation);
		}
		return new Target(caching, spec, receiver);
	}

	private static IllegalArgumentException notTheModule(ModuleRegistration module, CachedMethodSpec spec,
			String operation) {
		return new IllegalArgumentException("Module '" + module.name() + "' passed " + spec.describe() + " to "
				+ operation + " on another object than the module itself; pass this::" + spec.method().getName());
	}

	private record Target(CachingClass caching, CachedMethodSpec spec, Object receiver) {

	}

}
