package org.modulehost.homeserver.background;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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
	void theColdFirstBatchIsForgottenOnceAWarmOneIsKnown() {
		BackgroundUpdater.Performance performance = new BackgroundUpdater.Performance();
		performance.update(100, 1000, 100);
		// Only the cold batch is known: 10 ms per item.
		assertThat(performance.nextBatchSize(100, 1, 100)).isEqualTo(10);

		performance.update(10, 1, 10);

		// 0.1 ms per item from the warm batch alone, but at most twice the last batch.
		assertThat(performance.nextBatchSize(100, 1, 100)).isEqualTo(20);
	}

	@Test
	void theNextSizeComesFromTheMedianDurationPerItemOfTheLastFiveBatches() {
		BackgroundUpdater.Performance performance = new BackgroundUpdater.Performance();
		performance.update(1000, 5000, 1000);
		// Per item: 0.1, 0.5 (a batch slowed by the machine), 0.1, 0.125, 0.1 ms; the median is 0.1.
		performance.update(1000, 100, 1000);
		performance.update(1000, 500, 1000);
		performance.update(1000, 100, 1000);
		performance.update(800, 100, 1000);
		performance.update(1000, 100, 1000);

		assertThat(performance.nextBatchSize(100, 1, 100)).isEqualTo(1000);
		assertThat(performance.itemsPerMs()).isEqualTo(10.0);

		// A sixth warm batch pushes the oldest out of the window: 0.5, 0.1, 0.125, 0.1, 0.125.
		performance.update(800, 100, 1000);
		assertThat(performance.nextBatchSize(100, 1, 100)).isEqualTo(800);
	}

	@Test
	void theNextSizeShrinksAtOnceButGrowsAtMostTwofoldAndNeverGoesBelowTheMinimum() {
		BackgroundUpdater.Performance performance = new BackgroundUpdater.Performance();
		performance.update(100, 10, 100);
		performance.update(100, 10, 100);
		assertThat(performance.nextBatchSize(100, 1, 100)).isEqualTo(200);

		performance.update(200, 2000, 200);
		performance.update(200, 2000, 200);
		assertThat(performance.nextBatchSize(100, 1, 100)).isEqualTo(10);
		assertThat(performance.nextBatchSize(100, 50, 100)).isEqualTo(50);
	}

}
