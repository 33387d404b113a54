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
 * algorithm (room versions 10 and 11, {@link #prune}) lists for the event's type, nothing for other types; and
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

	/**
	 * Prunes an event's content as redaction does in its room's version.
	 * @param event the redacted event
	 * @param roomVersion the room's version: in 10, {@code m.room.create} keeps only
	 * {@code creator} and {@code m.room.power_levels} does not keep {@code invite}; in 11 the
	 * create event keeps all its content. A redaction keeps {@code redacts} in both: this server
	 * stores it in the content, where version 11 puts it, for version 10 rooms as well (where it is
	 * a top-level key, which redaction keeps).
	 * @return the content redaction keeps
	 */
	static Map<String, Object> prune(Event event, String roomVersion) {
		boolean v10 = "10".equals(roomVersion);
		if (RoomEvents.CREATE.equals(event.type()) && !v10) {
			return event.content();
		}
		List<String> keys = KEPT.getOrDefault(event.type(), List.of());
		if (v10 && RoomEvents.CREATE.equals(event.type())) {
			keys = List.of("creator");
		}
		else if (v10 && PowerLevels.TYPE.equals(event.type())) {
			keys = keys.stream().filter((key) -> !"invite".equals(key)).toList();
		}
		else if (TYPE.equals(event.type())) {
			keys = List.of("redacts");
		}
		Map<String, Object> kept = new LinkedHashMap<>();
		for (String key : keys) {
			if (event.content().containsKey(key)) {
				kept.put(key, event.content().get(key));
			}
		}
		return kept;
	}

}
