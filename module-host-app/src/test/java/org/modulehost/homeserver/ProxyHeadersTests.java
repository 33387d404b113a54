package org.modulehost.homeserver;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.modulehost.homeserver.modules.Recorder;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Behind a reverse proxy the client's address is in {@code X-Forwarded-For}: with
 * {@code server.forward-headers-strategy} set, that is the address modules see
 * ({@code ClientInfo.ip}); without it, they see the proxy's, and a client cannot pretend to be
 * another address by sending the header itself.
 */
class ProxyHeadersTests {

	private static final String CLIENT = "203.0.113.7";

	static String registerThroughAProxy(int port, String name) throws Exception {
		String body = "{\"username\":\"" + name + "\",\"password\":\"pw\",\"auth\":{\"type\":\"m.login.dummy\"}}";
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/_matrix/client/v3/register"))
				.header("Content-Type", "application/json")
				.header("X-Forwarded-For", CLIENT)
				.header("X-Forwarded-Proto", "https")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return name;
	}

	@Nested
	@TestPropertySource(properties = "server.forward-headers-strategy=native")
	class WithTheNativeStrategy extends WithTestModules {

		@Test
		void modulesSeeTheAddressTheProxyForwarded() throws Exception {
			String name = registerThroughAProxy(this.port, MatrixClient.unique("proxied"));
			assertThat(Recorder.calls()).contains("registrationFrom:" + name + ":" + CLIENT);
		}

	}

	@Nested
	@TestPropertySource(properties = "server.forward-headers-strategy=framework")
	class WithTheFrameworkStrategy extends WithTestModules {

		@Test
		void modulesSeeTheAddressTheProxyForwarded() throws Exception {
			String name = registerThroughAProxy(this.port, MatrixClient.unique("proxiedfw"));
			assertThat(Recorder.calls()).contains("registrationFrom:" + name + ":" + CLIENT);
		}

	}

	@Nested
	class WithoutAStrategy extends WithTestModules {

		@Test
		void modulesSeeTheConnectionsAddressWhateverTheHeaderSays() throws Exception {
			String name = registerThroughAProxy(this.port, MatrixClient.unique("direct"));
			assertThat(Recorder.calls()).contains("registrationFrom:" + name + ":127.0.0.1")
				.doesNotContain("registrationFrom:" + name + ":" + CLIENT);
		}

	}

}
