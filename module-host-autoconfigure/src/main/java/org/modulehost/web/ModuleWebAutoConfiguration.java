package org.modulehost.web;

import java.util.List;

import org.modulehost.autoconfigure.ModuleHostAutoConfiguration;
import org.modulehost.host.WebResourceRegistrar;
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
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * Serves modules' web resources ({@code ModuleApi.registerWebResource}) through a handler mapping
 * of their own, lists them in {@code /actuator/mappings} and {@code /actuator/modules}, and turns
 * their exceptions into JSON errors. Backs off when the application defines its own
 * {@link WebResourceRegistrar}.
 */
@AutoConfiguration(before = ModuleHostAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnMissingBean(WebResourceRegistrar.class)
@EnableConfigurationProperties(ModuleWebProperties.class)
public final class ModuleWebAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ModuleWebResources moduleWebResources(ModuleWebProperties properties, Environment environment,
			ObjectProvider<RequestMappingHandlerAdapter> handlerAdapter) {
		return new ModuleWebResources(ReservedNamespaces.of(properties, environment), () -> {
			RequestMappingHandlerAdapter adapter = handlerAdapter.getIfAvailable();
			return (adapter != null) ? adapter.getMessageConverters() : List.of();
		});
	}

	@Bean
	@ConditionalOnMissingBean
	ModuleHandlerMapping moduleHandlerMapping(ModuleWebResources resources) {
		return new ModuleHandlerMapping(resources);
	}

	@Bean
	@ConditionalOnMissingBean
	ModuleWebExceptionResolver moduleWebExceptionResolver() {
		return new ModuleWebExceptionResolver();
	}

	@Bean
	@ConditionalOnMissingBean
	WebResourcesDetailsContributor webResourcesDetailsContributor(ModuleWebResources resources) {
		return new WebResourcesDetailsContributor(resources);
	}

	/**
	 * The actuator's condition sits one class further in: Spring reads every condition of a
	 * class before it tests any, and without the actuator the endpoint condition's own class
	 * is missing.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.actuate.web.mappings.MappingsEndpoint")
	static class ModuleMappingsConfiguration {

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnAvailableEndpoint(MappingsEndpoint.class)
		static class ExposedMappingsConfiguration {

			@Bean
			@ConditionalOnMissingBean
			ModuleMappingDescriptionProvider moduleMappingDescriptionProvider(ModuleWebResources resources) {
				return new ModuleMappingDescriptionProvider(resources);
			}

		}

	}

}
