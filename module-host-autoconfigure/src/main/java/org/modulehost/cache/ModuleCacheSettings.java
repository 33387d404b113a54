package org.modulehost.cache;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Ticker;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * How module caches are sized and expired.
 *
 * @param globalFactor the factor of every cache without its own
 * @param perCacheFactors factors by cache name ({@code <module>.<method>})
 * @param expireAfterAccess how long an unread entry stays; zero for no idle expiry
 * @param ticker the clock of idle expiry
 */
record ModuleCacheSettings(double globalFactor, Map<String, Double> perCacheFactors, Duration expireAfterAccess,
		Ticker ticker) {

	ModuleCacheSettings {
		check("modulehost.caches.global-factor", globalFactor);
		perCacheFactors.forEach((name, factor) -> check("modulehost.caches.per-cache-factors[" + name + "]", factor));
		if (expireAfterAccess.isNegative()) {
			throw new InvalidConfigurationPropertyValueException("modulehost.caches.expire-after-access",
					expireAfterAccess, "Use a positive duration such as 30m, or 0 for no idle expiry.");
		}
		perCacheFactors = Map.copyOf(perCacheFactors);
	}

	private static void check(String property, Double factor) {
		if (factor == null || factor.isNaN() || factor.isInfinite() || factor < 0) {
			throw new InvalidConfigurationPropertyValueException(property, factor,
					"A cache factor multiplies @Cached(maxEntries); use zero or a positive number such as 0.5.");
		}
	}

	/**
	 * Returns the factor of a cache: its own, matched exactly or ignoring case and punctuation
	 * (as environment variables spell it), else the global factor.
	 * @param cacheName the cache's name
	 * @return the factor
	 */
	double factor(String cacheName) {
		Double own = this.perCacheFactors.get(cacheName);
		if (own != null) {
			return own;
		}
		String canonical = canonical(cacheName);
		for (Map.Entry<String, Double> entry : this.perCacheFactors.entrySet()) {
			if (canonical(entry.getKey()).equals(canonical)) {
				return entry.getValue();
			}
		}
		return this.globalFactor;
	}

	/**
	 * Returns a cache's capacity: {@code maxEntries} times its factor, rounded down as Synapse
	 * does.
	 * @param cacheName the cache's name
	 * @param maxEntries the method's {@code @Cached(maxEntries)}
	 * @return the most entries the cache holds
	 */
	long capacity(String cacheName, int maxEntries) {
		return (long) (maxEntries * factor(cacheName));
	}

	private static String canonical(String name) {
		return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
	}

}
