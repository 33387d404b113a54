package org.modulehost.homeserver.rooms;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.StateKey;

/**
 * The authorisation rules for an event against the room's state before it: a subset of the
 * Matrix specification's rules for room version 10 (create, membership, power levels with
 * integer values, state keys, redactions are not state), enough for a server without
 * federation. Who may redact which event is {@link Redaction#authorise}.
 */
final class EventAuth {

	private EventAuth() {
	}

	static void check(Event event, Map<StateKey, Event> state) {
		if (RoomEvents.CREATE.equals(event.type())) {
			if (!state.isEmpty()) {
				throw forbidden("The room already has a create event");
			}
			return;
		}
		Event create = state.get(new StateKey(RoomEvents.CREATE, ""));
		if (create == null) {
			throw forbidden("Unknown room " + event.roomId());
		}
		PowerLevels levels = PowerLevels.of(state);
		if (RoomEvents.MEMBER.equals(event.type())) {
			checkMembership(event, state, create, levels);
			return;
		}
		if (Redaction.TYPE.equals(event.type()) && event.isState()) {
			throw new MatrixError(400, Codes.BAD_JSON, "A redaction is not a state event");
		}
		if (!"join".equals(membership(state, event.sender()))) {
			throw forbidden("User " + event.sender() + " not in room " + event.roomId());
		}
		int userLevel = levels.userLevel(event.sender());
		if (ThirdPartyInvites.TYPE.equals(event.type()) && event.isState()) {
			// The authorisation rules' own step for third-party invites: the invite level.
			if (userLevel < levels.invite()) {
				throw forbidden("You don't have permission to invite users");
			}
			return;
		}
		int required = levels.eventLevel(event.type(), event.isState());
		if (userLevel < required) {
			throw forbidden("You don't have permission to post that to the room. user_level (" + userLevel
					+ ") < send_level (" + required + ")");
		}
		if (event.isState() && event.stateKey().startsWith("@") && !event.stateKey().equals(event.sender())) {
			throw forbidden("You are not allowed to set others' state");
		}
		if (PowerLevels.TYPE.equals(event.type()) && event.isState()) {
			checkIntegers(event.content());
			checkPowerLevelChange(event, state, levels, userLevel);
		}
	}

	private static void checkMembership(Event event, Map<StateKey, Event> state, Event create, PowerLevels levels) {
		String target = event.stateKey();
		Object value = event.content().get("membership");
		if (target == null || !(value instanceof String membership)) {
			throw new MatrixError(400, Codes.BAD_JSON, "A membership event needs a state key and a membership");
		}
		String sender = event.sender();
		String senderMembership = membership(state, sender);
		String targetMembership = membership(state, target);
		int senderLevel = levels.userLevel(sender);
		int targetLevel = levels.userLevel(target);
		switch (membership) {
			case "join" -> {
				if (!sender.equals(target)) {
					throw forbidden("You cannot force another user to join");
				}
				if (state.size() == 1 && sender.equals(create.sender())) {
					return;
				}
				if ("ban".equals(targetMembership)) {
					throw forbidden("You are banned from this room");
				}
				if ("join".equals(targetMembership) || "invite".equals(targetMembership)) {
					return;
				}
				if (!"public".equals(joinRule(state))) {
					throw forbidden("You are not invited to this room.");
				}
			}
			case "invite" -> {
				if (!"join".equals(senderMembership)) {
					throw forbidden("You are not in room " + event.roomId());
				}
				if ("ban".equals(targetMembership)) {
					throw forbidden(target + " is banned from the room");
				}
				if ("join".equals(targetMembership)) {
					throw forbidden(target + " is already in the room.");
				}
				if (senderLevel < levels.invite()) {
					throw forbidden("You don't have permission to invite users");
				}
			}
			case "leave" -> {
				if (sender.equals(target)) {
					if (!"join".equals(targetMembership) && !"invite".equals(targetMembership)) {
						throw forbidden("You are not in room " + event.roomId());
					}
					return;
				}
				if (!"join".equals(senderMembership)) {
					throw forbidden("You are not in room " + event.roomId());
				}
				if ("ban".equals(targetMembership)) {
					if (senderLevel < levels.ban()) {
						throw forbidden("You don't have permission to unban users");
					}
					return;
				}
				if (!"join".equals(targetMembership) && !"invite".equals(targetMembership)) {
					throw forbidden(target + " is not in the room");
				}
				if (senderLevel < levels.kick() || targetLevel >= senderLevel) {
					throw forbidden("You don't have permission to kick " + target);
				}
			}
			case "ban" -> {
				if (!"join".equals(senderMembership)) {
					throw forbidden("You are not in room " + event.roomId());
				}
				if (senderLevel < levels.ban() || targetLevel >= senderLevel) {
					throw forbidden("You don't have permission to ban " + target);
				}
			}
			default -> throw new MatrixError(400, Codes.BAD_JSON, "Unknown membership " + membership);
		}
	}

