package org.modulehost.cache;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentMap;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import org.jspecify.annotations.Nullable;

import org.springframework.cache.support.NullValue;

/**
 * The cache of one {@code @Cached} method of one module instance, named
 * {@code <module>.<method>}. The module's generated subclass calls {@code call1}..{@code call3}
 * for every call of the method; everything else is for the host.
 *
 * <p>Behaviour (Synapse's {@code @cached}):
 * <ul>
 * <li>The key is the first {@code numArgs} arguments; the other arguments reach the method but
 * do not distinguish entries.</li>
 * <li>Concurrent calls for one key share one computation (single flight). It runs on the first
 * caller's thread, outside any lock; a plain method's other callers wait for it, a
 * {@code CompletableFuture} method's other callers get a future of it.</li>
 * <li>A failed computation (an exception, or a future completing exceptionally) is removed
 * before any caller sees the failure, so a retry, even one made from a caller's completion
 * callback, computes again; every caller that joined it gets the same exception. {@code null} is a value and is
 * cached.</li>
 * <li>An invalidation while a computation is running removes it: its callers still get its
 * result, but the result is not stored (Caffeine completes an entry only if the key still maps
 * to that very future).</li>
 * <li>Callers of a {@code CompletableFuture} method get their own future: cancelling it does not
 * cancel the shared computation or other callers' futures.</li>
 * </ul>
 */
public final class CachedFunction {

	private final String name;

	private final String moduleName;

	private final CachedMethodSpec spec;

	private final int numArgs;

	private final boolean async;

	private final AsyncCache<Object, Object> cache;

	private final ConcurrentMap<Object, CompletableFuture<Object>> map;

	private final StatsCounter stats;

	private final Object instance;

	private final MethodHandle implementation;

	CachedFunction(String name, String moduleName, CachedMethodSpec spec, AsyncCache<Object, Object> cache,
			StatsCounter stats, Object instance, MethodHandle implementation) {
		this.name = name;
		this.moduleName = moduleName;
		this.spec = spec;
		this.numArgs = spec.numArgs();
		this.async = spec.async();
		this.cache = cache;
		this.map = cache.asMap();
		this.stats = stats;
		this.instance = instance;
		this.implementation = implementation;
	}

	/**
	 * Calls a one-argument cached method through the cache. Used by generated code.
	 * @param a the argument
	 * @return the (possibly cached) result, or a future of it
	 */
	public @Nullable Object call1(@Nullable Object a) {
		Object key = (this.numArgs == 1) ? CacheKeys.of1(a) : CacheKeys.EMPTY;
		CompletableFuture<Object> shared = this.map.get(key);
		return (shared != null) ? hit(shared) : miss(key, a, null, null);
	}

	/**
	 * Calls a two-argument cached method through the cache. Used by generated code.
	 * @param a the first argument
	 * @param b the second argument
	 * @return the (possibly cached) result, or a future of it
	 */
	public @Nullable Object call2(@Nullable Object a, @Nullable Object b) {
		Object key = switch (this.numArgs) {
			case 2 -> CacheKeys.of2(a, b);
			case 1 -> CacheKeys.of1(a);
			default -> CacheKeys.EMPTY;
		};
		CompletableFuture<Object> shared = this.map.get(key);
		return (shared != null) ? hit(shared) : miss(key, a, b, null);
	}

	/**
	 * Calls a three-argument cached method through the cache. Used by generated code.
	 * @param a the first argument
	 * @param b the second argument
	 * @param c the third argument
	 * @return the (possibly cached) result, or a future of it
	 */
	public @Nullable Object call3(@Nullable Object a, @Nullable Object b, @Nullable Object c) {
		Object key = switch (this.numArgs) {
			case 3 -> CacheKeys.of3(a, b, c);
			case 2 -> CacheKeys.of2(a, b);
			case 1 -> CacheKeys.of1(a);
			default -> CacheKeys.EMPTY;
		};
		CompletableFuture<Object> shared = this.map.get(key);
		return (shared != null) ? hit(shared) : miss(key, a, b, c);
	}

	private @Nullable Object hit(CompletableFuture<Object> shared) {
		this.stats.recordHits(1);
		return this.async ? copy(shared) : await(shared);
	}

