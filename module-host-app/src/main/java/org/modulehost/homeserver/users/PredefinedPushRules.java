package org.modulehost.homeserver.users;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server-default push rules of the client-server spec's "Push Notifications" module, built
 * for one user (the rules that name the user carry their id or localpart).
 */
final class PredefinedPushRules {

	private PredefinedPushRules() {
	}

	private static final Map<String, Object> HIGHLIGHT = Map.of("set_tweak", "highlight");

	private static final Map<String, Object> SOUND_DEFAULT = Map.of("set_tweak", "sound", "value", "default");

	private static Map<String, Object> eventMatch(String key, String pattern) {
		return Map.of("kind", "event_match", "key", key, "pattern", pattern);
	}

	private static Map<String, Object> rule(String id, boolean enabled, List<Object> conditions, List<Object> actions) {
		Map<String, Object> rule = new LinkedHashMap<>();
		rule.put("rule_id", id);
		rule.put("default", true);
		rule.put("enabled", enabled);
		rule.put("conditions", conditions);
		rule.put("actions", actions);
		return rule;
	}

	/** The override rules that come before the user's own override rules. */
	static List<Map<String, Object>> overrideFirst() {
		return new ArrayList<>(List.of(rule(".m.rule.master", false, List.of(), List.of())));
	}

	/** The override rules that come after the user's own override rules. */
	static List<Map<String, Object>> overrideLast(String userId) {
		List<Map<String, Object>> rules = new ArrayList<>();
		rules.add(rule(".m.rule.suppress_notices", true, List.of(eventMatch("content.msgtype", "m.notice")),
				List.of()));
		rules.add(rule(".m.rule.invite_for_me", true,
				List.of(eventMatch("type", "m.room.member"), eventMatch("content.membership", "invite"),
						eventMatch("state_key", userId)),
				List.of("notify", SOUND_DEFAULT)));
		rules.add(rule(".m.rule.member_event", true, List.of(eventMatch("type", "m.room.member")), List.of()));
		rules.add(rule(".m.rule.is_user_mention", true,
				List.of(Map.of("kind", "event_property_contains", "key", "content.m\\.mentions.user_ids", "value",
						userId)),
				List.of("notify", SOUND_DEFAULT, HIGHLIGHT)));
		rules.add(rule(".m.rule.contains_display_name", true, List.of(Map.of("kind", "contains_display_name")),
				List.of("notify", SOUND_DEFAULT, HIGHLIGHT)));
		rules.add(rule(".m.rule.is_room_mention", true,
				List.of(Map.of("kind", "event_property_is", "key", "content.m\\.mentions.room", "value", true),
						Map.of("kind", "sender_notification_permission", "key", "room")),
				List.of("notify", HIGHLIGHT)));
		rules.add(rule(".m.rule.roomnotif", true,
				List.of(eventMatch("content.body", "@room"),
						Map.of("kind", "sender_notification_permission", "key", "room")),
				List.of("notify", HIGHLIGHT)));
		rules.add(rule(".m.rule.tombstone", true,
				List.of(eventMatch("type", "m.room.tombstone"), eventMatch("state_key", "")),
				List.of("notify", HIGHLIGHT)));
		rules.add(rule(".m.rule.reaction", true, List.of(eventMatch("type", "m.reaction")), List.of()));
		rules.add(rule(".m.rule.room.server_acl", true,
				List.of(eventMatch("type", "m.room.server_acl"), eventMatch("state_key", "")), List.of()));
		rules.add(rule(".m.rule.suppress_edits", true,
				List.of(Map.of("kind", "event_property_is", "key", "content.m\\.relates_to.rel_type", "value",
						"m.replace")),
				List.of()));
		return rules;
	}

	/** The content rules, after the user's own. */
	static List<Map<String, Object>> content(String localpart) {
		Map<String, Object> rule = new LinkedHashMap<>();
		rule.put("rule_id", ".m.rule.contains_user_name");
		rule.put("default", true);
		rule.put("enabled", true);
		rule.put("pattern", localpart);
		rule.put("actions", List.of("notify", SOUND_DEFAULT, HIGHLIGHT));
		return new ArrayList<>(List.of(rule));
	}

	/** The underride rules, after the user's own. */
	static List<Map<String, Object>> underride() {
		Map<String, Object> twoMembers = Map.of("kind", "room_member_count", "is", "2");
		List<Map<String, Object>> rules = new ArrayList<>();
		rules.add(rule(".m.rule.call", true, List.of(eventMatch("type", "m.call.invite")),
				List.of("notify", Map.of("set_tweak", "sound", "value", "ring"))));
		rules.add(rule(".m.rule.encrypted_room_one_to_one", true,
				List.of(twoMembers, eventMatch("type", "m.room.encrypted")), List.of("notify", SOUND_DEFAULT)));
		rules.add(rule(".m.rule.room_one_to_one", true, List.of(twoMembers, eventMatch("type", "m.room.message")),
				List.of("notify", SOUND_DEFAULT)));
		rules.add(rule(".m.rule.message", true, List.of(eventMatch("type", "m.room.message")), List.of("notify")));
		rules.add(rule(".m.rule.encrypted", true, List.of(eventMatch("type", "m.room.encrypted")),
				List.of("notify")));
		return rules;
	}

}
