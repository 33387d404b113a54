package org.modulehost.homeserver;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.modulehost.homeserver.modules.BlockingNewEventListener;
import org.modulehost.homeserver.sync.Notifier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A module whose {@code onNewEvent} is stuck delays neither {@code /sync} nor {@code /send}: its
 * notifications wait on a queue of its own and, once that is full, are dropped and counted.
 */
@TestPropertySource(properties = { "modules[0].module=org.modulehost.homeserver.modules.BlockingNewEventListener",
		"modules[0].name=blocking", "homeserver.module-notifications.queue-capacity=4",
		"management.endpoints.web.exposure.include=metrics" })
class ModuleNotificationTests extends HomeserverTestSupport {

	@Autowired
	Notifier notifier;

	@org.springframework.boot.test.web.server.LocalManagementPort
	int managementPort;

	private MatrixClient alice;

	private MatrixClient bob;

	private String roomId;

	@BeforeEach
	void aRoomWhoseEventsBlockTheModule() throws InterruptedException {
		this.alice = client().register(MatrixClient.unique("alice"));
		this.bob = client().register(MatrixClient.unique("bob"));
		this.roomId = this.alice.createRoom(Map.of("preset", "public_chat"));
		assertThat(this.bob.join(this.roomId).status()).isEqualTo(200);
		assertThat(BlockingNewEventListener.blocked.await(10, TimeUnit.SECONDS)).isTrue();
	}

	@AfterAll
	static void releaseTheModule() {
		BlockingNewEventListener.release.countDown();
	}

	@Test
	void aLongPollingSyncWakesWithTheNewEventWhileTheModuleIsStuck() throws Exception {
		String since = this.bob.sync(null, 0).string("next_batch");
		int before = this.notifier.waiting();
		CompletableFuture<MatrixClient.Response> poll = this.bob.syncAsync(since, 60_000);
		await().atMost(java.time.Duration.ofSeconds(10)).until(() -> this.notifier.waiting() > before);
		this.alice.sendMessage(this.roomId, "while the module is stuck");
		MatrixClient.Response sync = poll.get(10, TimeUnit.SECONDS);
		assertThat(sync.status()).isEqualTo(200);
		List<Map<String, Object>> timeline = timeline(sync, this.roomId);
		assertThat(timeline).extracting(MatrixClient::body).containsExactly("while the module is stuck");
	}

	@Test
	void floodingTheStuckModuleCountsDroppedNotificationsAndEverySendAnswers() {
		double before = dropped();
		for (int i = 0; i < 20; i++) {
			MatrixClient.Response sent = this.alice.send(this.roomId, "m.room.message", MatrixClient.nextTxn(),
					Map.of("msgtype", "m.text", "body", "flood " + i));
			assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
		}
		// one notification runs (stuck), at most four wait: at least sixteen of the twenty are dropped
		assertThat(dropped() - before).isGreaterThanOrEqualTo(16);
	}

	/** The counter, read over HTTP from the metrics endpoint (management port); 0 while it does not exist. */
	private double dropped() {
		MatrixClient.Response metric = MatrixClient.at(this.managementPort).anonymous()
			.get("/actuator/metrics/homeserver.module.notifications.dropped?tag=module:blocking");
		if (metric.status() == 404) {
			return 0;
		}
		assertThat(metric.status()).as(metric.toString()).isEqualTo(200);
		List<Map<String, Object>> measurements = metric.list("measurements");
		return ((Number) measurements.get(0).get("value")).doubleValue();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> timeline(MatrixClient.Response sync, String roomId) {
		Map<String, Object> join = (Map<String, Object>) sync.map("rooms").get("join");
		Map<String, Object> room = (Map<String, Object>) join.get(roomId);
		assertThat(room).as(sync.toString()).isNotNull();
		return (List<Map<String, Object>>) ((Map<String, Object>) room.get("timeline")).get("events");
	}

}
