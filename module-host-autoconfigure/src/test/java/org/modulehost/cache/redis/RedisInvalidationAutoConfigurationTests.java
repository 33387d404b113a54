package org.modulehost.cache.redis;

import java.util.function.Consumer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.modulehost.cache.Invalidation;
import org.modulehost.cache.InvalidationBus;
import org.modulehost.cache.ModuleCacheAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the Redis bus is there and how it is set up.
 */
class RedisInvalidationAutoConfigurationTests {

	private static RedisServer redis;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(DataRedisAutoConfiguration.class, RedisInvalidationAutoConfiguration.class))
		.withPropertyValues(redis.properties());

	@BeforeAll
	static void startRedis() {
		redis = RedisServer.start();
	}

	@AfterAll
	static void stopRedis() {
		if (redis != null) {
			redis.close();
		}
	}

	@Test
	void theBusIsOffUnlessEnabled() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(InvalidationBus.class)
			.doesNotHaveBean(RedisInvalidationProperties.class));
	}

	@Test
	void enablingItMakesRedisTheInvalidationBus() {
		this.runner
			.withPropertyValues("modulehost.caches.invalidation.redis.enabled=true", "modulehost.instance.name=web1")
			.run((context) -> {
				assertThat(context).hasSingleBean(InvalidationBus.class);
				RedisInvalidationBus bus = context.getBean(RedisInvalidationBus.class);
				assertThat(bus.origin()).matches("web1/[0-9a-f]{8}");
				assertThat(bus.isRunning()).isTrue();
				assertThat(context.getBean(RedisInvalidationProperties.class).getChannel())
					.isEqualTo("modulehost.invalidations");
			});
	}

	@Test
	void theCacheFeatureSendsItsInvalidationsOverRedisWhenEnabled() {
		this.runner.withConfiguration(AutoConfigurations.of(ModuleCacheAutoConfiguration.class))
			.withPropertyValues("modulehost.caches.invalidation.redis.enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(InvalidationBus.class)
				.getBean(InvalidationBus.class)
				.isInstanceOf(RedisInvalidationBus.class));
	}

	@Test
	void theCacheFeatureKeepsItsSingleInstanceBusWhenNotEnabled() {
		this.runner.withConfiguration(AutoConfigurations.of(ModuleCacheAutoConfiguration.class))
			.run((context) -> assertThat(context).getBean(InvalidationBus.class).isSameAs(InvalidationBus.NONE));
	}

	@Test
	void withoutAnInstanceNameTheOriginIsMain() {
		this.runner.withPropertyValues("modulehost.caches.invalidation.redis.enabled=true")
			.run((context) -> assertThat(context.getBean(RedisInvalidationBus.class).origin()).startsWith("main/"));
	}

	@Test
	void anApplicationsOwnBusWins() {
		this.runner.withPropertyValues("modulehost.caches.invalidation.redis.enabled=true")
			.withBean(InvalidationBus.class, OwnBus::new)
			.run((context) -> assertThat(context).hasSingleBean(InvalidationBus.class)
				.getBean(InvalidationBus.class)
				.isInstanceOf(OwnBus.class));
	}

	@Test
	void withoutSpringDataRedisThereIsNoBusEvenIfEnabled() {
		this.runner.withPropertyValues("modulehost.caches.invalidation.redis.enabled=true")
			.withClassLoader(new FilteredClassLoader("org.springframework.data.redis"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(InvalidationBus.class));
	}

	@Test
	void aHeartbeatOfZeroFailsStartUpNamingTheProperty() {
		this.runner
			.withPropertyValues("modulehost.caches.invalidation.redis.enabled=true",
					"modulehost.caches.invalidation.redis.heartbeat=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("modulehost.caches.invalidation.redis.heartbeat must be positive"));
	}

	static final class OwnBus implements InvalidationBus {

		@Override
		public void publish(Invalidation invalidation) {
		}

		@Override
		public void subscribe(Consumer<Invalidation> receiver, Runnable resync) {
		}

	}

}
