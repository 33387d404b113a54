package org.modulehost.homeserver.storage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.Event;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The search index of message bodies, room names and topics ({@code hs_event_search}): written
 * with each event that has such text, in the event's transaction; emptied of a redacted event in
 * the redaction's; filled for older events by the {@code event_search} background update.
 *
 * <p>Text is split into terms as this class's {@link #terms} does: lower case, runs of letters
 * and digits. On PostgreSQL each row holds a {@code tsvector} ({@code simple} configuration, so no
 * stemming) under a GIN index; on H2 the terms go to {@code hs_event_search_terms}, an inverted
 * index. Query terms never reach the full-text query language as typed: only letters and digits
 * are left of them, and they are passed as bind parameters.
 */
public final class SearchIndex {

	/** The searchable keys, by event type. */
	public static final Map<String, String> KEYS = Map.of("m.room.message", "content.body", "m.room.name",
			"content.name", "m.room.topic", "content.topic");

	/** The longest term kept; longer ones are cut. */
	static final int MAX_TERM_LENGTH = 64;

	private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");

	/** The GIN pending list of a backfill transaction, in kB (PostgreSQL's default: 4096). */
	static final int GIN_PENDING_LIST_KB = 256;

	private static final String PG_VECTOR = "to_tsvector('simple', regexp_replace(lower(?), '[^[:alnum:]]+', ' ', 'g'))";

	private SearchIndex() {
	}

	/**
	 * Splits text into search terms.
	 * @param text the text
	 * @return the terms in order, lower case, each of letters and digits only, at most
	 * {@value #MAX_TERM_LENGTH} characters; repeated terms repeat
	 */
	public static List<String> terms(String text) {
		List<String> terms = new ArrayList<>();
		for (String term : SEPARATORS.split(text.toLowerCase(Locale.ROOT))) {
			if (!term.isEmpty()) {
				terms.add((term.length() > MAX_TERM_LENGTH) ? term.substring(0, MAX_TERM_LENGTH) : term);
			}
		}
		return terms;
	}

	/**
	 * Returns an event's searchable text.
	 * @param event the event
	 * @return the text, or {@code null} if the event has none (its type is not indexed, or the
	 * key's value is not a string)
	 */
	public static @Nullable String text(Event event) {
		String key = KEYS.get(event.type());
		if (key == null) {
			return null;
		}
		return (event.content().get(key.substring("content.".length())) instanceof String text) ? text : null;
	}

	/**
	 * Indexes a new event; call in the transaction that stores it.
	 * @param db the database
	 * @param position the event's stream position
	 * @param event the event
	 */
	public static void index(Database db, long position, Event event) {
		String text = text(event);
		if (text != null) {
			insert(db, db.jdbc(), position, event.eventId(), event.roomId(), KEYS.get(event.type()), text);
		}
	}

	/**
	 * Takes a redacted event out of the index; call in the redaction's transaction.
	 * @param db the database
	 * @param eventId the redacted event
	 */
	public static void remove(Database db, String eventId) {
		Long position = db.jdbc()
			.sql("SELECT stream_ordering FROM hs_event_search WHERE event_id = ?")
			.param(eventId)
			.query(Long.class)
			.optional()
			.orElse(null);
		if (position == null) {
			return;
		}
		db.jdbc().sql("DELETE FROM hs_event_search WHERE stream_ordering = ?").param(position).update();
		if (!db.isShared()) {
			db.jdbc().sql("DELETE FROM hs_event_search_terms WHERE stream_ordering = ?").param(position).update();
		}
	}

	/**
	 * Empties the index up to a stream position; call in a transaction.
	 * @param db the database
	 * @param upTo the last position to remove
	 */
	public static void clear(Database db, long upTo) {
		db.lockStream();
		db.jdbc().sql("DELETE FROM hs_event_search WHERE stream_ordering <= ?").param(upTo).update();
		if (!db.isShared()) {
			db.jdbc().sql("DELETE FROM hs_event_search_terms WHERE stream_ordering <= ?").param(upTo).update();
		}
	}

