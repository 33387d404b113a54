package org.modulehost.homeserver;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.modulehost.homeserver.modules.PendingNewEventListener;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An {@code onNewEvent} stage that never completes is held to the category's callback timeout,
 * as the dispatchers hold every other callback: the module hears about later events, and the
 * timeout is counted in the dispatchers' meter.
 */
@TestPropertySource(properties = { "modules[0].module=org.modulehost.homeserver.modules.PendingNewEventListener",
		"modules[0].name=pending", "modulehost.callbacks.categories.third_party_rules.timeout=300ms",
		"management.endpoints.web.exposure.include=metrics" })
class ModuleNotificationTimeoutTests extends HomeserverTestSupport {

	@LocalManagementPort
	int managementPort;

	@Test
	void aStageThatNeverCompletesTimesOutAndTheModuleHearsAboutLaterEvents() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		alice.sendMessage(roomId, "after the pending one");
		await().atMost(Duration.ofSeconds(20))
			.until(() -> PendingNewEventListener.heard.contains("after the pending one"));
		assertThat(count("timeout")).isEqualTo(1);
		assertThat(count("neutral")).isGreaterThanOrEqualTo(1);
	}

	/** The calls of the module's onNewEvent with an outcome, read from the metrics endpoint. */
	private double count(String outcome) {
		MatrixClient.Response metric = MatrixClient.at(this.managementPort).anonymous()
			.get("/actuator/metrics/modulehost.callback?tag=module:pending&tag=callback:onNewEvent&tag=outcome:"
					+ outcome);
		assertThat(metric.status()).as(metric.toString()).isEqualTo(200);
		List<Map<String, Object>> measurements = metric.list("measurements");
		return ((Number) measurements.get(0).get("value")).doubleValue();
	}

}
