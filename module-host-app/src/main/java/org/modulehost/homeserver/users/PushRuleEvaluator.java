package org.modulehost.homeserver.users;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.Event;

/**
 * Evaluates a user's push rules for an event, as the spec's "Push Rules" say and Synapse does:
 * the kinds in order ({@code override}, {@code content}, {@code room}, {@code sender},
 * {@code underride}), the first enabled rule whose conditions all hold decides the actions. The
 * conditions understood are {@code event_match} (glob, case-insensitive; on {@code content.body}
 * at word boundaries), {@code event_property_is}, {@code event_property_contains},
 * {@code contains_display_name}, {@code room_member_count} and
 * {@code sender_notification_permission}; a rule with any other condition does not match. As
 * Synapse, the legacy mention rules ({@code .m.rule.contains_display_name},
 * {@code .m.rule.roomnotif}, {@code .m.rule.contains_user_name}) are skipped for an event with an
 * {@code m.mentions} property. Thread-safe and stateless.
 */
public final class PushRuleEvaluator {

	private static final List<String> KINDS = List.of("override", "content", "room", "sender", "underride");

	private static final List<String> LEGACY_MENTION_RULES = List.of(".m.rule.contains_display_name",
			".m.rule.roomnotif", ".m.rule.contains_user_name");

	/** Compiled patterns, by their source: rules repeat across users and events. */
	private static final Cache<String, Pattern> PATTERNS = Caffeine.newBuilder().maximumSize(10_000).build();

	private PushRuleEvaluator() {
	}

	/**
	 * Evaluates a user's rules for an event.
	 * @param userId the user the rules belong to
	 * @param storedRules the user's stored push rule state (account data of type
	 * {@link PushRuleSets#STATE_TYPE}), empty for the predefined rules only
	 * @param event the event
	 * @param room what the conditions need to know of the room
	 * @return what the matching rule says, {@link Actions#NONE} when none matches
	 */
	@SuppressWarnings("unchecked")
	public static Actions evaluate(String userId, Map<String, Object> storedRules, Event event, RoomContext room) {
		Map<String, Object> global = PushRulesController.global(userId,
				PushRulesController.parse(storedRules));
		boolean hasMentions = event.content().containsKey("m.mentions");
		for (String kind : KINDS) {
			for (Map<String, Object> rule : (List<Map<String, Object>>) global.get(kind)) {
				if (!Boolean.TRUE.equals(rule.get("enabled"))) {
					continue;
				}
				if (hasMentions && LEGACY_MENTION_RULES.contains(rule.get("rule_id"))) {
					continue;
				}
				if (matches(kind, rule, userId, event, room)) {
					return Actions.of(rule.get("actions"));
				}
			}
		}
		return Actions.NONE;
	}

	private static boolean matches(String kind, Map<String, Object> rule, String userId, Event event,
			RoomContext room) {
		String ruleId = String.valueOf(rule.get("rule_id"));
		return switch (kind) {
			case "content" -> rule.get("pattern") instanceof String pattern
					&& eventMatch(event, "content.body", pattern);
			case "room" -> ruleId.equals(event.roomId());
			case "sender" -> ruleId.equals(event.sender());
			default -> {
				if (!(rule.get("conditions") instanceof List<?> conditions)) {
					yield false;
				}
				for (Object condition : conditions) {
					if (!(condition instanceof Map<?, ?> map) || !holds(map, userId, event, room)) {
						yield false;
					}
				}
				yield true;
			}
		};
	}

	private static boolean holds(Map<?, ?> condition, String userId, Event event, RoomContext room) {
		Object key = condition.get("key");
		return switch (String.valueOf(condition.get("kind"))) {
			case "event_match" -> key instanceof String path && condition.get("pattern") instanceof String pattern
					&& eventMatch(event, path, pattern);
			case "event_property_is" -> key instanceof String path && condition.containsKey("value")
					&& scalarEquals(property(event, path), condition.get("value"));
			case "event_property_contains" -> key instanceof String path
					&& property(event, path) instanceof List<?> values
					&& values.stream().anyMatch((value) -> scalarEquals(value, condition.get("value")));
			case "contains_display_name" -> {
				String name = room.displayName(userId);
				yield name != null && !name.isEmpty() && event.content().get("body") instanceof String body
						&& wordMatch(Pattern.quote(name), body);
			}
			case "room_member_count" -> condition.get("is") instanceof String is && memberCount(is, room.joined());
			case "sender_notification_permission" -> key instanceof String name
					&& room.senderLevel(event.sender()) >= room.notificationLevel(name);
			default -> false;
		};
	}

	private static boolean eventMatch(Event event, String path, String pattern) {
		if (!(property(event, path) instanceof String value)) {
			return false;
		}
		String regex = glob(pattern);
		if ("content.body".equals(path)) {
			return wordMatch(regex, value);
		}
		return compile(regex).matcher(value).matches();
	}

	private static boolean wordMatch(String regex, String value) {
		return compile("(?<![\\p{L}\\p{N}_])(?:" + regex + ")(?![\\p{L}\\p{N}_])").matcher(value).find();
	}

