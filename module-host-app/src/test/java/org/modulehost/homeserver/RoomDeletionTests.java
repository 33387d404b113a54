package org.modulehost.homeserver;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

import org.modulehost.homeserver.modules.LifecycleRules;
import org.modulehost.homeserver.modules.Recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code DELETE /_synapse/admin/v2/rooms/{roomId}} in the background, its status, and
 * {@code checkCanShutdownRoom}.
 */
class RoomDeletionTests extends WithLifecycleModule {

	@Test
	void aDeletedRoomLosesItsMembersAndAliasesAndIsPurged() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		MatrixClient carol = client().register(MatrixClient.unique("carol"));
		String aliasName = MatrixClient.unique("doomed");
		String roomId = alice.createRoom(Map.of("preset", "public_chat", "room_alias_name", aliasName,
				"visibility", "public"));
		assertThat(bob.join(roomId).status()).isEqualTo(200);
		assertThat(alice.invite(roomId, carol.userId()).status()).isEqualTo(200);
		MatrixClient admin = admin();
		MatrixClient.Response started = admin.raw("DELETE", "/_synapse/admin/v2/rooms/" + MatrixClient.encode(roomId),
				"{}");
		assertThat(started.status()).as(started.toString()).isEqualTo(200);
		String deleteId = started.string("delete_id");
		Map<String, Object> status = awaitFinished(admin, deleteId);
		assertThat(status).containsEntry("status", "complete").containsEntry("room_id", roomId);
		@SuppressWarnings("unchecked")
		Map<String, Object> shutdown = (Map<String, Object>) status.get("shutdown_room");
		assertThat(shutdown.get("kicked_users")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
			.containsExactlyInAnyOrder(alice.userId(), bob.userId(), carol.userId());
		assertThat(shutdown).containsEntry("failed_to_kick_users", List.of())
			.containsEntry("local_aliases", List.of("#" + aliasName + ":localhost"))
			.containsEntry("new_room_id", null);
		assertThat(client().get("/_matrix/client/v3/directory/room/"
				+ MatrixClient.encode("#" + aliasName + ":localhost")).status()).isEqualTo(404);
		assertThat(admin.get("/_synapse/admin/v1/rooms/" + MatrixClient.encode(roomId)).status()).isEqualTo(404);
		assertThat(bob.get("/_matrix/client/v3/joined_rooms").body().get("joined_rooms")).asList()
			.doesNotContain(roomId);
		assertThat(Recorder.calls()).contains("checkCanShutdownRoom:" + admin.userId() + ":" + roomId);
		MatrixClient.Response byRoom = admin.get("/_synapse/admin/v2/rooms/" + MatrixClient.encode(roomId)
				+ "/delete_status");
		assertThat(byRoom.list("results")).extracting((result) -> result.get("delete_id")).containsExactly(deleteId);
	}

