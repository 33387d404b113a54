package org.modulehost.homeserver;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A join that only changes the member's profile (a display name) is not a new join: the
 * incremental sync carries the new member event and nothing older, as Synapse's (found by the
 * matrix-js-sdk suite in {@code clients/}, which saw every earlier event of the room again).
 */
class SyncProfileChangeTests extends HomeserverTestSupport {

	@Test
	@SuppressWarnings("unchecked")
	void aDisplayNameChangeIsNotANewJoinInTheIncrementalSync() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String roomId = alice.createRoom(Map.of("invite", List.of(bob.userId())));
		assertThat(bob.join(roomId).status()).isEqualTo(200);
		alice.sendMessage(roomId, "before");
		String since = bob.sync(null, 0).string("next_batch");
		MatrixClient.Response renamed = bob.put("/_matrix/client/v3/profile/" + MatrixClient.encode(bob.userId())
				+ "/displayname", Map.of("displayname", "Bob B"));
		assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);

		MatrixClient.Response sync = bob.sync(since, 0);
		assertThat(sync.status()).as(sync.toString()).isEqualTo(200);
		Map<String, Object> room = (Map<String, Object>) ((Map<String, Object>) sync.map("rooms").get("join")).get(roomId);
		Map<String, Object> timeline = (Map<String, Object>) room.get("timeline");
		List<Map<String, Object>> events = (List<Map<String, Object>>) timeline.get("events");
		assertThat(events).as(sync.toString()).singleElement().satisfies((event) -> {
			assertThat(event.get("type")).isEqualTo("m.room.member");
			assertThat(MatrixClient.content(event)).containsEntry("membership", "join")
				.containsEntry("displayname", "Bob B");
		});
		assertThat(timeline.get("limited")).isEqualTo(false);
	}

}
