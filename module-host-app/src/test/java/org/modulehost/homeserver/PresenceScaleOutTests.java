package org.modulehost.homeserver;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.modulehost.homeserver.sync.Notifier;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Presence across two instances sharing one PostgreSQL database: a change through one wakes the
 * other's long polls, and a user syncing only on the instance that does not run the timeouts
 * stays online until they stop. Skipped unless {@code MODULEHOST_TEST_POSTGRES_URL} (with
 * {@code _USER}, {@code _PASSWORD}) is set.
 */
class PresenceScaleOutTests {

	private static final Duration DEADLINE = Duration.ofSeconds(20);

	private static TwoInstances instances;

	private static ConfigurableApplicationContext first;

	private static ConfigurableApplicationContext second;

	@BeforeAll
	static void startTwoInstances() {
		assumeTrue(HomeserverTestSupport.TestDatabase.postgres(),
				"Needs PostgreSQL: set MODULEHOST_TEST_POSTGRES_URL, _USER and _PASSWORD (CI does)");
		instances = TwoInstances.start("hs_presence_", "modulehost.instance.background-tasks=first", "homeserver.presence.offline-after=1s");
		first = instances.first();
		second = instances.second();
	}

	@AfterAll
	static void stopTheInstances() {
		if (instances != null) {
			instances.close();
		}
	}

	private static int port(ConfigurableApplicationContext context) {
		return TwoInstances.port(context);
	}

	@Test
	void aPresenceChangeThroughOneInstanceWakesALongPollOnTheOther() throws Exception {
		MatrixClient alice = MatrixClient.at(port(first)).register(MatrixClient.unique("alice"));
		MatrixClient bobOnSecond = MatrixClient.at(port(second)).register(MatrixClient.unique("bob"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		assertThat(bobOnSecond.join(roomId).status()).isEqualTo(200);
		String since = bobOnSecond.sync(null, 0).string("next_batch");
		Notifier notifier = second.getBean(Notifier.class);
		int waiting = notifier.waiting();

		CompletableFuture<MatrixClient.Response> poll = bobOnSecond.syncAsync(since, 60_000);
		await().atMost(DEADLINE).until(() -> notifier.waiting() > waiting);
		PresenceSupport.set(alice, "unavailable", "on the first instance");

		MatrixClient.Response sync = poll.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
		// Alice does not sync, so with offline-after=1s she may already be offline again: the
		// status message is what tells this update.
		assertThat(PresenceSupport.eventsOf(sync, alice.userId())).singleElement()
			.satisfies((event) -> assertThat(MatrixClient.content(event)).containsEntry("status_msg",
					"on the first instance"));
	}

	@Test
	void aUserSyncingOnlyOnTheOtherInstanceStaysOnlineUntilTheyStop() throws Exception {
		MatrixClient bobOnSecond = MatrixClient.at(port(second)).register(MatrixClient.unique("bob"));
		String since = bobOnSecond.sync(null, 0).string("next_batch");
		long start = System.nanoTime();

		// Four times offline-after: the first instance, which runs the timeouts, would have taken
		// bob offline (and so woken this poll) had it not seen him syncing on the second.
		MatrixClient.Response poll = bobOnSecond.syncAsync(since, 4_000).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);

		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(3_900));
		assertThat(PresenceSupport.eventsOf(poll, bobOnSecond.userId())).isEmpty();
		MatrixClient bobOnFirst = bobOnSecond.on(port(first));
		assertThat(PresenceSupport.get(bobOnFirst, bobOnFirst.userId()).body()).containsEntry("presence", "online");
		await().atMost(DEADLINE)
			.until(() -> PresenceSupport.get(bobOnFirst, bobOnFirst.userId()).body().get("presence"), "offline"::equals);
	}

}
