package org.modulehost.web;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;

import org.modulehost.autoconfigure.ModuleHostAutoConfiguration;
import org.modulehost.host.ModuleLoadException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.http.server.PathContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * What the registrar accepts and refuses, and the messages a module (or, when it does not catch
 * them, the operator) gets.
 */
@ExtendWith(OutputCaptureExtension.class)
class WebResourceRegistrationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(ModuleWebAutoConfiguration.class, ModuleHostAutoConfiguration.class,
					WebMvcAutoConfiguration.class, DispatcherServletAutoConfiguration.class));

	@ParameterizedTest(name = "{0}")
	@CsvFileSource(resources = "refused-web-resource-paths.csv", delimiter = '|')
	void aRefusedPathStopsStartUpWithAMessageNamingTheModuleThePathAndTheReason(String path, String reason) {
		this.runner.withPropertyValues(module("handler", path)).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(failure(context)).hasMessageContaining("modules[0]: the constructor threw")
				.hasMessageContaining("Module 'registering' cannot register a web resource at '" + path + "': " + reason);
		});
	}

	@Test
	void aReservedNamespaceMessageSuggestsTheModulesOwnNamespace() {
		this.runner.withPropertyValues(module("handler", "/_synapse/admin/mine"))
			.run((context) -> assertThat(failure(context)).hasMessageContaining(
					"mount module resources under '/_synapse/client/registering' or a root path of the module's own"));
	}

	@Test
	void theActuatorBasePathAndTheErrorPathAreReservedWhereverTheyAreConfigured() {
		this.runner.withPropertyValues("management.endpoints.web.base-path=/manage/", "spring.web.error.path=/oops")
			.run((context) -> {
				ModuleWebResources resources = context.getBean(ModuleWebResources.class);
				assertThat(resources.reservedPaths()).contains("/manage", "/oops").doesNotContain("/actuator", "/error");
			});
		this.runner.withPropertyValues("management.endpoints.web.base-path=/manage")
			.withPropertyValues(module("handler", "/manage/x"))
			.run((context) -> assertThat(failure(context)).hasMessageContaining(
					"inside the reserved namespace '/manage' (the actuator's base path"));
		this.runner.withPropertyValues("spring.web.error.path=/oops")
			.withPropertyValues(module("handler", "/oops"))
			.run((context) -> assertThat(failure(context))
				.hasMessageContaining("inside the reserved namespace '/oops' (the error path, spring.web.error.path)"));
	}

	@Test
	void anActuatorAtTheRootReservesNoNamespaceOfItsOwn() {
		this.runner.withPropertyValues("management.endpoints.web.base-path=/")
			.run((context) -> assertThat(context.getBean(ModuleWebResources.class).reservedPaths())
				.containsExactly("/_matrix/client", "/_matrix/federation", "/_matrix/key", "/_matrix/media",
						"/_synapse/admin", "/error"));
	}

	@Test
	void theHostReservesFurtherNamespacesThroughProperties() {
		this.runner
			.withPropertyValues("modulehost.web.reserved-paths[0]=/health", "modulehost.web.reserved-paths[1]=/_app")
			.withPropertyValues(module("handler", "/_app/mine"))
			.run((context) -> assertThat(failure(context)).hasMessageContaining(
					"cannot register a web resource at '/_app/mine': the path is inside the reserved namespace '/_app'"
							+ " (listed in modulehost.web.reserved-paths)"));
	}

	@Test
	void anInvalidReservedPathStopsStartUpNamingTheProperty() {
		this.runner.withPropertyValues("modulehost.web.reserved-paths[0]=/ok", "modulehost.web.reserved-paths[1]=health")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidConfigurationPropertyValueException.class)
					.hasMessageContaining("modulehost.web.reserved-paths[1]")
					.hasMessageContaining("the path must be absolute");
			});
	}

	@Test
	void aPathAboveAReservedNamespaceIsAccepted() {
		this.runner.withPropertyValues(module("handler", "/_matrix")).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(ModuleWebResources.class).resources()).singleElement()
				.satisfies((resource) -> assertThat(resource.path()).isEqualTo("/_matrix"));
		});
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			handler    | HTTP_REQUEST_HANDLER
			router     | ROUTER_FUNCTION
			controller | CONTROLLER
			""")
	void eachKindOfResourceIsAccepted(String resource, WebResourceKind kind) {
		this.runner.withPropertyValues(module(resource, "/_synapse/client/mine")).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(ModuleWebResources.class).resources()).singleElement()
				.satisfies((registered) -> assertThat(registered.kind()).isEqualTo(kind));
		});
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			a string  | a java.lang.String is not a web resource
			nothing   | a java.lang.Object is not a web resource
			null      | the resource is null
			class     | the class org.modulehost.web.TestModules$Greetings itself (pass an instance) is not a web resource
			""")
	void anythingElseIsRefusedNamingTheAcceptedKinds(String resource, String problem) {
		this.runner.withPropertyValues(module(resource, "/_synapse/client/mine"))
			.run((context) -> assertThat(failure(context))
				.hasMessageContaining("Module 'registering' cannot register a web resource at '/_synapse/client/mine': "
						+ problem)
				.hasMessageContaining("pass an org.springframework.web.HttpRequestHandler, an"
						+ " org.springframework.web.servlet.function.RouterFunction<ServerResponse>, or an object with"
						+ " @RequestMapping-family methods (e.g. a @RestController)"));
	}

	@Test
	void aControllerWithAmbiguousMappingsIsRefused() {
		this.runner.withPropertyValues(module("ambiguous", "/_synapse/client/mine"))
			.run((context) -> assertThat(failure(context))
				.hasMessageContaining(
						"Module 'registering' cannot register a web resource at '/_synapse/client/mine': its request"
								+ " mappings are invalid: Ambiguous mapping"));
	}

	@Test
	void aLaterRegistrationOfTheSamePathIsShadowedAndLoggedAsAWarning(CapturedOutput output) {
		this.runner
			.withPropertyValues(module(0, "first", "handler", "/_synapse/client/same"))
			.withPropertyValues(module(1, "second", "router", "/_synapse/client/same"))
			.run((context) -> {
				List<ModuleWebResource> resources = context.getBean(ModuleWebResources.class).resources();
				assertThat(resources).extracting(ModuleWebResource::module, ModuleWebResource::shadowedBy)
					.containsExactly(tuple("first", null),
							tuple("second", "first"));
				assertThat(output).contains("WARN").contains("Module 'second' tried to register a web resource for"
						+ " path /_synapse/client/same but module 'first' has already registered a resource for this path");
			});
	}

	@Test
	void theResourcesOfAModuleThatFailsToLoadAreRemoved() {
		ModuleWebResources resources = new ModuleWebResources(List.of(), List::of);
		this.runner.withBean(ModuleWebResources.class, () -> resources)
			.withPropertyValues(module(0, "kept", "handler", "/_synapse/client/kept"))
			.withPropertyValues(module(1, "failing", "handler", "/_synapse/client/failing"))
			.withPropertyValues("modules[1].config.fail=true")
			.run((context) -> {
				assertThat(failure(context)).hasMessageContaining("failing after registering /_synapse/client/failing");
				assertThat(resources.resources()).extracting(ModuleWebResource::module).containsExactly("kept");
				assertThat(resources.table().find(PathContainer.parsePath("/_synapse/client/failing"))).isNull();
			});
	}

	private static String[] module(String resource, String path) {
		return module(0, "registering", resource, path);
	}

	private static String[] module(int index, String name, String resource, String path) {
		String prefix = "modules[" + index + "].";
		return new String[] { prefix + "module=" + TestModules.RegisteringModule.class.getName(), prefix + "name=" + name,
				prefix + "config.resource=" + resource, prefix + "config.path=" + path };
	}

	private static Throwable failure(AssertableWebApplicationContext context) {
		assertThat(context).hasFailed();
		Throwable failure = context.getStartupFailure();
		while (failure != null && !(failure instanceof ModuleLoadException)) {
			failure = failure.getCause();
		}
		assertThat(failure).as("a ModuleLoadException").isNotNull();
		return failure;
	}

}
