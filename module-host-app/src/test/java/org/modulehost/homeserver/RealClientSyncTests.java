package org.modulehost.homeserver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What real clients rely on in {@code /sync} and {@code /messages}: the room summary, an empty
 * {@code from}, and filters.
 */
class RealClientSyncTests extends HomeserverTestSupport {

	@SuppressWarnings("unchecked")
	private static Map<String, Object> joined(MatrixClient.Response sync, String roomId) {
		Map<String, Object> rooms = (Map<String, Object>) sync.map("rooms").get("join");
		return (Map<String, Object>) rooms.get(roomId);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> summary(MatrixClient.Response sync, String roomId) {
		return (Map<String, Object>) joined(sync, roomId).get("summary");
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> section(MatrixClient.Response sync, String roomId, String name) {
		return (List<Map<String, Object>>) ((Map<String, Object>) joined(sync, roomId).get(name)).get("events");
	}

	private static List<Object> types(List<Map<String, Object>> events) {
		List<Object> types = new ArrayList<>();
		events.forEach((event) -> types.add(event.get("type")));
		return types;
	}

	@Test
	void theInitialSyncSummarisesTheRoomWithHeroesAndMemberCounts() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		MatrixClient carol = client().register(MatrixClient.unique("carol"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		assertThat(bob.join(roomId).status()).isEqualTo(200);
		assertThat(alice.invite(roomId, carol.userId()).status()).isEqualTo(200);
		MatrixClient.Response sync = alice.sync(null, 0);
		assertThat(sync.status()).as(sync.toString()).isEqualTo(200);
		Map<String, Object> summary = summary(sync, roomId);
		assertThat(summary).containsEntry("m.joined_member_count", 2).containsEntry("m.invited_member_count", 1);
		assertThat(summary.get("m.heroes")).isEqualTo(List.of(bob.userId(), carol.userId()).stream().sorted().toList());
	}

	@Test
	void anIncrementalSyncSummarisesTheRoomOnlyWhenItsMembersChanged() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		String since = alice.sync(null, 0).string("next_batch");
		alice.sendMessage(roomId, "no member change");
		MatrixClient.Response quiet = alice.sync(since, 0);
		assertThat(summary(quiet, roomId)).isEmpty();
		assertThat(bob.join(roomId).status()).isEqualTo(200);
		MatrixClient.Response changed = alice.sync(quiet.string("next_batch"), 0);
		assertThat(summary(changed, roomId)).containsEntry("m.joined_member_count", 2)
			.containsEntry("m.invited_member_count", 0)
			.containsEntry("m.heroes", List.of(bob.userId()));
	}

	@Test
	void anEmptyFromPaginatesAsIfItWereAbsent() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		alice.sendMessage(roomId, "latest");
		MatrixClient.Response messages = alice
			.get("/_matrix/client/v3/rooms/" + MatrixClient.encode(roomId) + "/messages?dir=b&from=&limit=1");
		assertThat(messages.status()).as(messages.toString()).isEqualTo(200);
		assertThat(messages.list("chunk")).extracting(MatrixClient::body).containsExactly("latest");
	}

	private static String messages(String roomId, String query) {
		return "/_matrix/client/v3/rooms/" + MatrixClient.encode(roomId) + "/messages?" + query;
	}

	private static String filter(String json) {
		return MatrixClient.encode(json);
	}

	@Test
	void aMessagesFilterKeepsOnlyTheWantedTypesAndSendersAndStillFillsThePage() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		bob.join(roomId);
		alice.sendMessage(roomId, "alice one");
		bob.sendMessage(roomId, "bob one");
		alice.send(roomId, "org.example.custom", MatrixClient.nextTxn(), Map.of("body", "custom"));
		alice.sendMessage(roomId, "alice two");
		for (int i = 0; i < 5; i++) {
			bob.sendMessage(roomId, "bob " + i);
		}
		String onlyAlice = "{\"types\":[\"m.room.mess*\"],\"senders\":[\"" + alice.userId() + "\"]}";
		MatrixClient.Response page = alice.get(messages(roomId, "dir=b&limit=1&filter=" + filter(onlyAlice)));
		assertThat(page.status()).as(page.toString()).isEqualTo(200);
		assertThat(page.list("chunk")).extracting(MatrixClient::body).containsExactly("alice two");
		MatrixClient.Response next = alice
			.get(messages(roomId, "dir=b&limit=5&from=" + page.string("end") + "&filter=" + filter(onlyAlice)));
		assertThat(next.list("chunk")).extracting(MatrixClient::body).containsExactly("alice one");
		String notBob = "{\"not_senders\":[\"" + bob.userId() + "\"],\"not_types\":[\"m.room.*\"]}";
		MatrixClient.Response custom = alice.get(messages(roomId, "dir=b&limit=10&filter=" + filter(notBob)));
		assertThat(custom.list("chunk")).extracting(MatrixClient::body).containsExactly("custom");
	}

