package org.modulehost.samples.sharedsecretauth;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.modulehost.app.ModuleHostApplication;
import org.modulehost.homeserver.api.Codes;
import org.modulehost.test.MatrixTestClient;
import org.modulehost.test.MatrixTestClient.Reply;
import org.modulehost.test.MatrixTestClient.User;
import org.modulehost.test.ModuleTestHost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.modulehost.test.MatrixTestClient.loginBody;
import static org.modulehost.test.MatrixTestClient.unique;

/**
 * {@code register_if_missing}: the first valid login of a local user who does not exist creates
 * the user; {@code m.login.password} support is off.
 */
class SharedSecretAuthRegistrationTests {

	private static final String SECRET = "another-shared-secret-of-the-tests-9876543210";

	private static final UserTokens tokens = new UserTokens(SECRET);

	private static ModuleTestHost host;

	private static MatrixTestClient matrix;

	@BeforeAll
	static void start() {
		host = MatrixTestClient.homeserver(ModuleHostApplication.class)
			.module(SharedSecretAuthProvider.class, Map.of("shared_secret", SECRET, "register_if_missing", true))
			.start();
		matrix = new MatrixTestClient(host);
	}

	@AfterAll
	static void stop() {
		host.close();
	}

	@Test
	void theFirstLoginOfAMissingLocalUserCreatesIt() {
		String userId = "@" + unique("newcomer") + ":localhost";
		Reply first = matrix
			.login(loginBody(SharedSecretAuthProvider.LOGIN_TYPE, userId, "token", tokens.tokenFor(userId)));
		assertThat(first.status()).as(first.toString()).isEqualTo(200);
		assertThat(first.body().path("user_id").asString()).isEqualTo(userId);
		Reply profile = matrix.request("GET", "/_matrix/client/v3/profile/" + MatrixTestClient.encode(userId), null,
				null);
		assertThat(profile.status()).as(profile.toString()).isEqualTo(200);
		Reply second = matrix
			.login(loginBody(SharedSecretAuthProvider.LOGIN_TYPE, userId, "token", tokens.tokenFor(userId)));
		assertThat(second.status()).isEqualTo(200);
	}

	@Test
	void aUserOfAnotherServerIsNeverCreated() {
		String userId = "@" + unique("visitor") + ":remote.example";
		Reply login = matrix
			.login(loginBody(SharedSecretAuthProvider.LOGIN_TYPE, userId, "token", tokens.tokenFor(userId)));
		assertThat(login.status()).isEqualTo(403);
		assertThat(login.errcode()).isEqualTo(Codes.FORBIDDEN);
	}

	@Test
	void theHmacIsNotAPasswordWhenPasswordSupportIsOff() {
		User alice = matrix.register(unique("alice"));
		Reply login = matrix
			.login(loginBody("m.login.password", alice.userId(), "password", tokens.tokenFor(alice.userId())));
		assertThat(login.status()).isEqualTo(403);
	}

}
