package org.modulehost.homeserver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /search} over real HTTP: words found by prefix in the rooms the searcher is joined
 * to, history visibility, redactions, ordering and paging, context, and bad input.
 */
@TestPropertySource(properties = { "homeserver.search.ratelimit.per-second=1000",
		"homeserver.search.ratelimit.burst-count=1000" })
class SearchTests extends HomeserverTestSupport {

	@Test
	void aWordPrefixFindsMessagesOfJoinedRoomsOnlyWithCountAndHighlights() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String mine = alice.createRoom(Map.of("name", "Tea"));
		String theirs = bob.createRoom(Map.of("preset", "public_chat"));
		String found = alice.sendMessage(mine, "A Wonderful tea party, wonderland style");
		alice.sendMessage(mine, "nothing to see");
		bob.sendMessage(theirs, "wonderful things elsewhere");

		MatrixClient.Response response = search(alice, Map.of("search_term", "wonder"));

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		Map<String, Object> events = roomEvents(response);
		assertThat(events).containsEntry("count", 1);
		assertThat(eventIds(events)).containsExactly(found);
		assertThat(strings(events.get("highlights"))).containsExactlyInAnyOrder("Wonderful", "wonderland");
		assertThat(events).doesNotContainKey("next_batch");
	}

	@Test
	void everyWordMustMatchAndRoomNamesAndTopicsAreSearchedByKey() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String room = alice.createRoom(Map.of("name", "Quokka lounge", "topic", "marsupial chat"));
		String both = alice.sendMessage(room, "quokka and marsupial");
		alice.sendMessage(room, "only quokka");

		assertThat(eventIds(roomEvents(search(alice, Map.of("search_term", "QUOKKA marsu", "keys",
				List.of("content.body")))))).containsExactly(both);
		List<String> names = eventIds(roomEvents(search(alice, Map.of("search_term", "quokka", "keys",
				List.of("content.name")))));
		assertThat(names).hasSize(1);
		List<String> topics = eventIds(roomEvents(search(alice, Map.of("search_term", "marsupial", "keys",
				List.of("content.topic")))));
		assertThat(topics).hasSize(1).doesNotContain(both);
	}

	@Test
	void eventsTheSearcherCouldNotSeeAreLeftOut() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String room = alice.createRoom(Map.of("preset", "public_chat", "initial_state",
				List.of(Map.of("type", "m.room.history_visibility", "state_key", "", "content",
						Map.of("history_visibility", "joined")))));
		alice.sendMessage(room, "secret before bob");
		assertThat(bob.join(room).status()).isEqualTo(200);
		String after = alice.sendMessage(room, "secret after bob");

		Map<String, Object> events = roomEvents(search(bob, Map.of("search_term", "secret")));

		assertThat(eventIds(events)).containsExactly(after);
		assertThat(roomEvents(search(client().register(MatrixClient.unique("carol")),
				Map.of("search_term", "secret")))).containsEntry("count", 0);
	}

	@Test
	void aRedactedMessageLeavesTheIndex() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String room = alice.createRoom(Map.of());
		String message = alice.sendMessage(room, "regrettable remark");
		assertThat(eventIds(roomEvents(search(alice, Map.of("search_term", "regrettable"))))).containsExactly(message);

		MatrixClient.Response redaction = alice.put("/_matrix/client/v3/rooms/" + MatrixClient.encode(room) + "/redact/"
				+ MatrixClient.encode(message) + "/" + MatrixClient.nextTxn(), Map.of());
		assertThat(redaction.status()).as(redaction.toString()).isEqualTo(200);

		assertThat(roomEvents(search(alice, Map.of("search_term", "regrettable")))).containsEntry("count", 0);
	}

	@Test
	void recentOrderPagesThroughEveryResultNewestFirst() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String room = alice.createRoom(Map.of());
		List<String> sent = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			sent.add(alice.sendMessage(room, "pager number " + i));
		}
		List<String> seen = new ArrayList<>();
		String next = null;
		int pages = 0;
		do {
			MatrixClient.Response page = alice.post("/_matrix/client/v3/search"
					+ ((next != null) ? "?next_batch=" + MatrixClient.encode(next) : ""),
					body(Map.of("search_term", "pager", "order_by", "recent", "filter", Map.of("limit", 2))));
			assertThat(page.status()).as(page.toString()).isEqualTo(200);
			Map<String, Object> events = roomEvents(page);
			seen.addAll(eventIds(events));
			next = (String) events.get("next_batch");
			pages++;
		}
		while (next != null && pages < 10);
		assertThat(seen).containsExactlyElementsOf(reversed(sent));
	}

	@Test
	void rankOrderPagesThroughEveryResultBestFirst() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String room = alice.createRoom(Map.of());
		String best = alice.sendMessage(room, "kiwi kiwi kiwi");
		for (int i = 0; i < 4; i++) {
			alice.sendMessage(room, "kiwi with many other words around it number " + i);
		}
		List<String> seen = new ArrayList<>();
		String next = null;
		do {
			MatrixClient.Response page = alice.post("/_matrix/client/v3/search"
					+ ((next != null) ? "?next_batch=" + MatrixClient.encode(next) : ""),
					body(Map.of("search_term", "kiwi", "filter", Map.of("limit", 2))));
			assertThat(page.status()).as(page.toString()).isEqualTo(200);
			seen.addAll(eventIds(roomEvents(page)));
			next = (String) roomEvents(page).get("next_batch");
		}
		while (next != null && seen.size() < 20);
		assertThat(seen).hasSize(5).doesNotHaveDuplicates().first().isEqualTo(best);
	}

	@Test
	void eventContextBringsTheNeighboursAndTheSendersProfiles() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String room = alice.createRoom(Map.of());
		String before = alice.sendMessage(room, "first");
		alice.sendMessage(room, "the needle");
		String after = alice.sendMessage(room, "last");

		Map<String, Object> events = roomEvents(search(alice, Map.of("search_term", "needle", "event_context",
				Map.of("before_limit", 1, "after_limit", 1, "include_profile", true))));

		@SuppressWarnings("unchecked")
		Map<String, Object> context = (Map<String, Object>) results(events).get(0).get("context");
		assertThat(ids(context.get("events_before"))).containsExactly(before);
		assertThat(ids(context.get("events_after"))).containsExactly(after);
		assertThat(context).containsKeys("start", "end");
		assertThat(strings(new ArrayList<>(((Map<?, ?>) context.get("profile_info")).keySet())))
			.containsExactly(alice.userId());
	}

	@Test
	void anEmptyOrPunctuationOnlyTermIsRefused() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		for (String term : List.of("", "   ", "!?.,;:'\"&|*()")) {
			MatrixClient.Response response = search(alice, Map.of("search_term", term));
			assertThat(response.status()).as(term).isEqualTo(400);
			assertThat(response.errcode()).isEqualTo("M_INVALID_PARAM");
		}
	}

	@Test
	void searchSyntaxAndSqlInTheTermAreSearchedAsPlainWords() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String room = alice.createRoom(Map.of());
		String message = alice.sendMessage(room, "drop table plans");
		for (String term : List.of("drop' & !table:* | (", "drop\\ <-> table%_", "drop:* & table", "%drop%")) {
			MatrixClient.Response response = search(alice, Map.of("search_term", term));
			assertThat(response.status()).as(term + " " + response).isEqualTo(200);
			assertThat(eventIds(roomEvents(response))).as(term).containsExactly(message);
		}
		MatrixClient.Response injection = search(alice, Map.of("search_term", "'); DROP TABLE hs_events; --"));
		assertThat(injection.status()).as(injection.toString()).isEqualTo(200);
		assertThat(roomEvents(injection)).containsEntry("count", 0);
		assertThat(alice.get("/_matrix/client/v3/rooms/" + MatrixClient.encode(room) + "/event/"
				+ MatrixClient.encode(message)).status()).isEqualTo(200);
	}

	@Test
	void badKeysOrderTokensAndOverlongTermsAreRefused() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		assertError(search(alice, Map.of("search_term", "x", "keys", List.of("content.url"))), 400, "M_INVALID_PARAM");
		assertError(search(alice, Map.of("search_term", "x", "order_by", "oldest")), 400, "M_INVALID_PARAM");
		assertError(search(alice, Map.of("search_term", "x".repeat(257))), 400, "M_INVALID_PARAM");
		assertError(search(alice, Map.of("search_term", "a b c d e f g h i j k l m n o p q")), 400, "M_INVALID_PARAM");
		assertError(alice.post("/_matrix/client/v3/search?next_batch=garbage", body(Map.of("search_term", "x"))), 400,
				"M_INVALID_PARAM");
		assertError(alice.post("/_matrix/client/v3/search", Map.of()), 400, "M_MISSING_PARAM");
		assertError(alice.post("/_matrix/client/v3/search", Map.of("search_categories",
				Map.of("room_events", Map.of()))), 400, "M_MISSING_PARAM");
		assertError(client().post("/_matrix/client/v3/search", body(Map.of("search_term", "x"))), 401,
				"M_MISSING_TOKEN");
	}

	private static void assertError(MatrixClient.Response response, int status, String errcode) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.errcode()).as(response.toString()).isEqualTo(errcode);
	}

	static MatrixClient.Response search(MatrixClient client, Map<String, Object> roomEvents) {
		return client.post("/_matrix/client/v3/search", body(roomEvents));
	}

	static Map<String, Object> body(Map<String, Object> roomEvents) {
		return Map.of("search_categories", Map.of("room_events", new HashMap<>(roomEvents)));
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> roomEvents(MatrixClient.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return (Map<String, Object>) response.map("search_categories").get("room_events");
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> results(Map<String, Object> roomEvents) {
		return (List<Map<String, Object>>) roomEvents.get("results");
	}

	@SuppressWarnings("unchecked")
	static List<String> eventIds(Map<String, Object> roomEvents) {
		return results(roomEvents).stream()
			.map((result) -> (String) ((Map<String, Object>) result.get("result")).get("event_id"))
			.toList();
	}

	@SuppressWarnings("unchecked")
	private static List<String> strings(Object values) {
		return (List<String>) values;
	}

	private static List<String> reversed(List<String> list) {
		List<String> copy = new ArrayList<>(list);
		java.util.Collections.reverse(copy);
		return copy;
	}

	@SuppressWarnings("unchecked")
	private static List<String> ids(Object events) {
		return ((List<Map<String, Object>>) events).stream().map((event) -> (String) event.get("event_id")).toList();
	}

}
