package org.modulehost.homeserver.storage;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.StateKey;
import org.springframework.jdbc.core.RowMapper;

import static org.modulehost.homeserver.storage.EventRows.EVENT_COLUMNS;

/**
 * Reads stored events: by ID, a room's timeline, its state changes, its state at a stream
 * position and what decides the visibility of its history, client transactions and users'
 * memberships.
 *
 * <p>On a database of this process's own, events read by ID are cached in memory (and
 * {@link EventWriter} keeps the cache up to date under the write lock). On a
 * {@linkplain Database#isShared() shared} database events are always read from the database: a
 * redaction on another instance may have changed one.
 */
public final class EventReader {

	private final Database db;

	private final RowMapper<StoredEvent> eventMapper;

	private final ClientTransactions transactions;

	/** Events by ID; only on a database of this process's own. */
	private final Cache<String, StoredEvent> events = Caffeine.newBuilder().maximumSize(50_000).build();

	/**
	 * Creates the reader.
	 * @param db the database
	 * @param json the JSON codec
	 */
	public EventReader(Database db, JsonCodec json) {
		this(db, json, Clock.systemUTC(), Duration.ofDays(1));
	}

	/**
	 * Creates the reader.
	 * @param db the database
	 * @param json the JSON codec
	 * @param clock the clock that dates client transactions
	 * @param transactionTtl how long a client transaction ID answers its earlier event
	 */
	public EventReader(Database db, JsonCodec json, Clock clock, Duration transactionTtl) {
		this.db = db;
		this.eventMapper = EventRows.mapper(json);
		this.transactions = new ClientTransactions(db, clock, transactionTtl);
	}

	/**
	 * Reads an event.
	 * @param eventId the event
	 * @return the event, or empty if there is none
	 */
	public Optional<StoredEvent> event(String eventId) {
		if (!this.db.isShared()) {
			StoredEvent cached = this.events.getIfPresent(eventId);
			if (cached != null) {
				return Optional.of(cached);
			}
		}
		Optional<StoredEvent> stored = this.db.jdbc()
			.sql("SELECT " + EVENT_COLUMNS + " FROM hs_events e WHERE e.event_id = ?")
			.param(eventId)
			.query(this.eventMapper)
			.optional();
		if (!this.db.isShared()) {
			stored.ifPresent((event) -> this.events.put(eventId, event));
		}
		return stored;
	}

	/**
	 * Keeps a written event in the cache, on a database of this process's own; call under the
	 * write lock after the write committed.
	 * @param event the event as stored
	 */
	void written(StoredEvent event) {
		if (!this.db.isShared()) {
			this.events.put(event.event().eventId(), event);
		}
	}

	/**
	 * Reads a room's events in a range of stream positions.
	 * @param roomId the room
	 * @param after events after this position
	 * @param upTo events at or before this position
	 * @param limit at most this many
	 * @param backwards {@code true} for the newest first (the last {@code limit} of the range),
	 * {@code false} for the oldest first
	 * @return the events, in the order asked for
	 */
	public List<StoredEvent> roomEvents(String roomId, long after, long upTo, int limit, boolean backwards) {
		return this.db.jdbc()
			.sql("SELECT " + EVENT_COLUMNS + " FROM hs_events e WHERE e.room_id = ? AND e.stream_ordering > ? "
					+ "AND e.stream_ordering <= ? ORDER BY e.stream_ordering " + (backwards ? "DESC" : "ASC")
					+ " LIMIT ?")
			.param(roomId)
			.param(after)
			.param(upTo)
			.param(limit)
			.query(this.eventMapper)
			.list();
	}

	/**
	 * Reads the state events of a room that changed in a range of stream positions, by the
	 * room's current state.
	 * @param roomId the room
	 * @param after changes after this position
	 * @param upTo changes at or before this position
	 * @return the current state events written in the range, oldest first
	 */
	public List<StoredEvent> stateChanges(String roomId, long after, long upTo) {
		return this.db.jdbc()
			.sql("SELECT " + EVENT_COLUMNS + " FROM hs_current_state s JOIN hs_events e ON e.event_id = s.event_id "
					+ "WHERE s.room_id = ? AND s.stream_ordering > ? AND s.stream_ordering <= ? "
					+ "ORDER BY s.stream_ordering")
			.param(roomId)
			.param(after)
			.param(upTo)
			.query(this.eventMapper)
			.list();
	}

