package org.modulehost.homeserver.users;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.users.PushRuleEvaluator.Actions;
import org.modulehost.homeserver.users.PushRuleEvaluator.RoomContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The spec's predefined push rules, evaluated for the events each is about.
 */
class PushRuleEvaluatorTests {

	private static final String ALICE = "@alice:example.org";

	private static final String BOB = "@bob:example.org";

	private static final String ROOM = "!room:example.org";

	private static final Actions NOTIFY = new Actions(true, false);

	private static final Actions HIGHLIGHT = new Actions(true, true);

	private static final RoomContext GROUP = new RoomContext(3, Map.of(ALICE, "Alice Liddell"),
			Map.of("users", Map.of(BOB, 50)), BOB);

	private static final RoomContext ONE_TO_ONE = new RoomContext(2, Map.of(), null, BOB);

	private static Event event(String type, Map<String, Object> content) {
		return new Event("$event", ROOM, BOB, type, null, content, 0, Map.of());
	}

	private static Event message(String body) {
		return event("m.room.message", Map.of("msgtype", "m.text", "body", body));
	}

	private static Actions evaluate(Event event, RoomContext room) {
		return PushRuleEvaluator.evaluate(ALICE, Map.of(), event, room);
	}

	@Test
	void aMessageInAGroupNotifiesWithoutHighlight() {
		assertThat(evaluate(message("hello"), GROUP)).isEqualTo(NOTIFY);
	}

	@Test
	void aMessageInAOneToOneRoomNotifies() {
		assertThat(evaluate(message("hello"), ONE_TO_ONE)).isEqualTo(NOTIFY);
		assertThat(evaluate(event("m.room.encrypted", Map.of("algorithm", "x")), ONE_TO_ONE)).isEqualTo(NOTIFY);
	}

	@Test
	void encryptedEventsAndCallsNotify() {
		assertThat(evaluate(event("m.room.encrypted", Map.of()), GROUP)).isEqualTo(NOTIFY);
		assertThat(evaluate(event("m.call.invite", Map.of()), GROUP)).isEqualTo(NOTIFY);
	}

	@Test
	void aMentionOfTheUserHighlights() {
		Event mention = event("m.room.message",
				Map.of("body", "hi", "m.mentions", Map.of("user_ids", List.of(ALICE))));
		assertThat(evaluate(mention, GROUP)).isEqualTo(HIGHLIGHT);
	}

	@Test
	void theDisplayNameOrLocalpartInTheBodyHighlightWithoutMentions() {
		assertThat(evaluate(message("Thanks, alice liddell!"), GROUP)).isEqualTo(HIGHLIGHT);
		assertThat(evaluate(message("ALICE: look"), GROUP)).isEqualTo(HIGHLIGHT);
		assertThat(evaluate(message("malice aforethought"), GROUP)).isEqualTo(NOTIFY);
	}

	@Test
	void anEventWithMentionsSkipsTheLegacyRules() {
		Event event = event("m.room.message", Map.of("body", "alice @room", "m.mentions", Map.of()));
		assertThat(evaluate(event, GROUP)).isEqualTo(NOTIFY);
	}

	@Test
	void aRoomMentionHighlightsOnlyFromASenderWithThePower() {
		Event roomMention = event("m.room.message", Map.of("body", "all", "m.mentions", Map.of("room", true)));
		assertThat(evaluate(roomMention, GROUP)).isEqualTo(HIGHLIGHT);
		RoomContext powerless = new RoomContext(3, Map.of(), Map.of("users", Map.of()), BOB);
		assertThat(evaluate(roomMention, powerless)).isEqualTo(NOTIFY);
		assertThat(evaluate(message("@room meeting"), GROUP)).isEqualTo(HIGHLIGHT);
		assertThat(evaluate(message("@room meeting"), powerless)).isEqualTo(NOTIFY);
	}

