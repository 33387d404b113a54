package org.modulehost.benchmarks;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.modulehost.homeserver.storage.JsonCodec;
import org.modulehost.homeserver.storage.SearchIndex;
import org.modulehost.homeserver.storage.SearchReader;

/**
 * Latency of {@code POST /search} over HTTP on the loopback ({@code search}: one word of the
 * vocabulary, best first, 10 results, with history visibility and the count) against the same
 * index queried directly in SQL ({@code directSql}: {@link SearchReader}'s query of the first 10
 * hits, no count, no visibility, no HTTP), in one run over {@code rows} stored messages. Sample
 * mode: read the p0.95 lines.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(java.util.concurrent.TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Xmx1g" })
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
public class SearchLatencyBenchmark {

	@Benchmark
	public int search(Index index) throws Exception {
		HttpResponse<String> response = index.server.search(index.term());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("Search failed: " + response.statusCode() + " " + response.body());
		}
		return response.body().length();
	}

	@Benchmark
	public int directSql(Index index) {
		return index.reader
			.search(new SearchReader.Query(index.server.userId, List.of(index.term()), List.of("content.body"), null,
					null, false), new SearchReader.Page(0, null, 10))
			.size();
	}

	@Benchmark
	public int directSqlAsEndpoint(Index index) {
		// The statement the endpoint runs for the same request: all three keys, a page and one.
		return index.reader
			.search(new SearchReader.Query(index.server.userId, List.of(index.term()),
					List.of("content.body", "content.name", "content.topic"), null, null, false),
					new SearchReader.Page(0, null, 11))
			.size();
	}

	/**
	 * A homeserver with {@code rows} indexed messages in one room.
	 */
	@State(Scope.Benchmark)
	public static class Index {

		/** Stored and indexed messages. */
		@Param("2000")
		public int rows;

		/** {@code h2} or {@code postgres}. */
		@Param("h2")
		public String database;

		SearchServer server;

		SearchReader reader;

		@Setup(Level.Trial)
		public void start() throws Exception {
			this.server = SearchServer.start(this.database, List.of());
			this.server.load(this.rows);
			this.server.db.transaction((jdbc) -> SearchIndex.backfill(this.server.db,
					this.server.context.getBean(JsonCodec.class), 0, Long.MAX_VALUE, Integer.MAX_VALUE));
			if (this.server.db.isShared()) {
				this.server.db.jdbc().sql("ANALYZE").update();
			}
			this.reader = this.server.context.getBean(SearchReader.class);
			Map<?, ?> answer = SearchServer.json.readValue(this.server.search("w7x").body(), Map.class);
			Map<?, ?> roomEvents = (Map<?, ?>) ((Map<?, ?>) answer.get("search_categories")).get("room_events");
			BenchmarkContexts.check(((Number) roomEvents.get("count")).intValue() > 0
					&& !((List<?>) roomEvents.get("results")).isEmpty(), "A search for w7x found nothing: " + answer);
		}

		String term() {
			return "w" + ThreadLocalRandom.current().nextInt(991) + "x";
		}

		@TearDown(Level.Trial)
		public void stop() {
			this.server.close();
		}

	}

}
