package org.modulehost.cache;

import java.util.List;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;

import org.modulehost.autoconfigure.ModuleHostAutoConfiguration;
import org.modulehost.host.CachedFunctionRegistrar;
import org.modulehost.host.ModuleClassPreparer;
import org.modulehost.host.ModuleDetailsContributor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.cache.metrics.CacheMetricsRegistrar;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Fallback;

/**
 * Cached functions for modules: {@code @Cached} methods, their caches, the module cache manager
 * and the invalidation bus.
 *
 * <p>Module caches live in their own {@link CaffeineCacheManager}, the bean
 * {@value #CACHE_MANAGER_BEAN_NAME}. It is a {@link Fallback @Fallback} bean and configured after
 * Spring Boot's cache auto-configuration, so the application's own {@code CacheManager} (its
 * bean, or the one Boot configures for {@code @EnableCaching}) stays the one that
 * {@code @Cacheable} and injection by type get; the actuator {@code caches} endpoint lists both.
 */
@AutoConfiguration(before = ModuleHostAutoConfiguration.class,
		afterName = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration")
@ConditionalOnClass({ Caffeine.class, CaffeineCacheManager.class })
@EnableConfigurationProperties(ModuleCacheProperties.class)
public final class ModuleCacheAutoConfiguration {

	/** The bean name of the cache manager holding the module caches. */
	public static final String CACHE_MANAGER_BEAN_NAME = "moduleCacheManager";

	/**
	 * The bean name of an optional Caffeine {@link Ticker} for the idle expiry of module caches,
	 * for tests that need to move time forward.
	 */
	public static final String TICKER_BEAN_NAME = "moduleCacheTicker";

	@Bean
	@ConditionalOnMissingBean
	InvalidationBus invalidationBus() {
		return InvalidationBus.NONE;
	}

	@Bean(CACHE_MANAGER_BEAN_NAME)
	@Fallback
	@ConditionalOnMissingBean(name = CACHE_MANAGER_BEAN_NAME)
	CaffeineCacheManager moduleCacheManager() {
		CaffeineCacheManager cacheManager = new CaffeineCacheManager();
		cacheManager.setAsyncCacheMode(true);
		cacheManager.setCacheNames(List.of());
		return cacheManager;
	}

	@Bean
	@ConditionalOnMissingBean(CachedFunctionRegistrar.class)
	ModuleCacheRegistry moduleCacheRegistry(ModuleCacheProperties properties,
			@Qualifier(CACHE_MANAGER_BEAN_NAME) CaffeineCacheManager cacheManager, InvalidationBus bus,
			ObjectProvider<MeterRegistry> meterRegistry, ObjectProvider<CacheMetricsRegistrar> cacheMetricsRegistrar,
			@Qualifier(TICKER_BEAN_NAME) ObjectProvider<Ticker> ticker, ApplicationContext context) {
		ModuleCacheSettings settings = new ModuleCacheSettings(properties.getGlobalFactor(),
				properties.getPerCacheFactors(), properties.getExpireAfterAccess(),
				ticker.getIfAvailable(Ticker::systemTicker));
		return new ModuleCacheRegistry(settings, cacheManager, bus, new InvalidationKeyCodec(context.getClassLoader()),
				new CacheMeters(meterRegistry, cacheMetricsRegistrar, CACHE_MANAGER_BEAN_NAME));
	}

	@Bean
	@ConditionalOnMissingBean(name = "cachedMethodPreparer")
	ModuleClassPreparer cachedMethodPreparer() {
		return new CachedMethodPreparer();
	}

	@Bean
	@ConditionalOnBean(ModuleCacheRegistry.class)
	@ConditionalOnMissingBean(name = "cachedFunctionsDetailsContributor")
	ModuleDetailsContributor cachedFunctionsDetailsContributor(ModuleCacheRegistry registry) {
		return new CachedFunctionsDetailsContributor(registry);
	}

}
