package org.modulehost.samples.it;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.modulehost.app.process.HomeserverProcess.Account;
import org.modulehost.samples.it.RunningHomeserver.Server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The auto-accept-invite sample as {@code samples.yml} configures it: a direct-chat invite from
 * a local user is accepted (the invitee joins, and the room is marked in the invitee's
 * {@code m.direct}); other invites wait for the invitee.
 */
@ExtendWith(RunningHomeserver.class)
class AutoAcceptInviteIT {

	private static final String PASSWORD = "correct horse battery staple";

	private static final Duration DEADLINE = Duration.ofSeconds(15);

	@Test
	void anInviteeOfADirectChatEndsUpJoinedWithTheRoomInMDirect(Server server) {
		Account alice = server.register(unique("alice"), PASSWORD);
		Account bob = server.register(unique("bob"), PASSWORD);
		String roomId = createRoom(server, alice);
		assertThat(inviteToDirectChat(server, alice, roomId, bob).statusCode()).isEqualTo(200);
		await().atMost(DEADLINE).untilAsserted(() -> {
			HttpResponse<String> members = server.send("GET",
					"/_matrix/client/v3/rooms/" + encode(roomId) + "/joined_members", null, alice.accessToken());
			assertThat(Server.json(members).path("joined").has(bob.userId())).isTrue();
		});
		await().atMost(DEADLINE).untilAsserted(() -> {
			HttpResponse<String> direct = server.send("GET",
					"/_matrix/client/v3/user/" + encode(bob.userId()) + "/account_data/m.direct", null,
					bob.accessToken());
			assertThat(direct.statusCode()).isEqualTo(200);
			assertThat(Server.json(direct).path(alice.userId()).valueStream().map((room) -> room.asString()))
				.containsExactly(roomId);
		});
	}

	@Test
	void anInviteThatIsNotForADirectChatWaitsForTheInvitee(Server server) {
		Account alice = server.register(unique("alice"), PASSWORD);
		Account carol = server.register(unique("carol"), PASSWORD);
		String plainRoom = createRoom(server, alice);
		String directRoom = createRoom(server, alice);
		assertThat(server.send("POST", "/_matrix/client/v3/rooms/" + encode(plainRoom) + "/invite",
				Map.of("user_id", carol.userId()), alice.accessToken()).statusCode()).isEqualTo(200);
		assertThat(inviteToDirectChat(server, alice, directRoom, carol).statusCode()).isEqualTo(200);
		// the module sees events in order: once the later invite was accepted, the earlier one was seen
		await().atMost(DEADLINE).until(() -> "join".equals(membership(server, alice, directRoom, carol)));
		assertThat(membership(server, alice, plainRoom, carol)).isEqualTo("invite");
	}

	private static String createRoom(Server server, Account creator) {
		HttpResponse<String> created = server.send("POST", "/_matrix/client/v3/createRoom", Map.of(),
				creator.accessToken());
		assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
		return Server.json(created).path("room_id").asString();
	}

	/** Invites as a direct chat: the member event says {@code is_direct}, as clients send it. */
	private static HttpResponse<String> inviteToDirectChat(Server server, Account inviter, String roomId,
			Account invitee) {
		return server.send("PUT", "/_matrix/client/v3/rooms/" + encode(roomId) + "/state/m.room.member/"
				+ encode(invitee.userId()), Map.of("membership", "invite", "is_direct", true), inviter.accessToken());
	}

	private static String membership(Server server, Account observer, String roomId, Account member) {
		HttpResponse<String> response = server.send("GET", "/_matrix/client/v3/rooms/" + encode(roomId)
				+ "/state/m.room.member/" + encode(member.userId()), null, observer.accessToken());
		return Server.json(response).path("membership").asString();
	}

	private static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private static String encode(String segment) {
		return URLEncoder.encode(segment, StandardCharsets.UTF_8);
	}

}
