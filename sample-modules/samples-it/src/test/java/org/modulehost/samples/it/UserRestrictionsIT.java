package org.modulehost.samples.it;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.modulehost.app.process.HomeserverProcess.Account;
import org.modulehost.samples.it.RunningHomeserver.Server;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The user-restrictions sample as {@code samples.yml} configures it: users whose localpart
 * starts with {@code restricted-} may neither create rooms nor invite, except
 * {@code restricted-inviter-…}, who may invite; everyone else is unaffected.
 */
@ExtendWith(RunningHomeserver.class)
class UserRestrictionsIT {

	private static final String PASSWORD = "correct horse battery staple";

	@Test
	void aRestrictedUserMayNeitherCreateARoomNorInvite(Server server) {
		Account restricted = server.register(unique("restricted"), PASSWORD);
		Account owner = server.register(unique("owner"), PASSWORD);
		Account guest = server.register(unique("guest"), PASSWORD);
		HttpResponse<String> create = server.send("POST", "/_matrix/client/v3/createRoom", Map.of(),
				restricted.accessToken());
		assertThat(create.statusCode()).isEqualTo(403);
		assertThat(Server.json(create).path("errcode").asString()).isEqualTo("M_FORBIDDEN");
		String roomId = publicRoom(server, owner);
		assertThat(join(server, restricted, roomId).statusCode()).isEqualTo(200);
		HttpResponse<String> invite = invite(server, restricted, roomId, guest);
		assertThat(invite.statusCode()).isEqualTo(403);
		assertThat(Server.json(invite).path("errcode").asString()).isEqualTo("M_FORBIDDEN");
	}

	@Test
	void aRestrictedInviterMayInviteButNotCreateARoom(Server server) {
		Account inviter = server.register(unique("restricted-inviter"), PASSWORD);
		Account owner = server.register(unique("owner"), PASSWORD);
		Account guest = server.register(unique("guest"), PASSWORD);
		assertThat(server.send("POST", "/_matrix/client/v3/createRoom", Map.of(), inviter.accessToken()).statusCode())
			.isEqualTo(403);
		String roomId = publicRoom(server, owner);
		assertThat(join(server, inviter, roomId).statusCode()).isEqualTo(200);
		assertThat(invite(server, inviter, roomId, guest).statusCode()).isEqualTo(200);
	}

	@Test
	void otherUsersCreateRoomsAndInvite(Server server) {
		Account owner = server.register(unique("owner"), PASSWORD);
		Account restricted = server.register(unique("restricted"), PASSWORD);
		String roomId = publicRoom(server, owner);
		assertThat(invite(server, owner, roomId, restricted).statusCode()).isEqualTo(200);
	}

	private static String publicRoom(Server server, Account owner) {
		HttpResponse<String> created = server.send("POST", "/_matrix/client/v3/createRoom",
				Map.of("preset", "public_chat"), owner.accessToken());
		assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
		return Server.json(created).path("room_id").asString();
	}

	private static HttpResponse<String> join(Server server, Account account, String roomId) {
		return server.send("POST", "/_matrix/client/v3/join/" + encode(roomId), Map.of(), account.accessToken());
	}

	private static HttpResponse<String> invite(Server server, Account inviter, String roomId, Account invitee) {
		return server.send("POST", "/_matrix/client/v3/rooms/" + encode(roomId) + "/invite",
				Map.of("user_id", invitee.userId()), inviter.accessToken());
	}

	private static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private static String encode(String segment) {
		return URLEncoder.encode(segment, StandardCharsets.UTF_8);
	}

}
