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

/**
 * Presence over HTTP: {@code GET|PUT /presence/{userId}/status}, {@code set_presence} and the
 * {@code presence} section of {@code /sync}, with the requests that must be refused.
 */
class PresenceTests extends HomeserverTestSupport {

	@Autowired
	Notifier notifier;

	@Test
	void aUserSetsAndReadsTheirOwnPresence() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));

		MatrixClient.Response put = PresenceSupport.set(alice, "online", "at lunch");

		assertThat(put.status()).as(put.toString()).isEqualTo(200);
		assertThat(put.body()).isEmpty();
		MatrixClient.Response get = PresenceSupport.get(alice, alice.userId());
		assertThat(get.status()).as(get.toString()).isEqualTo(200);
		assertThat(get.body()).containsEntry("presence", "online")
			.containsEntry("status_msg", "at lunch")
			.containsEntry("currently_active", true)
			.containsKey("last_active_ago")
			.doesNotContainKey("user_id");
	}

	@Test
	void aUserWhoNeverSetPresenceReadsAsOffline() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));

		MatrixClient.Response get = PresenceSupport.get(alice, alice.userId());

		assertThat(get.status()).isEqualTo(200);
		assertThat(get.body()).isEqualTo(Map.of("presence", "offline"));
	}

	@Test
	void aRoomMateReadsPresenceAndAStrangerIsForbidden() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		MatrixClient carol = client().register(MatrixClient.unique("carol"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		assertThat(bob.join(roomId).status()).isEqualTo(200);
		PresenceSupport.set(alice, "unavailable", "brb");

		MatrixClient.Response byRoomMate = PresenceSupport.get(bob, alice.userId());
		MatrixClient.Response byStranger = PresenceSupport.get(carol, alice.userId());

		assertThat(byRoomMate.status()).as(byRoomMate.toString()).isEqualTo(200);
		assertThat(byRoomMate.body()).containsEntry("presence", "unavailable").containsEntry("status_msg", "brb");
		assertThat(byStranger.status()).as(byStranger.toString()).isEqualTo(403);
		assertThat(byStranger.errcode()).isEqualTo("M_FORBIDDEN");
	}

	@Test
	void readingTheStatusOfAnUnknownUserIsNotFoundAndOfAnInvalidIdIsABadRequest() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));

		MatrixClient.Response unknown = PresenceSupport.get(alice, "@nobody-" + MatrixClient.unique("x") + ":localhost");
		MatrixClient.Response remote = PresenceSupport.get(alice, "@someone:elsewhere.example");
		MatrixClient.Response invalid = PresenceSupport.get(alice, "not-a-user-id");

		assertThat(unknown.status()).as(unknown.toString()).isEqualTo(404);
		assertThat(unknown.errcode()).isEqualTo("M_NOT_FOUND");
		assertThat(remote.status()).as(remote.toString()).isEqualTo(404);
		assertThat(remote.errcode()).isEqualTo("M_NOT_FOUND");
		assertThat(invalid.status()).as(invalid.toString()).isEqualTo(400);
		assertThat(invalid.errcode()).isEqualTo("M_INVALID_PARAM");
	}

	@Test
	void settingAnotherUsersPresenceIsForbiddenAndChangesNothing() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient mallory = client().register(MatrixClient.unique("mallory"));
		PresenceSupport.set(alice, "online", "working");

		MatrixClient.Response put = mallory.put(PresenceSupport.path(alice.userId()),
				Map.of("presence", "offline", "status_msg", "hacked"));

		assertThat(put.status()).as(put.toString()).isEqualTo(403);
		assertThat(put.errcode()).isEqualTo("M_FORBIDDEN");
		assertThat(PresenceSupport.get(alice, alice.userId()).body()).containsEntry("presence", "online")
			.containsEntry("status_msg", "working");
	}

	@Test
	void anOversizedStatusMessageIsRefusedAndOneAtTheLimitIsAccepted() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));

		MatrixClient.Response tooLong = PresenceSupport.set(alice, "online", "é".repeat(1025));
		MatrixClient.Response atLimit = PresenceSupport.set(alice, "online", "é".repeat(1024));

		assertThat(tooLong.status()).as(tooLong.toString()).isEqualTo(400);
		assertThat(tooLong.errcode()).isEqualTo("M_INVALID_PARAM");
		assertThat(atLimit.status()).as(atLimit.toString()).isEqualTo(200);
		assertThat(PresenceSupport.get(alice, alice.userId()).body()).containsEntry("status_msg", "é".repeat(1024));
	}

	@Test
	void badPresenceBodiesAreRefusedAsSynapseRefusesThem() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String path = PresenceSupport.path(alice.userId());

		MatrixClient.Response unknownState = alice.put(path, Map.of("presence", "busy"));
		MatrixClient.Response notAString = alice.put(path, Map.of("presence", 3));
		MatrixClient.Response missing = alice.put(path, Map.of("status_msg", "hi"));
		MatrixClient.Response badStatus = alice.put(path, Map.of("presence", "online", "status_msg", 5));
		MatrixClient.Response extraField = alice.put(path, Map.of("presence", "online", "mood", "great"));
		MatrixClient.Response notJson = alice.raw("PUT", path, "online");

		for (MatrixClient.Response response : List.of(unknownState, notAString, missing, badStatus, extraField)) {
			assertThat(response.status()).as(response.toString()).isEqualTo(400);
			assertThat(response.errcode()).as(response.toString()).isEqualTo("M_UNKNOWN");
		}
		assertThat(notJson.status()).as(notJson.toString()).isEqualTo(400);
		assertThat(notJson.errcode()).isEqualTo("M_NOT_JSON");
		assertThat(PresenceSupport.get(alice, alice.userId()).body()).containsEntry("presence", "offline");
	}

	@Test
	void anInitialSyncCarriesThePresenceOfRoomMatesWhoAreNotOfflineAndNotOfStrangers() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		MatrixClient carol = client().register(MatrixClient.unique("carol"));
		MatrixClient dave = client().register(MatrixClient.unique("dave"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		bob.join(roomId);
		dave.join(roomId);
		PresenceSupport.set(bob, "online", "hello");
		PresenceSupport.set(carol, "online", null);
		PresenceSupport.set(dave, "offline", null);

		MatrixClient.Response sync = PresenceSupport.sync(alice, null, "");

		assertThat(sync.status()).isEqualTo(200);
		List<Map<String, Object>> bobs = PresenceSupport.eventsOf(sync, bob.userId());
		assertThat(bobs).hasSize(1);
		assertThat(bobs.get(0)).containsEntry("type", "m.presence").containsEntry("sender", bob.userId());
		assertThat(MatrixClient.content(bobs.get(0))).containsEntry("presence", "online")
			.containsEntry("status_msg", "hello")
			.containsEntry("currently_active", true)
			.containsKey("last_active_ago");
		assertThat(PresenceSupport.eventsOf(sync, carol.userId())).isEmpty();
		assertThat(PresenceSupport.eventsOf(sync, dave.userId())).isEmpty();
	}

	@Test
	void anIncrementalSyncCarriesOnlyWhatChanged() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		bob.join(roomId);
		PresenceSupport.set(bob, "online", null);
		String since = PresenceSupport.sync(alice, null, "").string("next_batch");

		MatrixClient.Response nothingNew = PresenceSupport.sync(alice, since, "");
		PresenceSupport.set(bob, "unavailable", "away");
		MatrixClient.Response changed = PresenceSupport.sync(alice, nothingNew.string("next_batch"), "");

		assertThat(PresenceSupport.eventsOf(nothingNew, bob.userId())).isEmpty();
		assertThat(PresenceSupport.eventsOf(changed, bob.userId())).singleElement()
			.satisfies((event) -> assertThat(MatrixClient.content(event)).containsEntry("presence", "unavailable")
				.containsEntry("status_msg", "away")
				.doesNotContainKey("currently_active"));
		assertThat(PresenceSupport.eventsOf(PresenceSupport.sync(alice, changed.string("next_batch"), ""),
				bob.userId())).isEmpty();
	}

	@Test
	void aPresenceChangeOfARoomMateWakesALongPoll() throws Exception {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		bob.join(roomId);
		String since = alice.sync(null, 0).string("next_batch");
		int before = this.notifier.waiting();
		long start = System.nanoTime();
		CompletableFuture<MatrixClient.Response> poll = alice.syncAsync(since, 30_000);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.notifier.waiting() > before);

		PresenceSupport.set(bob, "online", "here");

		MatrixClient.Response sync = poll.get(10, TimeUnit.SECONDS);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
		assertThat(PresenceSupport.statesOf(sync, bob.userId())).containsExactly("online");
	}

	@Test
	void setPresenceOnSyncSetsTheStateAndOfflineLeavesItAlone() {
		MatrixClient bob = client().register(MatrixClient.unique("bob"));

		MatrixClient.Response unavailable = bob.get("/_matrix/client/v3/sync?timeout=0&set_presence=unavailable");
		String afterUnavailable = (String) PresenceSupport.get(bob, bob.userId()).body().get("presence");
		bob.get("/_matrix/client/v3/sync?timeout=0&set_presence=offline");
		String afterOffline = (String) PresenceSupport.get(bob, bob.userId()).body().get("presence");
		MatrixClient.Response online = bob.get("/_matrix/client/v3/sync?timeout=0");
		String afterDefault = (String) PresenceSupport.get(bob, bob.userId()).body().get("presence");

		assertThat(unavailable.status()).isEqualTo(200);
		assertThat(PresenceSupport.statesOf(unavailable, bob.userId())).containsExactly("unavailable");
		assertThat(afterUnavailable).isEqualTo("unavailable");
		assertThat(afterOffline).isEqualTo("unavailable");
		assertThat(online.status()).isEqualTo(200);
		assertThat(afterDefault).isEqualTo("online");
	}

	@Test
	void aSyncWithAnUnknownSetPresenceIsABadRequest() {
		MatrixClient bob = client().register(MatrixClient.unique("bob"));

		MatrixClient.Response sync = bob.get("/_matrix/client/v3/sync?timeout=0&set_presence=busy");

		assertThat(sync.status()).as(sync.toString()).isEqualTo(400);
		assertThat(sync.errcode()).isEqualTo("M_INVALID_PARAM");
		assertThat(PresenceSupport.get(bob, bob.userId()).body()).containsEntry("presence", "offline");
	}

	@Test
	void thePresenceFilterLeavesOutSendersAndTypes() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		MatrixClient carol = client().register(MatrixClient.unique("carol"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		bob.join(roomId);
		carol.join(roomId);
		PresenceSupport.set(bob, "online", null);
		PresenceSupport.set(carol, "online", null);

		MatrixClient.Response notBob = PresenceSupport.sync(alice, null,
				"filter=" + MatrixClient.encode("{\"presence\":{\"not_senders\":[\"" + bob.userId() + "\"]}}"));
		MatrixClient.Response noTypes = PresenceSupport.sync(alice, null,
				"filter=" + MatrixClient.encode("{\"presence\":{\"types\":[\"m.nothing\"]}}"));

		assertThat(PresenceSupport.eventsOf(notBob, bob.userId())).isEmpty();
		assertThat(PresenceSupport.eventsOf(notBob, carol.userId())).hasSize(1);
		assertThat(PresenceSupport.events(noTypes)).isEmpty();
	}

	@Test
	void aTokenWithoutAPresencePositionStillSyncsAndTheNewTokenCarriesOne() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		bob.join(roomId);
		PresenceSupport.set(bob, "online", null);
		String token = PresenceSupport.sync(alice, null, "").string("next_batch");
		String oldStyle = token.substring(0, token.indexOf('_'));

		MatrixClient.Response sync = PresenceSupport.sync(alice, oldStyle, "");
		MatrixClient.Response messages = alice.get("/_matrix/client/v3/rooms/" + MatrixClient.encode(roomId)
				+ "/messages?dir=b&from=" + MatrixClient.encode(token));

		assertThat(token).matches("s[0-9]+(_[a-z][0-9]+)*_p[0-9]+(_[a-z][0-9]+)*");
		assertThat(sync.status()).as(sync.toString()).isEqualTo(200);
		assertThat(sync.string("next_batch")).matches("s[0-9]+(_[a-z][0-9]+)*_p[0-9]+(_[a-z][0-9]+)*");
		assertThat(PresenceSupport.statesOf(sync, bob.userId())).containsExactly("online");
		assertThat(messages.status()).as(messages.toString()).isEqualTo(200);
	}

	@Test
	void joiningARoomSendsTheCurrentPresenceOfTheNewRoomMatesBothWays() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		PresenceSupport.set(alice, "online", "hosting");
		PresenceSupport.set(bob, "unavailable", "arriving");
		String aliceSince = PresenceSupport.sync(alice, null, "").string("next_batch");
		String bobSince = PresenceSupport.sync(bob, null, "").string("next_batch");

		assertThat(bob.join(roomId).status()).isEqualTo(200);
		MatrixClient.Response aliceSync = PresenceSupport.sync(alice, aliceSince, "");
		MatrixClient.Response bobSync = PresenceSupport.sync(bob, bobSince, "");

		assertThat(PresenceSupport.statesOf(aliceSync, bob.userId())).containsExactly("unavailable");
		assertThat(PresenceSupport.statesOf(bobSync, alice.userId())).containsExactly("online");
	}

}
