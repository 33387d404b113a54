package org.modulehost.homeserver;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.modulehost.homeserver.modules.LifecycleRules;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /rooms/{roomId}/upgrade}: the tombstone, the new room with the copied state, the
 * power levels, the moved aliases and the {@code predecessor}, and {@code userMayCreateRoom}
 * with Synapse's synthesised config.
 */
class RoomUpgradeTests extends WithLifecycleModule {

	@Test
	void anUpgradeReplacesTheRoomWithACopyOfItsState() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		MatrixClient eve = client().register(MatrixClient.unique("eve"));
		String aliasName = MatrixClient.unique("upgraded");
		String oldRoom = alice.createRoom(Map.of("preset", "public_chat", "name", "Old name", "topic", "Old topic",
				"room_version", "10", "room_alias_name", aliasName, "visibility", "public"));
		assertThat(bob.join(oldRoom).status()).isEqualTo(200);
		assertThat(eve.join(oldRoom).status()).isEqualTo(200);
		assertThat(alice.post(room(oldRoom) + "/ban", Map.of("user_id", eve.userId(), "reason", "spam")).status())
			.isEqualTo(200);
		MatrixClient.Response upgraded = alice.post(room(oldRoom) + "/upgrade", Map.of("new_version", "11"));
		assertThat(upgraded.status()).as(upgraded.toString()).isEqualTo(200);
		String newRoom = upgraded.string("replacement_room");
		Map<String, Object> tombstone = alice.get(room(oldRoom) + "/state/m.room.tombstone/").body();
		assertThat(tombstone).containsEntry("replacement_room", newRoom)
			.containsEntry("body", "This room has been replaced");
		Map<String, Object> create = alice.get(room(newRoom) + "/state/m.room.create/").body();
		assertThat(create).containsEntry("room_version", "11");
		@SuppressWarnings("unchecked")
		Map<String, Object> predecessor = (Map<String, Object>) create.get("predecessor");
		assertThat(predecessor).containsEntry("room_id", oldRoom);
		assertThat(alice.get(room(newRoom) + "/state/m.room.name/").body()).containsEntry("name", "Old name");
		assertThat(alice.get(room(newRoom) + "/state/m.room.topic/").body()).containsEntry("topic", "Old topic");
		assertThat(alice.get(room(newRoom) + "/state/m.room.join_rules/").body()).containsEntry("join_rule",
				"public");
		assertThat(alice.get(room(newRoom) + "/state/m.room.member/" + user(eve.userId())).body())
			.containsEntry("membership", "ban").containsEntry("reason", "spam");
		String alias = "#" + aliasName + ":localhost";
		assertThat(client().get("/_matrix/client/v3/directory/room/" + MatrixClient.encode(alias)).string("room_id"))
			.isEqualTo(newRoom);
		assertThat(alice.get(room(newRoom) + "/state/m.room.canonical_alias/").body()).containsEntry("alias", alias);
		assertThat(alice.get(room(oldRoom) + "/state/m.room.canonical_alias/").body()).doesNotContainKey("alias");
		Map<String, Object> oldLevels = alice.get(room(oldRoom) + "/state/m.room.power_levels/").body();
		assertThat(oldLevels).containsEntry("events_default", 50).containsEntry("invite", 50);
		Map<String, Object> newLevels = alice.get(room(newRoom) + "/state/m.room.power_levels/").body();
		assertThat(newLevels).containsEntry("events_default", 0);
		assertThat(bob.send(oldRoom, "m.room.message", MatrixClient.nextTxn(), Map.of("body", "late")).status())
			.isEqualTo(403);
		assertThat(bob.join(newRoom).status()).isEqualTo(200);
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> publicRooms = (List<Map<String, Object>>) client()
			.get("/_matrix/client/v3/publicRooms").body().get("chunk");
		assertThat(publicRooms).extracting((entry) -> entry.get("room_id")).contains(newRoom).doesNotContain(oldRoom);
	}

	@Test
	void userMayCreateRoomSeesTheSynthesisedConfig() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String oldRoom = alice.createRoom(Map.of("name", "Configured"));
		assertThat(alice.post(room(oldRoom) + "/upgrade", Map.of("new_version", "10")).status()).isEqualTo(200);
		Map<String, Object> config = LifecycleRules.roomConfigs.get(alice.userId());
		assertThat(config).containsOnlyKeys("creation_content", "initial_state");
		@SuppressWarnings("unchecked")
		Map<String, Object> creation = (Map<String, Object>) config.get("creation_content");
		assertThat(creation).containsEntry("room_version", "10").containsEntry("predecessor",
				Map.of("room_id", oldRoom));
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> initialState = (List<Map<String, Object>>) config.get("initial_state");
		assertThat(initialState).extracting((event) -> event.get("type")).contains("m.room.name",
				"m.room.power_levels", "m.room.join_rules");
	}

	@Test
	void aModuleMayRefuseTheNewRoom() {
		MatrixClient alice = client().register(MatrixClient.unique("nocreate"));
		MatrixClient admin = admin();
		String oldRoom = admin.createRoom(Map.of("preset", "public_chat",
				"power_level_content_override", Map.of("users", Map.of(admin.userId(), 100, alice.userId(), 100))));
		assertThat(alice.join(oldRoom).status()).isEqualTo(200);
		MatrixClient.Response refused = alice.post(room(oldRoom) + "/upgrade", Map.of("new_version", "11"));
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.errcode()).isEqualTo("M_FORBIDDEN");
		assertThat(refused.string("error")).isEqualTo("You are not permitted to create rooms");
		assertThat(alice.get(room(oldRoom) + "/state/m.room.tombstone/").status()).isEqualTo(404);
	}

	@Test
	void anUnsupportedVersionIsRefused() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String oldRoom = alice.createRoom(Map.of());
		MatrixClient.Response refused = alice.post(room(oldRoom) + "/upgrade", Map.of("new_version", "9"));
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.errcode()).isEqualTo("M_UNSUPPORTED_ROOM_VERSION");
		MatrixClient.Response missing = alice.post(room(oldRoom) + "/upgrade", Map.of());
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.errcode()).isEqualTo("M_MISSING_PARAM");
	}

	@Test
	void aMemberWithoutThePowerToSendTheTombstoneIsForbidden() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String oldRoom = alice.createRoom(Map.of("preset", "public_chat"));
		assertThat(bob.join(oldRoom).status()).isEqualTo(200);
		MatrixClient.Response refused = bob.post(room(oldRoom) + "/upgrade", Map.of("new_version", "11"));
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.errcode()).isEqualTo("M_FORBIDDEN");
		assertThat(alice.get(room(oldRoom) + "/state/m.room.tombstone/").status()).isEqualTo(404);
	}

	@Test
	void theCapabilitiesListTheRoomVersionsAnUpgradeMayUse() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		Map<String, Object> capabilities = alice.get("/_matrix/client/v3/capabilities").map("capabilities");
		@SuppressWarnings("unchecked")
		Map<String, Object> versions = (Map<String, Object>) capabilities.get("m.room_versions");
		assertThat(versions).containsEntry("default", "11")
			.containsEntry("available", Map.of("10", "stable", "11", "stable"));
	}

}
