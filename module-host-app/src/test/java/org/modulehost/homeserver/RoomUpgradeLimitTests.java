package org.modulehost.homeserver;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Room upgrades count against the room creation limit ({@code rc_room_creation}) that
 * {@code /createRoom} uses, as Synapse's {@code creation_ratelimiter}.
 */
@TestPropertySource(properties = { "homeserver.ratelimit.room-creation.per-second=0.0001",
		"homeserver.ratelimit.room-creation.burst-count=2" })
class RoomUpgradeLimitTests extends HomeserverTestSupport {

	@Test
	void upgradesAndCreationsShareOneLimit() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		String path = "/_matrix/client/v3/rooms/" + MatrixClient.encode(roomId) + "/upgrade";
		MatrixClient.Response first = alice.post(path, Map.of("new_version", "11"));
		assertThat(first.status()).as(first.toString()).isEqualTo(200);
		String replacement = first.string("replacement_room");
		MatrixClient.Response second = alice.post("/_matrix/client/v3/rooms/" + MatrixClient.encode(replacement)
				+ "/upgrade", Map.of("new_version", "11"));
		assertThat(second.status()).isEqualTo(429);
		assertThat(second.errcode()).isEqualTo("M_LIMIT_EXCEEDED");
		assertThat(alice.post("/_matrix/client/v3/createRoom", Map.of()).status()).isEqualTo(429);
	}

}
