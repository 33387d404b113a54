package org.modulehost.homeserver.storage;

import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;

import com.github.benmanes.caffeine.cache.Cache;

/**
 * A cache of rows that may change behind its back, kept right by invalidations: this
 * instance's after its own writes, the other instances' as {@link ChangeNotifications} deliver
 * them.
 *
 * <p>A value read from the database is kept only if no invalidation happened while it was read
 * (it could be older than the write the invalidation announced), and only while
 * {@code receiving} says that invalidations arrive at all. Hits take no lock; filling and
 * invalidating take one, briefly.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class CoherentCache<K, V> {

	private final Cache<K, V> cache;

	private final BooleanSupplier receiving;

	private final Object lock = new Object();

	/** Advanced by every invalidation, under the lock. */
	private volatile long generation;

	CoherentCache(Cache<K, V> cache, BooleanSupplier receiving) {
		this.cache = cache;
		this.receiving = receiving;
	}

	/**
	 * Returns the cached value, or loads it and keeps it unless it may be stale.
	 * @param key the key
	 * @param loader reads the value from the database
	 * @return the value, or empty if there is none (absence is not cached)
	 */
	Optional<V> get(K key, Function<K, Optional<V>> loader) {
		V cached = this.cache.getIfPresent(key);
		if (cached != null) {
			return Optional.of(cached);
		}
		long before = this.generation;
		Optional<V> loaded = loader.apply(key);
		if (loaded.isPresent()) {
			synchronized (this.lock) {
				if (this.generation == before && this.receiving.getAsBoolean()) {
					this.cache.put(key, loaded.get());
				}
			}
		}
		return loaded;
	}

	void invalidate(K key) {
		synchronized (this.lock) {
			this.generation++;
			this.cache.invalidate(key);
		}
	}

	void invalidateIf(Predicate<V> stale) {
		synchronized (this.lock) {
			this.generation++;
			this.cache.asMap().values().removeIf(stale);
		}
	}

	void invalidateAll() {
		synchronized (this.lock) {
			this.generation++;
			this.cache.invalidateAll();
		}
	}

}
