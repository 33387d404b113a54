package org.modulehost.web;

import java.util.ArrayList;
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
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
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

	private static final String PROPERTY = "modulehost.web.reserved-paths";

	@Bean
	@ConditionalOnMissingBean
	ModuleWebResources moduleWebResources(ModuleWebProperties properties, Environment environment,
			ObjectProvider<RequestMappingHandlerAdapter> handlerAdapter) {
		return new ModuleWebResources(reservedNamespaces(properties, environment), () -> {
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

	static List<ReservedNamespace> reservedNamespaces(ModuleWebProperties properties, Environment environment) {
		List<ReservedNamespace> reserved = new ArrayList<>();
		reserved.add(new ReservedNamespace("/_matrix/client", "the Matrix client-server API"));
		reserved.add(new ReservedNamespace("/_matrix/federation", "the Matrix server-server API"));
		reserved.add(new ReservedNamespace("/_matrix/key", "the Matrix key API"));
		reserved.add(new ReservedNamespace("/_matrix/media", "the Matrix media API"));
		reserved.add(new ReservedNamespace("/_synapse/admin", "the Synapse admin API"));
		String actuator = trimmed(environment.getProperty("management.endpoints.web.base-path", "/actuator"));
		if (actuator.startsWith("/") && !actuator.equals("/")) {
			reserved.add(new ReservedNamespace(actuator,
					"the actuator's base path, management.endpoints.web.base-path"));
		}
		String error = trimmed(environment.getProperty("spring.web.error.path",
				environment.getProperty("error.path", "/error")));
		if (error.startsWith("/") && !error.equals("/")) {
			reserved.add(new ReservedNamespace(error, "the error path, spring.web.error.path"));
		}
		List<String> configured = properties.getReservedPaths();
		for (int i = 0; i < configured.size(); i++) {
			String path = configured.get(i);
			String problem = WebResourcePaths.problem(path);
			if (problem != null) {
				throw new InvalidConfigurationPropertyValueException(PROPERTY + "[" + i + "]", path, problem);
			}
			reserved.add(new ReservedNamespace(path, "listed in " + PROPERTY));
		}
		return reserved;
	}

	private static String trimmed(String path) {
		String trimmed = path.trim();
		while (trimmed.length() > 1 && trimmed.endsWith("/")) {
			trimmed = trimmed.substring(0, trimmed.length() - 1);
		}
		return trimmed;
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
