package org.modulehost.homeserver.storage;

import java.sql.ResultSet;
import java.sql.SQLException;
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

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.StateKey;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;

/**
 * Rooms, events and rooms' current state.
 *
 * <p>Rooms' current state is cached in memory, with the room's state version: a counter in the
 * room's row that every transaction changing the state (new state events, a redaction) advances.
 * On a database of this process's own the cache is filled and changed only under the write lock,
 * after the transaction that changed the state committed, and served as it is. On a
 * {@linkplain Database#isShared() shared} database, where other instances change rooms too, a
 * cached state is served only while the room's version in the database is still the one it was
 * read at (one primary-key lookup), and events are read from the database rather than from the
 * event cache (a redaction elsewhere may have changed one). Writers check events against the
 * state inside their transaction, after taking the stream lock that every writer of events and
 * redactions takes, so no other instance changes the state between the check and the commit.
 */
public final class EventStore {

	private static final String EVENT_COLUMNS = "e.stream_ordering, e.event_id, e.room_id, e.sender, e.event_type, "
			+ "e.state_key, e.content, e.unsigned_data, e.origin_server_ts, e.device_id, e.txn_id";

	private final Database db;

	private final JsonCodec json;

	private final ChangeNotifications changes;

	private final ClientTransactions transactions;

	private final RowMapper<StoredEvent> eventMapper;

	private final Cache<String, RoomState> states = Caffeine.newBuilder().maximumSize(10_000).build();

	/** Events by ID; only on a database of this process's own. */
	private final Cache<String, StoredEvent> events = Caffeine.newBuilder().maximumSize(50_000).build();

	/**
	 * Creates the store.
	 * @param db the database
	 * @param json the JSON codec
	 * @param changes the notifications to the other instances, sent with each write of events
	 */
	public EventStore(Database db, JsonCodec json, ChangeNotifications changes) {
		this(db, json, changes, Clock.systemUTC(), Duration.ofDays(1));
	}

	/**
	 * Creates the store.
	 * @param db the database
	 * @param json the JSON codec
	 * @param changes the notifications to the other instances, sent with each write of events
	 * @param clock the clock that dates client transactions
	 * @param transactionTtl how long a client transaction ID answers its earlier event
	 */
	public EventStore(Database db, JsonCodec json, ChangeNotifications changes, Clock clock,
			Duration transactionTtl) {
		this.db = db;
		this.json = json;
		this.changes = changes;
		this.transactions = new ClientTransactions(db, clock, transactionTtl);
		this.eventMapper = (rs, row) -> new StoredEvent(rs.getLong(1),
				new Event(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
						json.readObject(rs.getString(7)), rs.getLong(9), json.readObject(rs.getString(8))),
				rs.getString(10), rs.getString(11));
	}

	/**
	 * Reads a room's row.
	 * @param roomId the room
	 * @return the room, or empty if there is none
	 */
	public Optional<RoomRecord> room(String roomId) {
		return this.db.jdbc()
			.sql("SELECT room_id, creator, room_version, is_public, created_ts FROM hs_rooms WHERE room_id = ?")
			.param(roomId)
			.query(EventStore::room)
			.optional();
	}

	/**
	 * Lists the rooms published in the room directory, oldest first.
	 * @return the rooms
	 */
	public List<RoomRecord> publicRooms() {
		return this.db.jdbc()
			.sql("SELECT room_id, creator, room_version, is_public, created_ts FROM hs_rooms WHERE is_public = TRUE "
					+ "ORDER BY created_ts, room_id")
			.query(EventStore::room)
			.list();
	}

	/**
	 * Publishes a room in the room directory or withdraws it.
	 * @param roomId the room
	 * @param isPublic whether it is published
	 */
	public void setPublic(String roomId, boolean isPublic) {
		this.db.transaction((jdbc) -> jdbc.sql("UPDATE hs_rooms SET is_public = ? WHERE room_id = ?")
			.param(isPublic)
			.param(roomId)
			.update());
	}

