package org.modulehost.homeserver.background;

import java.util.LinkedHashMap;
import java.util.Map;

import org.modulehost.homeserver.storage.BackgroundUpdateStore;
import org.modulehost.homeserver.storage.Database;
import org.modulehost.homeserver.storage.JsonCodec;
import org.modulehost.homeserver.storage.SearchIndex;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code event_search}: indexes the events stored before the search index existed (or before an
 * administrator asked for a rebuild), from the oldest, in ranges of the stream. Progress:
 * {@code last_stream_ordering} (done up to it) and {@code max_stream_ordering} (events after it
 * were indexed as they were stored).
 */
final class EventSearchUpdate implements BackgroundUpdate {

	static final String NAME = "event_search";

	private final Database db;

	private final JsonCodec json;

	EventSearchUpdate(Database db, JsonCodec json) {
		this.db = db;
		this.json = json;
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public Batch run(JdbcClient jdbc, Map<String, Object> progress, int batchSize) {
		long last = number(progress.get("last_stream_ordering"));
		long max = number(progress.get("max_stream_ordering"));
		SearchIndex.Backfill backfill = SearchIndex.backfill(this.db, this.json, last, max, batchSize);
		if (backfill.eventsRead() == 0 || backfill.lastPosition() >= max) {
			return Batch.done(backfill.eventsRead());
		}
		Map<String, Object> next = new LinkedHashMap<>(progress);
		next.put("last_stream_ordering", backfill.lastPosition());
		return new Batch(backfill.eventsRead(), next);
	}

	/**
	 * Empties the index of the events stored so far and queues the update that fills it again,
	 * in one transaction (events stored later are indexed as they are stored).
	 * @param store the queue
	 * @return {@code false} if the update was already queued (nothing changed)
	 */
	static boolean rebuild(BackgroundUpdateStore store) {
		Database db = store.db();
		return db.transaction((jdbc) -> {
			long max = db.currentPosition();
			if (!store.queue(NAME, Map.of("last_stream_ordering", 0L, "max_stream_ordering", max), null, 100)) {
				return false;
			}
			SearchIndex.clear(db, max);
			return true;
		});
	}

	private static long number(Object value) {
		return (value instanceof Number number) ? number.longValue() : 0;
	}

}
