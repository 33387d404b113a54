package org.modulehost.web.reactive;

import org.junit.jupiter.api.Test;

import org.modulehost.autoconfigure.ModuleHostAutoConfiguration;
import org.modulehost.host.ModuleRegistration;
import org.modulehost.host.WebResourceRegistrar;
import org.modulehost.web.ModuleHandlerMapping;
import org.modulehost.web.ModuleMappingDescriptionProvider;
import org.modulehost.web.ModuleWebAutoConfiguration;
import org.modulehost.web.WebResourcesDetailsContributor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the WebFlux side of the web feature configures itself: in a reactive application only,
 * whichever stacks are on the class path, and never next to the Spring MVC side.
 */
class ReactiveModuleWebAutoConfigurationTests {

	private static final AutoConfigurations BOTH_SIDES = AutoConfigurations.of(ReactiveModuleWebAutoConfiguration.class,
			ModuleWebAutoConfiguration.class, ModuleHostAutoConfiguration.class);

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(BOTH_SIDES)
		.withConfiguration(AutoConfigurations.of(WebFluxAutoConfiguration.class));

	@Test
	void aReactiveWebApplicationGetsTheRegistrarTheHandlerMappingTheErrorHandlerAndTheModuleDetails() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(WebResourceRegistrar.class)
				.hasSingleBean(ReactiveModuleWebResources.class)
				.hasSingleBean(ModuleWebExceptionHandler.class)
				.hasSingleBean(WebResourcesDetailsContributor.class)
				.doesNotHaveBean(ModuleHandlerMapping.class);
			assertThat(context.getBean(ReactiveModuleHandlerMapping.class).getOrder())
				.isEqualTo(ReactiveModuleHandlerMapping.ORDER);
			assertThat(context.getBean(ModuleWebExceptionHandler.class).getOrder()).isEqualTo(-2);
		});
	}

	@Test
	void theMappingDescriptionIsThereWhenTheMappingsEndpointIsExposed() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(ModuleMappingDescriptionProvider.class));
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=mappings")
			.run((context) -> assertThat(context).hasSingleBean(ModuleMappingDescriptionProvider.class));
	}

	@Test
	void aServletWebApplicationGetsTheSpringMvcSideOnly() {
		new WebApplicationContextRunner().withConfiguration(BOTH_SIDES)
			.withConfiguration(
					AutoConfigurations.of(WebMvcAutoConfiguration.class, DispatcherServletAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(WebResourceRegistrar.class)
				.hasSingleBean(ModuleHandlerMapping.class)
				.doesNotHaveBean(ReactiveModuleWebResources.class)
				.doesNotHaveBean(ReactiveModuleHandlerMapping.class)
				.doesNotHaveBean(ModuleWebExceptionHandler.class));
	}

	@Test
	void anApplicationThatIsNoWebApplicationGetsNone() {
		new ApplicationContextRunner().withConfiguration(BOTH_SIDES)
			.run((context) -> assertThat(context).doesNotHaveBean(WebResourceRegistrar.class)
				.doesNotHaveBean(ReactiveModuleHandlerMapping.class));
	}

	@Test
	void anApplicationsOwnRegistrarReplacesTheWholeFeature() {
		this.runner.withBean(WebResourceRegistrar.class, () -> OwnRegistrar.INSTANCE).run((context) -> {
			assertThat(context.getBean(WebResourceRegistrar.class)).isSameAs(OwnRegistrar.INSTANCE);
			assertThat(context).doesNotHaveBean(ReactiveModuleHandlerMapping.class)
				.doesNotHaveBean(ModuleWebExceptionHandler.class);
		});
	}

	@Test
	void anApplicationsOwnExceptionHandlerReplacesOurs() {
		ModuleWebExceptionHandler own = new ModuleWebExceptionHandler();
		this.runner.withBean("ownHandler", ModuleWebExceptionHandler.class, () -> own)
			.run((context) -> assertThat(context.getBean(ModuleWebExceptionHandler.class)).isSameAs(own));
	}

	enum OwnRegistrar implements WebResourceRegistrar {

		INSTANCE;

		@Override
		public void registerWebResource(ModuleRegistration module, String path, Object resource) {
		}

	}

}
