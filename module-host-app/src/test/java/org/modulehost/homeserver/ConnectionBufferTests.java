package org.modulehost.homeserver;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.modulehost.app.ModuleHostApplication;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The client port's connections hold the buffers {@code homeserver.http.*} sizes (read back from
 * the running Tomcat connector), and requests and responses larger than those buffers still pass
 * whole.
 */
class ConnectionBufferTests extends HomeserverTestSupport {

	@Autowired
	WebServerApplicationContext context;

	private Connector connector() {
		return ((TomcatWebServer) this.context.getWebServer()).getTomcat().getConnector();
	}

	@Test
	void theRunningConnectorHoldsTheConfiguredSocketBuffers() {
		assertThat(connector().getProperty("socket.appReadBufSize")).isEqualTo("2048");
		assertThat(connector().getProperty("socket.appWriteBufSize")).isEqualTo("2048");
	}

	@Test
	void theRunningConnectorHoldsSmallHeaderAndTrailerBuffers() {
		assertThat(connector().getProperty("maxHttpRequestHeaderSize")).isEqualTo(8192);
		assertThat(connector().getProperty("maxHttpResponseHeaderSize")).isEqualTo(4096);
		assertThat(connector().getProperty("maxTrailerSize")).isEqualTo(1024);
	}

	@Test
	void requestHeadersOfSevenKilobytesAreStillServed() throws Exception {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/_matrix/client/v3/sync"))
			.header("Authorization", "Bearer " + alice.accessToken())
			.header("X-Padding", "p".repeat(7000))
			.build();
		HttpResponse<String> sync = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(sync.statusCode()).as(sync.body()).isEqualTo(200);
		assertThat(sync.body()).contains("next_batch");
	}

	@Test
	void requestHeadersOverEightKilobytesAreRefusedWithAMatrixError() throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/_matrix/client/v3/sync"))
			.header("X-Padding", "p".repeat(9000))
			.build();
		HttpResponse<String> sync = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(sync.statusCode()).as(sync.body()).isEqualTo(400);
		assertThat(sync.body()).contains("\"errcode\":\"M_UNKNOWN\"");
	}

	@Test
	void aRequestOfTheRunningConnectorGetsTheConfiguredResponseBuffer() {
		Connector connector = connector();
		assertThat(connector.createResponse(new org.apache.coyote.Response()).getBufferSize()).isEqualTo(1024);
	}

	@Test
	void aSyncLargerThanEveryBufferArrivesWhole() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of("name", "Large"));
		String body = "x".repeat(20_000);
		alice.sendMessage(roomId, body);
		MatrixClient.Response sync = alice.sync(null, 0);
		assertThat(sync.status()).as(sync.toString()).isEqualTo(200);
		assertThat(sync.text()).contains(body);
	}

	@Test
	void aRequestBodyLargerThanTheReadBufferIsReadWhole() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of("name", "Large"));
		String body = "y".repeat(20_000);
		String eventId = alice.sendMessage(roomId, body);
		MatrixClient.Response event = alice.get("/_matrix/client/v3/rooms/" + MatrixClient.encode(roomId) + "/event/"
				+ MatrixClient.encode(eventId));
		assertThat(event.status()).as(event.toString()).isEqualTo(200);
		assertThat(MatrixClient.body(event.body())).isEqualTo(body);
	}

	@ParameterizedTest
	@ValueSource(strings = { "homeserver.http.socket-read-buffer-size=0", "homeserver.http.socket-write-buffer-size=0",
			"homeserver.http.response-buffer-size=0", "homeserver.http.max-trailer-size=0" })
	void aBufferOfZeroStopsStartUpNamingTheSetting(String setting) {
		String key = setting.substring(0, setting.indexOf('='));
		Throwable failure = catchThrowable(() -> {
			try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ModuleHostApplication.class)
				.run("--server.port=0", "--management.server.port=0",
						"--spring.datasource.url=jdbc:h2:mem:buffers-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
						"--" + setting)) {
				// Started: the assertion below fails.
			}
		});
		assertThat(failure).as("start-up with " + setting).isNotNull();
		Throwable root = failure;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		assertThat(root).isInstanceOf(InvalidSettingException.class);
		assertThat(root.getMessage()).startsWith(key + " must be between 256B and 1MB").contains("leave it out");
	}

}