	private static Pattern compile(String regex) {
		return PATTERNS.get(regex,
				(source) -> Pattern.compile(source, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL));
	}

	private static String glob(String pattern) {
		StringBuilder regex = new StringBuilder();
		for (int i = 0; i < pattern.length(); i++) {
			char c = pattern.charAt(i);
			switch (c) {
				case '*' -> regex.append(".*?");
				case '?' -> regex.append('.');
				default -> regex.append(Pattern.quote(String.valueOf(c)));
			}
		}
		return regex.toString();
	}

	private static boolean scalarEquals(@Nullable Object actual, @Nullable Object expected) {
		if (actual instanceof Number a && expected instanceof Number b) {
			return !(a instanceof Double) && !(b instanceof Double) && a.longValue() == b.longValue();
		}
		if (actual instanceof Map<?, ?> || actual instanceof List<?>) {
			return false;
		}
		return Objects.equals(actual, expected) && (actual != null || expected == null);
	}

	/**
	 * Reads a dotted property of the event, {@code \.} escaping a dot within a name (and
	 * {@code \\} a backslash), as the spec's {@code event_property_*} conditions do.
	 */
	private static @Nullable Object property(Event event, String path) {
		List<String> names = split(path);
		if (names.isEmpty()) {
			return null;
		}
		Object value = switch (names.get(0)) {
			case "type" -> event.type();
			case "sender" -> event.sender();
			case "room_id" -> event.roomId();
			case "state_key" -> event.stateKey();
			case "event_id" -> event.eventId();
			case "content" -> event.content();
			default -> null;
		};
		for (int i = 1; i < names.size(); i++) {
			if (!(value instanceof Map<?, ?> map)) {
				return null;
			}
			value = map.get(names.get(i));
		}
		return (names.size() == 1 && value instanceof Map<?, ?>) ? null : value;
	}

	private static List<String> split(String path) {
		List<String> names = new ArrayList<>();
		StringBuilder name = new StringBuilder();
		for (int i = 0; i < path.length(); i++) {
			char c = path.charAt(i);
			if (c == '\\' && i + 1 < path.length() && (path.charAt(i + 1) == '.' || path.charAt(i + 1) == '\\')) {
				name.append(path.charAt(++i));
			}
			else if (c == '.') {
				names.add(name.toString());
				name.setLength(0);
			}
			else {
				name.append(c);
			}
		}
		names.add(name.toString());
		return names;
	}

	private static boolean memberCount(String is, int joined) {
		String operator = is.replaceAll("[0-9]+$", "");
		String number = is.substring(operator.length());
		if (number.isEmpty()) {
			return false;
		}
		long wanted;
		try {
			wanted = Long.parseLong(number);
		}
		catch (NumberFormatException ex) {
			return false;
		}
		return switch (operator) {
			case "", "==" -> joined == wanted;
			case "<" -> joined < wanted;
			case ">" -> joined > wanted;
			case "<=" -> joined <= wanted;
			case ">=" -> joined >= wanted;
			default -> false;
		};
	}

	/**
	 * What the conditions need to know of the room an event is sent to.
	 *
	 * @param joined how many members are joined
	 * @param displayNames the joined members' display names in the room, by user ID
	 * @param powerLevels the content of the room's {@code m.room.power_levels}, {@code null}
	 * without one
	 * @param creator the room's creator, who has level 100 without power levels
	 */
	public record RoomContext(int joined, Map<String, String> displayNames,
			@Nullable Map<String, Object> powerLevels, @Nullable String creator) {

		@Nullable String displayName(String userId) {
			return this.displayNames.get(userId);
		}

		int senderLevel(String sender) {
			if (this.powerLevels == null) {
				return sender.equals(this.creator) ? 100 : 0;
			}
			if (this.powerLevels.get("users") instanceof Map<?, ?> users && users.get(sender) instanceof Number level) {
				return level.intValue();
			}
			return (this.powerLevels.get("users_default") instanceof Number level) ? level.intValue() : 0;
		}

		int notificationLevel(String key) {
			if (this.powerLevels != null && this.powerLevels.get("notifications") instanceof Map<?, ?> levels
					&& levels.get(key) instanceof Number level) {
				return level.intValue();
			}
			return 50;
		}

	}

	/**
	 * What a rule's actions say: whether to notify, and whether to highlight.
	 *
	 * @param notifies the actions contain {@code notify}
	 * @param highlights the actions set the {@code highlight} tweak (to {@code true} or without a
	 * value)
	 */
	public record Actions(boolean notifies, boolean highlights) {

		/** No notification. */
		public static final Actions NONE = new Actions(false, false);

		static Actions of(@Nullable Object actions) {
			boolean notify = false;
			boolean highlight = false;
			if (actions instanceof List<?> list) {
				for (Object action : list) {
					if ("notify".equals(action)) {
						notify = true;
					}
					else if (action instanceof Map<?, ?> tweak && "highlight".equals(tweak.get("set_tweak"))) {
						highlight = !tweak.containsKey("value") || Boolean.TRUE.equals(tweak.get("value"));
					}
				}
			}
			return new Actions(notify, highlight);
		}

	}

}
