package org.modulehost.homeserver.rooms;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.StateKey;

/**
 * What redaction keeps of an event's content: the keys the Matrix specification's redaction
 * algorithm (room versions 10 and 11) lists for the event's type, nothing for other types; and
 * who may redact what.
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

	/**
	 * Authorises a redaction, whatever endpoint or module sends it: it names an event of the
	 * same room in {@code redacts}, and its sender sent that event or has the power level
	 * {@code redact}.
	 * @param redaction the redaction to send
	 * @param state the room's current state
	 * @param events finds a stored event by ID, {@code null} when there is none
	 * @return the event it redacts
	 * @throws MatrixError 400 {@code M_BAD_JSON} without {@code redacts}, 404 {@code M_NOT_FOUND}
	 * when the event is not in the room, 403 {@code M_FORBIDDEN} without the power to redact
	 */
	static Event authorise(Event redaction, Map<StateKey, Event> state, Function<String, @Nullable Event> events) {
		if (!(redaction.content().get("redacts") instanceof String target)) {
			throw new MatrixError(400, Codes.BAD_JSON, "A redaction names the event it redacts in 'redacts'");
		}
		Event redacted = events.apply(target);
		if (redacted == null || !redacted.roomId().equals(redaction.roomId())) {
			throw new MatrixError(404, Codes.NOT_FOUND, "Event not found.");
		}
		if (!redacted.sender().equals(redaction.sender())) {
			PowerLevels levels = PowerLevels.of(state);
			if (levels.userLevel(redaction.sender()) < levels.redact()) {
				throw new MatrixError(403, Codes.FORBIDDEN, "You don't have permission to redact events");
			}
		}
		return redacted;
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
