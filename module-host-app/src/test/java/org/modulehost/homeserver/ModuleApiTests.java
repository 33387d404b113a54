package org.modulehost.homeserver;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.Test;

import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.api.HomeserverModuleApi;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.ProfileInfo;
import org.modulehost.homeserver.api.StateKey;
import org.modulehost.homeserver.api.UserInfo;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What a module does through its {@link HomeserverModuleApi}, checked through the client API.
 */
class ModuleApiTests extends WithTestModules {

	private HomeserverModuleApi api() {
		return probeApi();
	}

	private static <T> T join(CompletionStage<T> stage) {
		return stage.toCompletableFuture().join();
	}

	@Test
	void identifiersAreQualifiedWithTheServerName() {
		assertThat(api().serverName()).isEqualTo("localhost");
		assertThat(api().getQualifiedUserId("alice")).isEqualTo("@alice:localhost");
		assertThat(api().getQualifiedUserId("@bob:localhost")).isEqualTo("@bob:localhost");
		assertThat(api().isMine("@bob:localhost")).isTrue();
		assertThat(api().isMine("@bob:elsewhere.org")).isFalse();
		assertThat(api().moduleName()).isEqualTo("ApiProbe");
	}

	@Test
	void aMatrixErrorFromAModulesWebResourceIsAnsweredAsMatrixJson() {
		MatrixClient.Response response = client().get("/_synapse/client/probe/forbidden");
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.body()).containsEntry("errcode", "M_FORBIDDEN").containsEntry("error", "Probes may not pass");
	}

	@Test
	void aModuleRegistersUsersAndLooksThemUp() {
		String localpart = MatrixClient.unique("modmade");
		String userId = join(api().registerUser(localpart, "Made By Module", false));
		assertThat(userId).isEqualTo("@" + localpart + ":localhost");
		assertThat(join(api().checkUserExists(userId.toUpperCase()))).isEqualTo(Optional.of(userId));
		assertThat(join(api().checkUserExists("@nobody-at-all:localhost"))).isEmpty();
		UserInfo info = join(api().getUserInfoById(userId)).orElseThrow();
		assertThat(info.isAdmin()).isFalse();
		assertThat(info.isDeactivated()).isFalse();
		assertThat(join(api().isUserAdmin(userId))).isFalse();
		assertThat(join(api().getProfileForUser(userId))).isEqualTo(new ProfileInfo("Made By Module", null));
		assertThatExceptionOfType(CompletionException.class)
			.isThrownBy(() -> join(api().registerUser(localpart, null, false)))
			.withCauseInstanceOf(MatrixError.class);
	}

	@Test
	void aModuleCreatesRoomsSendsEventsAndChangesMemberships() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String roomId = join(api().createRoom(alice.userId(), Map.of("name", "Made by a module")));
		assertThat(alice.get(room(roomId) + "/state/m.room.name/").body()).containsEntry("name", "Made by a module");
		Event invite = join(api().updateRoomMembership(alice.userId(), bob.userId(), roomId, "invite", Map.of()));
		assertThat(invite.content()).containsEntry("membership", "invite");
		assertThat(bob.join(roomId).status()).isEqualTo(200);
		Event sent = join(api().createAndSendEventIntoRoom(Map.of("type", "m.room.message", "room_id", roomId,
				"sender", alice.userId(), "content", Map.of("msgtype", "m.notice", "body", "from the module"))));
		assertThat(MatrixClient.body(bob.get(room(roomId) + "/event/" + MatrixClient.encode(sent.eventId())).body()))
			.isEqualTo("from the module");
		Map<StateKey, Event> state = join(api().getRoomState(roomId));
		assertThat(state.get(new StateKey("m.room.member", bob.userId())).content()).containsEntry("membership",
				"join");
	}

	@Test
	void eventsSentByModulesGoThroughTheSameChecks() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient eve = client().register(MatrixClient.unique("eve"));
		String roomId = alice.createRoom(Map.of());
		assertThatExceptionOfType(CompletionException.class)
			.isThrownBy(() -> join(api().createAndSendEventIntoRoom(Map.of("type", "m.room.message", "room_id",
					roomId, "sender", alice.userId(), "content", Map.of("body", "module spam")))))
			.havingCause()
			.isInstanceOfSatisfying(MatrixError.class, (error) -> assertThat(error.errcode()).isEqualTo("ORG_EXAMPLE_SPAM"));
		assertThatExceptionOfType(CompletionException.class)
			.isThrownBy(() -> join(api().createAndSendEventIntoRoom(Map.of("type", "m.room.message", "room_id",
					roomId, "sender", eve.userId(), "content", Map.of("body", "not a member")))))
			.havingCause()
			.isInstanceOfSatisfying(MatrixError.class, (error) -> assertThat(error.httpStatus()).isEqualTo(403));
		Event replaced = join(api().createAndSendEventIntoRoom(Map.of("type", "m.room.message", "room_id", roomId,
				"sender", alice.userId(), "content", Map.of("body", "replace me"))));
		assertThat(replaced.content()).containsEntry("body", "replaced by the module");
	}

	@Test
	void anUnknownRoomHasNoState() {
		assertThatExceptionOfType(CompletionException.class)
			.isThrownBy(() -> join(api().getRoomState("!missing:localhost")))
			.havingCause()
			.isInstanceOfSatisfying(MatrixError.class, (error) -> assertThat(error.httpStatus()).isEqualTo(404));
	}

	@Test
	void aModuleSetsDisplayNamesAsAnAdministrator() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		join(api().setDisplayname(alice.userId(), "Renamed By Module"));
		assertThat(client().get("/_matrix/client/v3/profile/" + MatrixClient.encode(alice.userId())).body())
			.containsEntry("displayname", "Renamed By Module");
	}

	@Test
	void accountDataWrittenByAModuleReachesTheUser() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		join(api().accountDataManager().putGlobal(alice.userId(), "org.example.module", Map.of("set", "by module")));
		assertThat(alice.get("/_matrix/client/v3/user/" + MatrixClient.encode(alice.userId())
				+ "/account_data/org.example.module").body()).containsEntry("set", "by module");
		assertThat(join(api().accountDataManager().getGlobal(alice.userId(), "org.example.module")))
			.containsEntry("set", "by module");
		assertThat(join(api().accountDataManager().getGlobal(alice.userId(), "org.example.none"))).isNull();
	}

	@Test
	void runDbInteractionRunsInOneTransaction() {
		String table = "apiprobe_" + MatrixClient.unique("t").replace("-", "_");
		join(api().runDbInteraction("create table", (jdbc) -> jdbc
			.sql("CREATE TABLE " + table + " (id INT PRIMARY KEY, note VARCHAR(100))")
			.update()));
		assertThatExceptionOfType(CompletionException.class)
			.isThrownBy(() -> join(api().runDbInteraction("insert then fail", (jdbc) -> {
				jdbc.sql("INSERT INTO " + table + " (id, note) VALUES (1, 'rolled back')").update();
				throw new IllegalStateException("abort");
			})));
		join(api().runDbInteraction("insert", (jdbc) -> jdbc
			.sql("INSERT INTO " + table + " (id, note) VALUES (2, 'kept')")
			.update()));
		List<String> notes = join(api().runDbInteraction("read",
				(jdbc) -> jdbc.sql("SELECT note FROM " + table + " ORDER BY id").query(String.class).list()));
		assertThat(notes).containsExactly("kept");
	}

	@Test
	void getUserByRequestReadsTheAccessToken() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("Authorization", "Bearer " + alice.accessToken());
		assertThat(join(api().getUserByRequest(request)).userId()).isEqualTo(alice.userId());
		MockHttpServletRequest anonymous = new MockHttpServletRequest();
		assertThatExceptionOfType(CompletionException.class).isThrownBy(() -> join(api().getUserByRequest(anonymous)))
			.havingCause()
			.isInstanceOfSatisfying(MatrixError.class, (error) -> assertThat(error.errcode()).isEqualTo("M_MISSING_TOKEN"));
	}

	@Test
	void getUserByRequestRefusesAnExpiredAccountUnlessAskedToAllowIt() {
		MatrixClient expired = client().register(MatrixClient.unique("expired"));
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("Authorization", "Bearer " + expired.accessToken());
		assertThatExceptionOfType(CompletionException.class).isThrownBy(() -> join(api().getUserByRequest(request)))
			.havingCause()
			.isInstanceOfSatisfying(MatrixError.class,
					(error) -> assertThat(error.errcode()).isEqualTo("ORG_MATRIX_EXPIRED_ACCOUNT"));
		assertThat(join(api().getUserByRequest(request, true)).userId()).isEqualTo(expired.userId());
	}

	@Test
	void theClockIsTheServers() {
		long before = System.currentTimeMillis();
		assertThat(api().currentTimeMillis()).isBetween(before - 1000, System.currentTimeMillis() + 1000);
	}

}