	@Test
	void aMessagesFilterSelectsEventsWithAUrlAndLazyLoadsTheSendersMembers() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		bob.join(roomId);
		bob.send(roomId, "m.room.message", MatrixClient.nextTxn(),
				Map.of("msgtype", "m.image", "body", "picture", "url", "mxc://example.org/abc"));
		alice.sendMessage(roomId, "text");
		String withUrl = "{\"contains_url\":true,\"lazy_load_members\":true}";
		MatrixClient.Response page = alice.get(messages(roomId, "dir=b&limit=10&filter=" + filter(withUrl)));
		assertThat(page.status()).as(page.toString()).isEqualTo(200);
		assertThat(page.list("chunk")).extracting(MatrixClient::body).containsExactly("picture");
		assertThat(page.list("state")).extracting((event) -> event.get("state_key")).containsExactly(bob.userId());
		MatrixClient.Response without = alice
			.get(messages(roomId, "dir=b&limit=1&filter=" + filter("{\"contains_url\":false}")));
		assertThat(without.list("chunk")).extracting(MatrixClient::body).containsExactly("text");
	}

	@Test
	void aSyncFilterShapesTheTimelineTheStateTheRoomsAndTheAccountData() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		MatrixClient carol = client().register(MatrixClient.unique("carol"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat", "name", "Filtered"));
		String hidden = alice.createRoom(Map.of());
		bob.join(roomId);
		carol.join(roomId);
		bob.sendMessage(roomId, "from bob");
		alice.put("/_matrix/client/v3/user/" + MatrixClient.encode(alice.userId()) + "/account_data/org.example.keep",
				Map.of("a", 1));
		alice.put("/_matrix/client/v3/user/" + MatrixClient.encode(alice.userId()) + "/account_data/org.example.drop",
				Map.of("b", 2));
		Map<String, Object> definition = Map.of("account_data", Map.of("not_types", List.of("org.example.drop")),
				"presence", Map.of("types", List.of()), "room",
				Map.of("not_rooms", List.of(hidden), "timeline", Map.of("types", List.of("m.room.message")), "state",
						Map.of("lazy_load_members", true), "ephemeral", Map.of("types", List.of())));
		MatrixClient.Response created = alice
			.post("/_matrix/client/v3/user/" + MatrixClient.encode(alice.userId()) + "/filter", definition);
		assertThat(created.status()).as(created.toString()).isEqualTo(200);
		MatrixClient.Response sync = alice
			.get("/_matrix/client/v3/sync?timeout=0&filter=" + MatrixClient.encode(created.string("filter_id")));
		assertThat(sync.status()).as(sync.toString()).isEqualTo(200);
		@SuppressWarnings("unchecked")
		Map<String, Object> join = (Map<String, Object>) sync.map("rooms").get("join");
		assertThat(join).containsOnlyKeys(roomId);
		assertThat(section(sync, roomId, "timeline")).extracting(MatrixClient::body).containsExactly("from bob");
		List<Map<String, Object>> state = section(sync, roomId, "state");
		assertThat(types(state)).contains("m.room.create", "m.room.name");
		assertThat(state).filteredOn((event) -> "m.room.member".equals(event.get("type")))
			.extracting((event) -> event.get("state_key"))
			.containsExactlyInAnyOrder(alice.userId(), bob.userId());
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> accountData = (List<Map<String, Object>>) sync.map("account_data").get("events");
		assertThat(types(accountData)).contains("org.example.keep").doesNotContain("org.example.drop");
		String inline = "{\"room\":{\"state\":{\"types\":[\"m.room.name\"]},\"timeline\":{\"not_types\":[\"*\"]}}}";
		MatrixClient.Response narrow = alice.get("/_matrix/client/v3/sync?timeout=0&filter=" + filter(inline));
		assertThat(narrow.status()).as(narrow.toString()).isEqualTo(200);
		assertThat(section(narrow, roomId, "timeline")).isEmpty();
		assertThat(types(section(narrow, roomId, "state"))).containsExactly("m.room.name");
	}

	@Test
	void aBadFilterIsRefusedWithAMatrixErrorAndAHugeLimitIsCapped() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		alice.sendMessage(roomId, "hello");
		MatrixClient.Response notJson = alice.get(messages(roomId, "dir=b&filter=" + filter("{not json")));
		assertThat(notJson.status()).as(notJson.toString()).isEqualTo(400);
		assertThat(notJson.errcode()).isEqualTo("M_INVALID_PARAM");
		MatrixClient.Response wrongType = alice.get(messages(roomId, "dir=b&filter=" + filter("{\"types\":\"m.room.message\"}")));
		assertThat(wrongType.status()).as(wrongType.toString()).isEqualTo(400);
		assertThat(wrongType.errcode()).isEqualTo("M_BAD_JSON");
		MatrixClient.Response notAnObject = alice.get(messages(roomId, "dir=b&filter=" + filter("[1]")));
		assertThat(notAnObject.status()).as(notAnObject.toString()).isEqualTo(400);
		MatrixClient.Response badSync = alice.get("/_matrix/client/v3/sync?timeout=0&filter="
				+ filter("{\"room\":{\"timeline\":{\"limit\":\"many\"}}}"));
		assertThat(badSync.status()).as(badSync.toString()).isEqualTo(400);
		assertThat(badSync.errcode()).isEqualTo("M_BAD_JSON");
		MatrixClient.Response badStored = alice.post(
				"/_matrix/client/v3/user/" + MatrixClient.encode(alice.userId()) + "/filter",
				Map.of("room", Map.of("rooms", List.of(1, 2))));
		assertThat(badStored.status()).as(badStored.toString()).isEqualTo(400);
		assertThat(badStored.errcode()).isEqualTo("M_BAD_JSON");
		MatrixClient.Response huge = alice.get("/_matrix/client/v3/sync?timeout=0&filter="
				+ filter("{\"room\":{\"timeline\":{\"limit\":1000000000000000000000}}}"));
		assertThat(huge.status()).as(huge.toString()).isEqualTo(200);
		assertThat(section(huge, roomId, "timeline")).extracting(MatrixClient::body).contains("hello");
	}

	@Test
	void historyVisibilityStillAppliesToWhatAFilterLetsThrough() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		alice.put("/_matrix/client/v3/rooms/" + MatrixClient.encode(roomId) + "/state/m.room.history_visibility",
				Map.of("history_visibility", "joined"));
		alice.sendMessage(roomId, "before bob");
		bob.join(roomId);
		alice.sendMessage(roomId, "after bob");
		String messagesOnly = "{\"types\":[\"m.room.message\"]}";
		MatrixClient.Response page = bob.get(messages(roomId, "dir=b&limit=10&filter=" + filter(messagesOnly)));
		assertThat(page.status()).as(page.toString()).isEqualTo(200);
		assertThat(page.list("chunk")).extracting(MatrixClient::body).containsExactly("after bob");
		MatrixClient.Response sync = bob.get("/_matrix/client/v3/sync?timeout=0&filter="
				+ filter("{\"room\":{\"timeline\":" + messagesOnly + "}}"));
		assertThat(section(sync, roomId, "timeline")).extracting(MatrixClient::body).containsExactly("after bob");
	}

}
