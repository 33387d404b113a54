package org.modulehost.homeserver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What real clients rely on in {@code /sync} and {@code /messages}: the room summary, an empty
 * {@code from}, and filters.
 */
class RealClientSyncTests extends HomeserverTestSupport {

	@SuppressWarnings("unchecked")
	private static Map<String, Object> joined(MatrixClient.Response sync, String roomId) {
		Map<String, Object> rooms = (Map<String, Object>) sync.map("rooms").get("join");
		return (Map<String, Object>) rooms.get(roomId);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> summary(MatrixClient.Response sync, String roomId) {
		return (Map<String, Object>) joined(sync, roomId).get("summary");
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> section(MatrixClient.Response sync, String roomId, String name) {
		return (List<Map<String, Object>>) ((Map<String, Object>) joined(sync, roomId).get(name)).get("events");
	}

	private static List<Object> types(List<Map<String, Object>> events) {
		List<Object> types = new ArrayList<>();
		events.forEach((event) -> types.add(event.get("type")));
		return types;
	}

	@Test
	void theInitialSyncSummarisesTheRoomWithHeroesAndMemberCounts() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		MatrixClient carol = client().register(MatrixClient.unique("carol"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		assertThat(bob.join(roomId).status()).isEqualTo(200);
		assertThat(alice.invite(roomId, carol.userId()).status()).isEqualTo(200);
		MatrixClient.Response sync = alice.sync(null, 0);
		assertThat(sync.status()).as(sync.toString()).isEqualTo(200);
		Map<String, Object> summary = summary(sync, roomId);
		assertThat(summary).containsEntry("m.joined_member_count", 2).containsEntry("m.invited_member_count", 1);
		assertThat(summary.get("m.heroes")).isEqualTo(List.of(bob.userId(), carol.userId()).stream().sorted().toList());
	}

	@Test
	void anIncrementalSyncSummarisesTheRoomOnlyWhenItsMembersChanged() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		String since = alice.sync(null, 0).string("next_batch");
		alice.sendMessage(roomId, "no member change");
		MatrixClient.Response quiet = alice.sync(since, 0);
		assertThat(summary(quiet, roomId)).isEmpty();
		assertThat(bob.join(roomId).status()).isEqualTo(200);
		MatrixClient.Response changed = alice.sync(quiet.string("next_batch"), 0);
		assertThat(summary(changed, roomId)).containsEntry("m.joined_member_count", 2)
			.containsEntry("m.invited_member_count", 0)
			.containsEntry("m.heroes", List.of(bob.userId()));
	}

	@Test
	void anEmptyFromPaginatesAsIfItWereAbsent() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		alice.sendMessage(roomId, "latest");
		MatrixClient.Response messages = alice
			.get("/_matrix/client/v3/rooms/" + MatrixClient.encode(roomId) + "/messages?dir=b&from=&limit=1");
		assertThat(messages.status()).as(messages.toString()).isEqualTo(200);
		assertThat(messages.list("chunk")).extracting(MatrixClient::body).containsExactly("latest");
	}

}
