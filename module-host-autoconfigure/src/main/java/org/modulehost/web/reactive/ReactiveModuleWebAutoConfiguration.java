package org.modulehost.web.reactive;

import java.util.List;

import org.modulehost.autoconfigure.ModuleHostAutoConfiguration;
import org.modulehost.host.WebResourceRegistrar;
import org.modulehost.web.ModuleMappingDescriptionProvider;
import org.modulehost.web.ModuleWebProperties;
import org.modulehost.web.ReservedNamespaces;
import org.modulehost.web.WebResourcesDetailsContributor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.web.mappings.MappingsEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.reactive.DispatcherHandler;

/**
 * Serves modules' web resources ({@code ModuleApi.registerWebResource}) in a WebFlux application
 * through a handler mapping of their own, lists them in {@code /actuator/mappings} and
 * {@code /actuator/modules}, and turns their exceptions into JSON errors; the rules are those of
 * Spring MVC's {@code ModuleWebAutoConfiguration}. Backs off when the application defines its own
 * {@link WebResourceRegistrar}.
 */
@AutoConfiguration(before = ModuleHostAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnClass(DispatcherHandler.class)
@ConditionalOnMissingBean(WebResourceRegistrar.class)
@EnableConfigurationProperties(ModuleWebProperties.class)
public final class ReactiveModuleWebAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ReactiveModuleWebResources reactiveModuleWebResources(ModuleWebProperties properties, Environment environment,
			ObjectProvider<ServerCodecConfigurer> codecs) {
		return new ReactiveModuleWebResources(ReservedNamespaces.of(properties, environment), () -> {
			ServerCodecConfigurer configurer = codecs.getIfAvailable();
			return (configurer != null) ? configurer.getReaders() : List.of();
		});
	}

	@Bean
	@ConditionalOnMissingBean
	ReactiveModuleHandlerMapping reactiveModuleHandlerMapping(ReactiveModuleWebResources resources) {
		return new ReactiveModuleHandlerMapping(resources);
	}

	@Bean
	@ConditionalOnMissingBean
	ModuleWebExceptionHandler moduleWebExceptionHandler() {
		return new ModuleWebExceptionHandler();
	}

	@Bean
	@ConditionalOnMissingBean
	WebResourcesDetailsContributor webResourcesDetailsContributor(ReactiveModuleWebResources resources) {
		return new WebResourcesDetailsContributor(resources::resources);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MappingsEndpoint.class)
	@ConditionalOnAvailableEndpoint(MappingsEndpoint.class)
	static class ModuleMappingsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ModuleMappingDescriptionProvider moduleMappingDescriptionProvider(ReactiveModuleWebResources resources) {
			return new ModuleMappingDescriptionProvider(resources::resources);
		}

	}

}
