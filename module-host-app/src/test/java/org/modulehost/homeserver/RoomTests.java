package org.modulehost.homeserver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RoomTests extends HomeserverTestSupport {

	private static String room(String roomId) {
		return "/_matrix/client/v3/rooms/" + MatrixClient.encode(roomId);
	}

	@Test
	void aNewRoomHasItsCreatorNameTopicAndAlias() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String aliasName = MatrixClient.unique("lobby");
		MatrixClient.Response created = alice.post("/_matrix/client/v3/createRoom",
				Map.of("name", "Lobby", "topic", "Say hi", "room_alias_name", aliasName));
		assertThat(created.status()).as(created.toString()).isEqualTo(200);
		String roomId = created.string("room_id");
		assertThat(roomId).startsWith("!").endsWith(":localhost");
		assertThat(created.string("room_alias")).isEqualTo("#" + aliasName + ":localhost");
		assertThat(alice.get(room(roomId) + "/state/m.room.name/").body()).containsEntry("name", "Lobby");
		assertThat(alice.get(room(roomId) + "/state/m.room.topic").body()).containsEntry("topic", "Say hi");
		assertThat(alice.get(room(roomId) + "/state/m.room.create/").body()).containsEntry("room_version", "11");
		assertThat(alice.get(room(roomId) + "/joined_members").map("joined")).containsOnlyKeys(alice.userId());
		MatrixClient.Response state = alice.get(room(roomId) + "/state");
		assertThat(state.asList()).extracting((event) -> event.get("type"))
			.contains("m.room.create", "m.room.member", "m.room.power_levels", "m.room.join_rules",
					"m.room.history_visibility", "m.room.name", "m.room.topic", "m.room.canonical_alias");
		MatrixClient.Response resolved = client()
			.get("/_matrix/client/v3/directory/room/" + MatrixClient.encode("#" + aliasName + ":localhost"));
		assertThat(resolved.string("room_id")).isEqualTo(roomId);
		MatrixClient.Response taken = alice.post("/_matrix/client/v3/createRoom", Map.of("room_alias_name", aliasName));
		assertThat(taken.status()).isEqualTo(400);
		assertThat(taken.errcode()).isEqualTo("M_ROOM_IN_USE");
	}

	@Test
	void aPrivateRoomNeedsAnInvite() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String roomId = alice.createRoom(Map.of("preset", "private_chat"));
		MatrixClient.Response uninvited = bob.join(roomId);
		assertThat(uninvited.status()).isEqualTo(403);
		assertThat(uninvited.errcode()).isEqualTo("M_FORBIDDEN");
		assertThat(alice.invite(roomId, bob.userId()).status()).isEqualTo(200);
		MatrixClient.Response joined = bob.join(roomId);
		assertThat(joined.status()).as(joined.toString()).isEqualTo(200);
		assertThat(joined.string("room_id")).isEqualTo(roomId);
		assertThat(alice.get(room(roomId) + "/joined_members").map("joined")).containsOnlyKeys(alice.userId(),
				bob.userId());
		assertThat(bob.get("/_matrix/client/v3/joined_rooms").body().get("joined_rooms"))
			.isEqualTo(List.of(roomId));
	}

	@Test
	void inviteListsOfCreateRoomInviteEveryone() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String roomId = alice.createRoom(Map.of("invite", List.of(bob.userId()), "preset", "trusted_private_chat"));
		assertThat(bob.join(roomId).status()).isEqualTo(200);
		assertThat(bob.get(room(roomId) + "/state/m.room.power_levels/").map("users"))
			.containsEntry(bob.userId(), 100);
	}

	@Test
	void theInvitesOfADirectChatCarryIsDirect() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String roomId = alice.createRoom(Map.of("invite", List.of(bob.userId()), "is_direct", true));
		assertThat(alice.get(room(roomId) + "/state/m.room.member/" + MatrixClient.encode(bob.userId())).body())
			.containsEntry("membership", "invite")
			.containsEntry("is_direct", true);
	}

	@Test
	void invitingAnUnknownOrMalformedUserIsRefused() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		assertThat(alice.invite(roomId, "@nobody-here:localhost").status()).isEqualTo(404);
		MatrixClient.Response malformed = alice.invite(roomId, "not-a-user-id");
		assertThat(malformed.status()).isEqualTo(400);
		assertThat(malformed.errcode()).isEqualTo("M_INVALID_PARAM");
	}

	@Test
	void anyoneJoinsAPublicRoomByAlias() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient carol = client().register(MatrixClient.unique("carol"));
		String alias = MatrixClient.unique("square");
		String roomId = alice.createRoom(Map.of("preset", "public_chat", "room_alias_name", alias));
		MatrixClient.Response joined = carol.join("#" + alias + ":localhost");
		assertThat(joined.status()).as(joined.toString()).isEqualTo(200);
		assertThat(joined.string("room_id")).isEqualTo(roomId);
		assertThat(carol.join("#no-such-alias:localhost").status()).isEqualTo(404);
	}

	@Test
	void sendingIsIdempotentPerDeviceAndTransaction() {
		String name = MatrixClient.unique("alice");
		MatrixClient alice = client().register(name, "pw");
		String roomId = alice.createRoom(Map.of());
		String txn = MatrixClient.nextTxn();
		MatrixClient.Response first = alice.send(roomId, "m.room.message", txn, Map.of("msgtype", "m.text", "body", "once"));
		MatrixClient.Response again = alice.send(roomId, "m.room.message", txn, Map.of("msgtype", "m.text", "body", "once"));
		assertThat(again.string("event_id")).isEqualTo(first.string("event_id"));
		MatrixClient otherDevice = client().login(name, "pw");
		MatrixClient.Response other = otherDevice.send(roomId, "m.room.message", txn,
				Map.of("msgtype", "m.text", "body", "once"));
		assertThat(other.string("event_id")).isNotEqualTo(first.string("event_id"));
		MatrixClient.Response messages = alice.get(room(roomId) + "/messages?dir=b&limit=10");
		assertThat(messages.list("chunk")).filteredOn((event) -> "m.room.message".equals(event.get("type"))).hasSize(2);
		Map<String, Object> mine = messages.list("chunk")
			.stream()
			.filter((event) -> first.string("event_id").equals(event.get("event_id")))
			.findFirst()
			.orElseThrow();
		assertThat(MatrixClient.unsigned(mine)).containsEntry("transaction_id", txn);
	}

	@Test
	void messagesPaginateBackwardsAndForwards() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		for (int i = 0; i < 25; i++) {
			alice.sendMessage(roomId, "message " + i);
		}
		List<String> backwards = new ArrayList<>();
		String from = null;
		for (int page = 0; page < 10; page++) {
			MatrixClient.Response response = alice.get(room(roomId) + "/messages?dir=b&limit=10"
					+ ((from != null) ? "&from=" + MatrixClient.encode(from) : ""));
			assertThat(response.status()).as(response.toString()).isEqualTo(200);
			response.list("chunk")
				.stream()
				.filter((event) -> "m.room.message".equals(event.get("type")))
				.forEach((event) -> backwards.add((String) MatrixClient.body(event)));
			from = response.string("end");
			if (from == null) {
				break;
			}
		}
		assertThat(backwards).hasSize(25);
		assertThat(backwards.get(0)).isEqualTo("message 24");
		assertThat(backwards.get(24)).isEqualTo("message 0");
		MatrixClient.Response forwards = alice.get(room(roomId) + "/messages?dir=f&limit=100");
		List<Object> bodies = forwards.list("chunk")
			.stream()
			.filter((event) -> "m.room.message".equals(event.get("type")))
			.map(MatrixClient::body)
			.toList();
		assertThat(bodies).hasSize(25).startsWith("message 0").endsWith("message 24");
		assertThat(forwards.list("chunk").get(0)).containsEntry("type", "m.room.create");
	}

	@Test
	void powerLevelsGovernStateAndMessages() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		bob.join(roomId);
		MatrixClient.Response rename = bob.put(room(roomId) + "/state/m.room.name/", Map.of("name", "Bob's"));
		assertThat(rename.status()).isEqualTo(403);
		assertThat(rename.errcode()).isEqualTo("M_FORBIDDEN");
		assertThat(bob.sendMessage(roomId, "members may talk")).startsWith("$");
		assertThat(alice.put(room(roomId) + "/state/m.room.name/", Map.of("name", "Alice's")).status()).isEqualTo(200);
		String quiet = alice.createRoom(Map.of("preset", "public_chat", "power_level_content_override",
				Map.of("events_default", 50)));
		bob.join(quiet);
		MatrixClient.Response muted = bob.send(quiet, "m.room.message", MatrixClient.nextTxn(),
				Map.of("msgtype", "m.text", "body", "hello?"));
		assertThat(muted.status()).isEqualTo(403);
		MatrixClient.Response raise = bob.put(room(roomId) + "/state/m.room.power_levels/",
				Map.of("users", Map.of(bob.userId(), 100)));
		assertThat(raise.status()).isEqualTo(403);
	}

	@Test
	void stateEventsAreStoredAndRead() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		MatrixClient.Response put = alice.put(room(roomId) + "/state/org.example.settings/theme",
				Map.of("colour", "green"));
		assertThat(put.status()).as(put.toString()).isEqualTo(200);
		assertThat(alice.get(room(roomId) + "/state/org.example.settings/theme").body())
			.containsEntry("colour", "green");
		MatrixClient.Response missing = alice.get(room(roomId) + "/state/org.example.settings/other");
		assertThat(missing.status()).isEqualTo(404);
		assertThat(missing.errcode()).isEqualTo("M_NOT_FOUND");
	}

	@Test
	void kickAndBanNeedPowerAndRemoveTheTarget() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		MatrixClient carol = client().register(MatrixClient.unique("carol"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		bob.join(roomId);
		carol.join(roomId);
		MatrixClient.Response mutiny = bob.post(room(roomId) + "/kick", Map.of("user_id", alice.userId()));
		assertThat(mutiny.status()).isEqualTo(403);
		assertThat(alice.post(room(roomId) + "/kick", Map.of("user_id", bob.userId(), "reason", "noise")).status())
			.isEqualTo(200);
		assertThat(alice.get(room(roomId) + "/state/m.room.member/" + MatrixClient.encode(bob.userId())).body())
			.containsEntry("membership", "leave")
			.containsEntry("reason", "noise");
		assertThat(bob.send(roomId, "m.room.message", MatrixClient.nextTxn(), Map.of("body", "still here?")).status())
			.isEqualTo(403);
		assertThat(alice.post(room(roomId) + "/ban", Map.of("user_id", carol.userId())).status()).isEqualTo(200);
		MatrixClient.Response rejoin = carol.join(roomId);
		assertThat(rejoin.status()).isEqualTo(403);
		assertThat(bob.join(roomId).status()).isEqualTo(200);
		assertThat(alice.post(room(roomId) + "/unban", Map.of("user_id", carol.userId())).status()).isEqualTo(200);
		assertThat(carol.join(roomId).status()).isEqualTo(200);
	}

	@Test
	void leavingARoomEndsReadAccessAtTheLeave() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		bob.join(roomId);
		alice.sendMessage(roomId, "before");
		assertThat(bob.post(room(roomId) + "/leave", Map.of()).status()).isEqualTo(200);
		String after = alice.sendMessage(roomId, "after");
		assertThat(bob.get("/_matrix/client/v3/joined_rooms").body().get("joined_rooms")).isEqualTo(List.of());
		MatrixClient.Response history = bob.get(room(roomId) + "/messages?dir=b&limit=50");
		assertThat(history.status()).isEqualTo(200);
		assertThat(history.list("chunk")).extracting((event) -> event.get("event_id")).doesNotContain(after);
		assertThat(history.list("chunk")).anySatisfy(
				(event) -> assertThat(MatrixClient.body(event)).isEqualTo("before"));
		assertThat(bob.get(room(roomId) + "/event/" + MatrixClient.encode(after)).status()).isEqualTo(403);
	}

	@Test
	void strangersCannotReadARoom() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient eve = client().register(MatrixClient.unique("eve"));
		String roomId = alice.createRoom(Map.of());
		String eventId = alice.sendMessage(roomId, "secret");
		assertThat(eve.get(room(roomId) + "/messages").status()).isEqualTo(403);
		assertThat(eve.get(room(roomId) + "/state").status()).isEqualTo(403);
		assertThat(eve.get(room(roomId) + "/event/" + MatrixClient.encode(eventId)).status()).isEqualTo(403);
		assertThat(eve.get(room(roomId) + "/joined_members").status()).isEqualTo(403);
	}

	@Test
	void aliasesAreCreatedResolvedAndDeleted() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient eve = client().register(MatrixClient.unique("eve"));
		String roomId = alice.createRoom(Map.of());
		String alias = "#" + MatrixClient.unique("hall") + ":localhost";
		String path = "/_matrix/client/v3/directory/room/" + MatrixClient.encode(alias);
		assertThat(eve.put(path, Map.of("room_id", roomId)).status()).isEqualTo(403);
		assertThat(alice.put(path, Map.of("room_id", roomId)).status()).isEqualTo(200);
		assertThat(alice.put(path, Map.of("room_id", roomId)).status()).isEqualTo(409);
		MatrixClient.Response resolved = eve.get(path);
		assertThat(resolved.string("room_id")).isEqualTo(roomId);
		assertThat(resolved.body().get("servers")).isEqualTo(List.of("localhost"));
		assertThat(eve.delete(path).status()).isEqualTo(403);
		assertThat(alice.delete(path).status()).isEqualTo(200);
		MatrixClient.Response gone = eve.get(path);
		assertThat(gone.status()).isEqualTo(404);
		assertThat(gone.errcode()).isEqualTo("M_NOT_FOUND");
		MatrixClient.Response foreign = alice.put("/_matrix/client/v3/directory/room/"
				+ MatrixClient.encode("#x:other.example"), Map.of("room_id", roomId));
		assertThat(foreign.status()).isEqualTo(400);
	}

	@Test
	void theRoomDirectoryListsPublishedRooms() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String name = MatrixClient.unique("Published");
		String roomId = alice.createRoom(Map.of("name", name, "preset", "public_chat"));
		String path = "/_matrix/client/v3/directory/list/room/" + MatrixClient.encode(roomId);
		assertThat(client().get(path).body()).containsEntry("visibility", "private");
		bob.join(roomId);
		assertThat(bob.put(path, Map.of("visibility", "public")).status()).isEqualTo(403);
		assertThat(alice.put(path, Map.of("visibility", "public")).status()).isEqualTo(200);
		assertThat(client().get(path).body()).containsEntry("visibility", "public");
		MatrixClient.Response rooms = client().get("/_matrix/client/v3/publicRooms");
		assertThat(rooms.list("chunk")).anySatisfy((room) -> assertThat(room).containsEntry("room_id", roomId)
			.containsEntry("name", name)
			.containsEntry("num_joined_members", 2)
			.containsEntry("join_rule", "public"));
		MatrixClient.Response searched = bob.post("/_matrix/client/v3/publicRooms",
				Map.of("filter", Map.of("generic_search_term", name.toLowerCase())));
		assertThat(searched.list("chunk")).extracting((room) -> room.get("room_id")).containsExactly(roomId);
		alice.put(path, Map.of("visibility", "private"));
		assertThat(client().get("/_matrix/client/v3/publicRooms").list("chunk"))
			.noneSatisfy((room) -> assertThat(room).containsEntry("room_id", roomId));
		String publicAtCreation = alice.createRoom(Map.of("visibility", "public"));
		assertThat(client().get("/_matrix/client/v3/directory/list/room/" + MatrixClient.encode(publicAtCreation))
			.body()).containsEntry("visibility", "public");
	}

	@Test
	void redactionKeepsOnlyWhatTheAlgorithmKeepsAndNeedsPower() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		bob.join(roomId);
		String message = alice.sendMessage(roomId, "regrettable");
		MatrixClient.Response denied = bob.put(room(roomId) + "/redact/" + MatrixClient.encode(message) + "/r1",
				Map.of());
		assertThat(denied.status()).isEqualTo(403);
		MatrixClient.Response redaction = alice.put(room(roomId) + "/redact/" + MatrixClient.encode(message) + "/r2",
				Map.of("reason", "typo"));
		assertThat(redaction.status()).as(redaction.toString()).isEqualTo(200);
		Map<String, Object> redacted = bob.get(room(roomId) + "/event/" + MatrixClient.encode(message)).body();
		assertThat(MatrixClient.content(redacted)).isEmpty();
		assertThat(MatrixClient.unsigned(redacted)).containsKey("redacted_because");
		Map<String, Object> event = bob.get(room(roomId) + "/event/" + MatrixClient.encode(redaction.string("event_id")))
			.body();
		assertThat(event).containsEntry("type", "m.room.redaction").containsEntry("redacts", message);
		String own = bob.sendMessage(roomId, "mine");
		assertThat(bob.put(room(roomId) + "/redact/" + MatrixClient.encode(own) + "/r3", Map.of()).status())
			.isEqualTo(200);
		assertThat(bob.put(room(roomId) + "/redact/$unknown/r4", Map.of()).status()).isEqualTo(404);
	}

}
