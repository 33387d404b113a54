package org.modulehost.cache.actuate;

import org.modulehost.autoconfigure.ModuleHostAdminProperties;
import org.modulehost.cache.InvalidationBus;
import org.modulehost.cache.ModuleCacheAutoConfiguration;
import org.modulehost.cache.ModuleCacheRegistry;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code modulecaches} actuator endpoint, and the {@code moduleCacheInvalidation} health
 * indicator (for the readiness group). The endpoint's write operations
 * ({@link ModuleCachesWriteConfiguration}) exist only when {@code modulehost.admin.token} is set,
 * and then need that token.
 */
@AutoConfiguration(after = ModuleCacheAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(ModuleCacheRegistry.class)
@EnableConfigurationProperties(ModuleHostAdminProperties.class)
public final class ModuleCachesEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	ModuleCachesEndpoint moduleCachesEndpoint(ModuleCacheRegistry registry) {
		return new ModuleCachesEndpoint(registry);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	static class InvalidationHealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "moduleCacheInvalidationHealthIndicator")
		@ConditionalOnEnabledHealthIndicator("moduleCacheInvalidation")
		InvalidationHealthIndicator moduleCacheInvalidationHealthIndicator(InvalidationBus bus) {
			return new InvalidationHealthIndicator(bus);
		}

	}

}
