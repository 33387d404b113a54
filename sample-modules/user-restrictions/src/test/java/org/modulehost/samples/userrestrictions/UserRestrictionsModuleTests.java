package org.modulehost.samples.userrestrictions;

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
 * The module in a running homeserver: rules in order, the first that matches the user and
 * mentions the permission decides, then {@code default_deny}.
 */
class UserRestrictionsModuleTests {

	private static ModuleTestHost host;

	private static MatrixTestClient matrix;

	@BeforeAll
	static void start() {
		host = MatrixTestClient.homeserver(ModuleHostApplication.class)
			.property("homeserver.admins", "root")
			.module(UserRestrictionsModule.class,
					Map.of("rules",
							List.of(Map.of("match", "@boss-.*:localhost", "allow", List.of("invite", "create_room")),
									Map.of("match", "@helper-.*", "allow", List.of("invite")),
									Map.of("match", "@.*-muted:localhost", "deny", List.of("invite"))),
							"default_deny", List.of("create_room")))
			.start();
		matrix = new MatrixTestClient(host);
	}

	@AfterAll
	static void stop() {
		host.close();
	}

	@Test
	void aUserAllowedByTheFirstMatchingRuleCreatesRoomsAndInvites() {
		User boss = matrix.register(unique("boss"));
		User guest = matrix.register(unique("guest"));
		String roomId = matrix.createdRoom(boss, Map.of("preset", "public_chat"));
		assertThat(matrix.invite(boss, roomId, guest.userId()).status()).isEqualTo(200);
	}

	@Test
	void aPermissionNoRuleMentionsFallsBackToDefaultDeny() {
		User helper = matrix.register(unique("helper"));
		Reply reply = matrix.createRoom(helper, Map.of());
		assertThat(reply.status()).isEqualTo(403);
		assertThat(reply.errcode()).isEqualTo(Codes.FORBIDDEN);
		assertThat(reply.body().path("error").asString()).isEqualTo("You are not permitted to create rooms");
	}

	@Test
	void aPermissionNeitherRulesNorDefaultDenyMentionIsAllowed() {
		User boss = matrix.register(unique("boss"));
		User plain = matrix.register(unique("plain"));
		User guest = matrix.register(unique("guest"));
		String roomId = matrix.createdRoom(boss, Map.of("preset", "public_chat"));
		assertThat(matrix.join(plain, roomId).status()).isEqualTo(200);
		assertThat(matrix.invite(plain, roomId, guest.userId()).status()).isEqualTo(200);
	}

	@Test
	void aDenyingRuleRefusesTheInviteWith403() {
		User boss = matrix.register(unique("boss"));
		User muted = matrix.register(unique("plain") + "-muted");
		User guest = matrix.register(unique("guest"));
		String roomId = matrix.createdRoom(boss, Map.of("preset", "public_chat"));
		assertThat(matrix.join(muted, roomId).status()).isEqualTo(200);
		Reply reply = matrix.invite(muted, roomId, guest.userId());
		assertThat(reply.status()).isEqualTo(403);
		assertThat(reply.errcode()).isEqualTo(Codes.FORBIDDEN);
		assertThat(reply.body().path("error").asString()).isEqualTo("Invites have been disabled on this server");
	}

	@Test
	void anEarlierRuleThatMentionsThePermissionWinsOverALaterOne() {
		User boss = matrix.register(unique("boss"));
		User mutedHelper = matrix.register(unique("helper") + "-muted");
		User guest = matrix.register(unique("guest"));
		String roomId = matrix.createdRoom(boss, Map.of("preset", "public_chat"));
		assertThat(matrix.join(mutedHelper, roomId).status()).isEqualTo(200);
		assertThat(matrix.invite(mutedHelper, roomId, guest.userId()).status()).isEqualTo(200);
	}

	@Test
	void theExpressionMustMatchTheWholeUserId() {
		SpamCheckerCallbacks spamChecker = host.dispatcher(SpamCheckerCallbacks.class);
		assertThat(spamChecker.userMayCreateRoom("@boss-x:localhost", Map.of()).toCompletableFuture().join())
			.isEqualTo(SpamCheck.NOT_SPAM);
		assertThat(spamChecker.userMayCreateRoom("@boss-x:localhost.example", Map.of()).toCompletableFuture().join()
			.errcode()).isEqualTo(Codes.FORBIDDEN);
		assertThat(spamChecker.userMayCreateRoom("@the-boss-x:localhost", Map.of()).toCompletableFuture().join()
			.errcode()).isEqualTo(Codes.FORBIDDEN);
	}

	@Test
	void theInviterIsCheckedNotTheInvitee() {
		SpamCheckerCallbacks spamChecker = host.dispatcher(SpamCheckerCallbacks.class);
		assertThat(spamChecker.userMayInvite("@a-muted:localhost", "@boss-b:localhost", "!room:localhost")
			.toCompletableFuture()
			.join()
			.errcode()).isEqualTo(Codes.FORBIDDEN);
		assertThat(spamChecker.userMayInvite("@boss-b:localhost", "@a-muted:localhost", "!room:localhost")
			.toCompletableFuture()
			.join()).isEqualTo(SpamCheck.NOT_SPAM);
	}

	@Test
	void serverAdministratorsAreNotBoundByTheRules() {
		User root = matrix.register("root");
		assertThat(matrix.createRoom(root, Map.of()).status()).isEqualTo(200);
	}

}