	private @Nullable Object miss(Object key, @Nullable Object a, @Nullable Object b, @Nullable Object c) {
		CompletableFuture<Object> fresh = new CompletableFuture<>();
		CompletableFuture<Object> shared = this.cache.get(key, (k, executor) -> fresh);
		if (shared != fresh) {
			return this.async ? copy(shared) : await(shared);
		}
		Object result;
		try {
			result = invoke(a, b, c);
		}
		catch (Throwable ex) {
			fail(key, fresh, ex);
			if (this.async) {
				return copy(fresh);
			}
			throw CachedFunction.<RuntimeException>sneaky(ex);
		}
		if (!this.async) {
			fresh.complete(wrap(result));
			return result;
		}
		if (!(result instanceof CompletionStage<?> stage)) {
			fail(key, fresh, new NullPointerException("@Cached method " + this.spec.describe() + " of module '"
					+ this.moduleName + "' returned null instead of a future"));
			return copy(fresh);
		}
		stage.whenComplete((value, ex) -> {
			if (ex != null) {
				fail(key, fresh, unwrap(ex));
			}
			else {
				fresh.complete(wrap(value));
			}
		});
		return copy(fresh);
	}

	private @Nullable Object invoke(@Nullable Object a, @Nullable Object b, @Nullable Object c) throws Throwable {
		return switch (this.spec.method().getParameterCount()) {
			case 1 -> this.implementation.invokeExact(a);
			case 2 -> this.implementation.invokeExact(a, b);
			default -> this.implementation.invokeExact(a, b, c);
		};
	}

	/**
	 * Removes a failed computation before anyone can see it failed, then completes it with the
	 * failure as its value. The shared future never completes exceptionally: it is no longer in
	 * the cache, so Caffeine has nothing to remove and nothing to log, and every reader turns the
	 * failure back into an exception.
	 */
	private void fail(Object key, CompletableFuture<Object> fresh, Throwable failure) {
		this.map.remove(key, fresh);
		fresh.complete(new Failure(failure));
	}

	private static @Nullable Object await(CompletableFuture<Object> shared) {
		Object value;
		try {
			value = shared.join();
		}
		catch (CompletionException ex) {
			throw CachedFunction.<RuntimeException>sneaky(unwrap(ex));
		}
		if (value instanceof Failure failure) {
			throw CachedFunction.<RuntimeException>sneaky(failure.cause());
		}
		return unwrapNull(value);
	}

	/** A caller's own future of a shared computation, completed like it. */
	private static CompletableFuture<@Nullable Object> copy(CompletableFuture<Object> shared) {
		if (shared.isDone() && !shared.isCompletedExceptionally()) {
			Object value = shared.join();
			return (value instanceof Failure failure) ? CompletableFuture.failedFuture(failure.cause())
					: CompletableFuture.completedFuture(unwrapNull(value));
		}
		CompletableFuture<@Nullable Object> copy = new CompletableFuture<>();
		shared.whenComplete((value, ex) -> {
			if (ex != null) {
				copy.completeExceptionally(unwrap(ex));
			}
			else if (value instanceof Failure failure) {
				copy.completeExceptionally(failure.cause());
			}
			else {
				copy.complete(unwrapNull(value));
			}
		});
		return copy;
	}

	private static Object wrap(@Nullable Object value) {
		return (value != null) ? value : NullValue.INSTANCE;
	}

	private static @Nullable Object unwrapNull(@Nullable Object value) {
		return (value != NullValue.INSTANCE) ? value : null;
	}

