package org.modulehost.homeserver;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.modulehost.homeserver.modules.Recorder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deactivation by the user ({@code POST /account/deactivate}) and by an administrator, with
 * {@code checkCanDeactivateUser} before and {@code onUserDeactivationStatusChanged} and
 * {@code onProfileUpdate(deactivation=true)} after.
 */
class DeactivationTests extends WithLifecycleModule {

	@Test
	void aUserDeactivatesThemselvesAfterAuthenticatingWithTheirPassword() {
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		assertThat(bob.join(roomId).status()).isEqualTo(200);
		MatrixClient.Response challenge = bob.post("/_matrix/client/v3/account/deactivate", Map.of());
		assertThat(challenge.status()).isEqualTo(401);
		assertThat(challenge.list("flows")).isNotEmpty();
		MatrixClient.Response done = bob.post("/_matrix/client/v3/account/deactivate",
				Map.of("auth", Map.of("type", "m.login.password", "session", challenge.string("session"), "identifier",
						Map.of("type", "m.id.user", "user", bob.userId()), "password", PASSWORD)));
		assertThat(done.status()).as(done.toString()).isEqualTo(200);
		assertThat(done.string("id_server_unbind_result")).isEqualTo("success");
		assertThat(bob.get("/_matrix/client/v3/account/whoami").errcode()).isEqualTo("M_UNKNOWN_TOKEN");
		MatrixClient.Response login = client().post("/_matrix/client/v3/login", Map.of("type", "m.login.password",
				"identifier", Map.of("type", "m.id.user", "user", bob.userId()), "password", PASSWORD));
		assertThat(login.status()).isEqualTo(403);
		assertThat(alice.get(room(roomId) + "/state/m.room.member/" + user(bob.userId())).body())
			.containsEntry("membership", "leave");
		assertThat(Recorder.calls()).containsSubsequence("checkCanDeactivateUser:" + bob.userId() + ":false",
				"onUserDeactivationStatusChanged:" + bob.userId() + ":true:false");
		assertThat(Recorder.calls()).noneMatch((call) -> call.startsWith("onProfileUpdate:" + bob.userId()));
		MatrixClient.Response search = alice.post("/_matrix/client/v3/user_directory/search",
				Map.of("search_term", bob.userId()));
		assertThat(search.list("results")).isEmpty();
	}

