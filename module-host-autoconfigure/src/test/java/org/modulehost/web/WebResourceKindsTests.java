package org.modulehost.web;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.modulehost.web.TestModules.LateModule;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Each kind of web resource, served by a real server: what it receives, the matched pattern in
 * metrics, its failures, and how the actuator shows it.
 */
@SpringBootTest(classes = WebTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		"management.endpoints.web.exposure.include=mappings,modules,health",
		"modules[0].module=org.modulehost.web.TestModules$PathsModule", "modules[0].name=handlers",
		"modules[0].config.paths[0]=/_synapse/client/handler",
		"modules[1].module=org.modulehost.web.TestModules$RouterModule", "modules[1].name=router",
		"modules[1].config.path=/_synapse/client/router",
		"modules[2].module=org.modulehost.web.TestModules$ControllerModule", "modules[2].name=controller",
		"modules[2].config.path=/_synapse/client/controller",
		"modules[3].module=org.modulehost.web.TestModules$LateModule", "modules[3].name=late" })
@ExtendWith(OutputCaptureExtension.class)
class WebResourceKindsTests {

	private static final String ERROR = "{\"errcode\":\"M_UNKNOWN\",\"error\":\"Internal server error\"}";

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	@Autowired
	MeterRegistry meters;

	@Test
	void anHttpRequestHandlerServesItsPathAndEverythingBelowIt() throws IOException {
		assertThat(get("/_synapse/client/handler").body()).isEqualTo("handlers:/_synapse/client/handler within=");
		assertThat(get("/_synapse/client/handler/").body()).isEqualTo("handlers:/_synapse/client/handler within=");
		assertThat(get("/_synapse/client/handler/a/b").body())
			.isEqualTo("handlers:/_synapse/client/handler within=a/b");
		assertThat(RawHttp.request(this.port, "POST", "/_synapse/client/handler/c", "{}").body())
			.isEqualTo("handlers:/_synapse/client/handler within=c");
	}

