package org.modulehost.samples.autoacceptinvite;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.modulehost.app.ModuleHostApplication;
import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.HomeserverModuleApi;
import org.modulehost.homeserver.api.SpamCheck;
import org.modulehost.homeserver.api.callbacks.SpamCheckerCallbacks;
import org.modulehost.test.MatrixTestClient;
import org.modulehost.test.MatrixTestClient.Reply;
import org.modulehost.test.MatrixTestClient.User;
import org.modulehost.test.ModuleTestHost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.modulehost.test.MatrixTestClient.unique;
import static org.awaitility.Awaitility.await;

/**
 * Every invite of a local user is accepted: the invitee is joined shortly after the invite,
 * retried when a join fails, and direct chats are recorded in {@code m.direct}.
 */
class InviteAutoAccepterTests {

	private static ModuleTestHost host;

	private static MatrixTestClient matrix;

	@BeforeAll
	static void start() {
		host = MatrixTestClient.homeserver(ModuleHostApplication.class)
			.module(FirstJoinRefused.class, Map.of())
			.module(InviteAutoAccepter.class, Map.of("join_retry_delay", "50ms"))
			.start();
		matrix = new MatrixTestClient(host);
	}

	@AfterAll
	static void stop() {
		host.close();
	}

	@Test
	void anInvitedUserEndsUpJoined() {
		User alice = matrix.register(unique("alice"));
		User bob = matrix.register(unique("bob"));
		String roomId = matrix.createdRoom(alice, Map.of());
		assertThat(matrix.invite(alice, roomId, bob.userId()).status()).isEqualTo(200);
		matrix.awaitMembership(alice, roomId, bob.userId(), "join");
	}

	@Test
	void invitesInTheRoomCreationRequestAreAcceptedToo() {
		User alice = matrix.register(unique("alice"));
		User bob = matrix.register(unique("bob"));
		String roomId = matrix.createdRoom(alice, Map.of("invite", List.of(bob.userId())));
		matrix.awaitMembership(alice, roomId, bob.userId(), "join");
	}

	@Test
	void aFailedJoinIsRetried() {
		User alice = matrix.register(unique("alice"));
		User flaky = matrix.register(unique("flaky"));
		String roomId = matrix.createdRoom(alice, Map.of());
		assertThat(matrix.invite(alice, roomId, flaky.userId()).status()).isEqualTo(200);
		matrix.awaitMembership(alice, roomId, flaky.userId(), "join");
		assertThat(host.module(FirstJoinRefused.class).refused).contains(flaky.userId() + " " + roomId);
	}

	@Test
	void aDirectChatInviteIsAcceptedAndRecordedInMDirect() {
		User alice = matrix.register(unique("alice"));
		User bob = matrix.register(unique("bob"));
		String first = matrix.createdRoom(alice, Map.of());
		String second = matrix.createdRoom(alice, Map.of());
		assertThat(matrix.inviteToDirectChat(alice, first, bob.userId()).status()).isEqualTo(200);
		matrix.awaitMembership(alice, first, bob.userId(), "join");
		assertThat(matrix.inviteToDirectChat(alice, second, bob.userId()).status()).isEqualTo(200);
		matrix.awaitMembership(alice, second, bob.userId(), "join");
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			Reply direct = matrix.accountData(bob, "m.direct");
			assertThat(direct.status()).isEqualTo(200);
			assertThat(direct.body().path(alice.userId()).valueStream().map((room) -> room.asString()))
				.containsExactly(first, second);
		});
	}

	@Test
	void anMDirectEntryThatIsNotAListIsLeftAlone() {
		User alice = matrix.register(unique("alice"));
		User bob = matrix.register(unique("bob"));
		Reply put = matrix.putAccountData(bob, "m.direct", Map.of(alice.userId(), "not a list"));
		assertThat(put.status()).isEqualTo(200);
		String roomId = matrix.createdRoom(alice, Map.of());
		assertThat(matrix.inviteToDirectChat(alice, roomId, bob.userId()).status()).isEqualTo(200);
		matrix.awaitMembership(alice, roomId, bob.userId(), "join");
		assertThat(matrix.accountData(bob, "m.direct").body().path(alice.userId()).asString()).isEqualTo("not a list");
	}

	/**
	 * Refuses the first join of each {@code @flaky-…} user to each room, so that the module has
	 * to try again.
	 */
	public static class FirstJoinRefused implements SpamCheckerCallbacks {

		final Set<String> refused = ConcurrentHashMap.newKeySet();

		public FirstJoinRefused(Map<String, Object> config, HomeserverModuleApi api) {
			api.registerSpamCheckerCallbacks(this);
		}

		@Override
		public CompletionStage<SpamCheck> userMayJoinRoom(String userId, String roomId, boolean isInvited) {
			boolean refuse = userId.startsWith("@flaky-") && this.refused.add(userId + " " + roomId);
			return CompletableFuture.completedFuture(refuse ? SpamCheck.deny(Codes.FORBIDDEN) : SpamCheck.NOT_SPAM);
		}

	}

}
