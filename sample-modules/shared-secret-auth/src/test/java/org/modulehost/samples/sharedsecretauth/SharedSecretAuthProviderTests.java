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
 * Logging in over the client API with the HMAC of the user ID, as the custom login type and as
 * an {@code m.login.password} password.
 */
class SharedSecretAuthProviderTests {

	private static final String SECRET = "a-shared-secret-of-the-tests-0123456789";

	private static final UserTokens tokens = new UserTokens(SECRET);

	private static ModuleTestHost host;

	private static MatrixTestClient matrix;

	@BeforeAll
	static void start() {
		host = MatrixTestClient.homeserver(ModuleHostApplication.class)
			.module(SharedSecretAuthProvider.class,
					Map.of("shared_secret", SECRET, "m_login_password_support_enabled", true))
			.start();
		matrix = new MatrixTestClient(host);
	}

	@AfterAll
	static void stop() {
		host.close();
	}

	@Test
	void theLoginTypeIsListedAfterThePasswordType() {
		Reply reply = matrix.request("GET", "/_matrix/client/v3/login", null, null);
		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.body().path("flows").valueStream().map((flow) -> flow.path("type").asString()))
			.containsExactly("m.login.password", SharedSecretAuthProvider.LOGIN_TYPE);
	}

	@Test
	void theHmacOfTheUserIdLogsTheUserIn() {
		User alice = matrix.register(unique("alice"));
		Reply login = matrix.login(loginBody(SharedSecretAuthProvider.LOGIN_TYPE, alice.userId(), "token",
				tokens.tokenFor(alice.userId())));
		assertThat(login.status()).as(login.toString()).isEqualTo(200);
		assertThat(login.body().path("user_id").asString()).isEqualTo(alice.userId());
		User loggedIn = new User(alice.userId(), login.body().path("access_token").asString());
		Reply whoami = matrix.whoami(loggedIn);
		assertThat(whoami.body().path("user_id").asString()).isEqualTo(alice.userId());
	}

	@Test
	void aLocalpartIsQualifiedBeforeTheHmacIsChecked() {
		String localpart = unique("alice");
		User alice = matrix.register(localpart);
		Reply login = matrix.login(loginBody(SharedSecretAuthProvider.LOGIN_TYPE, localpart, "token",
				tokens.tokenFor(alice.userId())));
		assertThat(login.status()).as(login.toString()).isEqualTo(200);
		assertThat(login.body().path("user_id").asString()).isEqualTo(alice.userId());
	}

	@Test
	void aWrongTokenIsRefused() {
		User alice = matrix.register(unique("alice"));
		User bob = matrix.register(unique("bob"));
		Reply login = matrix.login(loginBody(SharedSecretAuthProvider.LOGIN_TYPE, alice.userId(), "token",
				tokens.tokenFor(bob.userId())));
		assertThat(login.status()).isEqualTo(403);
		assertThat(login.errcode()).isEqualTo(Codes.FORBIDDEN);
	}

	@Test
	void aUserWhoDoesNotExistIsRefused() {
		String ghost = "@" + unique("ghost") + ":localhost";
		Reply login = matrix.login(loginBody(SharedSecretAuthProvider.LOGIN_TYPE, ghost, "token",
				tokens.tokenFor(ghost)));
		assertThat(login.status()).isEqualTo(403);
		assertThat(login.errcode()).isEqualTo(Codes.FORBIDDEN);
	}

	@Test
	void aLoginWithoutTheTokenFieldIsABadRequest() {
		Reply login = matrix.login(Map.of("type", SharedSecretAuthProvider.LOGIN_TYPE, "identifier",
				Map.of("type", "m.id.user", "user", "alice")));
		assertThat(login.status()).isEqualTo(400);
		assertThat(login.errcode()).isEqualTo(Codes.MISSING_PARAM);
	}

	@Test
	void theHmacAsPasswordLogsTheUserInAndTheRealPasswordStillWorks() {
		User alice = matrix.register(unique("alice"));
		Reply withHmac = matrix.login(
				loginBody("m.login.password", alice.userId(), "password", tokens.tokenFor(alice.userId())));
		assertThat(withHmac.status()).as(withHmac.toString()).isEqualTo(200);
		assertThat(withHmac.body().path("user_id").asString()).isEqualTo(alice.userId());
		Reply withPassword = matrix
			.login(loginBody("m.login.password", alice.userId(), "password", MatrixTestClient.PASSWORD));
		assertThat(withPassword.status()).as(withPassword.toString()).isEqualTo(200);
		Reply wrong = matrix.login(loginBody("m.login.password", alice.userId(), "password", "wrong"));
		assertThat(wrong.status()).isEqualTo(403);
	}

}
