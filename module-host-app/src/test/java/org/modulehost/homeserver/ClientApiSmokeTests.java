package org.modulehost.homeserver;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientApiSmokeTests extends HomeserverTestSupport {

	@Test
	void aRegisteredUserCreatesARoomAndSendsAMessage() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of("name", "Smoke"));
		String eventId = alice.sendMessage(roomId, "hello");
		MatrixClient.Response event = alice.get("/_matrix/client/v3/rooms/" + MatrixClient.encode(roomId) + "/event/"
				+ MatrixClient.encode(eventId));
		assertThat(event.status()).as(event.toString()).isEqualTo(200);
		assertThat(event.map("content")).containsEntry("body", "hello");
	}

	@Test
	void aJsonBodySentAsAFormAsCurlDoesIsStillJson() {
		String name = MatrixClient.unique("curl");
		MatrixClient.Response registered = client().raw("POST", "/_matrix/client/v3/register",
				"{\"username\": \"" + name + "\", \"password\": \"pw\", \"auth\": {\"type\": \"m.login.dummy\"}}",
				"application/x-www-form-urlencoded");
		assertThat(registered.status()).as(registered.toString()).isEqualTo(200);
		MatrixClient alice = client().withToken(registered.string("access_token"));
		String roomId = alice.createRoom(Map.of());
		MatrixClient.Response sent = alice.raw("PUT",
				"/_matrix/client/v3/rooms/" + MatrixClient.encode(roomId) + "/send/m.room.message/curl1",
				"{\"msgtype\": \"m.text\", \"body\": \"from curl\"}", "application/x-www-form-urlencoded");
		assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
		MatrixClient.Response whoami = client().raw("GET",
				"/_matrix/client/v3/account/whoami?access_token=" + MatrixClient.encode(registered.string("access_token")),
				null, "application/x-www-form-urlencoded");
		assertThat(whoami.string("user_id")).isEqualTo(registered.string("user_id"));
	}

}
