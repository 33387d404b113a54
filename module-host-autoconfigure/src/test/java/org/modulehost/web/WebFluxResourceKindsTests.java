package org.modulehost.web;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tests of {@link WebResourceKindsTests}, run against each kind of resource in its WebFlux
 * form on a Netty server ({@code WebHandler} in place of {@code HttpRequestHandler}, a WebFlux
 * router function, the same controller mapped reactively), plus the {@code HttpHandler} that only
 * WebFlux has. Routes are described in each stack's words: WebFlux writes a controller's mapping
 * {@code {GET /path}} where Spring MVC writes {@code {GET [/path]}}.
 */
@SpringBootTest(classes = WebTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		"spring.main.web-application-type=reactive",
		"management.endpoints.web.exposure.include=mappings,modules,health",
		"modules[0].module=org.modulehost.web.WebFluxTestModules$PathsModule", "modules[0].name=handlers",
		"modules[0].config.paths[0]=/_synapse/client/handler",
		"modules[1].module=org.modulehost.web.WebFluxTestModules$RouterModule", "modules[1].name=router",
		"modules[1].config.path=/_synapse/client/router",
		"modules[2].module=org.modulehost.web.TestModules$ControllerModule", "modules[2].name=controller",
		"modules[2].config.path=/_synapse/client/controller",
		"modules[3].module=org.modulehost.web.TestModules$LateModule", "modules[3].name=late",
		"modules[4].module=org.modulehost.web.WebFluxTestModules$HttpHandlerModule", "modules[4].name=http",
		"modules[4].config.path=/_synapse/client/http" })
class WebFluxResourceKindsTests extends WebResourceKindsTests {

	@Test
	void anHttpHandlerServesItsPathAndEverythingBelowItWithThePathAsItsContextPath() throws IOException {
		assertThat(get("/_synapse/client/http").body()).isEqualTo("http context=/_synapse/client/http within=");
		assertThat(get("/_synapse/client/http/a/b").body())
			.isEqualTo("http context=/_synapse/client/http within=/a/b");
		assertThat(get("/_synapse/client/%68ttp/a").body()).isEqualTo("http context=/_synapse/client/%68ttp within=/a");
		assertThat(get("/_synapse/client/httpx").status()).isEqualTo(404);
	}

	@Test
	void anHttpHandlersFailureGivesA500WithAJsonBody(CapturedOutput output) throws IOException {
		RawHttp.Response response = get("/_synapse/client/http/fail");
		assertThat(response.status()).isEqualTo(500);
		assertThat(response.header("Content-Type")).isEqualTo("application/json");
		assertThat(response.body()).isEqualTo("{\"errcode\":\"M_UNKNOWN\",\"error\":\"Internal server error\"}");
		assertThat(output).contains("Module 'http' failed to handle GET /_synapse/client/http/**")
			.contains("http handler secret detail");
	}

	@Override
	@Test
	void actuatorMappingsListTheModulesRoutes() throws IOException {
		String mappings = get("/actuator/mappings").body();
		List<Map<String, String>> routes = JsonPath.read(mappings, "$.contexts.*.mappings.moduleWebResources[*]");
		assertThat(routes).extracting((route) -> route.get("module") + " " + route.get("predicate"))
			.contains("handlers /_synapse/client/handler/**", "http /_synapse/client/http/**",
					"controller {GET /_synapse/client/controller/hello}",
					"controller {GET /_synapse/client/controller/items/{id}}",
					"controller {POST /_synapse/client/controller/echo}");
		assertThat(routes).filteredOn((route) -> route.get("module").equals("router"))
			.extracting((route) -> route.get("predicate"))
			.anySatisfy((predicate) -> assertThat(predicate).contains("/_synapse/client/router").contains("/hello"))
			.anySatisfy((predicate) -> assertThat(predicate).contains("/items/{id}"));
		assertThat(routes).extracting((route) -> route.get("kind"))
			.contains("WebHandler", "HttpHandler", "RouterFunction", "Controller");
	}

	@Override
	@Test
	void actuatorModulesShowEachModulesWebResources() throws IOException {
		String handlers = get("/actuator/modules/handlers").body();
		assertThat(JsonPath.<String>read(handlers, "$.webResources[0].path")).isEqualTo("/_synapse/client/handler");
		assertThat(JsonPath.<String>read(handlers, "$.webResources[0].kind")).isEqualTo("WebHandler");
		assertThat(JsonPath.<String>read(handlers, "$.webResources[0].state")).isEqualTo("ACTIVE");
		assertThat(JsonPath.<String>read(handlers, "$.webResources[0].routes[0].predicate"))
			.isEqualTo("/_synapse/client/handler/**");
		String controller = get("/actuator/modules/controller").body();
		assertThat(JsonPath.<List<String>>read(controller, "$.webResources[0].routes[*].predicate"))
			.contains("{GET /_synapse/client/controller/hello}");
		String http = get("/actuator/modules/http").body();
		assertThat(JsonPath.<String>read(http, "$.webResources[0].kind")).isEqualTo("HttpHandler");
		String late = get("/actuator/modules/late").body();
		assertThat(JsonPath.<List<?>>read(late, "$.webResources")).isEmpty();
	}

	private RawHttp.Response get(String path) throws IOException {
		return RawHttp.get(this.port, path);
	}

}