	@Test
	void noticesReactionsEditsAndMemberEventsDoNotNotify() {
		assertThat(evaluate(event("m.room.message", Map.of("msgtype", "m.notice", "body", "alice")), GROUP))
			.isEqualTo(Actions.NONE);
		assertThat(evaluate(event("m.reaction", Map.of()), GROUP)).isEqualTo(Actions.NONE);
		Event edit = event("m.room.message",
				Map.of("body", "* fixed", "m.relates_to", Map.of("rel_type", "m.replace", "event_id", "$e")));
		assertThat(evaluate(edit, GROUP)).isEqualTo(Actions.NONE);
		Event join = new Event("$join", ROOM, BOB, "m.room.member", BOB, Map.of("membership", "join"), 0, Map.of());
		assertThat(evaluate(join, GROUP)).isEqualTo(Actions.NONE);
	}

	@Test
	void anInviteForTheUserNotifiesAndATombstoneHighlights() {
		Event invite = new Event("$invite", ROOM, BOB, "m.room.member", ALICE, Map.of("membership", "invite"), 0,
				Map.of());
		assertThat(evaluate(invite, GROUP)).isEqualTo(NOTIFY);
		Event tombstone = new Event("$tomb", ROOM, BOB, "m.room.tombstone", "", Map.of("body", "moved"), 0, Map.of());
		assertThat(evaluate(tombstone, GROUP)).isEqualTo(HIGHLIGHT);
	}

	@Test
	void theUsersOwnRulesComeBeforeThePredefinedOnesOfTheirKind() {
		Map<String, Object> stored = new HashMap<>();
		stored.put("rules", Map.of("room", List.of(Map.of("rule_id", ROOM, "enabled", true, "actions", List.of())),
				"content", List.of(Map.of("rule_id", "cake", "enabled", true, "pattern", "cake*",
						"actions", List.of("notify", Map.of("set_tweak", "highlight", "value", false))))));
		assertThat(PushRuleEvaluator.evaluate(ALICE, stored, message("hello"), GROUP)).isEqualTo(Actions.NONE);
		assertThat(PushRuleEvaluator.evaluate(ALICE, stored, message("cakes for all"), GROUP)).isEqualTo(NOTIFY);
	}

	@Test
	void theMasterRuleWhenEnabledSilencesEverything() {
		Map<String, Object> stored = Map.of("predefined", Map.of(".m.rule.master", Map.of("enabled", true)));
		Event mention = event("m.room.message", Map.of("body", "hi", "m.mentions", Map.of("user_ids", List.of(ALICE))));
		assertThat(PushRuleEvaluator.evaluate(ALICE, stored, mention, GROUP)).isEqualTo(Actions.NONE);
	}

	@Test
	void roomMemberCountComparesWithEachOperator() {
		for (String is : List.of("3", "==3", ">2", ">=3", "<4", "<=3")) {
			Map<String, Object> stored = Map.of("rules", Map.of("override", List.of(Map.of("rule_id", "count",
					"enabled", true, "conditions", List.of(Map.of("kind", "room_member_count", "is", is)),
					"actions", List.of("notify", Map.of("set_tweak", "highlight"))))));
			assertThat(PushRuleEvaluator.evaluate(ALICE, stored, event("m.custom", Map.of()), GROUP)).as(is)
				.isEqualTo(HIGHLIGHT);
		}
	}

	@Test
	void theRoomNotificationRuleListsItsConditionsAsTheSpecDoes() {
		Map<String, Object> roomnotif = PredefinedPushRules.overrideLast(ALICE)
			.stream()
			.filter((rule) -> ".m.rule.roomnotif".equals(rule.get("rule_id")))
			.findFirst()
			.orElseThrow();
		assertThat(roomnotif.get("conditions")).isEqualTo(List.of(
				Map.of("kind", "event_match", "key", "content.body", "pattern", "@room"),
				Map.of("kind", "sender_notification_permission", "key", "room")));
	}

}
