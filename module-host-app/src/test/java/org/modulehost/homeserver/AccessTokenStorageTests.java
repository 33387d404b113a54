package org.modulehost.homeserver;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.modulehost.homeserver.modules.Recorder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Access tokens are kept as their SHA-256 hash: the database holds nothing a reader could present,
 * and modules still hear the token the client presented.
 */
class AccessTokenStorageTests extends WithTestModules {

	@Autowired
	JdbcClient jdbc;

	@Test
	void afterALoginTheDatabaseHoldsOnlyTheHashOfTheToken() throws Exception {
		String name = MatrixClient.unique("hashed");
		MatrixClient registered = client().register(name);
		MatrixClient loggedIn = client().login(name, "correct horse battery staple");
		List<String> stored = this.jdbc.sql("SELECT token FROM hs_access_tokens WHERE user_id = ?")
			.param(loggedIn.userId())
			.query(String.class)
			.list();
		assertThat(stored).hasSize(2)
			.doesNotContain(registered.accessToken(), loggedIn.accessToken())
			.containsExactlyInAnyOrder(sha256(registered.accessToken()), sha256(loggedIn.accessToken()));
		MatrixClient.Response whoami = loggedIn.get("/_matrix/client/v3/account/whoami");
		assertThat(whoami.status()).isEqualTo(200);
		assertThat(whoami.string("user_id")).isEqualTo(loggedIn.userId());
	}

	@Test
	void theStoredHashIsNotAnAccessToken() throws Exception {
		MatrixClient user = client().register(MatrixClient.unique("hashnottoken"));
		MatrixClient.Response response = user.withToken(sha256(user.accessToken()))
			.get("/_matrix/client/v3/account/whoami");
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.errcode()).isEqualTo("M_UNKNOWN_TOKEN");
	}

	@Test
	void logoutRevokesTheTokenAndTellsModulesTheTokenTheClientPresented() {
		MatrixClient user = client().register(MatrixClient.unique("hashlogout"));
		assertThat(user.post("/_matrix/client/v3/logout", Map.of()).status()).isEqualTo(200);
		assertThat(Recorder.calls()).contains("onLoggedOutToken:" + user.deviceId() + ":" + user.accessToken());
		MatrixClient.Response after = user.get("/_matrix/client/v3/account/whoami");
		assertThat(after.status()).isEqualTo(401);
		assertThat(after.errcode()).isEqualTo("M_UNKNOWN_TOKEN");
	}

	@Test
	void logoutAllRevokesEveryTokenAndTellsModulesThePresentedOneInClear() {
		String name = MatrixClient.unique("hashlogoutall");
		MatrixClient first = client().register(name);
		MatrixClient second = client().login(name, "correct horse battery staple");
		assertThat(second.post("/_matrix/client/v3/logout/all", Map.of()).status()).isEqualTo(200);
		assertThat(Recorder.calls()).contains("onLoggedOutToken:" + second.deviceId() + ":" + second.accessToken());
		for (MatrixClient device : List.of(first, second)) {
			MatrixClient.Response after = device.get("/_matrix/client/v3/account/whoami");
			assertThat(after.status()).isEqualTo(401);
			assertThat(after.errcode()).isEqualTo("M_UNKNOWN_TOKEN");
		}
	}

	static String sha256(String token) throws Exception {
		return HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
	}

}
