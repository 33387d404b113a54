package org.modulehost.homeserver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;

import org.modulehost.homeserver.background.BackgroundUpdate;
import org.modulehost.homeserver.modules.TestBackgroundUpdateController;
import org.modulehost.homeserver.storage.BackgroundUpdateStore;
import org.modulehost.host.ModuleHost;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Batches last the duration a {@code background_update_controller} module asks for, measured as
 * the module measures it (from {@code onUpdate} returning to the lease's {@code close()}), also
 * when the cost of an item changes in the middle of an update.
 */
@TestPropertySource(properties = { "modules[0].module=org.modulehost.homeserver.modules.TestBackgroundUpdateController",
		"modules[0].config.target_ms=200", "modules[0].config.default_batch_size=100",
		"modules[0].config.min_batch_size=1", "homeserver.background-updates.poll-interval=100ms" })
@Import(BackgroundUpdateBatchDurationTests.Slowing.class)
class BackgroundUpdateBatchDurationTests extends HomeserverTestSupport {

	@Autowired
	ModuleHost moduleHost;

	@Autowired
	BackgroundUpdateStore store;

	@Test
	void batchesLastTheModulesTargetWithinThirtyPercentEvenWhenItemsBecomeTenTimesSlower() {
		TestBackgroundUpdateController controller = BackgroundUpdateControllerTests.controller(this.moduleHost);
		this.store.queue(Slowing.NAME, Map.of("done", 0), null, 1);

		await().atMost(Duration.ofSeconds(60)).until(() -> this.store.pending().isEmpty());
		await().atMost(Duration.ofSeconds(5)).until(() -> controller.closed.get() == controller.opened.size());

		List<Double> held = new ArrayList<>();
		for (int i = 0; i < controller.opened.size(); i++) {
			if (controller.opened.get(i).startsWith(Slowing.NAME + ":")) {
				held.add(controller.heldMillis.get(i));
			}
		}
		// The last batch ends when the items do; the one in which items became slower may overrun once.
		List<Double> full = held.subList(0, held.size() - 1);
		assertThat(full.stream().filter((ms) -> ms < 140 || ms > 260).toList()).as("batches of %s", held)
			.hasSizeLessThanOrEqualTo(1);
		assertThat(full).hasSizeGreaterThanOrEqualTo(5);
	}

	/**
	 * An update of 4,200 items: the first 3,000 take 0.1 ms each, the rest 1 ms each (the work
	 * of an item is waiting that long).
	 */
	@TestConfiguration
	static class Slowing {

		static final String NAME = "test_slowing";

		static final int ITEMS = 4200;

		static final int FAST_ITEMS = 3000;

		@Bean
		BackgroundUpdate slowingUpdate() {
			return new BackgroundUpdate() {

				@Override
				public String name() {
					return NAME;
				}

				@Override
				public Batch run(JdbcClient jdbc, Map<String, Object> progress, int batchSize) {
					int from = ((Number) progress.get("done")).intValue();
					int to = Math.min(ITEMS, from + batchSize);
					long micros = 0;
					for (int item = from; item < to; item++) {
						micros += (item < FAST_ITEMS) ? 100 : 1000;
					}
					long until = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(micros);
					for (long left = until - System.nanoTime(); left > 0; left = until - System.nanoTime()) {
						LockSupport.parkNanos(left);
					}
					return (to >= ITEMS) ? Batch.done(to - from) : new Batch(to - from, Map.of("done", to));
				}

			};
		}

	}

}
