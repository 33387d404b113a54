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

}