	/**
	 * Reads what decides whether a user may see a room's events: the user's own membership events
	 * and the room's {@code m.room.history_visibility} events, at or before a stream position.
	 * @param roomId the room
	 * @param userId the user
	 * @param upTo events at or before this position
	 * @return the events, oldest first
	 */
	public List<StoredEvent> visibilityHistory(String roomId, String userId, long upTo) {
		List<StoredEvent> events = new ArrayList<>(this.db.jdbc()
			.sql("SELECT " + EVENT_COLUMNS + " FROM hs_state_events s JOIN hs_events e "
					+ "ON e.stream_ordering = s.stream_ordering WHERE s.room_id = ? AND s.event_type = ? "
					+ "AND s.state_key = ? AND s.stream_ordering <= ? "
					+ "UNION ALL SELECT " + EVENT_COLUMNS + " FROM hs_state_events s JOIN hs_events e "
					+ "ON e.stream_ordering = s.stream_ordering WHERE s.room_id = ? AND s.event_type = ? "
					+ "AND s.state_key = '' AND s.stream_ordering <= ?")
			.params(roomId, "m.room.member", userId, upTo, roomId, "m.room.history_visibility", upTo)
			.query(this.eventMapper)
			.list());
		events.sort((a, b) -> Long.compare(a.streamOrdering(), b.streamOrdering()));
		return events;
	}

	/**
	 * Reads a room's state as it was just after the event at a stream position.
	 * @param roomId the room
	 * @param position the stream position
	 * @return an unmodifiable map, empty for an unknown room
	 */
	public Map<StateKey, StoredEvent> stateAt(String roomId, long position) {
		List<StoredEvent> rows = this.db.jdbc()
			.sql("SELECT " + EVENT_COLUMNS + " FROM hs_state_events s JOIN hs_events e "
					+ "ON e.stream_ordering = s.stream_ordering WHERE s.room_id = ? AND s.stream_ordering <= ? "
					+ "ORDER BY s.stream_ordering")
			.params(roomId, position)
			.query(this.eventMapper)
			.list();
		Map<StateKey, StoredEvent> state = new HashMap<>();
		for (StoredEvent stored : rows) {
			state.put(new StateKey(stored.event().type(), stored.event().stateKey()), stored);
		}
		return Collections.unmodifiableMap(state);
	}

	/**
	 * Finds the event a client's transaction created, within the transactions' time to live.
	 * @param transaction the transaction
	 * @return the event ID, or {@code null} if the transaction is new or expired
	 */
	public @Nullable String transactionEvent(ClientTransaction transaction) {
		return this.transactions.eventId(transaction);
	}

	/**
	 * The client transactions, which {@link EventWriter} records and purges.
	 * @return the client transactions
	 */
	ClientTransactions transactions() {
		return this.transactions;
	}

	/**
	 * Lists a user's current memberships.
	 * @param userId the user
	 * @return one record per room the user has a membership event in
	 */
	public List<MembershipRecord> membershipsOf(String userId) {
		return this.db.jdbc()
			.sql("SELECT room_id, membership, event_id, stream_ordering FROM hs_current_state "
					+ "WHERE state_key = ? AND event_type = 'm.room.member'")
			.param(userId)
			.query((rs, row) -> new MembershipRecord(rs.getString(1), rs.getString(2), rs.getString(3),
					rs.getLong(4)))
			.list();
	}

	/**
	 * Lists the membership events a user forgot (see {@link RoomStore#forget}).
	 * @param userId the user
	 * @return the IDs of the forgotten membership events
	 */
	public java.util.Set<String> forgottenMemberships(String userId) {
		return new java.util.HashSet<>(this.db.jdbc()
			.sql("SELECT event_id FROM hs_forgotten_rooms WHERE user_id = ?")
			.param(userId)
			.query(String.class)
			.list());
	}

}
