package org.modulehost.homeserver.background;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/**
 * How a batch of a background update is cut into chunks and when it ends (the mechanism only,
 * on a clock that the chunks advance by their cost; how long batches really take is measured by
 * {@code BackgroundUpdateBatchDurationTests} and {@code SearchIndexBuildBenchmark}).
 */
class BackgroundUpdatePacingTests {

	private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

	@Test
	void theFirstChunkHasTheDefaultSize() {
		BackgroundUpdater.Performance performance = new BackgroundUpdater.Performance();

		assertThat(performance.nextChunkSize(25, 1, 100)).isEqualTo(100);
		assertThat(performance.itemsPerMs()).isNull();
	}

	@Test
	void theNextChunkIsSizedFromTheLowerOfTheAverageAndTheLastRate() {
		BackgroundUpdater.Performance performance = new BackgroundUpdater.Performance();
		performance.update(1000, 100);
		// A chunk slowed by the machine: 1000 items in 500 ms.
		performance.update(1000, 500);

		// The average moves a fifth of the way (1000 items in 180 ms), the last rate is 2 items/ms.
		assertThat(performance.itemsPerMs()).isCloseTo(1000 / 180.0, offset(1e-9));
		assertThat(performance.nextChunkSize(25, 1, 100)).isEqualTo(50);
		// Faster again: the average, not the last chunk, bounds the next one.
		performance.update(1000, 50);
		assertThat(performance.nextChunkSize(25, 1, 100)).isEqualTo((int) (25 * performance.itemsPerMs()));
	}

	@Test
	void theNextChunkNeverGoesBelowTheMinimum() {
		BackgroundUpdater.Performance performance = new BackgroundUpdater.Performance();
		performance.update(10, 1000);

		assertThat(performance.nextChunkSize(25, 50, 100)).isEqualTo(50);
		assertThat(performance.nextChunkSize(25, 0, 100)).isEqualTo(1);
		assertThat(performance.nextChunkSize(-3, 0, 100)).isEqualTo(1);
	}

	@Test
	void aBatchRunsChunksOfAQuarterOfItsTargetUntilLessThanATwentiethIsLeft() {
		Simulation simulation = new Simulation(0.05, Integer.MAX_VALUE);
		TimedBatch batch = new TimedBatch(simulation.clock::get, 100 * MS, 1, 100, false);

		List<Double> batches = simulation.run(batch, 5);

		// The first chunk has 100 items (5 ms), three more 25 ms each, the fifth the 20 ms left.
		assertThat(batches).allSatisfy((ms) -> assertThat(ms).isBetween(95.0, 100.0));
		assertThat(simulation.chunkMs.subList(0, 5)).satisfiesExactly((ms) -> assertThat(ms).isCloseTo(5.0, offset(0.1)),
				(ms) -> assertThat(ms).isCloseTo(25.0, offset(0.1)), (ms) -> assertThat(ms).isCloseTo(25.0, offset(0.1)),
				(ms) -> assertThat(ms).isCloseTo(25.0, offset(0.1)), (ms) -> assertThat(ms).isCloseTo(20.0, offset(0.1)));
	}

	@Test
	void whenItemsBecomeTenTimesSlowerOnlyTheBatchInWhichTheyDoOverrunsItsTarget() {
		// 0.05 ms per item for the first 10,000 items, 0.5 ms after them.
		Simulation simulation = new Simulation(0.05, 10_000);
		TimedBatch batch = new TimedBatch(simulation.clock::get, 100 * MS, 1, 100, false);

		List<Double> batches = simulation.run(batch, 12);

		List<Double> outside = batches.stream().filter((ms) -> ms < 70 || ms > 130).toList();
		assertThat(outside).as("batches %s", batches).hasSize(1);
		assertThat(outside.get(0)).isLessThan(100 + 10 * 25);
	}

