package org.modulehost.homeserver.rooms;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.storage.StoredEvent;

/**
 * One event filter of the client-server API (a {@code RoomEventFilter}, or the plain
 * {@code EventFilter} of account data and presence), applied as Synapse's {@code Filter}: an
 * event passes when no {@code not_} list matches it and every given positive list does; a
 * value ending in {@code *} matches by prefix; {@code contains_url} keeps only events with (or
 * without) a string {@code url} in their content. Absent filters are {@code null} and cost
 * nothing.
 */
public final class EventFilter {

	/** How many events a filter's {@code limit} asks for at most. */
	static final int MAX_LIMIT = 1000;

	private final @Nullable List<String> types;

	private final @Nullable List<String> notTypes;

	private final @Nullable List<String> senders;

	private final @Nullable List<String> notSenders;

	private final @Nullable List<String> rooms;

	private final @Nullable List<String> notRooms;

	private final @Nullable Boolean containsUrl;

	private final @Nullable Integer limit;

	private final boolean lazyLoadMembers;

	private EventFilter(Map<String, Object> json, String where) {
		this.types = strings(json, "types", where);
		this.notTypes = strings(json, "not_types", where);
		this.senders = strings(json, "senders", where);
		this.notSenders = strings(json, "not_senders", where);
		this.rooms = strings(json, "rooms", where);
		this.notRooms = strings(json, "not_rooms", where);
		this.containsUrl = bool(json, "contains_url", where);
		Boolean lazy = bool(json, "lazy_load_members", where);
		this.lazyLoadMembers = lazy != null && lazy;
		bool(json, "include_redundant_members", where);
		bool(json, "unread_thread_notifications", where);
		Object limit = json.get("limit");
		if (limit == null) {
			this.limit = null;
		}
		else if (limit instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
			// A huge limit is capped; a non-positive one asks for nothing much: one event.
			this.limit = (int) Math.max(1, Math.min(number.longValue(), MAX_LIMIT));
		}
		else {
			throw invalid(where + ".limit must be an integer");
		}
	}

	/**
	 * Reads a filter.
	 * @param json the filter's JSON value, {@code null} when absent
	 * @param where the filter's place in the request, for the error message, e.g. {@code room.timeline}
	 * @return the filter, {@code null} when absent
	 * @throws MatrixError 400 {@code M_BAD_JSON} when a field has the wrong type
	 */
	public static @Nullable EventFilter of(@Nullable Object json, String where) {
		if (json == null) {
			return null;
		}
		if (!(json instanceof Map<?, ?> map)) {
			throw invalid(where + " must be an object");
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> fields = (Map<String, Object>) map;
		return new EventFilter(fields, where);
	}

	/**
	 * The {@code 400 M_BAD_JSON} of an invalid filter, as Synapse's filter validation.
	 * @param message what is wrong
	 * @return the error
	 */
	public static MatrixError invalid(String message) {
		return new MatrixError(400, Codes.BAD_JSON, "Invalid filter: " + message);
	}

	private static @Nullable List<String> strings(Map<String, Object> json, String field, String where) {
		Object value = json.get(field);
		if (value == null) {
			return null;
		}
		if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
			return list.stream().map(String.class::cast).toList();
		}
		throw invalid(where + "." + field + " must be an array of strings");
	}

	private static @Nullable Boolean bool(Map<String, Object> json, String field, String where) {
		Object value = json.get(field);
		if (value == null || value instanceof Boolean) {
			return (Boolean) value;
		}
		throw invalid(where + "." + field + " must be a boolean");
	}

	/**
	 * The filter's {@code limit}, capped.
	 * @return the limit, {@code null} when not given
	 */
	public @Nullable Integer limit() {
		return this.limit;
	}

	/**
	 * Whether only the members of the timeline's senders are wanted in the state.
	 * @return the filter's {@code lazy_load_members}
	 */
	public boolean lazyLoadMembers() {
		return this.lazyLoadMembers;
	}

	/**
	 * Whether the filter lets a room through, by its {@code rooms} and {@code not_rooms}.
	 * @param roomId the room
	 * @return whether it passes
	 */
	public boolean allowsRoom(String roomId) {
		return !matchesAny(this.notRooms, roomId) && (this.rooms == null || matchesAny(this.rooms, roomId));
	}

	/**
	 * Whether an account data event (or another event without a sender) passes, by its type.
	 * @param type the event's type
	 * @return whether it passes
	 */
	public boolean allowsType(String type) {
		return !matchesAny(this.notTypes, type) && (this.types == null || matchesAny(this.types, type));
	}

	/**
	 * Whether an event outside rooms with a sender (such as {@code m.presence}) passes, by its
	 * type and sender.
	 * @param type the event's type
	 * @param sender the event's sender
	 * @return whether it passes
	 */
	public boolean allowsTypeAndSender(String type, String sender) {
		return allowsType(type) && !matchesAny(this.notSenders, sender)
				&& (this.senders == null || matchesAny(this.senders, sender));
	}

	/**
	 * Whether a room event passes.
	 * @param event the event
	 * @return whether it passes
	 */
	public boolean allows(Event event) {
		if (!allowsType(event.type()) || !allowsRoom(event.roomId()) || matchesAny(this.notSenders, event.sender())
				|| (this.senders != null && !matchesAny(this.senders, event.sender()))) {
			return false;
		}
		if (this.containsUrl != null) {
			boolean hasUrl = event.content().get("url") instanceof String;
			return hasUrl == this.containsUrl;
		}
		return true;
	}

	/**
	 * The events that pass, in their order.
	 * @param events the events
	 * @return those that pass
	 */
	public List<StoredEvent> filter(List<StoredEvent> events) {
		return events.stream().filter((event) -> allows(event.event())).toList();
	}

	private static boolean matchesAny(@Nullable List<String> patterns, String value) {
		if (patterns == null) {
			return false;
		}
		for (String pattern : patterns) {
			if (pattern.endsWith("*") ? value.startsWith(pattern.substring(0, pattern.length() - 1))
					: value.equals(pattern)) {
				return true;
			}
		}
		return false;
	}

}
