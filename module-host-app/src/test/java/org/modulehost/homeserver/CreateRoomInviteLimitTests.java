package org.modulehost.homeserver;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The invite rate limit counts every invitee of {@code /createRoom}, as it counts {@code /invite}.
 */
@TestPropertySource(properties = { "homeserver.ratelimit.invites.per-second=0.001",
		"homeserver.ratelimit.invites.burst-count=2" })
class CreateRoomInviteLimitTests extends HomeserverTestSupport {

	@Test
	void moreInviteesThanTheLimitAllowsAreRefusedBeforeTheRoomIsCreated() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		List<String> invitees = List.of(client().register(MatrixClient.unique("bob")).userId(),
				client().register(MatrixClient.unique("carol")).userId(),
				client().register(MatrixClient.unique("dave")).userId());
		MatrixClient.Response refused = alice.post("/_matrix/client/v3/createRoom", Map.of("invite", invitees));
		assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
		assertThat(refused.errcode()).isEqualTo("M_UNKNOWN");
		assertThat(alice.get("/_matrix/client/v3/joined_rooms").body().get("joined_rooms")).asList().isEmpty();
	}

	@Test
	void theInviteesOfCreateRoomUseUpTheInviteLimit() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		MatrixClient carol = client().register(MatrixClient.unique("carol"));
		MatrixClient dave = client().register(MatrixClient.unique("dave"));
		String roomId = alice.createRoom(Map.of("invite", List.of(bob.userId(), carol.userId())));
		MatrixClient.Response third = alice.invite(roomId, dave.userId());
		assertThat(third.status()).as(third.toString()).isEqualTo(429);
		assertThat(third.errcode()).isEqualTo("M_LIMIT_EXCEEDED");
	}

}
