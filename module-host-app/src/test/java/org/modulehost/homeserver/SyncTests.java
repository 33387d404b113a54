package org.modulehost.homeserver;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.modulehost.homeserver.sync.Notifier;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SyncTests extends HomeserverTestSupport {

	@Autowired
	Notifier notifier;

	@SuppressWarnings("unchecked")
	private static Map<String, Object> rooms(MatrixClient.Response sync, String section) {
		return (Map<String, Object>) sync.map("rooms").get(section);
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> timeline(MatrixClient.Response sync, String roomId) {
		Map<String, Object> room = (Map<String, Object>) rooms(sync, "join").get(roomId);
		return (List<Map<String, Object>>) ((Map<String, Object>) room.get("timeline")).get("events");
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> state(MatrixClient.Response sync, String roomId) {
		Map<String, Object> room = (Map<String, Object>) rooms(sync, "join").get(roomId);
		return (List<Map<String, Object>>) ((Map<String, Object>) room.get("state")).get("events");
	}

	@Test
	void theInitialSyncHasJoinedRoomsWithStateAndTimelineAndInvites() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String roomId = alice.createRoom(Map.of("name", "Synced"));
		alice.sendMessage(roomId, "first");
		String invited = alice.createRoom(Map.of("name", "Invitation", "invite", List.of(bob.userId())));
		MatrixClient.Response sync = alice.sync(null, 0);
		assertThat(sync.status()).as(sync.toString()).isEqualTo(200);
		assertThat(sync.string("next_batch")).startsWith("s");
		assertThat(timeline(sync, roomId)).last().satisfies((event) -> assertThat(MatrixClient.body(event)).isEqualTo("first"));
		List<Object> types = new java.util.ArrayList<>();
		state(sync, roomId).forEach((event) -> types.add(event.get("type")));
		timeline(sync, roomId).forEach((event) -> types.add(event.get("type")));
		assertThat(types).contains("m.room.create", "m.room.member", "m.room.power_levels", "m.room.name");
		MatrixClient.Response bobs = bob.sync(null, 0);
		assertThat(rooms(bobs, "invite")).containsKey(invited);
		assertThat(rooms(bobs, "join")).doesNotContainKey(invited);
	}

	@Test
	void anIncrementalSyncHasOnlyWhatIsNew() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		alice.sendMessage(roomId, "old");
		String since = alice.sync(null, 0).string("next_batch");
		alice.sendMessage(roomId, "new");
		MatrixClient.Response sync = alice.sync(since, 0);
		assertThat(timeline(sync, roomId)).extracting(MatrixClient::body).containsExactly("new");
		MatrixClient.Response nothing = alice.sync(sync.string("next_batch"), 0);
		assertThat(rooms(nothing, "join")).isEmpty();
	}

	@Test
	void aLongPollIsWokenByANewEventWithoutWaitingForItsTimeout() throws Exception {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		bob.join(roomId);
		String since = bob.sync(null, 0).string("next_batch");
		int before = this.notifier.waiting();
		long start = System.nanoTime();
		CompletableFuture<MatrixClient.Response> poll = bob.syncAsync(since, 30_000);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.notifier.waiting() > before);
		alice.sendMessage(roomId, "wake up");
		MatrixClient.Response sync = poll.get(10, TimeUnit.SECONDS);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
		assertThat(timeline(sync, roomId)).extracting(MatrixClient::body).containsExactly("wake up");
	}

	@Test
	void aLongPollWithNothingNewAnswersAtItsTimeout() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String since = alice.sync(null, 0).string("next_batch");
		MatrixClient.Response sync = alice.sync(since, 300);
		assertThat(sync.status()).isEqualTo(200);
		assertThat(rooms(sync, "join")).isEmpty();
	}

	@Test
	void invitesJoinsAndLeavesAppearInIncrementalSyncs() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String roomId = alice.createRoom(Map.of("name", "Moving"));
		String since = bob.sync(null, 0).string("next_batch");
		alice.invite(roomId, bob.userId());
		MatrixClient.Response invited = bob.sync(since, 0);
		assertThat(rooms(invited, "invite")).containsKey(roomId);
		bob.join(roomId);
		MatrixClient.Response joined = bob.sync(invited.string("next_batch"), 0);
		assertThat(rooms(joined, "join")).containsKey(roomId);
		List<Object> types = new java.util.ArrayList<>();
		state(joined, roomId).forEach((event) -> types.add(event.get("type")));
		timeline(joined, roomId).forEach((event) -> types.add(event.get("type")));
		assertThat(types).contains("m.room.create", "m.room.name", "m.room.member");
		bob.post("/_matrix/client/v3/rooms/" + MatrixClient.encode(roomId) + "/leave", Map.of());
		MatrixClient.Response left = bob.sync(joined.string("next_batch"), 0);
		assertThat(rooms(left, "leave")).containsKey(roomId);
		assertThat(rooms(left, "join")).doesNotContainKey(roomId);
	}

	@Test
	void aLimitedTimelineSaysSoAndPointsBack() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		String since = alice.sync(null, 0).string("next_batch");
		for (int i = 0; i < 15; i++) {
			alice.sendMessage(roomId, "m" + i);
		}
		MatrixClient.Response sync = alice.sync(since, 0);
		@SuppressWarnings("unchecked")
		Map<String, Object> timeline = (Map<String, Object>) ((Map<String, Object>) rooms(sync, "join").get(roomId))
			.get("timeline");
		assertThat(timeline).containsEntry("limited", true);
		assertThat(timeline(sync, roomId)).hasSize(10);
		MatrixClient.Response earlier = alice.get("/_matrix/client/v3/rooms/" + MatrixClient.encode(roomId)
				+ "/messages?dir=b&limit=5&from=" + MatrixClient.encode((String) timeline.get("prev_batch")));
		assertThat(earlier.list("chunk")).extracting(MatrixClient::body).containsExactly("m4", "m3", "m2", "m1", "m0");
	}

	@Test
	void accountDataArrivesThroughSync() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String since = alice.sync(null, 0).string("next_batch");
		alice.put("/_matrix/client/v3/user/" + MatrixClient.encode(alice.userId()) + "/account_data/org.example.pref",
				Map.of("theme", "dark"));
		MatrixClient.Response sync = alice.sync(since, 0);
		assertThat(sync.map("account_data").get("events"))
			.isEqualTo(List.of(Map.of("type", "org.example.pref", "content", Map.of("theme", "dark"))));
	}

	@Test
	void aFilterLimitsTheTimeline() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		for (int i = 0; i < 5; i++) {
			alice.sendMessage(roomId, "f" + i);
		}
		MatrixClient.Response filter = alice.post(
				"/_matrix/client/v3/user/" + MatrixClient.encode(alice.userId()) + "/filter",
				Map.of("room", Map.of("timeline", Map.of("limit", 2))));
		String filterId = filter.string("filter_id");
		assertThat(alice.get("/_matrix/client/v3/user/" + MatrixClient.encode(alice.userId()) + "/filter/"
				+ filterId).map("room")).containsKey("timeline");
		MatrixClient.Response sync = alice.get("/_matrix/client/v3/sync?filter=" + MatrixClient.encode(filterId));
		assertThat(timeline(sync, roomId)).extracting(MatrixClient::body).containsExactly("f3", "f4");
	}

	@Test
	void anInvalidSinceTokenIsABadRequest() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient.Response sync = alice.get("/_matrix/client/v3/sync?since=garbage");
		assertThat(sync.status()).isEqualTo(400);
		assertThat(sync.errcode()).isEqualTo("M_INVALID_PARAM");
	}

}