	@Test
	void anHttpRequestHandlerDoesNotServeAPathThatMerelyStartsWithItsPath() throws IOException {
		RawHttp.Response response = get("/_synapse/client/handlerx");
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.body()).doesNotContain("handlers:");
	}

	@Test
	void routerFunctionRoutesAreRelativeToItsPath() throws IOException {
		assertThat(get("/_synapse/client/router").body()).isEqualTo("{\"served\":\"router:root\"}");
		assertThat(get("/_synapse/client/router/hello").body()).isEqualTo("{\"served\":\"router:hello\"}");
		assertThat(JsonPath.<String>read(get("/_synapse/client/router/items/42").body(), "$.id")).isEqualTo("42");
		RawHttp.Response echo = RawHttp.request(this.port, "POST", "/_synapse/client/router/echo", "{\"a\":1}");
		assertThat(echo.body()).isEqualTo("{\"echo\":{\"a\":1}}");
	}

	@Test
	void aRequestBelowARouterFunctionThatNoRouteMatchesIsNotFound() throws IOException {
		RawHttp.Response response = get("/_synapse/client/router/nowhere");
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.header("Content-Type")).startsWith("application/json");
	}

	@Test
	void controllerMappingsAreRelativeToItsPath() throws IOException {
		assertThat(get("/_synapse/client/controller/hello").body()).isEqualTo("{\"served\":\"controller:hello\"}");
		assertThat(JsonPath.<String>read(get("/_synapse/client/controller/items/7").body(), "$.id")).isEqualTo("7");
		RawHttp.Response echo = RawHttp.request(this.port, "POST", "/_synapse/client/controller/echo", "{\"b\":true}");
		assertThat(echo.body()).isEqualTo("{\"echo\":{\"b\":true}}");
	}

	@Test
	void controllersKeepSpringsStandardErrorHandling() throws IOException {
		assertThat(RawHttp.request(this.port, "POST", "/_synapse/client/controller/hello", "{}").status())
			.isEqualTo(405);
		assertThat(RawHttp.request(this.port, "POST", "/_synapse/client/controller/echo", "{not json").status())
			.isEqualTo(400);
		assertThat(get("/_synapse/client/controller/forbidden").status()).isEqualTo(403);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "handlers, /_synapse/client/handler/fail, /_synapse/client/handler/**",
			"router, /_synapse/client/router/fail, /_synapse/client/router/fail",
			"controller, /_synapse/client/controller/fail, /_synapse/client/controller/fail" })
	void aModuleExceptionGivesA500WithAJsonBodyThatNamesNoInternalsAndIsLoggedWithTheModulesName(String module,
			String path, String pattern, CapturedOutput output) throws IOException {
		RawHttp.Response response = get(path);
		assertThat(response.status()).isEqualTo(500);
		assertThat(response.header("Content-Type")).isEqualTo("application/json");
		assertThat(response.header("X-Partial")).isNull();
		assertThat(response.body()).isEqualTo(ERROR);
		assertThat(output).contains("Module '" + module + "' failed to handle GET " + pattern)
			.contains("secret detail");
	}

	@Test
	void theServerGoesOnServingAfterAModuleFailed() throws IOException {
		for (int i = 0; i < 3; i++) {
			assertThat(get("/_synapse/client/handler/fail").status()).isEqualTo(500);
			assertThat(get("/_synapse/client/handler/ok").status()).isEqualTo(200);
			assertThat(get("/host/hello").body()).isEqualTo("{\"served\":\"host:hello\"}");
		}
	}

	@Test
	void httpServerRequestsMetricsCarryTheMatchedPattern() throws IOException {
		get("/_synapse/client/handler/x/y");
		get("/_synapse/client/router/items/1");
		get("/_synapse/client/controller/items/2");
		get("/_synapse/client/handler/fail");
		RawHttp.request(this.port, "POST", "/_synapse/client/controller/hello", "{}");
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(count("/_synapse/client/handler/**", "200")).isPositive();
			assertThat(count("/_synapse/client/router/items/{id}", "200")).isPositive();
			assertThat(count("/_synapse/client/controller/items/{id}", "200")).isPositive();
			assertThat(count("/_synapse/client/handler/**", "500")).isPositive();
			assertThat(count("/_synapse/client/controller/**", "405")).isPositive();
		});
		assertThat(this.meters.find("http.server.requests").tag("uri", "UNKNOWN").timers()).isEmpty();
	}

	private long count(String uri, String status) {
		Timer timer = this.meters.find("http.server.requests").tag("uri", uri).tag("status", status).timer();
		return (timer != null) ? timer.count() : 0;
	}

	@Test
	void actuatorMappingsListTheModulesRoutes() throws IOException {
		String mappings = get("/actuator/mappings").body();
		List<Map<String, String>> routes = JsonPath.read(mappings, "$.contexts.*.mappings.moduleWebResources[*]");
		assertThat(routes).extracting((route) -> route.get("module") + " " + route.get("predicate"))
			.contains("handlers /_synapse/client/handler/**", "controller {GET [/_synapse/client/controller/hello]}",
					"controller {GET [/_synapse/client/controller/items/{id}]}",
					"controller {POST [/_synapse/client/controller/echo]}");
		assertThat(routes).filteredOn((route) -> route.get("module").equals("router"))
			.extracting((route) -> route.get("predicate"))
			.anySatisfy((predicate) -> assertThat(predicate).contains("/_synapse/client/router").contains("/hello"))
			.anySatisfy((predicate) -> assertThat(predicate).contains("/items/{id}"));
		assertThat(routes).extracting((route) -> route.get("kind"))
			.contains("HttpRequestHandler", "RouterFunction", "Controller");
	}

	@Test
	void actuatorModulesShowEachModulesWebResources() throws IOException {
		String handlers = get("/actuator/modules/handlers").body();
		assertThat(JsonPath.<String>read(handlers, "$.webResources[0].path")).isEqualTo("/_synapse/client/handler");
		assertThat(JsonPath.<String>read(handlers, "$.webResources[0].kind")).isEqualTo("HttpRequestHandler");
		assertThat(JsonPath.<String>read(handlers, "$.webResources[0].state")).isEqualTo("ACTIVE");
		assertThat(JsonPath.<String>read(handlers, "$.webResources[0].routes[0].predicate"))
			.isEqualTo("/_synapse/client/handler/**");
		String controller = get("/actuator/modules/controller").body();
		assertThat(JsonPath.<List<String>>read(controller, "$.webResources[0].routes[*].predicate"))
			.contains("{GET [/_synapse/client/controller/hello]}");
		String late = get("/actuator/modules/late").body();
		assertThat(JsonPath.<List<?>>read(late, "$.webResources")).isEmpty();
	}

	@Test
	void theApplicationsOwnControllersStillServe() throws IOException {
		assertThat(get("/host/hello").body()).isEqualTo("{\"served\":\"host:hello\"}");
		assertThat(get("/actuator/health").status()).isEqualTo(200);
	}

	@Test
	void aRegistrationAfterTheConstructorReturnedIsRefused() throws IOException {
		LateModule late = this.context.getBean("module:late", LateModule.class);
		assertThatIllegalStateException().isThrownBy(late::registerLate)
			.withMessage("Module 'late' called registerWebResource after its constructor returned; modules register"
					+ " everything while their constructor runs");
		assertThat(get("/_synapse/client/late").status()).isEqualTo(404);
	}

	private RawHttp.Response get(String path) throws IOException {
		return RawHttp.get(this.port, path);
	}

}
