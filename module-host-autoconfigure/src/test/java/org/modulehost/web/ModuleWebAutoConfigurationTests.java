package org.modulehost.web;

import org.junit.jupiter.api.Test;

import org.modulehost.autoconfigure.ModuleHostAutoConfiguration;
import org.modulehost.host.ModuleRegistration;
import org.modulehost.host.WebResourceRegistrar;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the web feature configures itself, and how an application replaces it.
 */
class ModuleWebAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(ModuleWebAutoConfiguration.class, ModuleHostAutoConfiguration.class,
					WebMvcAutoConfiguration.class, DispatcherServletAutoConfiguration.class));

	@Test
	void aServletWebApplicationGetsTheRegistrarTheHandlerMappingTheErrorResolverAndTheModuleDetails() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(WebResourceRegistrar.class)
				.hasSingleBean(ModuleWebResources.class)
				.hasSingleBean(ModuleWebExceptionResolver.class)
				.hasSingleBean(WebResourcesDetailsContributor.class);
			assertThat(context.getBean(ModuleHandlerMapping.class).getOrder()).isEqualTo(ModuleHandlerMapping.ORDER);
		});
	}

	@Test
	void theMappingDescriptionIsThereWhenTheMappingsEndpointIsExposed() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(ModuleMappingDescriptionProvider.class));
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=mappings")
			.run((context) -> assertThat(context).hasSingleBean(ModuleMappingDescriptionProvider.class));
	}

	@Test
	void aSpringMvcApplicationWithoutTheActuatorServesModulesAndListsNoMappings() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
			.withPropertyValues("management.endpoints.web.exposure.include=mappings")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(WebResourceRegistrar.class)
				.hasSingleBean(ModuleHandlerMapping.class)
				.doesNotHaveBean(ModuleMappingDescriptionProvider.class));
	}

	@Test
	void anApplicationThatIsNoServletWebApplicationGetsNone() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ModuleWebAutoConfiguration.class, ModuleHostAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(WebResourceRegistrar.class)
				.doesNotHaveBean(ModuleHandlerMapping.class));
	}

	@Test
	void anApplicationsOwnRegistrarReplacesTheWholeFeature() {
		this.runner.withBean(WebResourceRegistrar.class, () -> OwnRegistrar.INSTANCE).run((context) -> {
			assertThat(context.getBean(WebResourceRegistrar.class)).isSameAs(OwnRegistrar.INSTANCE);
			assertThat(context).doesNotHaveBean(ModuleHandlerMapping.class)
				.doesNotHaveBean(ModuleWebExceptionResolver.class);
		});
	}

	@Test
	void anApplicationsOwnExceptionResolverReplacesOurs() {
		ModuleWebExceptionResolver own = new ModuleWebExceptionResolver();
		this.runner.withBean("ownResolver", ModuleWebExceptionResolver.class, () -> own)
			.run((context) -> assertThat(context.getBean(ModuleWebExceptionResolver.class)).isSameAs(own));
	}

	enum OwnRegistrar implements WebResourceRegistrar {

		INSTANCE;

		@Override
		public void registerWebResource(ModuleRegistration module, String path, Object resource) {
		}

	}

}
