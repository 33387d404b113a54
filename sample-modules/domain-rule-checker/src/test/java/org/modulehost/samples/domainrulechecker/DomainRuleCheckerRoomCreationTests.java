package org.modulehost.samples.domainrulechecker;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.modulehost.app.ModuleHostApplication;
import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.callbacks.SpamCheckerCallbacks;
import org.modulehost.test.MatrixTestClient;
import org.modulehost.test.MatrixTestClient.Reply;
import org.modulehost.test.MatrixTestClient.User;
import org.modulehost.test.ModuleTestHost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.modulehost.test.MatrixTestClient.unique;

/**
 * {@code can_only_invite_during_room_creation}: local users invite only while the room looks
 * new, which the module reads from the room's state. No mapping, and users of any server may
 * invite.
 */
class DomainRuleCheckerRoomCreationTests {

	private static ModuleTestHost host;

	private static MatrixTestClient matrix;

	@BeforeAll
	static void start() {
		host = MatrixTestClient.homeserver(ModuleHostApplication.class)
			.module(DomainRuleChecker.class,
					Map.of("can_invite_if_not_in_domain_mapping", true, "can_only_invite_during_room_creation", true))
			.start();
		matrix = new MatrixTestClient(host);
	}

	@AfterAll
	static void stop() {
		host.close();
	}

	@Test
	void invitesInTheCreationRequestAndRightAfterItAreAllowed() {
		User alice = matrix.register(unique("alice"));
		User bob = matrix.register(unique("bob"));
		User carol = matrix.register(unique("carol"));
		String roomId = matrix.createdRoom(alice, Map.of("invite", List.of(bob.userId())));
		assertThat(matrix.invite(alice, roomId, carol.userId()).status()).isEqualTo(200);
	}

	@Test
	void onceSomeoneElseJoinedTheRoomIsNoLongerNewAndInvitesAreRefused() {
		User alice = matrix.register(unique("alice"));
		User bob = matrix.register(unique("bob"));
		User carol = matrix.register(unique("carol"));
		String roomId = matrix.createdRoom(alice, Map.of("invite", List.of(bob.userId())));
		assertThat(matrix.join(bob, roomId).status()).isEqualTo(200);
		Reply reply = matrix.invite(alice, roomId, carol.userId());
		assertThat(reply.status()).isEqualTo(403);
		assertThat(reply.errcode()).isEqualTo(Codes.FORBIDDEN);
		assertThat(reply.body().path("error").asString()).isEqualTo("Invites have been disabled on this server");
	}

	@Test
	void invitesByUsersOfOtherServersAreNotCheckedForNewRooms() {
		User alice = matrix.register(unique("alice"));
		User bob = matrix.register(unique("bob"));
		String roomId = matrix.createdRoom(alice, Map.of("invite", List.of(bob.userId())));
		assertThat(matrix.join(bob, roomId).status()).isEqualTo(200);
		SpamCheckerCallbacks spamChecker = host.dispatcher(SpamCheckerCallbacks.class);
		assertThat(spamChecker.userMayInvite("@carol:remote.example", alice.userId(), roomId)
			.toCompletableFuture()
			.join()
			.isNotSpam()).isTrue();
		assertThat(spamChecker.userMayInvite(alice.userId(), "@carol:remote.example", roomId)
			.toCompletableFuture()
			.join()
			.isNotSpam()).isFalse();
	}

}
