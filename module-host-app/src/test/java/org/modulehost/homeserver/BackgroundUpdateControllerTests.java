package org.modulehost.homeserver;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import org.modulehost.app.ModuleHostApplication;
import org.modulehost.homeserver.background.BackgroundUpdate;
import org.modulehost.homeserver.modules.TestBackgroundUpdateController;
import org.modulehost.homeserver.storage.BackgroundUpdateStore;
import org.modulehost.host.LoadedModule;
import org.modulehost.host.ModuleHost;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A {@code background_update_controller} module paces the background updates: its lease opens
 * and closes around every batch (also a failed one), its batch sizes apply, and a second such
 * module stops start-up.
 */
@TestPropertySource(properties = { "modules[0].module=org.modulehost.homeserver.modules.TestBackgroundUpdateController",
		"modules[0].config.target_ms=20", "modules[0].config.default_batch_size=7",
		"modules[0].config.min_batch_size=3", "homeserver.background-updates.poll-interval=100ms",
		"homeserver.background-updates.retry-backoff=20ms" })
@Import(BackgroundUpdateControllerTests.Counting.class)
class BackgroundUpdateControllerTests extends HomeserverTestSupport {

	@Autowired
	ModuleHost moduleHost;

	@Autowired
	BackgroundUpdateStore store;

	@Autowired
	Counting counting;

	@Test
	void everyBatchRunsUnderTheModulesLeaseWhichIsClosedAfterItEvenWhenItFailed() {
		TestBackgroundUpdateController controller = controller(this.moduleHost);
		this.store.queue(Counting.NAME, Map.of("done", 0), null, 1);

		await().atMost(Duration.ofSeconds(30)).until(() -> this.store.pending().isEmpty());

		List<Integer> sizes = this.counting.batchSizes;
		assertThat(sizes).hasSizeGreaterThan(2);
		// The first (failed) and its retry use the module's default batch size; later ones never go below its minimum.
		assertThat(sizes.get(0)).isEqualTo(7);
		assertThat(sizes.get(1)).isEqualTo(7);
		assertThat(sizes).allSatisfy((size) -> assertThat(size).isGreaterThanOrEqualTo(3));
		assertThat(controller.opened).contains(Counting.NAME + ":main:false");
		await().atMost(Duration.ofSeconds(5)).until(() -> controller.closed.get() == controller.opened.size());
	}

	@Test
	void aSecondControllerModuleStopsStartUpNamingBoth() {
		assertThatThrownBy(() -> SpringApplication.run(ModuleHostApplication.class, "--server.port=0",
				"--management.server.port=0", "--spring.main.banner-mode=off",
				"--spring.datasource.url=jdbc:h2:mem:controllers_" + UUID.randomUUID().toString().replace("-", "")
						+ ";DB_CLOSE_DELAY=-1",
				"--modules[0].module=org.modulehost.homeserver.modules.TestBackgroundUpdateController",
				"--modules[1].module=org.modulehost.homeserver.modules.SecondBackgroundUpdateController")
			.close())
			.rootCause()
			.hasMessageContaining("TestBackgroundUpdateController")
			.hasMessageContaining("SecondBackgroundUpdateController");
	}

	static TestBackgroundUpdateController controller(ModuleHost host) {
		return host.modules()
			.stream()
			.map(LoadedModule::instance)
			.filter(TestBackgroundUpdateController.class::isInstance)
			.map(TestBackgroundUpdateController.class::cast)
			.findFirst()
			.orElseThrow();
	}

	/**
	 * An update of 200 items whose first batch fails, recording the batch sizes it is asked for.
	 */
	@TestConfiguration
	static class Counting {

		static final String NAME = "test_counting";

		static final int ITEMS = 200;

		final List<Integer> batchSizes = new CopyOnWriteArrayList<>();

		private final AtomicBoolean failed = new AtomicBoolean();

		@Bean
		BackgroundUpdate countingUpdate() {
			return new BackgroundUpdate() {

				@Override
				public String name() {
					return NAME;
				}

				@Override
				public Batch run(JdbcClient jdbc, Map<String, Object> progress, int batchSize) {
					Counting.this.batchSizes.add(batchSize);
					if (Counting.this.failed.compareAndSet(false, true)) {
						throw new IllegalStateException("first batch fails");
					}
					int done = ((Number) progress.get("done")).intValue() + batchSize;
					return (done >= ITEMS) ? Batch.done(batchSize) : new Batch(batchSize, Map.of("done", done));
				}

			};
		}

	}

}
