package org.modulehost.web;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;

import org.modulehost.autoconfigure.ModuleHostAutoConfiguration;
import org.modulehost.host.ModuleLoadException;
import org.modulehost.web.reactive.ReactiveModuleWebAutoConfiguration;
import org.modulehost.web.reactive.ReactiveModuleWebResources;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableReactiveWebApplicationContext;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * What the WebFlux registrar accepts and refuses: the same paths as on Spring MVC
 * ({@code refused-web-resource-paths.csv}, shared with {@link WebResourceRegistrationTests}), with
 * the same messages, and WebFlux's kinds of resource.
 */
@ExtendWith(OutputCaptureExtension.class)
class WebFluxResourceRegistrationTests {

	private static final String ACCEPTED = "pass an org.springframework.web.server.WebHandler, an"
			+ " org.springframework.http.server.reactive.HttpHandler, an"
			+ " org.springframework.web.reactive.function.server.RouterFunction<ServerResponse>, or an object with"
			+ " @RequestMapping-family methods (e.g. a @RestController)";

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReactiveModuleWebAutoConfiguration.class,
				ModuleHostAutoConfiguration.class, WebFluxAutoConfiguration.class));

	@ParameterizedTest(name = "{0}")
	@CsvFileSource(resources = "refused-web-resource-paths.csv", delimiter = '|')
	void aRefusedPathStopsStartUpWithAMessageNamingTheModuleThePathAndTheReason(String path, String reason) {
		this.runner.withPropertyValues(module("webhandler", path)).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(failure(context)).hasMessageContaining("modules[0]: the constructor threw")
				.hasMessageContaining("Module 'registering' cannot register a web resource at '" + path + "': " + reason);
		});
	}

	@Test
	void theHostsConfiguredNamespacesAreReservedOnWebFluxToo() {
		this.runner.withPropertyValues("modulehost.web.reserved-paths[0]=/_app", "management.endpoints.web.base-path=/manage")
			.run((context) -> assertThat(context.getBean(ReactiveModuleWebResources.class).reservedPaths())
				.containsExactly("/_matrix/client", "/_matrix/federation", "/_matrix/key", "/_matrix/media",
						"/_synapse/admin", "/manage", "/error", "/_app"));
		this.runner.withPropertyValues("modulehost.web.reserved-paths[0]=/_app")
			.withPropertyValues(module("webhandler", "/_app/mine"))
			.run((context) -> assertThat(failure(context)).hasMessageContaining(
					"cannot register a web resource at '/_app/mine': the path is inside the reserved namespace '/_app'"
							+ " (listed in modulehost.web.reserved-paths)"));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			webhandler  | WEB_HANDLER
			httphandler | HTTP_HANDLER
			router      | ROUTER_FUNCTION
			controller  | CONTROLLER
			""")
	void eachKindOfResourceIsAccepted(String resource, WebResourceKind kind) {
		this.runner.withPropertyValues(module(resource, "/_synapse/client/mine")).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(ReactiveModuleWebResources.class).resources()).singleElement()
				.satisfies((registered) -> assertThat(registered.kind()).isEqualTo(kind));
		});
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			servlet   | a org.modulehost.web.TestModules$Label is not a web resource
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
				.hasMessageContaining(ACCEPTED));
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
		this.runner.withPropertyValues(module(0, "first", "webhandler", "/_synapse/client/same"))
			.withPropertyValues(module(1, "second", "router", "/_synapse/client/same"))
			.run((context) -> {
				List<ModuleWebResource> resources = context.getBean(ReactiveModuleWebResources.class).resources();
				assertThat(resources).extracting(ModuleWebResource::module, ModuleWebResource::shadowedBy)
					.containsExactly(tuple("first", null), tuple("second", "first"));
				assertThat(output).contains("WARN").contains("Module 'second' tried to register a web resource for"
						+ " path /_synapse/client/same but module 'first' has already registered a resource for this path");
			});
	}

	private static String[] module(String resource, String path) {
		return module(0, "registering", resource, path);
	}

	private static String[] module(int index, String name, String resource, String path) {
		String prefix = "modules[" + index + "].";
		return new String[] { prefix + "module=" + WebFluxTestModules.RegisteringModule.class.getName(),
				prefix + "name=" + name, prefix + "config.resource=" + resource, prefix + "config.path=" + path };
	}

	private static Throwable failure(AssertableReactiveWebApplicationContext context) {
		assertThat(context).hasFailed();
		Throwable failure = context.getStartupFailure();
		while (failure != null && !(failure instanceof ModuleLoadException)) {
			failure = failure.getCause();
		}
		assertThat(failure).as("a ModuleLoadException").isNotNull();
		return failure;
	}

}
