package org.modulehost.cache.actuate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.modulehost.cache.ControlledModule;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the write operations are mapped: on the management server when it has its own port, and
 * nowhere when the endpoint's access is restricted.
 */
class ModuleCachesWriteConfigurationTests {

	private static final String TOKEN = "another-s3cret";

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void writesWorkOnASeparateManagementPort() throws Exception {
		try (ConfigurableApplicationContext context = ModuleCachesEndpointTests
			.start("modulehost.admin.token=" + TOKEN, "management.server.port=0")
			.context()) {
			String managementPort = context.getEnvironment().getProperty("local.management.port");
			assertThat(managementPort).isNotEqualTo(context.getEnvironment().getProperty("local.server.port"));
			ControlledModule module = (ControlledModule) context.getBean("module:controlled");
			String first = module.lookup("k");
			URI uri = URI.create("http://localhost:" + managementPort + "/actuator/modulecaches/controlled.lookup");
			assertThat(post(uri, null).statusCode()).isEqualTo(401);
			assertThat(module.lookup("k")).isEqualTo(first);
			assertThat(post(uri, TOKEN).statusCode()).isEqualTo(204);
			assertThat(module.lookup("k")).isNotEqualTo(first);
		}
	}

	@Test
	void readOnlyAccessLeavesOutTheWrites() throws Exception {
		try (ConfigurableApplicationContext context = ModuleCachesEndpointTests
			.start("modulehost.admin.token=" + TOKEN, "management.endpoint.modulecaches.access=read-only")
			.context()) {
			String port = context.getEnvironment().getProperty("local.server.port");
			URI uri = URI.create("http://localhost:" + port + "/actuator/modulecaches/controlled.lookup");
			assertThat(post(uri, TOKEN).statusCode()).isEqualTo(405);
			HttpResponse<String> read = this.http.send(HttpRequest.newBuilder(uri).GET().build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(read.statusCode()).isEqualTo(200);
		}
	}

	private HttpResponse<String> post(URI uri, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"keys\": [\"k\"]}"));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
