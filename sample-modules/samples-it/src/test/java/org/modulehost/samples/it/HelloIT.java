package org.modulehost.samples.it;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.modulehost.samples.it.RunningHomeserver.Server;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hello sample, loaded from its jar, over HTTP.
 */
@ExtendWith(RunningHomeserver.class)
class HelloIT {

	private static final String HELLO = "/_synapse/client/hello/";

	@Test
	void greetsFromTheCacheUntilTheGreetingIsRefreshed(Server server) {
		JsonNode first = greeting(server, "it-hello");
		assertThat(first.get("greeting").asString()).isEqualTo("Hello, it-hello!");
		JsonNode second = greeting(server, "it-hello");
		assertThat(second.get("computation").asLong()).isEqualTo(first.get("computation").asLong());
		assertThat(second.get("computed_at").asString()).isEqualTo(first.get("computed_at").asString());

		HttpResponse<String> refresh = server.send("POST", HELLO + "it-hello/refresh", null, null);
		assertThat(refresh.statusCode()).isEqualTo(200);

		JsonNode third = greeting(server, "it-hello");
		assertThat(third.get("computation").asLong()).isGreaterThan(second.get("computation").asLong());
	}

	@Test
	void refusesANameThatIsNotAWordWithAMatrixError(Server server) {
		HttpResponse<String> response = server.get(HELLO + "x".repeat(65));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(Server.json(response).get("errcode").asString()).isEqualTo("M_INVALID_PARAM");
	}

	@Test
	void isLoadedFromItsBundleInTheModulesDirectoryInAClassLoaderOfItsOwn(Server server) {
		HttpResponse<String> response = server.management("/actuator/modules/HelloModule");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode module = Server.json(response);
		assertThat(module.get("location").asString()).endsWith("/hello/hello-0.1.0-SNAPSHOT.jar");
		assertThat(module.get("bundle").asString()).endsWith("/modules/hello");
		assertThat(module.get("classLoader").asString()).isEqualTo("bundle:hello");
	}

	@Test
	void theClientPortAnswersABareHealthCheckAndNoActuator(Server server) {
		HttpResponse<String> health = server.get("/health");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).isEqualTo("OK");
		HttpResponse<String> actuator = server.get("/actuator/modules/HelloModule");
		assertThat(actuator.statusCode()).isEqualTo(404);
		assertThat(Server.json(actuator).get("errcode").asString()).isEqualTo("M_UNRECOGNIZED");
	}

	private static JsonNode greeting(Server server, String name) {
		HttpResponse<String> response = server.get(HELLO + name);
		assertThat(response.statusCode()).isEqualTo(200);
		return Server.json(response);
	}

}
