package org.modulehost.samples.hello;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.modulehost.test.ModuleTestHost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;
import static org.modulehost.test.MatrixTestClient.json;

/**
 * The hello module in a real host, driven over HTTP.
 */
class HelloModuleTests {

	private static ModuleTestHost host;

	@BeforeAll
	static void startHost() {
		host = ModuleTestHost.builder().module(HelloModule.class, Map.of("greeting", "Bonjour")).start();
	}

	@AfterAll
	static void stopHost() {
		host.close();
	}

	@Test
	void greetsANameWithTheConfiguredGreeting() {
		HttpResponse<String> response = host.get("/_synapse/client/hello/alice");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/json"));
		JsonNode body = json(response);
		assertThat(body.get("name").asString()).isEqualTo("alice");
		assertThat(body.get("greeting").asString()).isEqualTo("Bonjour, alice!");
		assertThat(body.get("computed_at").asString()).isNotBlank();
	}

	@Test
	void servesTheCachedGreetingUntilItIsRefreshed() {
		long first = computation(host.get("/_synapse/client/hello/bob"));
		long second = computation(host.get("/_synapse/client/hello/bob"));
		assertThat(second).isEqualTo(first);
		assertThat(host.cache("HelloModule.greeting").get("bob")).isNotNull();

		HttpResponse<String> refresh = host.post("/_synapse/client/hello/bob/refresh", "");
		assertThat(refresh.statusCode()).isEqualTo(200);
		assertThat(json(refresh).get("refreshed").asBoolean()).isTrue();
		assertThat(host.cache("HelloModule.greeting").get("bob")).isNull();

		long third = computation(host.get("/_synapse/client/hello/bob"));
		assertThat(third).isGreaterThan(second);
	}

	@Test
	void refreshingOneNameKeepsTheOthersCached() {
		long carol = computation(host.get("/_synapse/client/hello/carol"));
		long dave = computation(host.get("/_synapse/client/hello/dave"));
		host.post("/_synapse/client/hello/carol/refresh", "");
		assertThat(computation(host.get("/_synapse/client/hello/dave"))).isEqualTo(dave);
		assertThat(computation(host.get("/_synapse/client/hello/carol"))).isNotEqualTo(carol);
	}

	@Test
	void refusesANameThatIsNotAWordAsJson() {
		HttpResponse<String> response = host.get("/_synapse/client/hello/" + "x".repeat(65));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(json(response).get("errcode").asString()).isEqualTo("M_INVALID_PARAM");
	}

	@Test
	void refreshesEveryGreetingOnTheConfiguredSchedule() {
		try (ModuleTestHost quick = ModuleTestHost.builder()
			.module(HelloModule.class, Map.of("refresh_every", "200ms"))
			.start()) {
			long first = computation(quick.get("/_synapse/client/hello/erin"));
			await().atMost(Duration.ofSeconds(10))
				.until(() -> computation(quick.get("/_synapse/client/hello/erin")) != first);
			assertThat(json(quick.get("/_synapse/client/hello/erin")).get("greeting").asString())
				.isEqualTo("Hello, erin!");
		}
	}

	@Test
	void aRefreshIntervalThatIsNotADurationStopsStartUpNamingTheKey() {
		assertThatException()
			.isThrownBy(() -> ModuleTestHost.builder()
				.module(HelloModule.class, Map.of("refresh_every", "soon"))
				.web(false)
				.start())
			.withStackTraceContaining("modules[0].config.refresh_every")
			.withStackTraceContaining("'soon' is not a duration; write e.g. 30s, 10m, 1h or 1d");
	}

	private static long computation(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(200);
		return json(response).get("computation").asLong();
	}

}