	@Test
	void theTimeTheCommitIsExpectedToTakeIsKeptFreeAtTheEndOfTheBatch() {
		Simulation simulation = new Simulation(0.05, Integer.MAX_VALUE);
		simulation.performance.committed(20);
		TimedBatch batch = new TimedBatch(simulation.clock::get, 100 * MS, 1, 100, false);

		List<Double> batches = simulation.run(batch, 3);

		assertThat(batches).allSatisfy((ms) -> assertThat(ms).isBetween(75.0, 80.0));
	}

	@Test
	void eachChunkStartsFromTheProgressTheOneBeforeLeft() {
		Simulation simulation = new Simulation(0.05, Integer.MAX_VALUE);
		TimedBatch batch = new TimedBatch(simulation.clock::get, 100 * MS, 1, 100, false);

		simulation.run(batch, 2);

		int expected = 0;
		for (int[] chunk : simulation.chunks) {
			assertThat(chunk[0]).isEqualTo(expected);
			expected += chunk[1];
		}
		assertThat(simulation.done).isEqualTo(expected);
	}

	@Test
	void aOneShotUpdateRunsOneChunkWhateverItsTarget() {
		Simulation simulation = new Simulation(0.05, Integer.MAX_VALUE);
		TimedBatch batch = new TimedBatch(simulation.clock::get, 100 * MS, 1, 100, true);

		simulation.run(batch, 1);

		assertThat(simulation.chunks).hasSize(1);
	}

	@Test
	void aBatchEndsWhenTheUpdateIsDoneOrTheRunnerStops() {
		Simulation simulation = new Simulation(0.05, Integer.MAX_VALUE);
		simulation.items = 150;
		TimedBatch batch = new TimedBatch(simulation.clock::get, 100 * MS, 1, 100, false);

		TimedBatch.Outcome outcome = batch.run(simulation.performance, simulation.clock.get(), Map.of("done", 0),
				simulation::chunk, () -> true);

		assertThat(outcome.progress()).isNull();
		assertThat(outcome.items()).isEqualTo(150);
		TimedBatch.Outcome stopped = new TimedBatch(simulation.clock::get, 100 * MS, 1, 100, false)
			.run(new BackgroundUpdater.Performance(), simulation.clock.get(), Map.of("done", 0), simulation::chunk,
					() -> false);
		assertThat(stopped.chunks()).isEqualTo(1);
	}

	/**
	 * An update whose items cost {@code fastMs} each up to {@code slowFrom}, ten times as much
	 * after it; a chunk advances the clock by its items' cost.
	 */
	private static final class Simulation {

		final AtomicLong clock = new AtomicLong(1_000_000_000L);

		final BackgroundUpdater.Performance performance = new BackgroundUpdater.Performance();

		final List<Double> chunkMs = new ArrayList<>();

		final List<int[]> chunks = new ArrayList<>();

		final double fastMs;

		final int slowFrom;

		int items = Integer.MAX_VALUE;

		int done;

		Simulation(double fastMs, int slowFrom) {
			this.fastMs = fastMs;
			this.slowFrom = slowFrom;
		}

		List<Double> run(TimedBatch batch, int batches) {
			List<Double> durations = new ArrayList<>();
			Map<String, Object> progress = Map.of("done", this.done);
			for (int i = 0; i < batches; i++) {
				long started = this.clock.get();
				TimedBatch.Outcome outcome = batch.run(this.performance, started, progress, this::chunk, () -> true);
				durations.add((this.clock.get() - started) / 1e6);
				progress = outcome.progress();
			}
			return durations;
		}

		BackgroundUpdate.Batch chunk(Map<String, Object> progress, int size) {
			int from = ((Number) progress.get("done")).intValue();
			int to = (int) Math.min(this.items, (long) from + size);
			double ms = 0;
			for (int item = from; item < to; item++) {
				ms += (item < this.slowFrom) ? this.fastMs : this.fastMs * 10;
			}
			this.clock.addAndGet((long) (ms * MS));
			this.chunkMs.add(ms);
			this.chunks.add(new int[] { from, to - from });
			this.done = to;
			return (to >= this.items) ? BackgroundUpdate.Batch.done(to - from)
					: new BackgroundUpdate.Batch(to - from, Map.of("done", to));
		}

	}

}
