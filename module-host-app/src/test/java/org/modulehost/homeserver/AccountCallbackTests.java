package org.modulehost.homeserver;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.modulehost.homeserver.modules.Recorder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Account validity, password auth providers, account data, unsigned fields and rate-limit
 * overrides, through the test modules.
 */
class AccountCallbackTests extends WithTestModules {

	@Test
	void anExpiredAccountIsRefusedButMayLogOut() {
		MatrixClient expired = client().register(MatrixClient.unique("expired"));
		MatrixClient.Response whoami = expired.get("/_matrix/client/v3/account/whoami");
		assertThat(whoami.status()).isEqualTo(403);
		assertThat(whoami.errcode()).isEqualTo("ORG_MATRIX_EXPIRED_ACCOUNT");
		assertThat(expired.post("/_matrix/client/v3/logout", Map.of()).status()).isEqualTo(200);
		assertThat(expired.get("/_matrix/client/v3/account/whoami").errcode()).isEqualTo("M_UNKNOWN_TOKEN");
	}

	@Test
	void registrationsAndLoginsAreReported() {
		String name = MatrixClient.unique("reported");
		MatrixClient user = client().register(name, "pw");
		assertThat(Recorder.calls()).contains("onUserRegistration:" + user.userId());
		client().login(name, "pw");
		assertThat(Recorder.calls()).contains("onUserLogin:" + user.userId() + ":m.login.password");
	}

	@Test
	void theModulesLoginTypesAreListedAfterPassword() {
		List<Map<String, Object>> flows = client().get("/_matrix/client/v3/login").list("flows");
		assertThat(flows).extracting((flow) -> flow.get("type")).containsExactly("m.login.password",
				"org.example.token");
	}

	@Test
	void aModuleLoginTypeLogsInWithOnlyItsFields() {
		String name = MatrixClient.unique("tokenuser");
		MatrixClient user = client().register(name);
		MatrixClient.Response response = client().post("/_matrix/client/v3/login", Map.of("type",
				"org.example.token", "identifier", Map.of("type", "m.id.user", "user", name), "token",
				"letmein-" + name, "extra", "not copied"));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.string("user_id")).isEqualTo(user.userId());
		assertThat(Recorder.calls()).contains("tokenChecker:[token]",
				"onLoggedIn:" + user.userId() + ":" + response.string("device_id"));
		MatrixClient.Response wrong = client().post("/_matrix/client/v3/login", Map.of("type", "org.example.token",
				"identifier", Map.of("type", "m.id.user", "user", name), "token", "guess"));
		assertThat(wrong.status()).isEqualTo(403);
		MatrixClient.Response missing = client().post("/_matrix/client/v3/login",
				Map.of("type", "org.example.token", "identifier", Map.of("type", "m.id.user", "user", name)));
		assertThat(missing.status()).isEqualTo(400);
	}

	@Test
	void moduleCheckersRunBeforeTheLocalPasswordStore() {
		String name = MatrixClient.unique("ldap");
		client().register(name, "local-secret");
		assertThat(client().login(name, "module-secret").userId()).isEqualTo("@" + name + ":localhost");
		assertThat(client().login(name, "local-secret").userId()).isEqualTo("@" + name + ":localhost");
	}

	@Test
	void aCheckerThatThrowsIsSkipped() {
		String name = MatrixClient.unique("throwing");
		client().register(name, "pw");
		assertThat(client().login(name, "pw").userId()).isEqualTo("@" + name + ":localhost");
	}

	@Test
	void logoutsAreReported() {
		MatrixClient user = client().register(MatrixClient.unique("leaving"));
		user.post("/_matrix/client/v3/logout", Map.of());
		assertThat(Recorder.calls()).contains("onLoggedOut:" + user.userId() + ":" + user.deviceId());
	}

	@Test
	void modulesChooseTheNameAndDisplayNameOfNewUsers() {
		String suffix = MatrixClient.unique("x");
		MatrixClient renamed = client().register("rename-" + suffix);
		assertThat(renamed.userId()).isEqualTo("@renamed-" + suffix + ":localhost");
		MatrixClient named = client().register("named-" + suffix);
		assertThat(client().get("/_matrix/client/v3/profile/" + MatrixClient.encode(named.userId())).body())
			.containsEntry("displayname", "Named by module");
	}

	@Test
	void accountDataWritesAreReported() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		String base = "/_matrix/client/v3/user/" + MatrixClient.encode(alice.userId());
		alice.put(base + "/account_data/org.example.a", Map.of("k", "v"));
		alice.put(base + "/rooms/" + MatrixClient.encode(roomId) + "/account_data/org.example.b", Map.of("k", "w"));
		assertThat(Recorder.calls()).contains("onAccountDataUpdated:" + alice.userId() + ":null:org.example.a:{k=v}",
				"onAccountDataUpdated:" + alice.userId() + ":" + roomId + ":org.example.b:{k=w}");
	}

	@Test
	void unsignedFieldsAreMergedWithoutReplacingTheServers() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		String txn = MatrixClient.nextTxn();
		String eventId = alice.send(roomId, "m.room.message", txn, Map.of("body", "decorated")).string("event_id");
		Map<String, Object> event = alice.get(room(roomId) + "/event/" + MatrixClient.encode(eventId)).body();
		assertThat(MatrixClient.unsigned(event)).containsEntry("org.example.first", 1)
			.containsEntry("org.example.shared", "second")
			.containsEntry("transaction_id", txn);
		assertThat(((Number) MatrixClient.unsigned(event).get("age")).longValue()).isNotNegative();
	}

	@Test
	void aStrictOverrideRateLimitsMessagesAndInvites() {
		MatrixClient strict = client().register(MatrixClient.unique("strict"));
		MatrixClient friend = client().register(MatrixClient.unique("friend"));
		MatrixClient other = client().register(MatrixClient.unique("other"));
		String roomId = strict.createRoom(Map.of());
		strict.sendMessage(roomId, "one");
		MatrixClient.Response limited = strict.send(roomId, "m.room.message", MatrixClient.nextTxn(),
				Map.of("body", "two"));
		assertThat(limited.status()).isEqualTo(429);
		assertThat(limited.errcode()).isEqualTo("M_LIMIT_EXCEEDED");
		assertThat(((Number) limited.body().get("retry_after_ms")).longValue()).isPositive();
		assertThat(strict.invite(roomId, friend.userId()).status()).isEqualTo(200);
		MatrixClient.Response tooManyInvites = strict.invite(roomId, other.userId());
		assertThat(tooManyInvites.status()).isEqualTo(429);
		assertThat(Recorder.calls()).contains("getRatelimitOverrideForUser:" + strict.userId() + ":rc_message",
				"getRatelimitOverrideForUser:" + strict.userId() + ":rc_invites.per_user");
	}

	@Test
	void aZeroRateMeansUnlimited() {
		MatrixClient free = client().register(MatrixClient.unique("unlimited"));
		String roomId = free.createRoom(Map.of());
		for (int i = 0; i < 5; i++) {
			free.sendMessage(roomId, "message " + i);
		}
	}

}
