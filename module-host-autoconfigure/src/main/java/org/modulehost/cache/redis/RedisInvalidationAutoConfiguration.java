package org.modulehost.cache.redis;

import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.modulehost.autoconfigure.ModuleHostAutoConfiguration;
import org.modulehost.cache.InvalidationBus;
import org.modulehost.cache.ModuleCacheAutoConfiguration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * Sends module cache invalidations to the other instances over Redis pub/sub when
 * {@code modulehost.caches.invalidation.redis.enabled=true} and Spring Data Redis is on the class
 * path ({@code spring-boot-starter-data-redis}). The Redis server is Spring Boot's
 * ({@code spring.data.redis.host}, {@code .port}, …). Runs before the cache feature, whose
 * single-instance bus then stays out.
 */
@AutoConfiguration(before = { ModuleCacheAutoConfiguration.class, ModuleHostAutoConfiguration.class },
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass({ RedisConnectionFactory.class, RedisMessageListenerContainer.class })
@ConditionalOnBooleanProperty("modulehost.caches.invalidation.redis.enabled")
@EnableConfigurationProperties(RedisInvalidationProperties.class)
public final class RedisInvalidationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(InvalidationBus.class)
	RedisInvalidationBus redisInvalidationBus(RedisConnectionFactory connectionFactory,
			RedisInvalidationProperties properties, Environment environment,
			ObjectProvider<MeterRegistry> meterRegistry) {
		String name = environment.getProperty("modulehost.instance.name", "main");
		String origin = name + "/" + UUID.randomUUID().toString().substring(0, 8);
		MeterRegistry registry = meterRegistry.getIfAvailable(SimpleMeterRegistry::new);
		return new RedisInvalidationBus(connectionFactory, origin, properties, new InvalidationMetrics(registry));
	}

}
