package org.modulehost.homeserver;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Presence's timeouts, shortened: online users inactive for {@code idle-after} become
 * unavailable, users who stopped syncing become offline after {@code offline-after}, and room
 * mates are told.
 */
@TestPropertySource(properties = { "homeserver.presence.idle-after=2s", "homeserver.presence.offline-after=1s" })
class PresenceTimeoutTests extends HomeserverTestSupport {

	private static final Duration DEADLINE = Duration.ofSeconds(20);

	@Test
	void aUserWhoStopsSyncingGoesOfflineAndRoomMatesAreTold() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		bob.join(roomId);
		String since = PresenceSupport.sync(alice, null, "").string("next_batch");

		bob.get("/_matrix/client/v3/sync?timeout=0");

		await().atMost(DEADLINE)
			.until(() -> PresenceSupport.get(alice, bob.userId()).body().get("presence"), "offline"::equals);
		assertThat(PresenceSupport.statesOf(PresenceSupport.sync(alice, since, ""), bob.userId()))
			.containsExactly("offline");
	}

	@Test
	void aUserWhoKeepsALongPollOpenIsNotTakenOfflineButBecomesUnavailableWhenIdle() throws Exception {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		bob.join(roomId);
		String bobSince = bob.sync(null, 0).string("next_batch");
		long start = System.nanoTime();

		CompletableFuture<MatrixClient.Response> poll = bob.syncAsync(bobSince, 15_000);

		await().atMost(DEADLINE)
			.until(() -> PresenceSupport.get(alice, bob.userId()).body().get("presence"), "unavailable"::equals);
		// Well past offline-after, and still syncing: the long poll was woken by going idle, not offline.
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(1900));
		MatrixClient.Response woken = poll.get(10, TimeUnit.SECONDS);
		assertThat(PresenceSupport.statesOf(woken, bob.userId())).containsExactly("unavailable");
	}

	@Test
	void currentlyActiveIsReportedWhileOnline() {
		MatrixClient bob = client().register(MatrixClient.unique("bob"));

		PresenceSupport.set(bob, "online", null);

		assertThat(PresenceSupport.get(bob, bob.userId()).body()).containsEntry("currently_active", true);
	}

}
