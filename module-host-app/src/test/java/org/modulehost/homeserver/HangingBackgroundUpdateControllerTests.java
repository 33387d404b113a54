package org.modulehost.homeserver;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.modulehost.homeserver.modules.TestBackgroundUpdateController;
import org.modulehost.homeserver.storage.BackgroundUpdateStore;
import org.modulehost.host.ModuleHost;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A {@code background_update_controller} module whose {@code onUpdate} never returns does not stop
 * the server or the updates: after {@code controller-timeout} the batches run at the host's pace,
 * the module is not asked again while it hangs, and the lease it returns late is closed.
 */
@TestPropertySource(properties = { "modules[0].module=org.modulehost.homeserver.modules.TestBackgroundUpdateController",
		"modules[0].config.hang=true", "homeserver.background-updates.controller-timeout=300ms",
		"homeserver.background-updates.sleep-duration=0ms", "homeserver.background-updates.poll-interval=100ms" })
@Import(BackgroundUpdateControllerTests.Counting.class)
class HangingBackgroundUpdateControllerTests extends HomeserverTestSupport {

	@Autowired
	ModuleHost moduleHost;

	@Autowired
	BackgroundUpdateStore store;

	@Test
	void aControllerThatHangsInOnUpdateDelaysOneBatchOnlyAndItsLateLeaseIsClosed() {
		TestBackgroundUpdateController controller = BackgroundUpdateControllerTests.controller(this.moduleHost);
		this.store.queue(BackgroundUpdateControllerTests.Counting.NAME, Map.of("done", 0), null, 1);

		await().atMost(Duration.ofSeconds(30)).until(() -> this.store.pending().isEmpty());
		assertThat(client().get("/_matrix/client/versions").status()).isEqualTo(200);
		assertThat(controller.opened).hasSize(1);
		assertThat(controller.closed.get()).isZero();

		controller.release();
		await().atMost(Duration.ofSeconds(5)).until(() -> controller.closed.get() == 1);
	}

}
