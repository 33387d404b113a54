package org.modulehost.homeserver.rooms;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.api.StateKey;

/**
 * A room's power levels, read from its {@code m.room.power_levels} state with the defaults of
 * the Matrix specification.
 */
final class PowerLevels {

	static final String TYPE = "m.room.power_levels";

	private final Map<String, Object> content;

	private final boolean present;

	private final @Nullable String creator;

	private PowerLevels(Map<String, Object> content, boolean present, @Nullable String creator) {
		this.content = content;
		this.present = present;
		this.creator = creator;
	}

	static PowerLevels of(Map<StateKey, Event> state) {
		Event event = state.get(new StateKey(TYPE, ""));
		Event create = state.get(new StateKey(RoomEvents.CREATE, ""));
		String creator = (create != null) ? create.sender() : null;
		return (event != null) ? new PowerLevels(event.content(), true, creator) : new PowerLevels(Map.of(), false, creator);
	}

	int userLevel(String userId) {
		if (!this.present) {
			return userId.equals(this.creator) ? 100 : 0;
		}
		Object users = this.content.get("users");
		if (users instanceof Map<?, ?> map && map.containsKey(userId)) {
			return number(map.get(userId), 0);
		}
		return number(this.content.get("users_default"), 0);
	}

	int eventLevel(String type, boolean isState) {
		Object events = this.content.get("events");
		if (events instanceof Map<?, ?> map && map.containsKey(type)) {
			return number(map.get(type), 0);
		}
		return isState ? number(this.content.get("state_default"), this.present ? 50 : 0)
				: number(this.content.get("events_default"), 0);
	}

	int invite() {
		return number(this.content.get("invite"), 0);
	}

	int kick() {
		return number(this.content.get("kick"), 50);
	}

	int redact() {
		return number(this.content.get("redact"), 50);
	}

	int ban() {
		return number(this.content.get("ban"), 50);
	}

	static int number(@Nullable Object value, int defaultValue) {
		if (value instanceof Number number) {
			return number.intValue();
		}
		if (value instanceof String string) {
			try {
				return Integer.parseInt(string.trim());
			}
			catch (NumberFormatException ex) {
				return defaultValue;
			}
		}
		return defaultValue;
	}

}
