package org.modulehost.homeserver.sync;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.rooms.EventFilter;
import org.modulehost.homeserver.storage.StoredEvent;

/**
 * A {@code /sync} filter: which rooms ({@code room.rooms}, {@code room.not_rooms}), and an
 * {@link EventFilter} for each section, {@code null} where the filter has none. Its
 * {@code room.ephemeral} filter applies to the {@code m.typing} and {@code m.receipt} events of
 * rooms (their types, rooms and {@code limit}).
 *
 * @param rooms the room filter's {@code rooms} and {@code not_rooms}
 * @param timeline {@code room.timeline}
 * @param state {@code room.state}
 * @param roomAccountData {@code room.account_data}
 * @param accountData {@code account_data}
 * @param timelineLimit how many timeline events a room has at most
 * @param presence {@code presence}
 * @param ephemeral {@code room.ephemeral}
 */
record SyncFilter(@Nullable EventFilter rooms, @Nullable EventFilter timeline, @Nullable EventFilter state,
		@Nullable EventFilter roomAccountData, @Nullable EventFilter accountData, int timelineLimit,
		@Nullable EventFilter presence, @Nullable EventFilter ephemeral) {

	/** The most timeline events a room has in one response. */
	private static final int MAX_TIMELINE_LIMIT = 100;

	static SyncFilter none(int timelineLimit) {
		return new SyncFilter(null, null, null, null, null, timelineLimit, null, null);
	}

	/**
	 * Reads a filter definition.
	 * @param definition the filter
	 * @param defaultTimelineLimit the timeline limit when the filter has none
	 * @return the filter
	 * @throws org.modulehost.homeserver.api.MatrixError 400 {@code M_BAD_JSON} for an invalid one
	 */
	static SyncFilter of(Map<String, Object> definition, int defaultTimelineLimit) {
		EventFilter accountData = EventFilter.of(definition.get("account_data"), "account_data");
		EventFilter presence = EventFilter.of(definition.get("presence"), "presence");
		Object room = definition.get("room");
		if (room != null && !(room instanceof Map<?, ?>)) {
			throw EventFilter.invalid("room must be an object");
		}
		Map<?, ?> roomFilter = (room != null) ? (Map<?, ?>) room : Map.of();
		Object includeLeave = roomFilter.get("include_leave");
		if (includeLeave != null && !(includeLeave instanceof Boolean)) {
			throw EventFilter.invalid("room.include_leave must be a boolean");
		}
		Map<String, Object> roomsOnly = new LinkedHashMap<>();
		if (roomFilter.containsKey("rooms")) {
			roomsOnly.put("rooms", roomFilter.get("rooms"));
		}
		if (roomFilter.containsKey("not_rooms")) {
			roomsOnly.put("not_rooms", roomFilter.get("not_rooms"));
		}
		EventFilter rooms = roomsOnly.isEmpty() ? null : EventFilter.of(roomsOnly, "room");
		EventFilter timeline = EventFilter.of(roomFilter.get("timeline"), "room.timeline");
		EventFilter state = EventFilter.of(roomFilter.get("state"), "room.state");
		EventFilter ephemeral = EventFilter.of(roomFilter.get("ephemeral"), "room.ephemeral");
		EventFilter roomAccountData = EventFilter.of(roomFilter.get("account_data"), "room.account_data");
		int limit = defaultTimelineLimit;
		if (timeline != null && timeline.limit() != null) {
			limit = Math.min(timeline.limit(), MAX_TIMELINE_LIMIT);
		}
		return new SyncFilter(rooms, timeline, state, roomAccountData, accountData, limit, presence, ephemeral);
	}

	boolean allowsRoom(String roomId) {
		return this.rooms == null || this.rooms.allowsRoom(roomId);
	}

	boolean lazyLoadMembers() {
		return this.state != null && this.state.lazyLoadMembers();
	}

	boolean allowsPresence(String sender) {
		return this.presence == null || this.presence.allowsTypeAndSender("m.presence", sender);
	}

	boolean allowsTimeline(StoredEvent event) {
		return this.timeline == null || this.timeline.allows(event.event());
	}

	/**
	 * Tells whether a room's ephemeral events of a type pass {@code room.ephemeral}.
	 * @param roomId the room
	 * @param type {@code m.typing} or {@code m.receipt}
	 * @return whether they pass
	 */
	boolean allowsEphemeral(String roomId, String type) {
		return this.ephemeral == null || (this.ephemeral.allowsRoom(roomId) && this.ephemeral.allowsType(type));
	}

	/**
	 * Returns how many ephemeral events a room has at most.
	 * @return the {@code room.ephemeral} filter's limit, or no limit
	 */
	int ephemeralLimit() {
		return (this.ephemeral != null && this.ephemeral.limit() != null) ? this.ephemeral.limit() : Integer.MAX_VALUE;
	}

	boolean allowsState(StoredEvent event) {
		return this.state == null || this.state.allows(event.event());
	}

}
