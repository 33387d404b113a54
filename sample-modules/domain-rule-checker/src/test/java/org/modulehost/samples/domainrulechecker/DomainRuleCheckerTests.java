package org.modulehost.samples.domainrulechecker;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.modulehost.app.ModuleHostApplication;
import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.SpamCheck;
import org.modulehost.homeserver.api.callbacks.SpamCheckerCallbacks;
import org.modulehost.test.MatrixTestClient;
import org.modulehost.test.MatrixTestClient.Reply;
import org.modulehost.test.MatrixTestClient.User;
import org.modulehost.test.ModuleTestHost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.modulehost.test.MatrixTestClient.unique;

/**
 * The domain mapping, published rooms and joins by invite only, on a homeserver named
 * {@code corp.example}. Invites between local users go through the server; users of other
 * servers (there is no federation) are checked through the spam-checker dispatcher, as the
 * homeserver would call it.
 */
class DomainRuleCheckerTests {

	private static ModuleTestHost host;

	private static MatrixTestClient matrix;

	private static SpamCheckerCallbacks spamChecker;

	@BeforeAll
	static void start() {
		host = MatrixTestClient.homeserver(ModuleHostApplication.class)
			.property("homeserver.server-name", "corp.example")
			.module(DomainRuleChecker.class, Map.of("domain_mapping",
					Map.of("corp.example", List.of("corp.example", "partner.example"), "partner.example",
							List.of("corp.example"), "blocked.example", List.of()),
					"can_invite_if_not_in_domain_mapping", false, "can_only_join_rooms_with_invite", true,
					"domains_prevented_from_being_invited_to_published_rooms",
					List.of("partner.example", "corp.example")))
			.start();
		matrix = new MatrixTestClient(host);
		spamChecker = host.dispatcher(SpamCheckerCallbacks.class);
	}

	@AfterAll
	static void stop() {
		host.close();
	}

	@Test
	void aLocalUserInvitesAnotherIntoAnUnpublishedRoomAndTheInviteeJoins() {
		User alice = matrix.register(unique("alice"));
		User bob = matrix.register(unique("bob"));
		String roomId = matrix.createdRoom(alice, Map.of());
		assertThat(matrix.invite(alice, roomId, bob.userId()).status()).isEqualTo(200);
		assertThat(matrix.join(bob, roomId).status()).isEqualTo(200);
	}

	@Test
	void invitingAPreventedDomainIntoAPublishedRoomIsRefused() {
		User alice = matrix.register(unique("alice"));
		User bob = matrix.register(unique("bob"));
		String roomId = matrix.createdRoom(alice, Map.of("visibility", "public"));
		Reply reply = matrix.invite(alice, roomId, bob.userId());
		assertThat(reply.status()).isEqualTo(403);
		assertThat(reply.errcode()).isEqualTo(Codes.FORBIDDEN);
		assertThat(invite(alice.userId(), "@carol:partner.example", roomId)).isFalse();
	}

	@Test
	void joiningAPublicRoomWithoutAnInviteIsRefused() {
		User alice = matrix.register(unique("alice"));
		User bob = matrix.register(unique("bob"));
		String roomId = matrix.createdRoom(alice, Map.of("preset", "public_chat"));
		Reply reply = matrix.join(bob, roomId);
		assertThat(reply.status()).isEqualTo(403);
		assertThat(reply.errcode()).isEqualTo(Codes.FORBIDDEN);
		assertThat(reply.body().path("error").asString()).isEqualTo("Not allowed to join this room");
	}

	@Test
	void theMappingListsWhichServersAnInvitersServerMayInvite() {
		String roomId = matrix.createdRoom(matrix.register(unique("alice")), Map.of());
		assertThat(invite("@alice:corp.example", "@carol:partner.example", roomId)).isTrue();
		assertThat(invite("@alice:corp.example", "@dave:elsewhere.example", roomId)).isFalse();
		assertThat(invite("@carol:partner.example", "@alice:corp.example", roomId)).isTrue();
		assertThat(invite("@carol:partner.example", "@erin:partner.example", roomId)).isFalse();
		assertThat(invite("@mallory:blocked.example", "@alice:corp.example", roomId)).isFalse();
	}

	@Test
	void anInvitersServerNotInTheMappingMayNotInviteWhenSoConfigured() {
		String roomId = matrix.createdRoom(matrix.register(unique("alice")), Map.of());
		assertThat(invite("@dave:elsewhere.example", "@alice:corp.example", roomId)).isFalse();
	}

	@Test
	void theServerIsEverythingAfterTheFirstColon() {
		String roomId = matrix.createdRoom(matrix.register(unique("alice")), Map.of());
		assertThat(invite("@alice:corp.example", "@carol:partner.example:8448", roomId)).isFalse();
	}

	@Test
	void joiningWithAnInviteIsAllowedAndWithoutIsNot() {
		assertThat(spamChecker.userMayJoinRoom("@bob:corp.example", "!room:corp.example", true)
			.toCompletableFuture()
			.join()).isEqualTo(SpamCheck.NOT_SPAM);
		assertThat(spamChecker.userMayJoinRoom("@bob:corp.example", "!room:corp.example", false)
			.toCompletableFuture()
			.join()
			.errcode()).isEqualTo(Codes.FORBIDDEN);
	}

	private static boolean invite(String inviter, String invitee, String roomId) {
		return spamChecker.userMayInvite(inviter, invitee, roomId).toCompletableFuture().join().isNotSpam();
	}

}
