package org.modulehost.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.modulehost.homeserver.background.BackgroundUpdater;
import org.modulehost.homeserver.storage.BackgroundUpdateStore;
import org.modulehost.homeserver.storage.JsonCodec;
import org.modulehost.homeserver.storage.SearchIndex;

/**
 * How fast the search index is built from stored messages: the {@code event_search} background
 * update through the runner (batches sized to the target duration, each committed with its
 * progress, no pause between batches) against a plain {@code INSERT … SELECT} of the same rows
 * into the index without the runner, in one transaction. Scores are seconds per event
 * ({@code SingleShotTime} over {@code rows} events); events per second is the inverse.
 * The baseline is the runner's own index write over the whole range at once, in one
 * transaction: on PostgreSQL one {@code INSERT … SELECT} computing the {@code tsvector}s; on H2
 * (which has no full-text function to fill the term table with in SQL) one read of the events,
 * their terms split in Java, and the same index and term rows written many to a statement. The
 * ratio is therefore the cost of cutting the build into batches and chunks, each committed with
 * its progress under a lease.
 *
 * <p>{@code controller=100ms} loads {@link PacingController}, which asks for 100 ms batches; the
 * trial's tear-down prints how long the batches held their leases.
 */
@BenchmarkMode(Mode.SingleShotTime)
@Fork(value = 1, jvmArgsAppend = { "-Xmx1g" })
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class SearchIndexBuildBenchmark {

	@Benchmark
	public long runner(Build build) throws Exception {
		return build.runUpdate();
	}

	@Benchmark
	public long insertSelect(Build build) {
		return build.insertSelect();
	}

	/**
	 * A homeserver with {@code rows} stored messages and an empty index before each build.
	 */
	@State(Scope.Benchmark)
	public static class Build {

		/** Stored messages to index. */
		@Param("2000")
		public int rows;

		/** {@code h2} or {@code postgres}. */
		@Param("h2")
		public String database;

		/** {@code none} (the host's pacing: 100 ms batches) or {@code 100ms} (a module asks for them). */
		@Param({ "none", "100ms" })
		public String controller;

		SearchServer server;

		BackgroundUpdateStore store;

		BackgroundUpdater updater;

		@Setup(Level.Trial)
		public void start() throws Exception {
			List<String> args = new ArrayList<>(List.of("--homeserver.background-updates.sleep-duration=0ms",
					"--homeserver.background-updates.target-duration=100ms",
					"--homeserver.background-updates.poll-interval=50ms"));
			if (this.controller.equals("100ms")) {
				args.add("--modules[0].module=" + PacingController.class.getName());
				args.add("--modules[0].config.target_ms=100");
			}
			this.server = SearchServer.start(this.database, args);
			this.server.load(this.rows);
			this.store = this.server.context.getBean(BackgroundUpdateStore.class);
			this.updater = this.server.context.getBean(BackgroundUpdater.class);
			PacingController.heldMillis.clear();
			BenchmarkContexts.assertModulesLoaded(this.server.context, this.controller.equals("100ms") ? 1 : 0);
		}

		@Setup(Level.Invocation)
		public void empty() {
			this.server.db.transaction((jdbc) -> {
				SearchIndex.clear(this.server.db, Long.MAX_VALUE);
				return null;
			});
		}

		long runUpdate() throws InterruptedException {
			long max = this.server.db.currentPosition();
			BenchmarkContexts.check(this.store.queue("event_search", Map.of("last_stream_ordering", 0L,
					"max_stream_ordering", max), null, 1), "event_search was still queued");
			this.updater.wakeUp();
			long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
			while (!this.store.pending().isEmpty()) {
				BenchmarkContexts.check(System.nanoTime() < deadline, "The build did not end in 30 minutes");
				Thread.sleep(2);
			}
			return indexed();
		}

		long insertSelect() {
			this.server.db.transaction((jdbc) -> SearchIndex.backfill(this.server.db,
					this.server.context.getBean(JsonCodec.class), 0, Long.MAX_VALUE, Integer.MAX_VALUE));
			return indexed();
		}

		private long indexed() {
			long count = this.server.db.jdbc().sql("SELECT COUNT(*) FROM hs_event_search").query(Long.class).single();
			BenchmarkContexts.check(count >= this.rows, "Only " + count + " of " + this.rows + " events were indexed");
			return count;
		}

		@TearDown(Level.Trial)
		public void stop() {
			List<Double> held = List.copyOf(PacingController.heldMillis);
			if (!held.isEmpty()) {
				long within = held.stream().filter((ms) -> ms >= 70 && ms <= 130).count();
				double mean = held.stream().mapToDouble(Double::doubleValue).average().orElse(0);
				System.out.printf("%nBatches under a 100 ms lease: %d, mean %.1f ms, %d (%.0f%%) within 100 ms ± 30%%; "
						+ "all: %s; after the first five: %s%n", held.size(), mean, within, 100.0 * within / held.size(),
						summary(held), summary(held.subList(Math.min(5, held.size()), held.size())));
			}
			this.server.close();
		}

		private static String summary(List<Double> held) {
			if (held.isEmpty()) {
				return "none";
			}
			List<Double> sorted = new ArrayList<>(held);
			sorted.sort(Double::compare);
			long within = held.stream().filter((ms) -> ms >= 70 && ms <= 130).count();
			return String.format("%d batches, p5 %.1f ms, median %.1f ms, p95 %.1f ms, %.0f%% within ± 30%%", held.size(),
					sorted.get((int) (sorted.size() * 0.05)), sorted.get(sorted.size() / 2),
					sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * 0.95))), 100.0 * within / held.size());
		}

	}

}
