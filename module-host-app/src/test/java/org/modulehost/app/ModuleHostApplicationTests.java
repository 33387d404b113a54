package org.modulehost.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.modulehost.api.ModuleApi;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fat jar's application on a random port, with a module, inspected over HTTP: the actuator on
 * the management port (random here, as {@code management.server.port=0}), only a bare
 * {@code /health} on the client port.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:application-tests;DB_CLOSE_DELAY=-1",
				"modules[0].module=org.modulehost.app.ModuleHostApplicationTests$Hello",
				"modules[0].config.greeting=Hi", "modules[0].config.client_secret=s3cret" })
class ModuleHostApplicationTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@LocalManagementPort
	private int managementPort;

	@Test
	void theManagementEndpointsAreServedOnTheirOwnPort() {
		assertThat(this.managementPort).isPositive().isNotEqualTo(this.port);
	}

	@Test
	void theClientPortDoesNotServeTheActuator() throws Exception {
		for (String path : new String[] { "/actuator/modules", "/actuator/health", "/actuator/modulecaches",
				"/actuator" }) {
			HttpResponse<String> response = get(this.port, path);
			assertThat(response.statusCode()).as(path).isEqualTo(404);
			assertThat(response.body()).as(path).contains("\"errcode\":\"M_UNRECOGNIZED\"");
		}
	}

	@Test
	void theClientPortAnswersABareHealthCheck() throws Exception {
		HttpResponse<String> response = get(this.port, "/health");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("OK");
	}

	@Test
	void theModulesEndpointListsTheLoadedModuleWithItsSecretsMasked() throws Exception {
		HttpResponse<String> response = get("/actuator/modules");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"name\":\"Hello\"")
			.contains("\"state\":\"ACTIVE\"")
			.contains("\"greeting\":\"Hi\"")
			.contains("\"client_secret\":\"******\"")
			.doesNotContain("s3cret");
	}

	@Test
	void anUnknownModuleIsNotFound() throws Exception {
		assertThat(get("/actuator/modules/Nobody").statusCode()).isEqualTo(404);
		assertThat(get("/actuator/modules/Hello").body()).contains("\"class\":\"" + Hello.class.getName() + "\"");
	}

	@Test
	void healthIncludesTheModules() throws Exception {
		HttpResponse<String> response = get("/actuator/health");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"modules\"").contains("\"active\":1");
	}

	@Test
	void theReadinessProbeIncludesTheModuleCacheInvalidation() throws Exception {
		HttpResponse<String> response = get("/actuator/health/readiness");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"moduleCacheInvalidation\":{\"status\":\"UP\"")
			.contains("\"readinessState\":{\"status\":\"UP\"");
	}

	@Test
	void endpointsThatWriteAreNotExposed() throws Exception {
		assertThat(get("/actuator/caches").statusCode()).isEqualTo(404);
		assertThat(get("/actuator/env").statusCode()).isEqualTo(404);
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return get(this.managementPort, path);
	}

	private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	/** A module for the test. */
	public static class Hello {

		public Hello(Map<String, Object> config, ModuleApi api) {
		}

	}

}
