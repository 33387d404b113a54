package org.modulehost.homeserver.storage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.RowMapper;

/**
 * Reads the search index ({@link SearchIndex}): the events of the rooms a user is joined to whose
 * text has every term of a query (as a prefix of one of its terms), best or newest first. On
 * PostgreSQL a {@code tsquery} of the terms ({@code 'term':* & …}) is matched against the GIN
 * index and ranked with {@code ts_rank_cd}; on H2 each term is looked up in the inverted index
 * and the rank is the share of the event's terms that match.
 */
public final class SearchReader {

	private final Database db;

	private final RowMapper<StoredEvent> events;

	/**
	 * Creates the reader.
	 * @param db the database
	 * @param json the JSON codec of stored events
	 */
	public SearchReader(Database db, JsonCodec json) {
		this.db = db;
		this.events = EventRows.mapper(json);
	}

	/**
	 * Finds matching events.
	 * @param query the query
	 * @param page which part of the results
	 * @return the hits, best first ({@code rank} order) or newest first ({@code recent} order)
	 */
	public List<Hit> search(Query query, Page page) {
		List<Object> params = new ArrayList<>();
		String rank = rank(query, params);
		String where = where(query, params);
		if (query.recent() && page.before() != null) {
			where += " AND s.stream_ordering < ?";
			params.add(page.before());
		}
		String order = query.recent() ? " ORDER BY s.stream_ordering DESC"
				: " ORDER BY rank DESC, s.stream_ordering DESC";
		params.add(page.limit());
		params.add(page.offset());
		// The window count costs little: every match is read anyway to rank them or to sort them.
		// The events are joined to the page only, not to every match.
		return this.db.jdbc()
			.sql("SELECT " + EventRows.EVENT_COLUMNS + ", p.rank, p.total FROM (SELECT s.stream_ordering, " + rank
					+ " AS rank, COUNT(*) OVER () AS total" + from(query) + where + order + " LIMIT ? OFFSET ?) p "
					+ "JOIN hs_events e ON e.stream_ordering = p.stream_ordering ORDER BY "
					+ (query.recent() ? "p.stream_ordering DESC" : "p.rank DESC, p.stream_ordering DESC"))
			.params(params)
			.query((rs, row) -> new Hit(this.events.mapRow(rs, row), rs.getDouble(12), rs.getLong(13)))
			.list();
	}

	/**
	 * Counts the matching events, before history visibility and the filter's other conditions.
	 * @param query the query
	 * @return how many events match
	 */
	public long count(Query query) {
		List<Object> params = new ArrayList<>();
		String where = where(query, params);
		return this.db.jdbc()
			.sql("SELECT COUNT(*)" + from(query) + where)
			.params(params)
			.query(Long.class)
			.single();
	}

	private String from(Query query) {
		return " FROM hs_event_search s JOIN hs_current_state m ON m.room_id = s.room_id "
				+ "AND m.event_type = 'm.room.member' AND m.state_key = ? AND m.membership = 'join'";
	}

	private String rank(Query query, List<Object> params) {
		if (this.db.isShared()) {
			params.add(tsquery(query.terms()));
			return "ts_rank_cd(s.vector, to_tsquery('simple', ?))";
		}
		params.addAll(query.terms().stream().map((term) -> term + "%").toList());
		return "CAST((SELECT SUM(t.occurrences) FROM hs_event_search_terms t WHERE t.stream_ordering = s.stream_ordering "
				+ "AND (" + String.join(" OR ", Collections.nCopies(query.terms().size(), "t.term LIKE ?"))
				+ ")) AS DOUBLE PRECISION) / (s.term_count + 1)";
	}

	private String where(Query query, List<Object> params) {
		params.add(query.userId());
		StringBuilder where = new StringBuilder(" WHERE s.search_key IN (")
			.append(placeholders(query.keys().size()))
			.append(")");
		params.addAll(query.keys());
		if (this.db.isShared()) {
			where.append(" AND s.vector @@ to_tsquery('simple', ?)");
			params.add(tsquery(query.terms()));
		}
		else {
			for (String term : query.terms()) {
				where.append(" AND s.stream_ordering IN (SELECT t.stream_ordering FROM hs_event_search_terms t "
						+ "WHERE t.term LIKE ?)");
				params.add(term + "%");
			}
		}
		if (query.rooms() != null) {
			if (query.rooms().isEmpty()) {
				where.append(" AND 1 = 0");
			}
			else {
				where.append(" AND s.room_id IN (").append(placeholders(query.rooms().size())).append(")");
				params.addAll(query.rooms());
			}
		}
		if (query.notRooms() != null && !query.notRooms().isEmpty()) {
			where.append(" AND s.room_id NOT IN (").append(placeholders(query.notRooms().size())).append(")");
			params.addAll(query.notRooms());
		}
		return where.toString();
	}

	/**
	 * Builds the PostgreSQL query of terms: each term, which has only letters and digits
	 * ({@link SearchIndex#terms}), quoted and matched as a prefix, all required.
	 */
	static String tsquery(List<String> terms) {
		return terms.stream().map((term) -> "'" + term + "':*").collect(Collectors.joining(" & "));
	}

	private static String placeholders(int count) {
		return String.join(", ", Collections.nCopies(count, "?"));
	}

	/**
	 * A search.
	 *
	 * @param userId the searcher: only the rooms they are joined to are searched
	 * @param terms the terms, from {@link SearchIndex#terms} (letters and digits only), at least one
	 * @param keys the keys to search ({@code content.body}, {@code content.name},
	 * {@code content.topic}), at least one
	 * @param rooms only these rooms, or {@code null} for all
	 * @param notRooms not these rooms, or {@code null}
	 * @param recent newest first instead of best first
	 */
	public record Query(String userId, List<String> terms, List<String> keys, @Nullable List<String> rooms,
			@Nullable List<String> notRooms, boolean recent) {

	}

	/**
	 * A page of results.
	 *
	 * @param offset how many results to skip (rank order)
	 * @param before only events before this stream position (recent order), or {@code null}
	 * @param limit the most results
	 */
	public record Page(int offset, @Nullable Long before, int limit) {

	}

	/**
	 * A matching event.
	 *
	 * @param event the event as stored
	 * @param rank how well it matches (higher is better)
	 * @param total how many events match the query in all (before the page's offset and limit;
	 * in {@code recent} order, of those before the page's position)
	 */
	public record Hit(StoredEvent event, double rank, long total) {

		/**
		 * Returns the event's ID.
		 * @return the ID
		 */
		public String eventId() {
			return this.event.event().eventId();
		}

		/**
		 * Returns the event's room.
		 * @return the room ID
		 */
		public String roomId() {
			return this.event.event().roomId();
		}

		/**
		 * Returns the event's stream position.
		 * @return the position
		 */
		public long streamOrdering() {
			return this.event.streamOrdering();
		}

	}

}
