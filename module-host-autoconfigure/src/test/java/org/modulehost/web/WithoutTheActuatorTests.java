package org.modulehost.web;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.modulehost.host.ModuleHost;
import org.modulehost.host.WebResourceRegistrar;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring MVC application without the actuator (an optional dependency of the
 * auto-configuration) gets every feature but the endpoints.
 */
class WithoutTheActuatorTests {

	@Test
	void everyModuleHostAutoConfigurationStartsInASpringMvcApplicationWithoutTheActuator() {
		List<Class<?>> ours = ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader())
			.getCandidates()
			.stream()
			.filter((name) -> name.startsWith("org.modulehost."))
			.<Class<?>>map((name) -> ClassUtils.resolveClassName(name, null))
			.toList();
		assertThat(ours).hasSizeGreaterThan(5);

		new WebApplicationContextRunner()
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate", "org.springframework.boot.health"))
			.withConfiguration(AutoConfigurations.of(ours.toArray(Class<?>[]::new)))
			.withConfiguration(AutoConfigurations.of(WebMvcAutoConfiguration.class, DispatcherServletAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=*")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(ModuleHost.class)
				.hasSingleBean(WebResourceRegistrar.class)
				.doesNotHaveBean("modulesEndpoint"));
	}

}
