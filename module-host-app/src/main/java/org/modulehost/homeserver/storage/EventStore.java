package org.modulehost.homeserver.storage;

import java.sql.ResultSet;
import java.sql.SQLException;
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
 * <p>Rooms' current state is cached in memory; the cache is filled and changed only under the
 * write lock, after the transaction that changed the state committed. One homeserver process
 * writes to a database.
 */
public final class EventStore {

	private static final String EVENT_COLUMNS = "e.stream_ordering, e.event_id, e.room_id, e.sender, e.event_type, "
			+ "e.state_key, e.content, e.unsigned_data, e.origin_server_ts, e.device_id, e.txn_id";

	private final Database db;

	private final JsonCodec json;

	private final RowMapper<StoredEvent> eventMapper;

	private final Cache<String, Map<StateKey, Event>> states = Caffeine.newBuilder().maximumSize(10_000).build();

	private final Cache<String, StoredEvent> events = Caffeine.newBuilder().maximumSize(50_000).build();

	/**
	 * Creates the store.
	 * @param db the database
	 * @param json the JSON codec
	 */
	public EventStore(Database db, JsonCodec json) {
		this.db = db;
		this.json = json;
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
		Map<StateKey, Event> state = this.states.getIfPresent(roomId);
		if (state != null) {
			return state;
		}
		return this.db.locked(() -> this.states.get(roomId, this::loadState));
	}

	private Map<StateKey, Event> loadState(String roomId) {
		List<StoredEvent> rows = this.db.jdbc()
			.sql("SELECT " + EVENT_COLUMNS + " FROM hs_current_state s JOIN hs_events e ON e.event_id = s.event_id "
					+ "WHERE s.room_id = ?")
			.param(roomId)
			.query(this.eventMapper)
			.list();
		Map<StateKey, Event> state = new HashMap<>();
		for (StoredEvent stored : rows) {
			Event event = stored.event();
			state.put(new StateKey(event.type(), event.stateKey()), event);
		}
		return Collections.unmodifiableMap(state);
	}

	/**
	 * Reads an event.
	 * @param eventId the event
	 * @return the event, or empty if there is none
	 */
	public Optional<StoredEvent> event(String eventId) {
		StoredEvent cached = this.events.getIfPresent(eventId);
		if (cached != null) {
			return Optional.of(cached);
		}
		Optional<StoredEvent> stored = this.db.jdbc()
			.sql("SELECT " + EVENT_COLUMNS + " FROM hs_events e WHERE e.event_id = ?")
			.param(eventId)
			.query(this.eventMapper)
			.optional();
		stored.ifPresent((event) -> this.events.put(eventId, event));
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
	 * Finds the event a client's transaction created.
	 * @param userId the sender
	 * @param deviceId the device
	 * @param txnId the transaction ID
	 * @return the event ID, or {@code null} if the transaction is new
	 */
	public @Nullable String transactionEvent(String userId, String deviceId, String txnId) {
		return this.db.jdbc()
			.sql("SELECT event_id FROM hs_event_txns WHERE user_id = ? AND device_id = ? AND txn_id = ?")
			.param(userId)
			.param(deviceId)
			.param(txnId)
			.query(String.class)
			.optional()
			.orElse(null);
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
	 * was already stored is not stored again: the earlier event is returned in its place.
	 * @param newRoom the room to create with the events, or {@code null} for an existing room
	 * @param pending the events, in order
	 * @param check the authorisation check, run on each event with the state before it
	 * @return the stored events, in order
	 * @throws MatrixError if a check refuses an event (nothing is stored)
	 */
	public List<StoredEvent> persist(@Nullable NewRoom newRoom, List<PendingEvent> pending, StateCheck check) {
		String roomId = (newRoom != null) ? newRoom.roomId() : pending.get(0).event().roomId();
		return this.db.locked(() -> {
			Map<StateKey, Event> state = new HashMap<>((newRoom != null) ? Map.of() : currentState(roomId));
			List<StoredEvent> stored = this.db.transaction((jdbc) -> {
				if (newRoom != null) {
					insertRoom(newRoom);
				}
				long last = this.db.takePositions(pending.size());
				long position = last - pending.size();
				List<StoredEvent> result = new ArrayList<>(pending.size());
				for (PendingEvent event : pending) {
					position++;
					StoredEvent earlier = earlierTransaction(event);
					if (earlier != null) {
						result.add(earlier);
						continue;
					}
					check.check(event.event(), Collections.unmodifiableMap(state));
					StoredEvent inserted = insert(position, event);
					if (event.event().isState()) {
						state.put(new StateKey(event.event().type(), event.event().stateKey()), event.event());
					}
					result.add(inserted);
				}
				return result;
			});
			this.db.published(stored.stream().mapToLong(StoredEvent::streamOrdering).max().orElse(0));
			this.states.put(roomId, Collections.unmodifiableMap(state));
			stored.forEach((event) -> this.events.put(event.event().eventId(), event));
			return stored;
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
			this.db.transaction((jdbc) -> jdbc.sql("UPDATE hs_events SET content = ?, unsigned_data = ? WHERE event_id = ?")
				.params(this.json.write(prunedContent), this.json.write(unsigned), eventId)
				.update());
			this.events.put(eventId, new StoredEvent(stored.streamOrdering(), pruned, stored.deviceId(), stored.txnId()));
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
		if (pending.txnId() == null || pending.deviceId() == null) {
			return null;
		}
		String eventId = transactionEvent(pending.event().sender(), pending.deviceId(), pending.txnId());
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
		if (pending.txnId() != null && pending.deviceId() != null) {
			this.db.jdbc()
				.sql("INSERT INTO hs_event_txns (user_id, device_id, txn_id, event_id) VALUES (?, ?, ?, ?)")
				.params(event.sender(), pending.deviceId(), pending.txnId(), event.eventId())
				.update();
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
		}
		return new StoredEvent(position, event, pending.deviceId(), pending.txnId());
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
	 */
	public record PendingEvent(Event event, @Nullable String deviceId, @Nullable String txnId) {

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
