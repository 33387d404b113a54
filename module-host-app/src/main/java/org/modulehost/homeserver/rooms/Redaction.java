package org.modulehost.homeserver.rooms;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.modulehost.homeserver.api.Event;

/**
 * What redaction keeps of an event's content: the keys the Matrix specification's redaction
 * algorithm (room versions 10 and 11) lists for the event's type, nothing for other types.
 */
final class Redaction {

	static final String TYPE = "m.room.redaction";

	private static final Map<String, List<String>> KEPT = Map.of("m.room.member",
			List.of("membership", "join_authorised_via_users_server"), "m.room.join_rules", List.of("join_rule", "allow"),
			PowerLevels.TYPE,
			List.of("ban", "events", "events_default", "invite", "kick", "redact", "state_default", "users",
					"users_default"),
			"m.room.history_visibility", List.of("history_visibility"), RoomEvents.CREATE, List.of());

	private Redaction() {
	}

	static Map<String, Object> prune(Event event) {
		if (RoomEvents.CREATE.equals(event.type())) {
			return event.content();
		}
		Map<String, Object> kept = new LinkedHashMap<>();
		for (String key : KEPT.getOrDefault(event.type(), List.of())) {
			if (event.content().containsKey(key)) {
				kept.put(key, event.content().get(key));
			}
		}
		return kept;
	}

}
