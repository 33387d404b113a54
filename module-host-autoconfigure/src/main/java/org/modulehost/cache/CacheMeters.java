package org.modulehost.cache;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.cache.metrics.CacheMetricsRegistrar;
import org.springframework.cache.Cache;

/**
 * Binds module caches to Micrometer's {@code cache.*} meters, tagged exactly as Spring Boot tags
 * the caches it binds at start-up: {@code cache} and {@code name} (the cache's name) and
 * {@code cache.manager} (the manager's bean name without its "CacheManager" suffix, so
 * {@code module}). Module caches come and go with their modules, so they are bound here,
 * through Boot's {@link CacheMetricsRegistrar} when there is one; should Boot bind them as well,
 * the identical meters are the same meters.
 */
final class CacheMeters {

	private final ObjectProvider<MeterRegistry> registry;

	private final ObjectProvider<CacheMetricsRegistrar> registrar;

	private final String cacheManagerTag;

	CacheMeters(ObjectProvider<MeterRegistry> registry, ObjectProvider<CacheMetricsRegistrar> registrar,
			String cacheManagerBeanName) {
		this.registry = registry;
		this.registrar = registrar;
		this.cacheManagerTag = tagOf(cacheManagerBeanName);
	}

	/**
	 * Returns the {@code cache.manager} tag Spring Boot derives from a cache manager's bean name.
	 * @param beanName the bean name
	 * @return the name without a trailing {@code cacheManager} (ignoring case), unless that is
	 * all of it
	 */
	static String tagOf(String beanName) {
		String suffix = "cacheManager";
		if (beanName.length() > suffix.length()
				&& beanName.regionMatches(true, beanName.length() - suffix.length(), suffix, 0, suffix.length())) {
			return beanName.substring(0, beanName.length() - suffix.length());
		}
		return beanName;
	}

	/**
	 * Resolves the meter registry and Boot's registrar before a cache joins the cache manager:
	 * creating Boot's registrar binds every cache the managers hold at that moment, so a cache
	 * added afterwards is bound once, here.
	 */
	void prepare() {
		this.registrar.getIfAvailable();
		this.registry.getIfAvailable();
	}

	void bind(CachedFunction function, Cache springCache) {
		MeterRegistry meters = this.registry.getIfAvailable();
		if (meters == null || isBound(meters, function)) {
			return;
		}
		Tag cacheManager = Tag.of("cache.manager", this.cacheManagerTag);
		CacheMetricsRegistrar registrar = this.registrar.getIfAvailable();
		if (registrar != null && registrar.bindCacheToRegistry(springCache, cacheManager)) {
			return;
		}
		new CaffeineCacheMetrics<>(function.cache().synchronous(), function.name(),
				List.of(Tag.of("name", function.name()), cacheManager))
			.bindTo(meters);
	}

	private boolean isBound(MeterRegistry meters, CachedFunction function) {
		return meters.find("cache.size")
			.tag("cache", function.name())
			.tag("cache.manager", this.cacheManagerTag)
			.gauge() != null;
	}

	void unbind(CachedFunction function) {
		MeterRegistry meters = this.registry.getIfAvailable();
		if (meters != null) {
			meters.getMeters()
				.stream()
				.filter((meter) -> function.name().equals(meter.getId().getTag("cache"))
						&& this.cacheManagerTag.equals(meter.getId().getTag("cache.manager")))
				.toList()
				.forEach(meters::remove);
		}
	}

}
