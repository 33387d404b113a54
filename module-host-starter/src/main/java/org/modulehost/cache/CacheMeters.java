package org.modulehost.cache;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Binds module caches to Micrometer's {@code cache.*} meters, tagged exactly as Spring Boot
 * tags the caches it binds at start-up: {@code cache=<name>} and
 * {@code cache.manager=<manager bean name without its "CacheManager" suffix>}, i.e.
 * {@code cache.manager=module}. Module caches come and go with their modules, after Boot's
 * start-up binding, so they are bound here.
 */
final class CacheMeters {

	private final ObjectProvider<MeterRegistry> registry;

	private final String cacheManagerTag;

	CacheMeters(ObjectProvider<MeterRegistry> registry, String cacheManagerBeanName) {
		this.registry = registry;
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

	void bind(CachedFunction function) {
		MeterRegistry meters = this.registry.getIfAvailable();
		if (meters != null) {
			new CaffeineCacheMetrics<>(function.cache().synchronous(), function.name(),
					List.of(Tag.of("cache.manager", this.cacheManagerTag)))
				.bindTo(meters);
		}
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
