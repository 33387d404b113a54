package org.modulehost.cache;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.modulehost.api.CachedMethod;
import org.modulehost.autoconfigure.ModuleHostAutoConfiguration;
import org.modulehost.host.CachedFunctionRegistrar;
import org.modulehost.host.ModuleRegistration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.metrics.CacheMetricsAutoConfiguration;
import org.springframework.boot.cache.metrics.CacheMetricsRegistrar;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cache auto-configuration: its own cache manager next to the application's, metrics, and
 * beans an application can replace.
 */
class ModuleCacheAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CacheAutoConfiguration.class, ModuleCacheAutoConfiguration.class,
				ModuleHostAutoConfiguration.class))
		.withPropertyValues("modules[0].module=" + GreetingModule.class.getName(), "modules[0].name=greeter");

	@Test
	void moduleCachesLiveInTheModuleCacheManager() {
		this.runner.run((context) -> {
			GreetingModule module = (GreetingModule) context.getBean("module:greeter");
			module.greeting("alice");
			CaffeineCacheManager cacheManager = context.getBean(ModuleCacheAutoConfiguration.CACHE_MANAGER_BEAN_NAME,
					CaffeineCacheManager.class);
			assertThat(cacheManager.getCacheNames()).containsExactly("greeter.greeting");
			assertThat(cacheManager.getCache("greeter.greeting").get("alice", String.class)).isEqualTo("Hello, alice (1)");
			assertThat(cacheManager.getCache("greeter.nothing")).isNull();
			assertThat(cacheManager.getCacheNames()).containsExactly("greeter.greeting");
		});
	}

	@Test
	void theApplicationsOwnCacheManagerStaysTheOneCacheableUses() {
		this.runner.withUserConfiguration(ApplicationCachingConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBeansOfType(CacheManager.class)).containsOnlyKeys("cacheManager",
					ModuleCacheAutoConfiguration.CACHE_MANAGER_BEAN_NAME);
			assertThat(context.getBean(CacheManager.class)).isInstanceOf(ConcurrentMapCacheManager.class);
			PriceService prices = context.getBean(PriceService.class);
			assertThat(prices.price("tea")).isEqualTo(prices.price("tea"));
			assertThat(prices.calls()).isEqualTo(1);
			assertThat(context.getBean("cacheManager", CacheManager.class).getCacheNames()).containsExactly("prices");
			assertThat(context.getBean(ModuleCacheAutoConfiguration.CACHE_MANAGER_BEAN_NAME, CacheManager.class)
				.getCacheNames()).containsExactly("greeter.greeting");
		});
	}

	@Test
	void springBootStillConfiguresTheApplicationsCacheManagerForEnableCaching() {
		this.runner.withUserConfiguration(EnableCachingConfiguration.class)
			.withPropertyValues("spring.cache.type=simple")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(CacheManager.class)).isInstanceOf(ConcurrentMapCacheManager.class);
				PriceService prices = context.getBean(PriceService.class);
				prices.price("tea");
				prices.price("tea");
				assertThat(prices.calls()).isEqualTo(1);
			});
	}

	@Test
	void moduleCachesReportCacheMetricsTaggedLikeSpringBootsOwn() {
		this.runner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
					CacheMetricsAutoConfiguration.class))
			.run((context) -> {
				GreetingModule module = (GreetingModule) context.getBean("module:greeter");
				module.greeting("alice");
				module.greeting("alice");
				module.greeting("bob");
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.get("cache.gets")
					.tags("cache", "greeter.greeting", "cache.manager", "module", "result", "hit")
					.functionCounter()
					.count()).isEqualTo(1);
				assertThat(meters.get("cache.gets")
					.tags("cache", "greeter.greeting", "cache.manager", "module", "result", "miss")
					.functionCounter()
					.count()).isEqualTo(2);
				assertThat(meters.get("cache.size").tags("cache", "greeter.greeting").gauge().value()).isEqualTo(2);
				Collection<Meter> moduleMeters = meters.find("cache.gets").tag("cache", "greeter.greeting").meters();
				assertThat(moduleMeters).hasSize(2)
					.allSatisfy((meter) -> assertThat(meter.getId().getTag("cache.manager")).isEqualTo("module"));
			});
	}

	@Test
	void moduleCachesReportCacheMetricsWithoutSpringBootsCacheMetricsRegistrar() {
		this.runner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).doesNotHaveBean(CacheMetricsRegistrar.class);
				greeter(context).greeting("alice");
				greeter(context).greeting("alice");
				assertThat(context.getBean(MeterRegistry.class)
					.get("cache.gets")
					.tags("cache", "greeter.greeting", "name", "greeter.greeting", "cache.manager", "module", "result",
							"hit")
					.functionCounter()
					.count()).isEqualTo(1);
			});
	}

	@Test
	void theApplicationCanReplaceTheInvalidationBus() {
		this.runner.withBean(RecordingBus.class, RecordingBus::new)
			.run((context) -> assertThat(context.getBean(InvalidationBus.class)).isInstanceOf(RecordingBus.class));
	}

	@Test
	void theApplicationCanReplaceTheCachedFunctionRegistrar() {
		this.runner.withPropertyValues("modules=")
			.withBean(CachedFunctionRegistrar.class, NoCaches::new)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(ModuleCacheRegistry.class);
				assertThat(context).hasSingleBean(CachedFunctionRegistrar.class);
			});
	}

	@Test
	void cacheManagerTagsFollowSpringBootsNaming() {
		assertThat(CacheMeters.tagOf("moduleCacheManager")).isEqualTo("module");
		assertThat(CacheMeters.tagOf("cacheManager")).isEqualTo("cacheManager");
		assertThat(CacheMeters.tagOf("caches")).isEqualTo("caches");
	}

	static GreetingModule greeter(ApplicationContext context) {
		return (GreetingModule) context.getBean("module:greeter");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class ApplicationCachingConfiguration {

		@Bean
		CacheManager cacheManager() {
			return new ConcurrentMapCacheManager("prices");
		}

		@Bean
		PriceService priceService() {
			return new PriceService();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class EnableCachingConfiguration {

		@Bean
		PriceService priceService() {
			return new PriceService();
		}

	}

	static class PriceService {

		private final AtomicInteger calls = new AtomicInteger();

		@Cacheable("prices")
		public Integer price(String item) {
			return this.calls.incrementAndGet();
		}

		public int calls() {
			return this.calls.get();
		}

	}

	static class NoCaches implements CachedFunctionRegistrar {

		@Override
		public void registerCachedFunction(ModuleRegistration module, CachedMethod<?> method) {
		}

		@Override
		public CompletableFuture<Void> invalidate(ModuleRegistration module, CachedMethod<?> method, List<Object> keys) {
			return CompletableFuture.completedFuture(null);
		}

		@Override
		public CompletableFuture<Void> invalidateAll(ModuleRegistration module, CachedMethod<?> method) {
			return CompletableFuture.completedFuture(null);
		}

	}

}