	@Test
	void theMembersMoveToAReplacementRoomAndTheBlockedRoomCannotBeJoined() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		MatrixClient notices = client().register(MatrixClient.unique("notices"));
		String aliasName = MatrixClient.unique("moved");
		String roomId = alice.createRoom(Map.of("preset", "public_chat", "room_alias_name", aliasName));
		assertThat(bob.join(roomId).status()).isEqualTo(200);
		MatrixClient admin = admin();
		MatrixClient.Response started = admin.raw("DELETE", "/_synapse/admin/v2/rooms/" + MatrixClient.encode(roomId),
				"{\"new_room_user_id\": \"" + notices.userId() + "\", \"message\": \"Moved\", \"block\": true, "
						+ "\"purge\": false}");
		assertThat(started.status()).as(started.toString()).isEqualTo(200);
		Map<String, Object> status = awaitFinished(admin, started.string("delete_id"));
		assertThat(status).containsEntry("status", "complete");
		@SuppressWarnings("unchecked")
		String newRoom = (String) ((Map<String, Object>) status.get("shutdown_room")).get("new_room_id");
		assertThat(newRoom).isNotNull();
		assertThat(bob.get("/_matrix/client/v3/joined_rooms").body().get("joined_rooms")).asList()
			.contains(newRoom).doesNotContain(roomId);
		assertThat(bob.get(room(newRoom) + "/messages?dir=b&limit=10").list("chunk")).extracting(MatrixClient::body)
			.contains("Moved");
		assertThat(bob.get(room(newRoom) + "/state/m.room.name/").body()).containsEntry("name",
				"Content Violation Notification");
		assertThat(client().get("/_matrix/client/v3/directory/room/"
				+ MatrixClient.encode("#" + aliasName + ":localhost")).string("room_id")).isEqualTo(newRoom);
		MatrixClient.Response rejoin = bob.join(roomId);
		assertThat(rejoin.status()).isEqualTo(403);
		assertThat(rejoin.errcode()).isEqualTo("M_FORBIDDEN");
	}

	@Test
	void aModuleMayRefuseTheDeletion() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		LifecycleRules.protectedRooms.add(roomId);
		MatrixClient admin = admin();
		MatrixClient.Response refused = admin.raw("DELETE",
				"/_synapse/admin/v2/rooms/" + MatrixClient.encode(roomId), "{}");
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.errcode()).isEqualTo("M_FORBIDDEN");
		assertThat(refused.string("error")).isEqualTo("Shutdown of this room is forbidden");
		MatrixClient.Response none = admin.get("/_synapse/admin/v2/rooms/" + MatrixClient.encode(roomId)
				+ "/delete_status");
		assertThat(none.status()).isEqualTo(404);
		assertThat(none.errcode()).isEqualTo("M_NOT_FOUND");
		assertThat(alice.get("/_matrix/client/v3/joined_rooms").body().get("joined_rooms")).asList().contains(roomId);
	}

	@Test
	void aSecondDeletionWhileOneRunsIsRefusedWithTheRunningId() {
		CountDownLatch release = new CountDownLatch(1);
		LifecycleRules.slowLeaves.set(release);
		try {
			MatrixClient alice = client().register(MatrixClient.unique("slowleave"));
			String roomId = alice.createRoom(Map.of());
			MatrixClient admin = admin();
			String path = "/_synapse/admin/v2/rooms/" + MatrixClient.encode(roomId);
			String first = admin.raw("DELETE", path, "{}").string("delete_id");
			MatrixClient.Response second = admin.raw("DELETE", path, "{}");
			assertThat(second.status()).isEqualTo(400);
			assertThat(second.errcode()).isEqualTo("M_UNKNOWN");
			assertThat(second.string("delete_id")).isEqualTo(first);
			release.countDown();
			assertThat(awaitFinished(admin, first)).containsEntry("status", "complete");
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void badRequestsGetMatrixErrors() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		MatrixClient.Response forbidden = alice.raw("DELETE", "/_synapse/admin/v2/rooms/" + MatrixClient.encode(roomId),
				"{}");
		assertThat(forbidden.status()).isEqualTo(403);
		assertThat(forbidden.errcode()).isEqualTo("M_FORBIDDEN");
		MatrixClient admin = admin();
		MatrixClient.Response badId = admin.raw("DELETE", "/_synapse/admin/v2/rooms/not-a-room", "{}");
		assertThat(badId.status()).isEqualTo(400);
		MatrixClient.Response remote = admin.raw("DELETE", "/_synapse/admin/v2/rooms/" + MatrixClient.encode(roomId),
				"{\"new_room_user_id\": \"@someone:elsewhere.example\"}");
		assertThat(remote.status()).isEqualTo(400);
		MatrixClient.Response unknown = admin.get("/_synapse/admin/v2/rooms/delete_status/nothing");
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.errcode()).isEqualTo("M_NOT_FOUND");
	}

	static Map<String, Object> awaitFinished(MatrixClient admin, String deleteId) {
		String path = "/_synapse/admin/v2/rooms/delete_status/" + MatrixClient.encode(deleteId);
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			Object status = admin.get(path).body().get("status");
			return "complete".equals(status) || "failed".equals(status);
		});
		return admin.get(path).body();
	}

}