	private static RoomRecord room(ResultSet rs, int row) throws SQLException {
		return new RoomRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getLong(5));
	}

	/**
	 * Returns a room's current state.
	 * @param roomId the room
	 * @return an unmodifiable map, empty for an unknown room
	 */
	public Map<StateKey, Event> currentState(String roomId) {
		return roomState(roomId).events();
	}

	/**
	 * Returns a room's current state with the events' stream positions.
	 * @param roomId the room
	 * @return an unmodifiable map, empty for an unknown room
	 */
	public Map<StateKey, StoredEvent> currentStateEvents(String roomId) {
		return roomState(roomId).stored();
	}

	private RoomState roomState(String roomId) {
		if (this.db.isShared()) {
			return checkedState(roomId);
		}
		RoomState state = this.states.getIfPresent(roomId);
		if (state != null) {
			return state;
		}
		return this.db.locked(() -> this.states.get(roomId,
				(key) -> stateVersion(key).map((version) -> loadState(key, version)).orElse(RoomState.NONE)));
	}

	/**
	 * Returns the cached state of a room if its version is still the database's, or reads it.
	 */
	private RoomState checkedState(String roomId) {
		Optional<Long> version = stateVersion(roomId);
		if (version.isEmpty()) {
			return RoomState.NONE;
		}
		RoomState cached = this.states.getIfPresent(roomId);
		if (cached != null && cached.version() == version.get()) {
			return cached;
		}
		// Read after the version: the state is at least as new as the version it is kept with.
		RoomState loaded = loadState(roomId, version.get());
		this.states.asMap().merge(roomId, loaded, RoomState::newer);
		return loaded;
	}

	private Optional<Long> stateVersion(String roomId) {
		return this.db.jdbc()
			.sql("SELECT state_version FROM hs_rooms WHERE room_id = ?")
			.param(roomId)
			.query(Long.class)
			.optional();
	}

	private void advanceStateVersion(String roomId) {
		this.db.jdbc().sql("UPDATE hs_rooms SET state_version = state_version + 1 WHERE room_id = ?").param(roomId).update();
	}

	private RoomState loadState(String roomId, long version) {
		List<StoredEvent> rows = this.db.jdbc()
			.sql("SELECT " + EVENT_COLUMNS + " FROM hs_current_state s JOIN hs_events e ON e.event_id = s.event_id "
					+ "WHERE s.room_id = ?")
			.param(roomId)
			.query(this.eventMapper)
			.list();
		Map<StateKey, StoredEvent> state = new HashMap<>();
		for (StoredEvent stored : rows) {
			state.put(new StateKey(stored.event().type(), stored.event().stateKey()), stored);
		}
		return RoomState.of(version, state);
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
	 * Stores events of one room in one transaction, under the write lock, after checking each
	 * against the room's state as the previous ones left it. An event whose client transaction
	 * was already stored is not stored again: the earlier event is returned in its place. The
	 * other instances are notified of new events when the transaction commits.
	 * @param newRoom the room to create with the events, or {@code null} for an existing room
	 * @param pending the events, in order
	 * @param check the authorisation check, run on each event with the state before it
	 * @return the stored events, in order, and the room's state after them
	 * @throws MatrixError if a check refuses an event (nothing is stored)
	 */
	public Persisted persist(@Nullable NewRoom newRoom, List<PendingEvent> pending, StateCheck check) {
		String roomId = (newRoom != null) ? newRoom.roomId() : pending.get(0).event().roomId();
		return this.db.locked(() -> {
			Written written = this.db.transaction((jdbc) -> {
				if (newRoom != null) {
					insertRoom(newRoom);
				}
				long last = this.db.takePositions(pending.size());
				// Read under the stream lock: no writer, in this process or another, changes the
				// state until this transaction ends.
				RoomState before = (newRoom != null) ? RoomState.NONE : roomState(roomId);
				RoomState state = before;
				long position = last - pending.size();
				List<StoredEvent> result = new ArrayList<>(pending.size());
				List<String> memberships = new ArrayList<>();
				boolean created = false;
				for (PendingEvent event : pending) {
					position++;
					StoredEvent earlier = earlierTransaction(event);
					if (earlier != null) {
						result.add(earlier);
						continue;
					}
					check.check(event.event(), state.events());
					StoredEvent inserted = insert(position, event);
					if (event.event().isState()) {
						StateKey key = new StateKey(event.event().type(), event.event().stateKey());
						state = state.with(key, inserted);
						if ("m.room.member".equals(key.type())) {
							memberships.add(key.stateKey());
						}
					}
					result.add(inserted);
					created = true;
				}
				if (state != before) {
					advanceStateVersion(roomId);
					state = state.at(before.version() + 1);
				}
				if (created) {
					this.changes.roomChanged(roomId, memberships);
				}
				return new Written(result, state);
			});
			this.db.published(written.events().stream().mapToLong(StoredEvent::streamOrdering).max().orElse(0));
			if (pending.stream().anyMatch((event) -> event.transaction() != null)) {
				this.transactions.purgeExpired();
			}
			this.states.asMap().merge(roomId, written.state(), RoomState::newer);
			if (!this.db.isShared()) {
				written.events().forEach((event) -> this.events.put(event.event().eventId(), event));
			}
			return new Persisted(written.events(), written.state().events());
		});
	}

	/**
	 * Replaces a redacted event's content with what redaction keeps of it, and records which
	 * event redacted it, under the write lock.
	 * @param eventId the redacted event
	 * @param prunedContent the content redaction keeps
	 * @param redactedBecause the redaction event
	 */
	public void redact(String eventId, Map<String, Object> prunedContent, Event redactedBecause) {
		StoredEvent stored = event(eventId).orElseThrow();
		Map<String, Object> unsigned = new HashMap<>(stored.event().unsigned());
		unsigned.remove("prev_content");
		unsigned.put("redacted_because", Map.of("event_id", redactedBecause.eventId(), "sender",
				redactedBecause.sender(), "type", redactedBecause.type(), "content", redactedBecause.content(),
				"origin_server_ts", redactedBecause.originServerTs()));
		Event original = stored.event();
		Event pruned = new Event(original.eventId(), original.roomId(), original.sender(), original.type(),
				original.stateKey(), prunedContent, original.originServerTs(), unsigned);
		this.db.locked(() -> {
			this.db.transaction((jdbc) -> {
				// Ordered with every writer that checks events against the state.
				this.db.lockStream();
				jdbc.sql("UPDATE hs_events SET content = ?, unsigned_data = ? WHERE event_id = ?")
					.params(this.json.write(prunedContent), this.json.write(unsigned), eventId)
					.update();
				advanceStateVersion(original.roomId());
				return null;
			});
			if (!this.db.isShared()) {
				this.events.put(eventId,
						new StoredEvent(stored.streamOrdering(), pruned, stored.deviceId(), stored.txnId()));
			}
			this.states.invalidate(original.roomId());
			return null;
		});
	}

	private void insertRoom(NewRoom room) {
		this.db.jdbc()
			.sql("INSERT INTO hs_rooms (room_id, creator, room_version, is_public, created_ts) VALUES (?, ?, ?, ?, ?)")
			.params(room.roomId(), room.creator(), room.roomVersion(), room.isPublic(), room.createdTs())
			.update();
		if (room.alias() != null) {
			try {
				this.db.jdbc()
					.sql("INSERT INTO hs_room_aliases (room_alias, room_id, creator) VALUES (?, ?, ?)")
					.params(room.alias(), room.roomId(), room.creator())
					.update();
			}
			catch (DuplicateKeyException ex) {
				throw new MatrixError(400, Codes.ROOM_IN_USE, "Room alias already taken");
			}
		}
	}

	private @Nullable StoredEvent earlierTransaction(PendingEvent pending) {
		if (pending.transaction() == null) {
			return null;
		}
		String eventId = this.transactions.eventId(pending.transaction());
		return (eventId != null) ? event(eventId).orElse(null) : null;
	}

	private StoredEvent insert(long position, PendingEvent pending) {
		Event event = pending.event();
		this.db.jdbc()
			.sql("INSERT INTO hs_events (stream_ordering, event_id, room_id, sender, event_type, state_key, content, "
					+ "unsigned_data, origin_server_ts, device_id, txn_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(position, event.eventId(), event.roomId(), event.sender(), event.type(), event.stateKey(),
					this.json.write(event.content()), this.json.write(event.unsigned()), event.originServerTs(),
					pending.deviceId(), pending.txnId())
			.update();
		if (pending.transaction() != null) {
			this.transactions.record(pending.transaction(), event.eventId());
		}
		if (event.isState()) {
			this.db.jdbc()
				.sql("DELETE FROM hs_current_state WHERE room_id = ? AND event_type = ? AND state_key = ?")
				.params(event.roomId(), event.type(), event.stateKey())
				.update();
			Object membership = "m.room.member".equals(event.type()) ? event.content().get("membership") : null;
			this.db.jdbc()
				.sql("INSERT INTO hs_current_state (room_id, event_type, state_key, event_id, membership, "
						+ "stream_ordering) VALUES (?, ?, ?, ?, ?, ?)")
				.params(event.roomId(), event.type(), event.stateKey(), event.eventId(),
						(membership instanceof String string) ? string : null, position)
				.update();
			this.db.jdbc()
				.sql("INSERT INTO hs_state_events (room_id, event_type, state_key, stream_ordering) VALUES (?, ?, ?, ?)")
				.params(event.roomId(), event.type(), event.stateKey(), position)
				.update();
		}
		return new StoredEvent(position, event, pending.deviceId(), pending.txnId());
	}

	/**
	 * What {@link #persist} stored.
	 *
	 * @param events the stored events, in order (for a repeated client transaction, the earlier
	 * event)
	 * @param stateAfter the room's state after them
	 */
	public record Persisted(List<StoredEvent> events, Map<StateKey, Event> stateAfter) {

	}

	private record Written(List<StoredEvent> events, RoomState state) {

	}

	/**
	 * A room's current state at a version of it.
	 */
	private record RoomState(long version, Map<StateKey, StoredEvent> stored, Map<StateKey, Event> events) {

		/** The state of a room that does not exist (yet). */
		static final RoomState NONE = new RoomState(0, Map.of(), Map.of());

		static RoomState of(long version, Map<StateKey, StoredEvent> stored) {
			Map<StateKey, Event> events = new HashMap<>();
			stored.forEach((key, event) -> events.put(key, event.event()));
			return new RoomState(version, Collections.unmodifiableMap(stored), Collections.unmodifiableMap(events));
		}

		/** A copy with one state event replaced, at the same version. */
		RoomState with(StateKey key, StoredEvent event) {
			Map<StateKey, StoredEvent> stored = new HashMap<>(this.stored);
			stored.put(key, event);
			return of(this.version, stored);
		}

		RoomState at(long newVersion) {
			return new RoomState(newVersion, this.stored, this.events);
		}

		static RoomState newer(RoomState a, RoomState b) {
			return (b.version() >= a.version()) ? b : a;
		}

	}

	/**
	 * A room to create together with its first events.
	 *
	 * @param roomId the room
	 * @param creator who creates it
	 * @param roomVersion its room version
	 * @param isPublic whether it is published in the room directory
	 * @param createdTs when it is created
	 * @param alias an alias to create for it, or {@code null}
	 */
	public record NewRoom(String roomId, String creator, String roomVersion, boolean isPublic, long createdTs,
			@Nullable String alias) {

	}

	/**
	 * An event to store.
	 *
	 * @param event the event
	 * @param deviceId the device that sent it, if it came from a client transaction
	 * @param txnId the client's transaction ID, if any
	 * @param transaction the client transaction to record it under (a repeat of which answers
	 * it), or {@code null}
	 */
	public record PendingEvent(Event event, @Nullable String deviceId, @Nullable String txnId,
			@Nullable ClientTransaction transaction) {

		/**
		 * An event recorded under no client transaction.
		 * @param event the event
		 * @param deviceId the device that sent it, or {@code null}
		 * @param txnId the client's transaction ID, or {@code null}
		 */
		public PendingEvent(Event event, @Nullable String deviceId, @Nullable String txnId) {
			this(event, deviceId, txnId, null);
		}

	}

	/**
	 * The authorisation check of an event against the state before it.
	 */
	@FunctionalInterface
	public interface StateCheck {

		/**
		 * Checks an event.
		 * @param event the event
		 * @param stateBefore the room's state before it
		 * @throws MatrixError if the event is not allowed
		 */
		void check(Event event, Map<StateKey, Event> stateBefore);

	}

}
