package org.modulehost.homeserver;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PushRulesTests extends HomeserverTestSupport {

	private static final String RULES = "/_matrix/client/v3/pushrules/";

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> kind(MatrixClient.Response response, String kind) {
		Map<String, Object> global = (Map<String, Object>) response.body().get("global");
		return (List<Map<String, Object>>) global.get(kind);
	}

	private static List<Object> ids(List<Map<String, Object>> rules) {
		return rules.stream().map((rule) -> rule.get("rule_id")).toList();
	}

	@Test
	void aNewUserHasThePredefinedRulesWithTheirLocalpartFilledIn() {
		String name = MatrixClient.unique("alice");
		MatrixClient alice = client().register(name);
		MatrixClient.Response response = alice.get(RULES);
		assertThat(response.status()).isEqualTo(200);
		assertThat(ids(kind(response, "override"))).containsExactly(".m.rule.master", ".m.rule.suppress_notices",
				".m.rule.invite_for_me", ".m.rule.member_event", ".m.rule.is_user_mention",
				".m.rule.contains_display_name", ".m.rule.is_room_mention", ".m.rule.roomnotif",
				".m.rule.tombstone", ".m.rule.reaction", ".m.rule.room.server_acl", ".m.rule.suppress_edits");
		assertThat(kind(response, "content")).singleElement()
			.satisfies((rule) -> assertThat(rule).containsEntry("rule_id", ".m.rule.contains_user_name")
				.containsEntry("pattern", name)
				.containsEntry("default", true)
				.containsEntry("enabled", true));
		assertThat(kind(response, "room")).isEmpty();
		assertThat(kind(response, "sender")).isEmpty();
		assertThat(ids(kind(response, "underride"))).containsExactly(".m.rule.call",
				".m.rule.encrypted_room_one_to_one", ".m.rule.room_one_to_one", ".m.rule.message",
				".m.rule.encrypted");
		assertThat(kind(response, "override").get(0)).containsEntry("enabled", false)
			.containsEntry("actions", List.of());
		assertThat(alice.get(RULES + "global/").body()).containsOnlyKeys("override", "content", "room", "sender",
				"underride");
		MatrixClient.Response invite = alice.get(RULES + "global/override/.m.rule.invite_for_me");
		assertThat(invite.status()).isEqualTo(200);
		assertThat(invite.text()).contains(alice.userId());
		assertThat(alice.get(RULES + "global/override/.m.rule.master/enabled").body())
			.isEqualTo(Map.of("enabled", false));
		assertThat(alice.get(RULES + "global/underride/.m.rule.message/actions").body())
			.isEqualTo(Map.of("actions", List.of("notify")));
	}

	@Test
	void aUserAddsOrdersAndDeletesTheirOwnRules() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		assertThat(alice.put(RULES + "global/content/cake", Map.of("pattern", "cake*", "actions", List.of("notify")))
			.status()).isEqualTo(200);
		assertThat(alice.put(RULES + "global/content/pie?before=cake",
				Map.of("pattern", "pie", "actions", List.of("notify", Map.of("set_tweak", "highlight"))))
			.status()).isEqualTo(200);
		assertThat(alice.put(RULES + "global/content/tart?after=cake", Map.of("pattern", "tart", "actions", List.of()))
			.status()).isEqualTo(200);
		assertThat(ids(kind(alice.get(RULES), "content"))).containsExactly("pie", "cake", "tart",
				".m.rule.contains_user_name");
		assertThat(alice.get(RULES + "global/content/cake").body()).containsEntry("pattern", "cake*")
			.containsEntry("default", false)
			.containsEntry("enabled", true);
		assertThat(alice.put(RULES + "global/content/cake/enabled", Map.of("enabled", false)).status())
			.isEqualTo(200);
		assertThat(alice.get(RULES + "global/content/cake/enabled").body()).isEqualTo(Map.of("enabled", false));
		assertThat(alice.delete(RULES + "global/content/cake").status()).isEqualTo(200);
		MatrixClient.Response gone = alice.get(RULES + "global/content/cake");
		assertThat(gone.status()).isEqualTo(404);
		assertThat(gone.errcode()).isEqualTo("M_NOT_FOUND");
		String room = "!abc:localhost";
		assertThat(alice.put(RULES + "global/room/" + MatrixClient.encode(room), Map.of("actions", List.of()))
			.status()).isEqualTo(200);
		assertThat(ids(kind(alice.get(RULES), "room"))).containsExactly(room);
	}

	@Test
	void thePredefinedRulesCanBeSwitchedAndGivenOtherActionsButNotDeleted() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		assertThat(alice.put(RULES + "global/override/.m.rule.master/enabled", Map.of("enabled", true)).status())
			.isEqualTo(200);
		assertThat(alice.put(RULES + "global/underride/.m.rule.message/actions", Map.of("actions", List.of()))
			.status()).isEqualTo(200);
		MatrixClient.Response rules = alice.get(RULES);
		assertThat(kind(rules, "override").get(0)).containsEntry("enabled", true);
		assertThat(kind(rules, "underride").get(3)).containsEntry("rule_id", ".m.rule.message")
			.containsEntry("actions", List.of());
		MatrixClient.Response delete = alice.delete(RULES + "global/override/.m.rule.master");
		assertThat(delete.status()).isEqualTo(404);
		assertThat(delete.errcode()).isEqualTo("M_NOT_FOUND");
		MatrixClient.Response replace = alice.put(RULES + "global/override/.m.rule.master",
				Map.of("conditions", List.of(), "actions", List.of()));
		assertThat(replace.status()).isEqualTo(400);
		assertThat(replace.errcode()).isEqualTo("M_UNKNOWN");
	}

	@Test
	void hostileRequestsAreRefusedWithTheRightError() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		assertThat(alice.put(RULES + "global/content/secret", Map.of("pattern", "x", "actions", List.of()))
			.status()).isEqualTo(200);
		// Push rules are addressed by the access token only: Bob never sees nor deletes Alice's rule.
		assertThat(bob.get(RULES + "global/content/secret").status()).isEqualTo(404);
		assertThat(bob.delete(RULES + "global/content/secret").status()).isEqualTo(404);
		assertThat(alice.get(RULES + "global/content/secret").status()).isEqualTo(200);
		assertThat(client().anonymous().get(RULES).status()).isEqualTo(401);

		MatrixClient.Response badKind = alice.put(RULES + "global/sideways/x", Map.of("actions", List.of()));
		assertThat(badKind.status()).isEqualTo(400);
		assertThat(badKind.errcode()).isEqualTo("M_UNRECOGNIZED");
		MatrixClient.Response badScope = alice.get(RULES + "device/content/secret");
		assertThat(badScope.status()).isEqualTo(400);
		assertThat(badScope.errcode()).isEqualTo("M_UNRECOGNIZED");
		MatrixClient.Response noPattern = alice.put(RULES + "global/content/x", Map.of("actions", List.of()));
		assertThat(noPattern.status()).isEqualTo(400);
		assertThat(noPattern.errcode()).isEqualTo("M_UNKNOWN");
		MatrixClient.Response badPattern = alice.put(RULES + "global/content/x",
				Map.of("pattern", 42, "actions", List.of()));
		assertThat(badPattern.status()).isEqualTo(400);
		assertThat(badPattern.errcode()).isEqualTo("M_UNKNOWN");
		MatrixClient.Response badAction = alice.put(RULES + "global/content/x",
				Map.of("pattern", "x", "actions", List.of("explode")));
		assertThat(badAction.status()).isEqualTo(400);
		assertThat(badAction.errcode()).isEqualTo("M_UNKNOWN");
		MatrixClient.Response dotted = alice.put(RULES + "global/override/.mine",
				Map.of("conditions", List.of(), "actions", List.of()));
		assertThat(dotted.status()).isEqualTo(400);
		assertThat(dotted.errcode()).isEqualTo("M_UNKNOWN");
		MatrixClient.Response longId = alice.put(RULES + "global/override/" + "r".repeat(256),
				Map.of("conditions", List.of(), "actions", List.of()));
		assertThat(longId.status()).isEqualTo(400);
		assertThat(longId.errcode()).isEqualTo("M_INVALID_PARAM");
		MatrixClient.Response unknownBefore = alice.put(RULES + "global/content/y?before=nothing",
				Map.of("pattern", "y", "actions", List.of()));
		assertThat(unknownBefore.status()).isEqualTo(400);
		assertThat(unknownBefore.errcode()).isEqualTo("M_UNKNOWN");
		MatrixClient.Response noEnabled = alice.put(RULES + "global/content/secret/enabled", Map.of());
		assertThat(noEnabled.status()).isEqualTo(400);
		assertThat(noEnabled.errcode()).isEqualTo("M_MISSING_PARAM");
		MatrixClient.Response notJson = alice.raw("PUT", RULES + "global/content/z", "{nope");
		assertThat(notJson.status()).isEqualTo(400);
		assertThat(notJson.errcode()).isEqualTo("M_NOT_JSON");
	}

	@Test
	void thePushRuleStateIsNotWrittenThroughTheAccountDataApi() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		for (String type : List.of("m.push_rules", "org.modulehost.push_rules")) {
			MatrixClient.Response response = alice.put(
					"/_matrix/client/v3/user/" + MatrixClient.encode(alice.userId()) + "/account_data/" + type,
					Map.of("rules", Map.of("override", List.of("garbage"))));
			assertThat(response.status()).isEqualTo(400);
			assertThat(response.errcode()).isEqualTo("M_BAD_JSON");
		}
		assertThat(alice.get(RULES).status()).isEqualTo(200);
	}

	@Test
	void aUserHasAtMostFiveHundredRulesOfTheirOwn() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		for (int i = 0; i < 500; i++) {
			assertThat(alice.put(RULES + "global/sender/" + MatrixClient.encode("@s" + i + ":localhost"),
					Map.of("actions", List.of())).status()).isEqualTo(200);
		}
		MatrixClient.Response tooMany = alice.put(RULES + "global/sender/" + MatrixClient.encode("@last:localhost"),
				Map.of("actions", List.of()));
		assertThat(tooMany.status()).isEqualTo(400);
		assertThat(tooMany.errcode()).isEqualTo("M_UNKNOWN");
		assertThat(alice.put(RULES + "global/sender/" + MatrixClient.encode("@s1:localhost"),
				Map.of("actions", List.of("notify"))).status()).isEqualTo(200);
	}

	@Test
	@SuppressWarnings("unchecked")
	void syncDeliversTheRulesAsMPushRulesAndNeverTheStoredState() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient.Response initial = alice.sync(null, 0);
		assertThat(initial.status()).isEqualTo(200);
		assertThat(initial.text()).doesNotContain("org.modulehost.push");
		List<Map<String, Object>> events = (List<Map<String, Object>>) ((Map<String, Object>) initial.body()
			.get("account_data")).get("events");
		assertThat(events).filteredOn((event) -> "m.push_rules".equals(event.get("type"))).singleElement()
			.satisfies((event) -> assertThat(MatrixClient.content(event)).containsKey("global"));
		assertThat(alice.put(RULES + "global/override/.m.rule.master/enabled", Map.of("enabled", true)).status())
			.isEqualTo(200);
		alice.post("/_matrix/client/v3/pushers/set", Map.of("kind", "http", "app_id", "a", "app_display_name", "A",
				"device_display_name", "D", "pushkey", "k", "lang", "en", "data",
				Map.of("url", "https://push.example.org/_matrix/push/v1/notify")));
		MatrixClient.Response next = alice.sync((String) initial.body().get("next_batch"), 0);
		assertThat(next.text()).doesNotContain("org.modulehost.push");
		List<Map<String, Object>> changed = (List<Map<String, Object>>) ((Map<String, Object>) next.body()
			.get("account_data")).get("events");
		Map<String, Object> global = (Map<String, Object>) MatrixClient.content(changed.get(0)).get("global");
		assertThat(((List<Map<String, Object>>) global.get("override")).get(0)).containsEntry("rule_id", ".m.rule.master")
			.containsEntry("enabled", true);
	}

}