	/**
	 * Indexes the stored events of a range of the stream, skipping those already indexed; call
	 * in a transaction. The stream lock is taken first, so that a redaction cannot slip between
	 * reading an event and indexing it.
	 * @param db the database
	 * @param json the JSON codec
	 * @param after the range's start, exclusive
	 * @param upTo the range's end, inclusive
	 * @param limit the most events to read
	 * @return the events read and the last position read
	 */
	public static Backfill backfill(Database db, JsonCodec json, long after, long upTo, int limit) {
		db.lockStream();
		List<Long> positions = db.jdbc()
			.sql("SELECT stream_ordering FROM hs_events WHERE stream_ordering > ? AND stream_ordering <= ? "
					+ "ORDER BY stream_ordering LIMIT ?")
			.params(after, upTo, limit)
			.query(Long.class)
			.list();
		if (positions.isEmpty()) {
			return new Backfill(0, upTo);
		}
		long last = positions.get(positions.size() - 1);
		if (db.isShared()) {
			// New rows of a GIN index go to its pending list, which the insert that finds it over
			// gin_pending_list_limit (4 MB by default) merges into the index: a stall of hundreds of
			// milliseconds every few tens of thousands of rows. A smaller list for this transaction
			// keeps each merge short and was faster in total (benchmarks/README.md).
			db.jdbc().sql("SET LOCAL gin_pending_list_limit = " + GIN_PENDING_LIST_KB).update();
			db.jdbc()
				.sql("INSERT INTO hs_event_search (event_id, room_id, stream_ordering, search_key, vector) "
						+ "SELECT event_id, room_id, stream_ordering, 'content.' || field, "
						+ "to_tsvector('simple', regexp_replace(lower(txt), '[^[:alnum:]]+', ' ', 'g')) FROM ("
						+ "SELECT event_id, room_id, stream_ordering, field, "
						+ "CASE WHEN json_typeof(c -> field) = 'string' THEN c ->> field END AS txt FROM ("
						+ "SELECT e.event_id, e.room_id, e.stream_ordering, e.content::json AS c, "
						+ "CASE e.event_type WHEN 'm.room.message' THEN 'body' WHEN 'm.room.name' THEN 'name' "
						+ "ELSE 'topic' END AS field FROM hs_events e WHERE e.stream_ordering > ? "
						+ "AND e.stream_ordering <= ? AND e.event_type IN ('m.room.message', 'm.room.name', "
						+ "'m.room.topic')) a) b WHERE txt IS NOT NULL ON CONFLICT DO NOTHING")
				.params(after, last)
				.update();
			return new Backfill(positions.size(), last);
		}
		List<Row> rows = db.jdbc()
			.sql("SELECT e.stream_ordering, e.event_id, e.room_id, e.event_type, e.content FROM hs_events e "
					+ "WHERE e.stream_ordering > ? AND e.stream_ordering <= ? AND e.event_type IN ('m.room.message', "
					+ "'m.room.name', 'm.room.topic') AND NOT EXISTS (SELECT 1 FROM hs_event_search s "
					+ "WHERE s.stream_ordering = e.stream_ordering)")
			.params(after, last)
			.query((rs, row) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getString(5)))
			.list();
		List<Entry> entries = new ArrayList<>(rows.size());
		for (Row row : rows) {
			Event event = new Event(row.eventId(), row.roomId(), "", row.type(), null, json.readObject(row.content()),
					0, Map.of());
			String text = text(event);
			if (text != null) {
				entries.add(new Entry(row.position(), row.eventId(), row.roomId(), KEYS.get(row.type()), terms(text)));
			}
		}
		insertTerms(db.jdbc(), entries);
		return new Backfill(positions.size(), last);
	}

	/**
	 * Writes H2 index rows and their terms, many rows to a statement.
	 */
	private static void insertTerms(JdbcClient jdbc, List<Entry> entries) {
		List<Object> events = new ArrayList<>();
		List<Object> terms = new ArrayList<>();
		for (Entry entry : entries) {
			events.addAll(List.of(entry.eventId(), entry.roomId(), entry.position(), entry.key(), entry.terms().size()));
			Map<String, Integer> occurrences = new LinkedHashMap<>();
			entry.terms().forEach((term) -> occurrences.merge(term, 1, Integer::sum));
			occurrences.forEach((term, count) -> terms.addAll(List.of(term, entry.position(), count)));
		}
		insertRows(jdbc, "INSERT INTO hs_event_search (event_id, room_id, stream_ordering, search_key, term_count) VALUES ",
				"(?, ?, ?, ?, ?)", 5, events);
		insertRows(jdbc, "INSERT INTO hs_event_search_terms (term, stream_ordering, occurrences) VALUES ", "(?, ?, ?)", 3,
				terms);
	}

	private static void insertRows(JdbcClient jdbc, String insert, String row, int columns, List<Object> values) {
		int rowsPerStatement = 200;
		int rows = values.size() / columns;
		for (int from = 0; from < rows; from += rowsPerStatement) {
			int count = Math.min(rowsPerStatement, rows - from);
			jdbc.sql(insert + String.join(", ", Collections.nCopies(count, row)))
				.params(values.subList(from * columns, (from + count) * columns))
				.update();
		}
	}

	private static void insert(Database db, JdbcClient jdbc, long position, String eventId, String roomId, String key,
			String text) {
		if (db.isShared()) {
			jdbc.sql("INSERT INTO hs_event_search (event_id, room_id, stream_ordering, search_key, vector) "
					+ "VALUES (?, ?, ?, ?, " + PG_VECTOR + ") ON CONFLICT DO NOTHING")
				.params(eventId, roomId, position, key, text)
				.update();
			return;
		}
		insertTerms(jdbc, List.of(new Entry(position, eventId, roomId, key, terms(text))));
	}

	/**
	 * What one backfill batch did.
	 *
	 * @param eventsRead how many events of the stream it read (indexed or not)
	 * @param lastPosition the last position it covered
	 */
	public record Backfill(int eventsRead, long lastPosition) {

	}

	private record Entry(long position, String eventId, String roomId, String key, List<String> terms) {

	}

	private record Row(long position, String eventId, String roomId, String type, String content) {

	}

}
