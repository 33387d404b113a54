package org.modulehost.homeserver;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * New rooms are version 11 (no {@code creator} in {@code m.room.create}); version 10 may still be
 * asked for and names the creator; other versions are refused. Redaction prunes as the room's
 * version says.
 */
class RoomVersionTests extends HomeserverTestSupport {

	private static String room(String roomId) {
		return "/_matrix/client/v3/rooms/" + MatrixClient.encode(roomId);
	}

	@Test
	void aNewRoomIsVersion11WithoutCreator() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		Map<String, Object> create = alice.get(room(roomId) + "/state/m.room.create/").body();
		assertThat(create).containsEntry("room_version", "11").doesNotContainKey("creator");
		assertThat(alice.sendMessage(roomId, "hello")).startsWith("$");
	}

	@Test
	void aVersion10RoomNamesItsCreatorAndWorks() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String roomId = alice.createRoom(Map.of("room_version", "10", "preset", "public_chat"));
		Map<String, Object> create = alice.get(room(roomId) + "/state/m.room.create/").body();
		assertThat(create).containsEntry("room_version", "10").containsEntry("creator", alice.userId());
		assertThat(bob.join(roomId).status()).isEqualTo(200);
		assertThat(bob.sendMessage(roomId, "hi")).startsWith("$");
		MatrixClient.Response denied = bob.put(room(roomId) + "/state/m.room.name/", Map.of("name", "Mine"));
		assertThat(denied.status()).isEqualTo(403);
		assertThat(denied.errcode()).isEqualTo("M_FORBIDDEN");
		assertThat(alice.put(room(roomId) + "/state/m.room.name/", Map.of("name", "Ours")).status()).isEqualTo(200);
	}

	@Test
	void anUnsupportedRoomVersionIsRefused() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		for (String version : new String[] { "9", "12", "org.example.custom" }) {
			MatrixClient.Response response = alice.post("/_matrix/client/v3/createRoom",
					Map.of("room_version", version));
			assertThat(response.status()).as(version).isEqualTo(400);
			assertThat(response.errcode()).as(version).isEqualTo("M_UNSUPPORTED_ROOM_VERSION");
		}
	}

	@Test
	void redactingPowerLevelsKeepsInviteOnlyFromVersion11() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		assertThat(redactedPowerLevels(alice, "10")).doesNotContainKey("invite").containsKey("users");
		assertThat(redactedPowerLevels(alice, "11")).containsEntry("invite", 0).containsKey("users");
	}

	private static Map<String, Object> redactedPowerLevels(MatrixClient alice, String version) {
		String roomId = alice.createRoom(Map.of("room_version", version));
		String levels = room(roomId) + "/state/m.room.power_levels/";
		Map<String, Object> content = new java.util.LinkedHashMap<>(alice.get(levels).body());
		content.put("invite", 0);
		MatrixClient.Response changed = alice.put(levels, content);
		assertThat(changed.status()).isEqualTo(200);
		MatrixClient.Response redaction = alice.put(room(roomId) + "/redact/"
				+ MatrixClient.encode(changed.string("event_id")) + "/" + MatrixClient.nextTxn(), Map.of());
		assertThat(redaction.status()).as(redaction.toString()).isEqualTo(200);
		return alice.get(levels).body();
	}

}
