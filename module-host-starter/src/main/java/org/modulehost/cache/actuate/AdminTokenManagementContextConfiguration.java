package org.modulehost.cache.actuate;

import org.modulehost.autoconfigure.ModuleHostAdminProperties;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.util.StringUtils;

/**
 * Installs the {@link AdminTokenFilter} on the actuator's paths of whichever server serves the
 * actuator: the application's, or the management server on its own port.
 */
@ManagementContextConfiguration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBean({ ModuleCachesEndpointWebExtension.class, PathMappedEndpoints.class })
@Conditional(OnAdminTokenCondition.class)
public final class AdminTokenManagementContextConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "moduleHostAdminTokenFilter")
	FilterRegistrationBean<AdminTokenFilter> moduleHostAdminTokenFilter(ModuleHostAdminProperties properties,
			PathMappedEndpoints endpoints) {
		FilterRegistrationBean<AdminTokenFilter> registration = new FilterRegistrationBean<>(
				new AdminTokenFilter(properties.getToken()));
		registration.addUrlPatterns(StringUtils.trimTrailingCharacter(endpoints.getBasePath(), '/') + "/*");
		registration.setName("moduleHostAdminTokenFilter");
		return registration;
	}

}
