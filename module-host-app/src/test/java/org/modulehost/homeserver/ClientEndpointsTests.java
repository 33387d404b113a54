package org.modulehost.homeserver;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

/**
 * The endpoints real clients call around rooms and the server: an event's context, a room's
 * aliases and members, forgetting a room, the client well-known document and the capabilities.
 */
class ClientEndpointsTests extends HomeserverTestSupport {

	private static String path(String roomId) {
		return "/_matrix/client/v3/rooms/" + MatrixClient.encode(roomId);
	}

	private static List<Object> ids(List<Map<String, Object>> events) {
		return events.stream().map((event) -> event.get("event_id")).toList();
	}

	private static void assertError(MatrixClient.Response response, int status, String errcode) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.errcode()).as(response.toString()).isEqualTo(errcode);
	}

	@Test
	void contextReturnsTheEventsAroundAnEventWithTokensMessagesContinuesFrom() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		String m0 = alice.sendMessage(roomId, "m0");
		String m1 = alice.sendMessage(roomId, "m1");
		String m2 = alice.sendMessage(roomId, "m2");
		String m3 = alice.sendMessage(roomId, "m3");
		String m4 = alice.sendMessage(roomId, "m4");
		MatrixClient.Response context = alice
			.get(path(roomId) + "/context/" + MatrixClient.encode(m2) + "?limit=4");
		assertThat(context.status()).as(context.toString()).isEqualTo(200);
		assertThat(context.map("event").get("event_id")).isEqualTo(m2);
		assertThat(ids(context.list("events_before"))).containsExactly(m1, m0);
		assertThat(ids(context.list("events_after"))).containsExactly(m3, m4);
		assertThat(context.list("state")).extracting((event) -> event.get("type"))
			.contains("m.room.create", "m.room.member", "m.room.power_levels");
		MatrixClient.Response earlier = alice
			.get(path(roomId) + "/messages?dir=b&limit=1&from=" + context.string("start"));
		assertThat(earlier.status()).as(earlier.toString()).isEqualTo(200);
		assertThat(earlier.list("chunk")).extracting((event) -> event.get("type")).doesNotContain("m.room.message");
		String m5 = alice.sendMessage(roomId, "m5");
		MatrixClient.Response later = alice
			.get(path(roomId) + "/messages?dir=f&limit=10&from=" + context.string("end"));
		assertThat(ids(later.list("chunk"))).containsExactly(m5);
	}

	@Test
	void contextAppliesItsFilterToTheEventsAroundAndLazyLoadsTheirSendersMembers() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		MatrixClient carol = client().register(MatrixClient.unique("carol"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		assertThat(bob.join(roomId).status()).isEqualTo(200);
		assertThat(carol.join(roomId).status()).isEqualTo(200);
		String b1 = bob.sendMessage(roomId, "b1");
		alice.put(path(roomId) + "/state/m.room.topic", Map.of("topic", "hidden by the filter"));
		String b2 = bob.sendMessage(roomId, "b2");
		String middle = alice.sendMessage(roomId, "middle");
		alice.put(path(roomId) + "/state/m.room.name", Map.of("name", "hidden too"));
		String b3 = bob.sendMessage(roomId, "b3");
		String filter = MatrixClient.encode(
				"{\"types\":[\"m.room.message\"],\"not_senders\":[\"" + carol.userId()
						+ "\"],\"lazy_load_members\":true}");
		MatrixClient.Response context = alice
			.get(path(roomId) + "/context/" + MatrixClient.encode(middle) + "?limit=4&filter=" + filter);
		assertThat(context.status()).as(context.toString()).isEqualTo(200);
		assertThat(ids(context.list("events_before"))).containsExactly(b2, b1);
		assertThat(ids(context.list("events_after"))).containsExactly(b3);
		assertThat(context.list("state")).extracting((event) -> event.get("state_key"))
			.containsExactlyInAnyOrder(alice.userId(), bob.userId());
		assertError(alice.get(path(roomId) + "/context/" + MatrixClient.encode(middle) + "?filter=%5B"), 400,
				"M_INVALID_PARAM");
	}

	@Test
	void contextIsRefusedToAnOutsiderAndForAnEventTheUserMayNotSee() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		alice.put(path(roomId) + "/state/m.room.history_visibility", Map.of("history_visibility", "joined"));
		String secret = alice.sendMessage(roomId, "before bob");
		String contextOfSecret = path(roomId) + "/context/" + MatrixClient.encode(secret);
		assertError(bob.get(contextOfSecret), 403, "M_FORBIDDEN");
		assertThat(bob.join(roomId).status()).isEqualTo(200);
		assertError(bob.get(contextOfSecret), 403, "M_FORBIDDEN");
		String seen = alice.sendMessage(roomId, "after bob");
		MatrixClient.Response context = bob.get(path(roomId) + "/context/" + MatrixClient.encode(seen));
		assertThat(context.status()).as(context.toString()).isEqualTo(200);
		assertThat(ids(context.list("events_before"))).doesNotContain(secret);
		assertThat(bob.post(path(roomId) + "/leave", Map.of()).status()).isEqualTo(200);
		String afterLeave = alice.sendMessage(roomId, "after bob left");
		assertError(bob.get(path(roomId) + "/context/" + MatrixClient.encode(afterLeave)), 403, "M_FORBIDDEN");
		MatrixClient.Response atLeave = bob.get(path(roomId) + "/context/" + MatrixClient.encode(seen));
		assertThat(atLeave.status()).as(atLeave.toString()).isEqualTo(200);
		assertThat(ids(atLeave.list("events_after"))).doesNotContain(afterLeave);
	}

	@Test
	void contextAnswersNotFoundForAnUnknownEventOrOneOfAnotherRoomAndRefusesBadParameters() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		String otherRoom = alice.createRoom(Map.of());
		String elsewhere = alice.sendMessage(otherRoom, "elsewhere");
		String event = alice.sendMessage(roomId, "here");
		assertError(alice.get(path(roomId) + "/context/" + MatrixClient.encode("$nothing")), 404, "M_NOT_FOUND");
		assertError(alice.get(path(roomId) + "/context/" + MatrixClient.encode(elsewhere)), 404, "M_NOT_FOUND");
		assertError(alice.get(path(roomId) + "/context/" + MatrixClient.encode(event) + "?limit=-1"), 400,
				"M_INVALID_PARAM");
		assertError(alice.get(path("not-a-room") + "/context/" + MatrixClient.encode(event)), 400, "M_INVALID_PARAM");
		MatrixClient.Response huge = alice.get(path(roomId) + "/context/" + MatrixClient.encode(event)
				+ "?limit=1000000000");
		assertThat(huge.status()).as(huge.toString()).isEqualTo(200);
	}

	@Test
	@SuppressWarnings("unchecked")
	void aliasesAreListedToMembersAndInWorldReadableRoomsOnly() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String localpart = MatrixClient.unique("room");
		String roomId = alice.createRoom(Map.of("preset", "public_chat", "room_alias_name", localpart));
		MatrixClient.Response aliases = alice.get(path(roomId) + "/aliases");
		assertThat(aliases.status()).as(aliases.toString()).isEqualTo(200);
		assertThat((List<Object>) aliases.body().get("aliases")).containsExactly("#" + localpart + ":localhost");
		assertError(bob.get(path(roomId) + "/aliases"), 403, "M_FORBIDDEN");
		assertThat(bob.join(roomId).status()).isEqualTo(200);
		assertThat(bob.get(path(roomId) + "/aliases").status()).isEqualTo(200);
		assertThat(bob.post(path(roomId) + "/leave", Map.of()).status()).isEqualTo(200);
		assertError(bob.get(path(roomId) + "/aliases"), 403, "M_FORBIDDEN");
		alice.put(path(roomId) + "/state/m.room.history_visibility", Map.of("history_visibility", "world_readable"));
		MatrixClient carol = client().register(MatrixClient.unique("carol"));
		assertThat(carol.get(path(roomId) + "/aliases").status()).isEqualTo(200);
		assertError(carol.get(path("not-a-room") + "/aliases"), 400, "M_INVALID_PARAM");
	}

	private static List<Object> memberKeys(MatrixClient.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.list("chunk").stream().map((event) -> event.get("state_key")).toList();
	}

	@Test
	void membersAreKeptByMembershipAndDroppedByNotMembership() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		MatrixClient carol = client().register(MatrixClient.unique("carol"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		assertThat(bob.join(roomId).status()).isEqualTo(200);
		assertThat(alice.invite(roomId, carol.userId()).status()).isEqualTo(200);
		String members = path(roomId) + "/members";
		assertThat(memberKeys(alice.get(members))).containsExactlyInAnyOrder(alice.userId(), bob.userId(),
				carol.userId());
		assertThat(memberKeys(alice.get(members + "?membership=join"))).containsExactlyInAnyOrder(alice.userId(),
				bob.userId());
		assertThat(memberKeys(alice.get(members + "?not_membership=join"))).containsExactly(carol.userId());
		assertError(alice.get(members + "?membership=joined"), 400, "M_INVALID_PARAM");
		assertError(alice.get(members + "?not_membership=x"), 400, "M_INVALID_PARAM");
	}

	@Test
	void membersAtATokenAreTheMembersAsAtThatPointAndRefusedToWhoCouldNotSeeThem() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		MatrixClient outsider = client().register(MatrixClient.unique("outsider"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		alice.put(path(roomId) + "/state/m.room.history_visibility", Map.of("history_visibility", "joined"));
		String beforeBob = alice.sync(null, 0).string("next_batch");
		assertThat(bob.join(roomId).status()).isEqualTo(200);
		String members = path(roomId) + "/members";
		assertThat(memberKeys(alice.get(members + "?at=" + beforeBob))).containsExactly(alice.userId());
		assertThat(memberKeys(alice.get(members))).containsExactlyInAnyOrder(alice.userId(), bob.userId());
		assertError(bob.get(members + "?at=" + beforeBob), 403, "M_FORBIDDEN");
		assertError(outsider.get(members + "?at=" + beforeBob), 403, "M_FORBIDDEN");
		assertError(outsider.get(members), 403, "M_FORBIDDEN");
		assertError(alice.get(members + "?at=s0"), 404, "M_NOT_FOUND");
		assertError(alice.get(members + "?at=yesterday"), 400, "M_INVALID_PARAM");
	}

	@Test
	void theClientWellKnownDefaultsToThePortTheServerListensOnAndAnyOriginMayReadIt() throws Exception {
		java.net.http.HttpResponse<String> response = WellKnownTests.get(this.port, "/.well-known/matrix/client");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
		assertThat(response.body())
			.isEqualTo("{\"m.homeserver\":{\"base_url\":\"http://localhost:" + this.port + "/\"}}");
	}

	@Test
	@SuppressWarnings("unchecked")
	void capabilitiesSayWhatTheServerReallySupports() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient.Response response = alice.get("/_matrix/client/v3/capabilities");
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		Map<String, Object> capabilities = response.map("capabilities");
		assertThat(capabilities.get("m.change_password")).isEqualTo(Map.of("enabled", true));
		MatrixClient.Response change = alice.post("/_matrix/client/v3/account/password", Map.of("new_password", "x"));
		assertThat(change.status()).as(change.toString()).isEqualTo(401);
		assertThat(change.body()).containsKeys("flows", "session");
		assertThat(capabilities.get("m.set_displayname")).isEqualTo(Map.of("enabled", true));
		assertThat(capabilities.get("m.set_avatar_url")).isEqualTo(Map.of("enabled", true));
		assertThat(capabilities.get("m.3pid_changes")).isEqualTo(Map.of("enabled", false));
		Map<String, Object> versions = (Map<String, Object>) capabilities.get("m.room_versions");
		String roomId = alice.createRoom(Map.of());
		MatrixClient.Response create = alice.get(path(roomId) + "/state/m.room.create");
		assertThat(versions.get("default")).isEqualTo(create.string("room_version"));
		assertThat(versions.get("available")).isEqualTo(Map.of("10", "stable", "11", "stable"));
		String v10 = alice.createRoom(Map.of("room_version", "10"));
		assertThat(alice.get(path(v10) + "/state/m.room.create").string("room_version")).isEqualTo("10");
		assertError(alice.post("/_matrix/client/v3/createRoom", Map.of("room_version", "1")), 400,
				"M_UNSUPPORTED_ROOM_VERSION");
	}

	@Test
	void aForgottenRoomNoLongerAppearsInSyncsLeaveSectionAndOnlyARoomLeftCanBeForgotten() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		MatrixClient carol = client().register(MatrixClient.unique("carol"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		assertThat(bob.join(roomId).status()).isEqualTo(200);
		String since = bob.sync(null, 0).string("next_batch");
		MatrixClient.Response joined = bob.post(path(roomId) + "/forget", Map.of());
		assertError(joined, 400, "M_UNKNOWN");
		assertThat(joined.string("error")).isEqualTo("User " + bob.userId() + " in room " + roomId);
		assertThat(alice.invite(roomId, carol.userId()).status()).isEqualTo(200);
		assertError(carol.post(path(roomId) + "/forget", Map.of()), 400, "M_UNKNOWN");
		assertThat(bob.post(path(roomId) + "/leave", Map.of()).status()).isEqualTo(200);
		assertThat(bob.sync(since, 0).map("rooms").get("leave")).asInstanceOf(MAP).containsKey(roomId);
		MatrixClient.Response forgotten = bob.post(path(roomId) + "/forget", Map.of());
		assertThat(forgotten.status()).as(forgotten.toString()).isEqualTo(200);
		assertThat(forgotten.body()).isEmpty();
		assertThat((Map<?, ?>) bob.sync(since, 0).map("rooms").get("leave")).isEmpty();
		assertThat(bob.join(roomId).status()).isEqualTo(200);
		assertThat(bob.sync(since, 0).map("rooms").get("join")).asInstanceOf(MAP).containsKey(roomId);
		assertThat(carol.post(path(alice.createRoom(Map.of())) + "/forget", Map.of()).status()).isEqualTo(200);
		assertError(bob.post(path("not-a-room") + "/forget", Map.of()), 400, "M_INVALID_PARAM");
	}

}