	private static Throwable unwrap(Throwable ex) {
		return (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
	}

	@SuppressWarnings("unchecked")
	private static <E extends Throwable> E sneaky(Throwable ex) throws E {
		throw (E) ex;
	}

	/**
	 * Checks that key arguments fit this cache: all of its key arguments, or for a tree cache at
	 * least one of them.
	 * @param keys the key arguments
	 * @throws IllegalArgumentException if they do not fit
	 */
	void checkKeys(List<?> keys) {
		if (keys.size() == this.numArgs) {
			return;
		}
		if (keys.size() > this.numArgs) {
			throw new IllegalArgumentException("Cache '" + this.name + "' has " + this.numArgs + " key argument"
					+ ((this.numArgs != 1) ? "s" : "") + " (numArgs of " + this.spec.describe() + "), but "
					+ keys.size() + " were given");
		}
		if (!this.spec.tree()) {
			throw new IllegalArgumentException("Cache '" + this.name + "' needs all " + this.numArgs
					+ " key arguments, but " + keys.size() + " were given; only a @Cached(tree = true) cache can be"
					+ " invalidated by a key prefix");
		}
		if (keys.isEmpty()) {
			throw new IllegalArgumentException("Cache '" + this.name + "' needs at least one key argument; to drop"
					+ " every entry, invalidate all");
		}
	}

	/**
	 * Drops one entry, or for fewer keys than key arguments of a tree cache, every entry under
	 * that prefix, running computations included.
	 * @param keys key arguments accepted by {@link #checkKeys}
	 */
	void invalidate(List<?> keys) {
		checkKeys(keys);
		if (keys.size() == this.numArgs) {
			this.cache.synchronous().invalidate(CacheKeys.of(keys));
		}
		else {
			this.map.keySet().removeIf((key) -> CacheKeys.hasPrefix(key, keys));
		}
	}

	/**
	 * Drops every entry, running computations included.
	 */
	void invalidateAll() {
		this.cache.synchronous().invalidateAll();
	}

	/**
	 * Returns the cache's name.
	 * @return {@code <module>.<method>}
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Returns the name of the module that owns the cache.
	 * @return the module name
	 */
	public String moduleName() {
		return this.moduleName;
	}

	/**
	 * Returns the cached method.
	 * @return the method as the module class declares it
	 */
	public Method method() {
		return this.spec.method();
	}

	/**
	 * Returns how many leading arguments form the key.
	 * @return the number of key arguments
	 */
	public int numArgs() {
		return this.numArgs;
	}

	/**
	 * Tells whether the cache can be invalidated by a key prefix.
	 * @return {@code true} for a {@code @Cached(tree = true)} cache
	 */
	public boolean tree() {
		return this.spec.tree();
	}

	/**
	 * Returns the module instance whose method this caches.
	 * @return the instance
	 */
	Object instance() {
		return this.instance;
	}

	CachedMethodSpec spec() {
		return this.spec;
	}

	AsyncCache<Object, Object> cache() {
		return this.cache;
	}

	/**
	 * Describes the cache's current state. Runs pending maintenance first, so that the size
	 * does not count entries already due for eviction.
	 * @return the statistics
	 */
	public Statistics statistics() {
		this.cache.synchronous().cleanUp();
		CacheStats stats = this.cache.synchronous().stats();
		long capacity = this.cache.synchronous().policy().eviction().map((eviction) -> eviction.getMaximum()).orElse(-1L);
		long pending = this.map.values().stream().filter((future) -> !future.isDone()).count();
		return new Statistics(this.name, this.moduleName, this.spec.method().getName(),
				this.cache.synchronous().estimatedSize(), capacity, stats.hitCount(), stats.missCount(),
				stats.evictionCount(), pending, this.spec.tree());
	}

	@Override
	public String toString() {
		return "CachedFunction[" + this.name + "]";
	}

	/**
	 * The outcome of a failed computation, handed to the callers that joined it.
	 */
	private record Failure(Throwable cause) {

	}

	/**
	 * A snapshot of a cache's state.
	 *
	 * @param name the cache's name, {@code <module>.<method>}
	 * @param module the owning module's name
	 * @param method the cached method's name
	 * @param size the number of entries, running computations included
	 * @param capacity the most entries the cache holds ({@code maxEntries} times the factor)
	 * @param hits lookups that found an entry (or joined a running computation)
	 * @param misses lookups that started a computation
	 * @param evictions entries dropped for size or idleness (not invalidations)
	 * @param pending computations running now
	 * @param tree whether the cache can be invalidated by a key prefix
	 */
	public record Statistics(String name, String module, String method, long size, long capacity, long hits,
			long misses, long evictions, long pending, boolean tree) {

	}

}
