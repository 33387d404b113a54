package org.modulehost.homeserver;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.modulehost.app.ModuleHostApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code /.well-known/matrix/client} answers {@code homeserver.public-baseurl}, which must be an
 * absolute http(s) URL.
 */
class WellKnownTests {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	@Test
	void theClientWellKnownAnswersTheConfiguredBaseUrlEndingWithASlashToAnyOrigin() throws Exception {
		try (ConfigurableApplicationContext context = start(
				"--homeserver.public-baseurl=https://matrix.example.org")) {
			int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
			HttpResponse<String> response = get(port, "/.well-known/matrix/client");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
			assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("application/json"));
			assertThat(response.body()).isEqualTo("{\"m.homeserver\":{\"base_url\":\"https://matrix.example.org/\"}}");
		}
	}

	@Test
	void aBaseUrlThatIsNotAnAbsoluteHttpUrlStopsStartUpNamingTheSetting() {
		assertThatThrownBy(() -> start("--homeserver.public-baseurl=matrix.example.org").close()).rootCause()
			.hasMessageContaining("homeserver.public-baseurl 'matrix.example.org'");
	}

	static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
		return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static ConfigurableApplicationContext start(String... args) {
		String[] all = new String[args.length + 4];
		all[0] = "--server.port=0";
		all[1] = "--management.server.port=0";
		all[2] = "--spring.main.banner-mode=off";
		all[3] = "--spring.datasource.url=jdbc:h2:mem:wellknown_" + UUID.randomUUID().toString().replace("-", "")
				+ ";DB_CLOSE_DELAY=-1";
		System.arraycopy(args, 0, all, 4, args.length);
		return SpringApplication.run(ModuleHostApplication.class, all);
	}

}
