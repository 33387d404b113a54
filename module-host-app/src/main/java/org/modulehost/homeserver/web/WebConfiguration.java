package org.modulehost.homeserver.web;

import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import org.modulehost.homeserver.HomeserverProperties;
import org.modulehost.homeserver.InvalidSettingException;
import org.modulehost.homeserver.storage.JsonCodec;
import org.modulehost.homeserver.users.Authenticator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.AsyncSupportConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The homeserver's HTTP plumbing: Matrix JSON errors everywhere (also for unknown paths and
 * methods, through the error page), a limit on request bodies, CORS for browser clients, and a servlet async timeout longer
 * than the longest {@code /sync} wait.
 * <p>
 * Controllers take the authenticated user as a {@link org.modulehost.homeserver.api.Requester}
 * parameter ({@link RequesterArgumentResolver}) and the parsed body as a {@link JsonBody}
 * parameter ({@link JsonRequestBody @JsonRequestBody}, {@link JsonBodyArgumentResolver}).
 */
@Configuration(proxyBeanMethods = false)
@Import({ MatrixExceptionHandler.class, ClientInfoController.class, HealthController.class, WellKnownController.class,
		TomcatErrorConfiguration.class, TomcatConnectionConfiguration.class })
public final class WebConfiguration {

	@Bean
	@ConditionalOnMissingBean(ErrorController.class)
	MatrixErrorController homeserverErrorController() {
		return new MatrixErrorController();
	}

	@Bean
	@ConditionalOnMissingBean(name = "homeserverModuleMatrixErrorResolver")
	ModuleMatrixErrorResolver homeserverModuleMatrixErrorResolver(ObjectProvider<JsonMapper> mapper) {
		return new ModuleMatrixErrorResolver(mapper.getIfAvailable(JsonMapper::new));
	}

	/**
	 * CORS for browser clients on every {@code /_matrix} response, as Synapse sends it: a filter
	 * ahead of all others, so that refusals made before a controller runs (a body over the limit,
	 * an unknown path) carry the headers too and a browser lets the client read them.
	 */
	@Bean
	@ConditionalOnMissingBean(name = "homeserverCorsFilter")
	FilterRegistrationBean<CorsFilter> homeserverCorsFilter() {
		CorsConfiguration cors = new CorsConfiguration();
		cors.addAllowedOrigin("*");
		cors.setAllowedMethods(List.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"));
		cors.addAllowedHeader("*");
		cors.setMaxAge(3600L);
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/_matrix/**", cors);
		FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(new CorsFilter(source));
		registration.addUrlPatterns("/_matrix/*");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 80);
		return registration;
	}

	@Bean
	@ConditionalOnMissingBean(name = "homeserverJsonBodyLimitFilter")
	FilterRegistrationBean<JsonBodyLimitFilter> homeserverJsonBodyLimitFilter(HomeserverProperties properties,
			ObjectProvider<JsonMapper> mapper) {
		long maxBytes = properties.getLimits().getMaxJsonBodySize().toBytes();
		if (maxBytes <= 0) {
			throw new InvalidSettingException("homeserver.limits.max-json-body-size",
					"must be positive (it is " + properties.getLimits().getMaxJsonBodySize() + ")",
					"set it to a size such as 1MB, or leave it out");
		}
		FilterRegistrationBean<JsonBodyLimitFilter> registration = new FilterRegistrationBean<>(
				new JsonBodyLimitFilter(maxBytes, mapper.getIfAvailable(JsonMapper::new)));
		registration.addUrlPatterns("/_matrix/client/*", "/_synapse/admin/*");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 90);
		return registration;
	}

	@Bean
	@ConditionalOnMissingBean(name = "homeserverJsonContentTypeFilter")
	FilterRegistrationBean<JsonContentTypeFilter> homeserverJsonContentTypeFilter() {
		FilterRegistrationBean<JsonContentTypeFilter> registration = new FilterRegistrationBean<>(
				new JsonContentTypeFilter());
		registration.addUrlPatterns("/_matrix/*", "/_synapse/admin/*");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 100);
		return registration;
	}

	@Bean
	@ConditionalOnMissingBean(name = "homeserverWebMvcConfigurer")
	WebMvcConfigurer homeserverWebMvcConfigurer(HomeserverProperties properties,
			ObjectProvider<Authenticator> authenticator, ObjectProvider<JsonCodec> json) {
		return new WebMvcConfigurer() {

			@Override
			public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
				resolvers.add(new RequesterArgumentResolver(authenticator));
				resolvers.add(new JsonBodyArgumentResolver(json));
			}

			@Override
			public void configureAsyncSupport(AsyncSupportConfigurer configurer) {
				configurer.setDefaultTimeout(properties.getSync().getMaxTimeout().toMillis() + 30_000);
			}

		};
	}

}
