package org.modulehost.cache;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Sizing and expiry of module caches (Synapse's {@code caches:} section).
 *
 * <p>A cache holds {@code @Cached(maxEntries)} times its factor entries, rounded down: with the
 * default global factor of 0.5, as in Synapse, a plain {@code @Cached} method keeps 500 entries.
 */
@ConfigurationProperties("modulehost.caches")
public class ModuleCacheProperties {

	/** Factor applied to every cache's maxEntries unless the cache has its own (Synapse's default is 0.5). */
	private double globalFactor = 0.5;

	/** Factors of single caches by cache name, "<module>.<method>"; in YAML write the name as "[Module.method]". */
	private Map<String, Double> perCacheFactors = new LinkedHashMap<>();

	/** How long an entry nobody reads stays cached; 0 keeps entries until evicted for size or invalidated. */
	private Duration expireAfterAccess = Duration.ofMinutes(30);

	public double getGlobalFactor() {
		return this.globalFactor;
	}

	public void setGlobalFactor(double globalFactor) {
		this.globalFactor = globalFactor;
	}

	public Map<String, Double> getPerCacheFactors() {
		return this.perCacheFactors;
	}

	public void setPerCacheFactors(Map<String, Double> perCacheFactors) {
		this.perCacheFactors = perCacheFactors;
	}

	public Duration getExpireAfterAccess() {
		return this.expireAfterAccess;
	}

	public void setExpireAfterAccess(Duration expireAfterAccess) {
		this.expireAfterAccess = expireAfterAccess;
	}

}