	@Test
	void aWrongPasswordDoesNotDeactivate() {
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		MatrixClient.Response refused = bob.post("/_matrix/client/v3/account/deactivate", Map.of("auth",
				Map.of("type", "m.login.password", "identifier", Map.of("type", "m.id.user", "user", bob.userId()),
						"password", "wrong")));
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.errcode()).isEqualTo("M_FORBIDDEN");
		assertThat(bob.get("/_matrix/client/v3/account/whoami").status()).isEqualTo(200);
	}

	@Test
	void aModuleMayRefuseADeactivation() {
		MatrixClient kept = client().register(MatrixClient.unique("undeletable"));
		MatrixClient.Response refused = admin().post("/_synapse/admin/v1/deactivate/" + user(kept.userId()),
				Map.of());
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.errcode()).isEqualTo("M_FORBIDDEN");
		assertThat(refused.string("error")).isEqualTo("Deactivation of this user is forbidden");
		assertThat(kept.get("/_matrix/client/v3/account/whoami").status()).isEqualTo(200);
		assertThat(Recorder.calls()).contains("checkCanDeactivateUser:" + kept.userId() + ":true")
			.doesNotContain("onUserDeactivationStatusChanged:" + kept.userId() + ":true:true");
	}

	@Test
	void anAdministratorDeactivatesWithEraseAndTheProfileIsRemoved() {
		MatrixClient carol = client().register(MatrixClient.unique("carol"));
		carol.put("/_matrix/client/v3/profile/" + user(carol.userId()) + "/displayname",
				Map.of("displayname", "Carol"));
		MatrixClient admin = admin();
		MatrixClient.Response done = admin.post("/_synapse/admin/v1/deactivate/" + user(carol.userId()),
				Map.of("erase", true));
		assertThat(done.status()).as(done.toString()).isEqualTo(200);
		MatrixClient.Response shown = admin.get("/_synapse/admin/v2/users/" + user(carol.userId()));
		assertThat(shown.body()).containsEntry("deactivated", true).containsEntry("erased", true)
			.containsEntry("displayname", null);
		assertThat(Recorder.calls()).containsSubsequence("checkCanDeactivateUser:" + carol.userId() + ":true",
				"onProfileUpdate:" + carol.userId() + ":null:true:true",
				"onUserDeactivationStatusChanged:" + carol.userId() + ":true:true");
	}

	@Test
	void deactivatingAnUnknownUserIsNotFound() {
		MatrixClient.Response missing = admin().post("/_synapse/admin/v1/deactivate/"
				+ user("@" + MatrixClient.unique("nobody") + ":localhost"), Map.of());
		assertThat(missing.status()).isEqualTo(404);
		assertThat(missing.errcode()).isEqualTo("M_NOT_FOUND");
	}

	@Test
	void aNonAdministratorMayNotUseTheAdminApi() {
		MatrixClient mallory = client().register(MatrixClient.unique("mallory"));
		MatrixClient victim = client().register(MatrixClient.unique("victim"));
		for (MatrixClient.Response response : List.of(
				mallory.post("/_synapse/admin/v1/deactivate/" + user(victim.userId()), Map.of()),
				mallory.get("/_synapse/admin/v2/users"), mallory.get("/_synapse/admin/v2/users/" + user(victim.userId())),
				mallory.put("/_synapse/admin/v2/users/" + user(victim.userId()), Map.of("admin", true)),
				mallory.post("/_synapse/admin/v1/reset_password/" + user(victim.userId()),
						Map.of("new_password", "x")),
				mallory.get("/_synapse/admin/v1/whois/" + user(victim.userId())),
				mallory.get("/_synapse/admin/v1/server_version"))) {
			assertThat(response.status()).as(response.toString()).isEqualTo(403);
			assertThat(response.errcode()).isEqualTo("M_FORBIDDEN");
		}
		assertThat(victim.get("/_matrix/client/v3/account/whoami").status()).isEqualTo(200);
	}

	@Test
	void anAdministratorReactivatesWithAPassword() {
		String name = MatrixClient.unique("dave");
		MatrixClient dave = client().register(name);
		String accountData = "/_matrix/client/v3/user/" + user(dave.userId()) + "/account_data/org.example.kept";
		assertThat(dave.put(accountData, Map.of("kept", true)).status()).isEqualTo(200);
		MatrixClient admin = admin();
		String path = "/_synapse/admin/v2/users/" + user(dave.userId());
		assertThat(admin.put(path, Map.of("deactivated", true)).body()).containsEntry("deactivated", true);
		MatrixClient.Response noPassword = admin.put(path, Map.of("deactivated", false));
		assertThat(noPassword.status()).isEqualTo(400);
		assertThat(noPassword.errcode()).isEqualTo("M_UNKNOWN");
		MatrixClient.Response back = admin.put(path, Map.of("deactivated", false, "password", "new password"));
		assertThat(back.status()).as(back.toString()).isEqualTo(200);
		assertThat(back.body()).containsEntry("deactivated", false);
		MatrixClient back2 = client().login(name, "new password");
		MatrixClient.Response purged = back2.get(accountData);
		assertThat(purged.status()).as("account data is purged on deactivation, as Synapse does").isEqualTo(404);
		assertThat(purged.errcode()).isEqualTo("M_NOT_FOUND");
		assertThat(Recorder.calls()).containsSubsequence("onUserDeactivationStatusChanged:" + dave.userId() + ":true:true",
				"onUserDeactivationStatusChanged:" + dave.userId() + ":false:true");
	}

}
