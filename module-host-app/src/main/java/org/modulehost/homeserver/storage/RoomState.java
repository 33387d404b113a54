package org.modulehost.homeserver.storage;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.api.StateKey;

/**
 * A room's current state at a version of it.
 */
record RoomState(long version, Map<StateKey, StoredEvent> stored, Map<StateKey, Event> events) {

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
