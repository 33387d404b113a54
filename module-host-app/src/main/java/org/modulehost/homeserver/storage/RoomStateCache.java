package org.modulehost.homeserver.storage;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.api.StateKey;
import org.springframework.jdbc.core.RowMapper;

/**
 * Rooms' current state, cached in memory with the room's state version: a counter in the room's
 * row that every transaction changing the state (new state events, a redaction) advances.
 *
 * <p>On a database of this process's own the cache is filled and changed only under the write
 * lock, after the transaction that changed the state committed, and served as it is. On a
 * {@linkplain Database#isShared() shared} database, where other instances change rooms too, a
 * cached state is served only while the room's version in the database is still the one it was
 * read at (one primary-key lookup). Writers ({@link EventWriter}) check events against the state
 * inside their transaction, after taking the stream lock that every writer of events and
 * redactions takes, so no other instance changes the state between the check and the commit.
 */
public final class RoomStateCache {

	private final Database db;

	private final RowMapper<StoredEvent> eventMapper;

	private final Cache<String, RoomState> states = Caffeine.newBuilder().maximumSize(10_000).build();

	/**
	 * Creates the cache.
	 * @param db the database
	 * @param json the JSON codec
	 */
	public RoomStateCache(Database db, JsonCodec json) {
		this.db = db;
		this.eventMapper = EventRows.mapper(json);
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

	RoomState roomState(String roomId) {
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

	/**
	 * Advances a room's state version; call inside the transaction that changes its state.
	 * @param roomId the room
	 */
	void advanceStateVersion(String roomId) {
		this.db.jdbc().sql("UPDATE hs_rooms SET state_version = state_version + 1 WHERE room_id = ?").param(roomId).update();
	}

	private RoomState loadState(String roomId, long version) {
		List<StoredEvent> rows = this.db.jdbc()
			.sql("SELECT " + EventRows.EVENT_COLUMNS + " FROM hs_current_state s JOIN hs_events e "
					+ "ON e.event_id = s.event_id WHERE s.room_id = ?")
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
	 * Keeps the state a committed write left, unless a newer one is kept already; call under
	 * the write lock.
	 * @param roomId the room
	 * @param state its state after the write
	 */
	void written(String roomId, RoomState state) {
		this.states.asMap().merge(roomId, state, RoomState::newer);
	}

	/**
	 * Forgets a room's state, after a committed change that is not kept (a redaction); call
	 * under the write lock.
	 * @param roomId the room
	 */
	void invalidate(String roomId) {
		this.states.invalidate(roomId);
	}

}
