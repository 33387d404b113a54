package org.modulehost.homeserver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * History visibility, as Synapse's {@code filter_events_for_client} enforces it, over every
 * endpoint that hands events to a user. Each room has this history, one room per visibility:
 *
 * <pre>
 * C   the events of the room's creation (under the default history visibility, shared)
 * H   m.room.history_visibility set to the visibility under test
 * Nb  m.room.name "before"
 * m0  a message
 * Lj  "left" joins
 * m1  a message
 * Iv  "invited" is invited (and never joins)
 * m2  a message
 * Ll  "left" leaves
 * Na  m.room.name "after"
 * m3  a message
 * Gj  "later" joins
 * m4  a message
 * </pre>
 *
 * and "never" never had a membership. The expectations below are Synapse's answers. A
 * visibility the server does not understand counts as {@code shared}.
 */
class HistoryVisibilityTests extends HomeserverTestSupport {

	private static final String ALL = "C H Nb m0 Lj m1 Iv m2 Ll Na m3 Gj m4";

	private static final String NOT_CREATION = "H Nb m0 Lj m1 Iv m2 Ll Na m3 Gj m4";

	private static final String[] NAMES = "H Nb m0 Lj m1 Iv m2 Ll Na m3 Gj m4".split(" ");

	private static final String TIMELINE_50 = "{\"room\":{\"timeline\":{\"limit\":50}}}";

	private static final Map<String, Room> rooms = new ConcurrentHashMap<>();

	private Room room(String visibility) {
		return rooms.computeIfAbsent(this.port + visibility, (key) -> build(visibility));
	}

