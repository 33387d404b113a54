package org.modulehost.samples.autoacceptinvite;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.modulehost.api.callback.CallbackRegistration;
import org.modulehost.api.callback.CallbackRegistry;
import org.modulehost.app.ModuleHostApplication;
import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.api.callbacks.ThirdPartyRulesCallbacks;
import org.modulehost.test.MatrixTestClient;
import org.modulehost.test.MatrixTestClient.User;
import org.modulehost.test.ModuleTestHost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.modulehost.test.MatrixTestClient.unique;

/**
 * Only direct-chat invites from local users are accepted, and only by the instance named in
 * {@code worker_to_run_on}.
 */
class InviteAutoAccepterFilterTests {

	private static ModuleTestHost host;

	private static MatrixTestClient matrix;

	@BeforeAll
	static void start() {
		host = MatrixTestClient.homeserver(ModuleHostApplication.class)
			.property("modulehost.instance.name", "worker1")
			.module("accepter", InviteAutoAccepter.class,
					Map.of("accept_invites_only_for_direct_messages", true, "accept_invites_only_from_local_users",
							true, "worker_to_run_on", "worker1"))
			.module("idle", InviteAutoAccepter.class, Map.of("worker_to_run_on", "worker2"))
			.start();
		matrix = new MatrixTestClient(host);
	}

	@AfterAll
	static void stop() {
		host.close();
	}

	@Test
	void onlyTheModuleOnTheNamedInstanceListensForEvents() {
		assertThat(host.bean(CallbackRegistry.class).registrations(ThirdPartyRulesCallbacks.class))
			.extracting(CallbackRegistration::moduleName)
			.containsExactly("accepter");
	}

	@Test
	void anInviteThatIsNotForADirectChatIsLeftPending() {
		User alice = matrix.register(unique("alice"));
		User bob = matrix.register(unique("bob"));
		String plain = matrix.createdRoom(alice, Map.of());
		String direct = matrix.createdRoom(alice, Map.of());
		assertThat(matrix.invite(alice, plain, bob.userId()).status()).isEqualTo(200);
		assertThat(matrix.inviteToDirectChat(alice, direct, bob.userId()).status()).isEqualTo(200);
		// events reach the module in order: once the later invite was accepted, the earlier was seen
		matrix.awaitMembership(alice, direct, bob.userId(), "join");
		matrix.awaitMembership(alice, plain, bob.userId(), "invite");
	}

	@Test
	void aDirectChatInviteFromAnotherServerIsNeitherAcceptedNorRecorded() {
		User bob = matrix.register(unique("bob"));
		String roomId = matrix.createdRoom(bob, Map.of());
		Event invite = new Event("$remote-invite", roomId, "@carol:remote.example", "m.room.member", bob.userId(),
				Map.of("membership", "invite", "is_direct", true), System.currentTimeMillis(), Map.of());
		host.dispatcher(ThirdPartyRulesCallbacks.class).onNewEvent(invite, Map.of()).toCompletableFuture().join();
		assertThat(matrix.accountData(bob, "m.direct").status()).isEqualTo(404);
	}

}
