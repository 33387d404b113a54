package org.modulehost.homeserver;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.modulehost.homeserver.modules.TestSpamChecker;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The homeserver's meters in Prometheus's text format at {@code /actuator/prometheus}, where the
 * actuator is served (its own management port when one is set, else the server's).
 */
@TestPropertySource(properties = "modules[0].module=org.modulehost.homeserver.modules.TestSpamChecker")
class PrometheusEndpointTests extends HomeserverTestSupport {

	@Autowired
	private Environment environment;

	@Test
	void theModulesCallbackTimersAreScrapedByPrometheus() throws Exception {
		MatrixClient alice = client().register("prometheus-alice");
		assertThat(alice.post("/_matrix/client/v3/createRoom", Map.of("name", "metrics")).status()).isEqualTo(200);

		HttpResponse<String> scrape = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + actuatorPort() + "/actuator/prometheus"))
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(scrape.statusCode()).isEqualTo(200);
		assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/plain"));
		assertThat(scrape.body()).contains("# TYPE modulehost_callback_seconds summary")
			.containsPattern("modulehost_callback_seconds_count\\{[^}]*callback=\"userMayCreateRoom\"[^}]*"
					+ "module=\"" + TestSpamChecker.class.getSimpleName() + "\"[^}]*outcome=\"neutral\"[^}]*\\} 1(\\.0)?\n");
	}

	private int actuatorPort() {
		String management = this.environment.getProperty("local.management.port");
		return Integer.parseInt((management != null) ? management : this.environment.getProperty("local.server.port"));
	}

}
