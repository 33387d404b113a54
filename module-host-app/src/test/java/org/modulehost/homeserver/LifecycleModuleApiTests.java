package org.modulehost.homeserver;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;

import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.api.HomeserverModuleApi;
import org.modulehost.homeserver.api.LoginResponse;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.RoomShutdownResult;
import org.modulehost.homeserver.api.StateKey;
import org.modulehost.homeserver.api.UserIpAndAgent;
import org.modulehost.homeserver.modules.LifecycleRules;
import org.modulehost.homeserver.modules.Recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The account lifecycle and room administration members of {@code HomeserverModuleApi}, called
 * through a module, and the invite rate limiters modules are asked about.
 */
class LifecycleModuleApiTests extends WithLifecycleModule {

	private static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
		return stage.toCompletableFuture().join();
	}

	private static MatrixError error(java.util.concurrent.CompletionStage<?> stage) {
		try {
			stage.toCompletableFuture().join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof MatrixError error) {
				return error;
			}
			throw ex;
		}
		throw new AssertionError("the stage did not fail");
	}

	private HomeserverModuleApi api() {
		return LifecycleRules.api();
	}

	@Test
	void theBaseUrlAndTheWorkerAreAnswered() {
		assertThat(api().publicBaseurl()).isEqualTo("http://localhost:" + this.port + "/");
		assertThat(api().workerApp()).isNull();
	}

	@Test
	void isMineKnowsUsersRoomsAndAliases() {
		assertThat(api().isMine("@alice:localhost")).isTrue();
		assertThat(api().isMine("!room:localhost")).isTrue();
		assertThat(api().isMine("#alias:localhost")).isTrue();
		assertThat(api().isMine("#alias:elsewhere.example")).isFalse();
		assertThat(api().isMine("!room:elsewhere.example")).isFalse();
		assertThat(api().isMine("localhost")).isFalse();
	}

	@Test
	void stateAliasesAndTheCanonicalAliasAreRead() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String aliasName = MatrixClient.unique("state");
		String roomId = alice.createRoom(Map.of("name", "Stateful", "topic", "Topical", "room_alias_name", aliasName));
		Map<StateKey, Event> some = join(api().getStateEventsInRoom(roomId,
				List.of(new StateKey("m.room.name", ""), new StateKey("m.room.avatar", ""))));
		assertThat(some).containsOnlyKeys(new StateKey("m.room.name", ""));
		assertThat(join(api().getStateEventsInRoom(roomId, null))).containsKeys(new StateKey("m.room.topic", ""),
				new StateKey("m.room.create", ""));
		assertThat(error(api().getStateEventsInRoom("!unknown:localhost", null)).httpStatus()).isEqualTo(404);
		String alias = "#" + aliasName + ":localhost";
		assertThat(join(api().lookupRoomAlias(alias))).contains(roomId);
		assertThat(join(api().lookupRoomAlias("#nothing-here:localhost"))).isEmpty();
		assertThat(error(api().lookupRoomAlias("not an alias")).errcode()).isEqualTo("M_INVALID_PARAM");
		assertThat(join(api().getCanonicalRoomAlias(roomId))).contains(alias);
		assertThat(join(api().getCanonicalRoomAlias(alice.createRoom(Map.of())))).isEmpty();
	}

	@Test
	void aModuleRegistersADeviceAndInvalidatesItsToken() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		LoginResponse device = join(api().registerDevice(alice.userId(), "MODULEDEV", "Module device"));
		assertThat(device.deviceId()).isEqualTo("MODULEDEV");
		MatrixClient viaModule = client().withToken(device.accessToken());
		assertThat(viaModule.get("/_matrix/client/v3/account/whoami").body()).containsEntry("user_id",
				alice.userId()).containsEntry("device_id", "MODULEDEV");
		join(api().invalidateAccessToken(device.accessToken()));
		assertThat(viaModule.get("/_matrix/client/v3/account/whoami").errcode()).isEqualTo("M_UNKNOWN_TOKEN");
		assertThat(alice.get("/_matrix/client/v3/devices/MODULEDEV").status()).isEqualTo(404);
		assertThat(error(api().invalidateAccessToken(device.accessToken())).errcode())
			.isEqualTo("M_UNKNOWN_TOKEN");
		assertThat(error(api().registerDevice("@nobody-here:localhost", null, null)).httpStatus()).isEqualTo(404);
	}

	@Test
	void aModuleMakesAUserAnAdministrator() {
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		assertThat(bob.get("/_synapse/admin/v1/server_version").status()).isEqualTo(403);
		join(api().setUserAdmin(bob.userId(), true));
		assertThat(join(api().isUserAdmin(bob.userId()))).isTrue();
		assertThat(bob.get("/_synapse/admin/v1/server_version").status()).isEqualTo(200);
		join(api().setUserAdmin(bob.userId(), false));
		assertThat(bob.get("/_synapse/admin/v1/server_version").status()).isEqualTo(403);
	}

	@Test
	void checkUsernameRefusesInvalidAndTakenNames() {
		String name = MatrixClient.unique("taken");
		client().register(name);
		join(api().checkUsername(MatrixClient.unique("free")));
		assertThat(error(api().checkUsername(name)).errcode()).isEqualTo("M_USER_IN_USE");
		assertThat(error(api().checkUsername("Not Valid!")).errcode()).isEqualTo("M_INVALID_USERNAME");
	}

	@Test
	void aLoginTokenLogsInOnceWithMLoginToken() {
		MatrixClient carol = client().register(MatrixClient.unique("carol"));
		String token = join(api().createLoginToken(carol.userId(), Duration.ofMinutes(2), "oidc-example"));
		Map<String, Object> login = Map.of("type", "m.login.token", "token", token);
		MatrixClient.Response first = client().post("/_matrix/client/v3/login", login);
		assertThat(first.status()).as(first.toString()).isEqualTo(200);
		assertThat(first.string("user_id")).isEqualTo(carol.userId());
		MatrixClient.Response second = client().post("/_matrix/client/v3/login", login);
		assertThat(second.status()).isEqualTo(403);
		assertThat(second.errcode()).isEqualTo("M_FORBIDDEN");
		String expired = join(api().createLoginToken(carol.userId(), Duration.ofMillis(-1), null));
		assertThat(client().post("/_matrix/client/v3/login", Map.of("type", "m.login.token", "token", expired))
			.status()).isEqualTo(403);
	}

	@Test
	void theAddressesAndUserAgentsOfAUserAreListed() {
		MatrixClient dave = client().register(MatrixClient.unique("dave"));
		long before = System.currentTimeMillis() - 1000;
		dave.get("/_matrix/client/v3/account/whoami");
		List<UserIpAndAgent> seen = join(api().getUserIpAndAgents(dave.userId(), before));
		assertThat(seen).singleElement().satisfies((entry) -> {
			assertThat(entry.ip()).isEqualTo("127.0.0.1");
			assertThat(entry.userAgent()).isEqualTo("module-host-tests");
			assertThat(entry.lastSeenTs()).isGreaterThanOrEqualTo(before);
		});
		assertThat(join(api().getUserIpAndAgents(dave.userId(), System.currentTimeMillis() + 60_000))).isEmpty();
		assertThat(join(api().getUserIpAndAgents("@dave:elsewhere.example", 0))).isEmpty();
	}

	@Test
	void deferToThreadpoolRunsTheWorkOnTheGivenExecutor() {
		ExecutorService executor = Executors.newSingleThreadExecutor((task) -> new Thread(task, "module-pool"));
		try {
			assertThat(join(api().deferToThreadpool(executor, () -> Thread.currentThread().getName())))
				.isEqualTo("module-pool");
			assertThatThrownBy(() -> join(api().deferToThreadpool(executor, () -> {
				throw new java.io.IOException("disk");
			}))).hasRootCauseInstanceOf(java.io.IOException.class);
		}
		finally {
			executor.shutdown();
		}
	}

	@Test
	void aModuleDeletesARoomAndTheShutdownCheckIsAsked() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		assertThat(bob.join(roomId).status()).isEqualTo(200);
		RoomShutdownResult result = api().deleteRoom(roomId, null, true).toCompletableFuture()
			.orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
		assertThat(result.kickedUsers()).containsExactlyInAnyOrder(alice.userId(), bob.userId());
		assertThat(result.newRoomId()).isNull();
		assertThat(Recorder.calls()).contains("checkCanShutdownRoom:null:" + roomId);
		assertThat(bob.get("/_matrix/client/v3/joined_rooms").body().get("joined_rooms")).asList()
			.doesNotContain(roomId);
		String kept = alice.createRoom(Map.of());
		LifecycleRules.protectedRooms.add(kept);
		assertThat(error(api().deleteRoom(kept, alice.userId(), true)).httpStatus()).isEqualTo(403);
	}

	@Test
	void theModuleManagesThePublicRoomList() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		assertThat(join(api().publicRoomListManager().roomIsInPublicRoomList(roomId))).isFalse();
		join(api().publicRoomListManager().addRoomToPublicRoomList(roomId));
		assertThat(join(api().publicRoomListManager().roomIsInPublicRoomList(roomId))).isTrue();
		assertThat(client().get("/_matrix/client/v3/publicRooms").list("chunk"))
			.extracting((room) -> room.get("room_id")).contains(roomId);
		join(api().publicRoomListManager().removeRoomFromPublicRoomList(roomId));
		assertThat(join(api().publicRoomListManager().roomIsInPublicRoomList(roomId))).isFalse();
		assertThat(error(api().publicRoomListManager().addRoomToPublicRoomList("!unknown:localhost")).httpStatus())
			.isEqualTo(404);
	}

	@Test
	void theInviteLimitersPerRoomAndPerIssuerAskModules() {
		MatrixClient inviter = client().register(MatrixClient.unique("roomlimited"));
		MatrixClient first = client().register(MatrixClient.unique("guest"));
		MatrixClient second = client().register(MatrixClient.unique("guest"));
		String roomId = inviter.createRoom(Map.of());
		assertThat(inviter.invite(roomId, first.userId()).status()).isEqualTo(200);
		assertThat(Recorder.calls()).containsSubsequence("ratelimit:" + inviter.userId() + ":rc_invites.per_room",
				"ratelimit:" + inviter.userId() + ":rc_invites.per_user",
				"ratelimit:" + inviter.userId() + ":rc_invites.per_issuer");
		MatrixClient.Response limited = inviter.invite(roomId, second.userId());
		assertThat(limited.status()).isEqualTo(429);
		assertThat(limited.errcode()).isEqualTo("M_LIMIT_EXCEEDED");
		// The per-room limit is the room's: another room of the same inviter is not limited by it.
		assertThat(inviter.invite(inviter.createRoom(Map.of()), second.userId()).status()).isEqualTo(200);

		MatrixClient issuer = client().register(MatrixClient.unique("issuerlimited"));
		assertThat(issuer.invite(issuer.createRoom(Map.of()), first.userId()).status()).isEqualTo(200);
		MatrixClient.Response issuerLimited = issuer.invite(issuer.createRoom(Map.of()), second.userId());
		assertThat(issuerLimited.status()).isEqualTo(429);
		assertThat(issuerLimited.errcode()).isEqualTo("M_LIMIT_EXCEEDED");
	}

	@Test
	void unknownUsersAreNotFound() {
		assertThat(error(api().setUserAdmin("@nobody-here:localhost", true)).httpStatus()).isEqualTo(404);
		assertThat(error(api().createLoginToken("@nobody-here:localhost", Duration.ofMinutes(1), null)).httpStatus())
			.isEqualTo(404);
		assertThat(Optional.ofNullable(api().workerApp())).isEmpty();
	}

}
