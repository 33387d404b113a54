package org.modulehost.homeserver;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorResponseTests extends HomeserverTestSupport {

	private static void assertMatrixError(MatrixClient.Response response, int status, String errcode) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/json");
		assertThat(response.errcode()).isEqualTo(errcode);
		assertThat(response.string("error")).isNotBlank();
		assertThat(response.text()).doesNotContain("Exception", "\tat ", "Whitelabel");
	}

	@Test
	void anUnknownEndpointIsUnrecognized() {
		assertMatrixError(client().get("/_matrix/client/v3/no/such/endpoint"), 404, "M_UNRECOGNIZED");
		assertMatrixError(client().get("/anything-else"), 404, "M_UNRECOGNIZED");
	}

	@Test
	void aMethodTheEndpointDoesNotTakeIsUnrecognized() {
		assertMatrixError(client().delete("/_matrix/client/v3/login"), 405, "M_UNRECOGNIZED");
	}

	@Test
	void aBrowserAlsoGetsJsonRatherThanAnErrorPage() throws IOException, InterruptedException {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/_matrix/client/v3/nope"))
				.header("Accept", "text/html")
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("M_UNRECOGNIZED").doesNotContain("<html");
	}

	@Test
	void malformedJsonIsNotJson() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		assertMatrixError(alice.raw("POST", "/_matrix/client/v3/createRoom", "{\"name\": "), 400, "M_NOT_JSON");
		assertMatrixError(client().raw("POST", "/_matrix/client/v3/login", "not json at all"), 400, "M_NOT_JSON");
		assertMatrixError(client().raw("POST", "/_matrix/client/v3/login", null), 400, "M_NOT_JSON");
	}

	@Test
	void jsonOfTheWrongShapeIsBadJson() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		assertMatrixError(alice.raw("POST", "/_matrix/client/v3/createRoom", "[1, 2]"), 400, "M_BAD_JSON");
		assertMatrixError(alice.post("/_matrix/client/v3/createRoom", Map.of("name", 42)), 400, "M_BAD_JSON");
		assertMatrixError(alice.post("/_matrix/client/v3/createRoom", Map.of("invite", "@bob:localhost")), 400,
				"M_BAD_JSON");
	}

	@Test
	void invalidParametersAreNamed() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		String messages = "/_matrix/client/v3/rooms/" + MatrixClient.encode(roomId) + "/messages";
		assertMatrixError(alice.get(messages + "?limit=lots"), 400, "M_INVALID_PARAM");
		assertMatrixError(alice.get(messages + "?from=yesterday"), 400, "M_INVALID_PARAM");
		assertMatrixError(alice.get(messages + "?dir=sideways"), 400, "M_INVALID_PARAM");
		assertMatrixError(alice.post("/_matrix/client/v3/createRoom", Map.of("visibility", "secret")), 400,
				"M_INVALID_PARAM");
		assertMatrixError(alice.get("/_matrix/client/v3/register/available"), 400, "M_MISSING_PARAM");
	}

	@Test
	void malformedIdentifiersAreRefused() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		assertMatrixError(alice.get("/_matrix/client/v3/rooms/not-a-room/messages"), 400, "M_INVALID_PARAM");
		assertMatrixError(alice.join("#no-colon"), 400, "M_INVALID_PARAM");
		assertMatrixError(client().get("/_matrix/client/v3/directory/room/" + MatrixClient.encode("#bad")), 400,
				"M_INVALID_PARAM");
	}

	@Test
	void unknownRoomsAndEventsAreNotFoundOrForbidden() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		assertMatrixError(alice.join("!unknown:localhost"), 404, "M_NOT_FOUND");
		assertMatrixError(alice.send("!unknown:localhost", "m.room.message", "t1", Map.of("body", "x")), 403,
				"M_FORBIDDEN");
		String roomId = alice.createRoom(Map.of());
		assertMatrixError(alice.get("/_matrix/client/v3/rooms/" + MatrixClient.encode(roomId) + "/event/$nope"), 404,
				"M_NOT_FOUND");
		assertMatrixError(client().get("/_matrix/client/v3/profile/" + MatrixClient.encode("@ghost:localhost")), 404,
				"M_NOT_FOUND");
	}

	@Test
	void versionsAndCapabilitiesAnswer() {
		MatrixClient.Response versions = client().get("/_matrix/client/versions");
		assertThat(versions.status()).isEqualTo(200);
		assertThat(versions.body().get("versions").toString()).contains("v1.1");
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		assertThat(alice.get("/_matrix/client/v3/capabilities").map("capabilities")).containsKey("m.room_versions");
	}

	@Test
	void corsAllowsBrowserClients() throws IOException, InterruptedException {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/_matrix/client/v3/login"))
				.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
				.header("Origin", "https://app.element.io")
				.header("Access-Control-Request-Method", "POST")
				.header("Access-Control-Request-Headers", "authorization, content-type")
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
	}

}
