package org.modulehost.actuate;

import org.modulehost.autoconfigure.ModuleHostAutoConfiguration;
import org.modulehost.host.ModuleHost;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code modules} actuator endpoint and health indicator.
 */
@AutoConfiguration(after = ModuleHostAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@ConditionalOnBean(ModuleHost.class)
public final class ModulesEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	ModulesEndpoint modulesEndpoint(ModuleHost host) {
		return new ModulesEndpoint(host);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	static class ModulesHealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "modulesHealthIndicator")
		@ConditionalOnEnabledHealthIndicator("modules")
		ModulesHealthIndicator modulesHealthIndicator(ModuleHost host) {
			return new ModulesHealthIndicator(host);
		}

	}

}
