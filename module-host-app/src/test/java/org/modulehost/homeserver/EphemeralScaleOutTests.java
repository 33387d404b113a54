package org.modulehost.homeserver;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two homeserver instances on one PostgreSQL schema: typing set through one wakes and reaches
 * a long poll on the other, and a receipt stored through one is in the other's {@code /sync}.
 * Skipped unless {@code MODULEHOST_TEST_POSTGRES_URL} (with {@code _USER}, {@code _PASSWORD}) is
 * set, as CI always does.
 */
class EphemeralScaleOutTests {

	private static final Duration DEADLINE = Duration.ofSeconds(20);

	private static TwoInstances instances;

	private static ConfigurableApplicationContext first;

	private static ConfigurableApplicationContext second;

	@BeforeAll
	static void startTwoInstances() {
		assumeTrue(HomeserverTestSupport.TestDatabase.postgres(),
				"Needs PostgreSQL: set MODULEHOST_TEST_POSTGRES_URL, _USER and _PASSWORD (CI does)");
		instances = TwoInstances.start("hs_ephemeral_");
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
	void typingThroughOneInstanceWakesALongPollOnTheOther() throws Exception {
		MatrixClient alice = MatrixClient.at(port(first)).register(MatrixClient.unique("alice"));
		MatrixClient bob = MatrixClient.at(port(second)).register(MatrixClient.unique("bob"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		assertThat(bob.join(roomId).status()).isEqualTo(200);
		String since = bob.sync(null, 0).string("next_batch");
		CompletableFuture<MatrixClient.Response> poll = bob.syncAsync(since, 30_000);
		MatrixClient.Response typing = TypingTests.typing(alice, roomId, alice.userId(), Map.of("typing", true));
		assertThat(typing.status()).as(typing.toString()).isEqualTo(200);
		MatrixClient.Response woken = poll.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
		assertThat(TypingTests.typingUsers(woken, roomId)).containsExactly(alice.userId());
		TypingTests.typing(alice, roomId, alice.userId(), Map.of("typing", false));
		String next = woken.string("next_batch");
		await().atMost(DEADLINE)
			.untilAsserted(() -> assertThat(TypingTests.typingUsers(bob.sync(next, 0), roomId)).isEmpty());
	}

	@Test
	void aReceiptThroughOneInstanceIsInTheOthersSync() throws Exception {
		MatrixClient alice = MatrixClient.at(port(first)).register(MatrixClient.unique("alice"));
		MatrixClient bob = MatrixClient.at(port(second)).register(MatrixClient.unique("bob"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		assertThat(bob.join(roomId).status()).isEqualTo(200);
		String eventId = bob.sendMessage(roomId, "read this");
		String since = bob.sync(null, 0).string("next_batch");
		CompletableFuture<MatrixClient.Response> poll = bob.syncAsync(since, 30_000);
		assertThat(ReceiptsTests.receipt(alice, roomId, "m.read", eventId, Map.of()).status()).isEqualTo(200);
		MatrixClient.Response woken = poll.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
		assertThat(ReceiptsTests.readers(woken, roomId, eventId, "m.read")).containsOnlyKeys(alice.userId());
		assertThat(UnreadCountsTests.unread(alice.on(port(second)).sync(null, 0), roomId))
			.containsEntry("notification_count", 0);
	}

}
