package org.modulehost.homeserver.background;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/**
 * How the next batch of a background update is sized from the batches before it (the mechanism
 * only; how long batches really take is measured by {@code SearchIndexBuildBenchmark}).
 */
class BackgroundUpdatePacingTests {

	@Test
	void theFirstBatchHasTheDefaultSize() {
		BackgroundUpdater.Performance performance = new BackgroundUpdater.Performance();

		assertThat(performance.nextBatchSize(100, 1, 100)).isEqualTo(100);
		assertThat(performance.itemsPerMs()).isNull();
	}

	@Test
	void theSecondBatchIsSizedFromTheFirstBatchsRate() {
		BackgroundUpdater.Performance performance = new BackgroundUpdater.Performance();
		performance.update(100, 50, 100);

		// 2 items per ms for 100 ms.
		assertThat(performance.nextBatchSize(100, 1, 100)).isEqualTo(200);
	}

	@Test
	void laterBatchesAreSizedFromMovingAveragesOfItemsAndDurationWithAFifthWeightForTheNewest() {
		BackgroundUpdater.Performance performance = new BackgroundUpdater.Performance();
		performance.update(1000, 100, 1000);
		// A batch slowed by the machine: 1000 items in 500 ms.
		performance.update(1000, 500, 1000);

		// Items stay 1000 on average, the duration moves a fifth of the way: 100 + 0.2 × 400 = 180 ms.
		assertThat(performance.itemsPerMs()).isCloseTo(1000 / 180.0, offset(1e-9));
		assertThat(performance.nextBatchSize(100, 1, 100)).isEqualTo(555);
	}

	@Test
	void theNextSizeNeverGoesBelowTheMinimum() {
		BackgroundUpdater.Performance performance = new BackgroundUpdater.Performance();
		performance.update(10, 1000, 10);

		assertThat(performance.nextBatchSize(100, 50, 100)).isEqualTo(50);
		assertThat(performance.nextBatchSize(100, 0, 100)).isEqualTo(1);
	}

}