	private static void checkPowerLevelChange(Event event, Map<StateKey, Event> state, PowerLevels before,
			int senderLevel) {
		Event previous = state.get(new StateKey(PowerLevels.TYPE, ""));
		Map<String, Object> old = (previous != null) ? previous.content() : Map.of();
		Map<String, Object> updated = event.content();
		for (String key : new String[] { "users_default", "events_default", "state_default", "ban", "kick",
				"redact", "invite" }) {
			checkLevelChange(key, old.get(key), updated.get(key), senderLevel);
		}
		for (String section : new String[] { "events", "users" }) {
			Map<?, ?> oldSection = (old.get(section) instanceof Map<?, ?> map) ? map : Map.of();
			Map<?, ?> newSection = (updated.get(section) instanceof Map<?, ?> map) ? map : Map.of();
			Set<Object> keys = new HashSet<>(oldSection.keySet());
			keys.addAll(newSection.keySet());
			for (Object key : keys) {
				Object oldValue = oldSection.get(key);
				Object newValue = newSection.get(key);
				checkLevelChange(section + "." + key, oldValue, newValue, senderLevel);
				if ("users".equals(section) && !key.equals(event.sender()) && oldValue != null
						&& PowerLevels.number(oldValue, 0) >= senderLevel && !equal(oldValue, newValue)) {
					throw forbidden("You cannot change the power level of a user at or above your own");
				}
			}
		}
	}

	/**
	 * Room version 10: every level is an integer (here, one that fits the levels' 32 bits).
	 */
	private static void checkIntegers(Map<String, Object> content) {
		for (String key : new String[] { "users_default", "events_default", "state_default", "ban", "kick",
				"redact", "invite" }) {
			if (content.containsKey(key)) {
				checkInteger(key, content.get(key));
			}
		}
		for (String section : new String[] { "events", "users", "notifications" }) {
			Object value = content.get(section);
			if (value == null) {
				continue;
			}
			if (!(value instanceof Map<?, ?> map)) {
				throw new MatrixError(400, Codes.BAD_JSON, "Power levels' " + section + " must be an object");
			}
			map.forEach((key, level) -> checkInteger(section + "." + key, level));
		}
	}

	private static void checkInteger(String key, @Nullable Object value) {
		boolean integer = value instanceof Integer || value instanceof Short || value instanceof Byte
				|| (value instanceof Long number && number == number.intValue())
				|| (value instanceof java.math.BigInteger big && big.bitLength() < 32);
		if (!integer) {
			throw new MatrixError(400, Codes.BAD_JSON, "Power level " + key + " must be an integer");
		}
	}

	private static void checkLevelChange(String key, @Nullable Object oldValue, @Nullable Object newValue,
			int senderLevel) {
		if (equal(oldValue, newValue)) {
			return;
		}
		if ((oldValue != null && PowerLevels.number(oldValue, 0) > senderLevel)
				|| (newValue != null && PowerLevels.number(newValue, 0) > senderLevel)) {
			throw forbidden("You cannot set " + key + " above your own power level");
		}
	}

	private static boolean equal(@Nullable Object a, @Nullable Object b) {
		if (a == null || b == null) {
			return a == b;
		}
		return PowerLevels.number(a, Integer.MIN_VALUE) == PowerLevels.number(b, Integer.MAX_VALUE);
	}

	static @Nullable String membership(Map<StateKey, Event> state, String userId) {
		Event member = state.get(new StateKey(RoomEvents.MEMBER, userId));
		return (member != null && member.content().get("membership") instanceof String membership) ? membership
				: null;
	}

	static String joinRule(Map<StateKey, Event> state) {
		Event rules = state.get(new StateKey("m.room.join_rules", ""));
		return (rules != null && rules.content().get("join_rule") instanceof String rule) ? rule : "invite";
	}

	private static MatrixError forbidden(String message) {
		return new MatrixError(403, Codes.FORBIDDEN, message);
	}

}