	@ParameterizedTest
	@ValueSource(strings = { "world_readable", "shared", "invited", "joined", "org.example.unknown" })
	void messagesReturnExactlyTheEventsTheUserMaySee(String visibility) {
		Room room = room(visibility);
		boolean open = isShared(visibility) || visibility.equals("world_readable");
		assertThat(messages(room.later, room)).isEqualTo(room.ids(open ? ALL : "C H Gj m4"));
		assertThat(messages(room.left, room))
			.isEqualTo(room.ids(open ? "C H Nb m0 Lj m1 Iv m2 Ll" : "C H Lj m1 Iv m2 Ll"));
		for (MatrixClient outsider : List.of(room.invited, room.never)) {
			if (visibility.equals("world_readable")) {
				assertThat(messages(outsider, room)).isEqualTo(room.ids(NOT_CREATION));
			}
			else {
				assertForbidden(outsider.get(messagesPath(room)));
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "invited", "joined" })
	void paginatingPastHiddenEventsReachesTheVisibleOnesBeforeThem(String visibility) {
		Room room = room(visibility);
		List<String> seen = new ArrayList<>();
		String from = null;
		for (int request = 0; request < 20; request++) {
			MatrixClient.Response response = room.later.get(roomPath(room) + "/messages?dir=b&limit=2"
					+ ((from != null) ? "&from=" + MatrixClient.encode(from) : ""));
			assertThat(response.status()).as(response.toString()).isEqualTo(200);
			assertThat(response.list("chunk")).hasSizeLessThanOrEqualTo(2);
			List<String> page = new ArrayList<>(ids(response.list("chunk")));
			java.util.Collections.reverse(page);
			seen.addAll(0, page);
			from = response.string("end");
			if (from == null) {
				break;
			}
		}
		assertThat(from).isNull();
		assertThat(seen).isEqualTo(room.ids("C H Gj m4"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "world_readable", "shared", "invited", "joined", "org.example.unknown" })
	void singleEventsAreVisibleOnlyWhereTheHistoryVisibilityAllows(String visibility) {
		Room room = room(visibility);
		boolean open = isShared(visibility) || visibility.equals("world_readable");
		boolean world = visibility.equals("world_readable");
		assertThat(readableEvents(room.later, room)).isEqualTo(room.ids(open ? ALL : "C H Gj m4"));
		assertThat(readableEvents(room.left, room)).isEqualTo(room.ids(world ? NOT_CREATION : "Lj m1 Iv m2 Ll"));
		String invitedSees = switch (visibility) {
			case "world_readable" -> NOT_CREATION;
			case "invited" -> "Iv m2 Ll Na m3 Gj m4";
			default -> "";
		};
		assertThat(readableEvents(room.invited, room)).isEqualTo(room.ids(invitedSees));
		assertThat(readableEvents(room.never, room)).isEqualTo(room.ids(world ? NOT_CREATION : ""));
		for (MatrixClient user : room.users()) {
			MatrixClient.Response unknown = user.get(eventPath(room, "$unknown"));
			assertThat(unknown.status()).as(unknown.toString()).isEqualTo(404);
			assertThat(unknown.errcode()).isEqualTo("M_NOT_FOUND");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "world_readable", "shared", "invited", "joined", "org.example.unknown" })
	void aFormerMemberSeesTheStateAsItWasWhenTheyLeft(String visibility) {
		Room room = room(visibility);
		Set<String> current = stateIds(room.alice, room);
		assertThat(stateIds(room.later, room)).isEqualTo(current);
		assertThat(name(room.later, room)).isEqualTo("after");
		Set<String> atLeave = new LinkedHashSet<>(current);
		atLeave.remove(room.id("Gj"));
		atLeave.remove(room.id("Na"));
		atLeave.add(room.id("Nb"));
		assertThat(stateIds(room.left, room)).isEqualTo(atLeave);
		assertThat(name(room.left, room)).isEqualTo("before");
		for (MatrixClient outsider : List.of(room.invited, room.never)) {
			if (visibility.equals("world_readable")) {
				assertThat(stateIds(outsider, room)).isEqualTo(current);
				assertThat(name(outsider, room)).isEqualTo("after");
			}
			else {
				assertForbidden(outsider.get(roomPath(room) + "/state"));
				assertForbidden(outsider.get(roomPath(room) + "/state/m.room.name"));
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "world_readable", "shared", "invited", "joined", "org.example.unknown" })
	void joinedMembersAreForCurrentMembersAndWorldReadableRooms(String visibility) {
		Room room = room(visibility);
		MatrixClient.Response members = room.later.get(roomPath(room) + "/joined_members");
		assertThat(members.status()).as(members.toString()).isEqualTo(200);
		assertThat(members.map("joined")).containsOnlyKeys(room.alice.userId(), room.later.userId());
		assertForbidden(room.left.get(roomPath(room) + "/joined_members"));
		for (MatrixClient outsider : List.of(room.invited, room.never)) {
			MatrixClient.Response response = outsider.get(roomPath(room) + "/joined_members");
			if (visibility.equals("world_readable")) {
				assertThat(response.status()).as(response.toString()).isEqualTo(200);
				assertThat(response.map("joined")).containsOnlyKeys(room.alice.userId(), room.later.userId());
			}
			else {
				assertForbidden(response);
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "world_readable", "shared", "invited", "joined", "org.example.unknown" })
	void aNewMembersFirstSyncShowsOnlyTheHistoryTheyMaySee(String visibility) {
		Room room = room(visibility);
		boolean open = isShared(visibility) || visibility.equals("world_readable");
		MatrixClient.Response sync = sync(room.later, null);
		// Events of the current state are always in the timeline, as Synapse's sync does.
		assertThat(ids(timeline(sync, "join", room))).isEqualTo(room.ids(open ? ALL : "C H Iv Ll Na Gj m4"));
		assertThat(ids(roomSection(sync, "join", room).get("state"))).isEmpty();
		MatrixClient.Response invited = sync(room.invited, null);
		assertThat(rooms(invited, "invite")).containsKey(room.roomId);
		assertThat(rooms(invited, "join")).doesNotContainKey(room.roomId);
		MatrixClient.Response never = sync(room.never, null);
		for (String section : List.of("join", "invite", "leave")) {
			assertThat(rooms(never, section)).doesNotContainKey(room.roomId);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "world_readable", "shared", "invited", "joined", "org.example.unknown" })
	void theLeaveSectionShowsTheRoomUpToTheLeaveAndNothingAfter(String visibility) {
		Room room = room(visibility);
		MatrixClient.Response sync = sync(room.left, room.leftSince);
		assertThat(rooms(sync, "join")).doesNotContainKey(room.roomId);
		assertThat(ids(timeline(sync, "leave", room))).isEqualTo(room.ids("m1 Iv m2 Ll"));
		assertThat(ids(roomSection(sync, "leave", room).get("state"))).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "world_readable", "shared", "invited", "joined", "org.example.unknown" })
	void aRejoiningMemberSeesWhatHappenedWhileAwayOnlyIfTheVisibilityShares(String visibility) {
		Room room = build(visibility);
		String afterLeave = sync(room.left, null).string("next_batch");
		assertThat(room.left.join(room.roomId).status()).isEqualTo(200);
		MatrixClient.Response sync = sync(room.left, afterLeave);
		List<String> timeline = ids(timeline(sync, "join", room));
		String rejoin = timeline.get(timeline.size() - 1);
		boolean open = isShared(visibility) || visibility.equals("world_readable");
		List<String> expected = new ArrayList<>(room.ids(open ? ALL : "C H Lj m1 Iv m2 Ll Na Gj"));
		expected.add(rejoin);
		assertThat(timeline).isEqualTo(expected);
		// /messages has no "current state is always shown" rule.
		List<String> paginated = new ArrayList<>(room.ids(open ? ALL : "C H Lj m1 Iv m2 Ll"));
		paginated.add(rejoin);
		assertThat(messages(room.left, room)).isEqualTo(paginated);
	}

	/** A value the server does not know counts as {@code shared}. */
	private static boolean isShared(String visibility) {
		return !List.of("world_readable", "invited", "joined").contains(visibility);
	}

	private Room build(String visibility) {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient never = client().register(MatrixClient.unique("never"));
		MatrixClient invited = client().register(MatrixClient.unique("invited"));
		MatrixClient later = client().register(MatrixClient.unique("later"));
		MatrixClient left = client().register(MatrixClient.unique("left"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		String base = "/_matrix/client/v3/rooms/" + MatrixClient.encode(roomId);
		String h = eventId(alice.put(base + "/state/m.room.history_visibility",
				Map.of("history_visibility", visibility)));
		eventId(alice.put(base + "/state/m.room.name", Map.of("name", "before")));
		alice.sendMessage(roomId, "m0");
		assertThat(left.join(roomId).status()).isEqualTo(200);
		String leftSince = sync(left, null).string("next_batch");
		alice.sendMessage(roomId, "m1");
		assertThat(alice.invite(roomId, invited.userId()).status()).isEqualTo(200);
		alice.sendMessage(roomId, "m2");
		assertThat(left.post(base + "/leave", Map.of()).status()).isEqualTo(200);
		eventId(alice.put(base + "/state/m.room.name", Map.of("name", "after")));
		alice.sendMessage(roomId, "m3");
		assertThat(later.join(roomId).status()).isEqualTo(200);
		alice.sendMessage(roomId, "m4");
		MatrixClient.Response all = alice.get(base + "/messages?dir=f&limit=100");
		assertThat(all.status()).as(all.toString()).isEqualTo(200);
		List<String> history = ids(all.list("chunk"));
		int at = history.indexOf(h);
		assertThat(history).hasSize(at + NAMES.length);
		Map<String, String> ids = new LinkedHashMap<>();
		for (int i = 0; i < NAMES.length; i++) {
			ids.put(NAMES[i], history.get(at + i));
		}
		return new Room(roomId, alice, never, invited, later, left, history.subList(0, at), ids, leftSince);
	}

	private static String eventId(MatrixClient.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.string("event_id");
	}

	private static String roomPath(Room room) {
		return "/_matrix/client/v3/rooms/" + MatrixClient.encode(room.roomId);
	}

	private static String messagesPath(Room room) {
		return roomPath(room) + "/messages?dir=b&limit=100";
	}

	private static String eventPath(Room room, String eventId) {
		return roomPath(room) + "/event/" + MatrixClient.encode(eventId);
	}

	/** The events /messages returns, oldest first. */
	private static List<String> messages(MatrixClient user, Room room) {
		MatrixClient.Response response = user.get(messagesPath(room));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		List<String> ids = new ArrayList<>(ids(response.list("chunk")));
		java.util.Collections.reverse(ids);
		return ids;
	}

	/** The events of the room that /event returns to the user; every other one is refused. */
	private static List<String> readableEvents(MatrixClient user, Room room) {
		List<String> readable = new ArrayList<>();
		for (String eventId : room.ids(ALL)) {
			MatrixClient.Response response = user.get(eventPath(room, eventId));
			if (response.status() == 200) {
				assertThat(response.string("event_id")).isEqualTo(eventId);
				readable.add(eventId);
			}
			else {
				assertForbidden(response);
			}
		}
		return readable;
	}

	private static Set<String> stateIds(MatrixClient user, Room room) {
		MatrixClient.Response response = user.get(roomPath(room) + "/state");
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return new LinkedHashSet<>(ids(response.asList()));
	}

	private static Object name(MatrixClient user, Room room) {
		MatrixClient.Response response = user.get(roomPath(room) + "/state/m.room.name");
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.body().get("name");
	}

	private static MatrixClient.Response sync(MatrixClient user, @Nullable String since) {
		String query = "?timeout=0&filter=" + MatrixClient.encode(TIMELINE_50)
				+ ((since != null) ? "&since=" + MatrixClient.encode(since) : "");
		MatrixClient.Response response = user.get("/_matrix/client/v3/sync" + query);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> rooms(MatrixClient.Response sync, String section) {
		return (Map<String, Object>) sync.map("rooms").get(section);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> roomSection(MatrixClient.Response sync, String section, Room room) {
		Map<String, Object> entry = (Map<String, Object>) rooms(sync, section).get(room.roomId);
		assertThat(entry).as(section + " has the room: " + sync).isNotNull();
		return entry;
	}

	private static Object timeline(MatrixClient.Response sync, String section, Room room) {
		return roomSection(sync, section, room).get("timeline");
	}

	@SuppressWarnings("unchecked")
	private static List<String> ids(Object eventsOrSection) {
		List<Map<String, Object>> events = (eventsOrSection instanceof Map<?, ?> section)
				? (List<Map<String, Object>>) section.get("events") : (List<Map<String, Object>>) eventsOrSection;
		return events.stream().map((event) -> (String) event.get("event_id")).toList();
	}

	private static void assertForbidden(MatrixClient.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(403);
		assertThat(response.errcode()).isEqualTo("M_FORBIDDEN");
	}

	/**
	 * A room with the history above.
	 */
	private record Room(String roomId, MatrixClient alice, MatrixClient never, MatrixClient invited,
			MatrixClient later, MatrixClient left, List<String> creation, Map<String, String> named,
			String leftSince) {

		String id(String name) {
			return this.named.get(name);
		}

		/** The event IDs of names separated by spaces, {@code C} for the creation events. */
		List<String> ids(String names) {
			List<String> ids = new ArrayList<>();
			for (String name : names.split(" ")) {
				if (name.equals("C")) {
					ids.addAll(this.creation);
				}
				else if (!name.isEmpty()) {
					ids.add(this.named.get(name));
				}
			}
			return ids;
		}

		List<MatrixClient> users() {
			return List.of(this.alice, this.never, this.invited, this.later, this.left);
		}

	}

}
