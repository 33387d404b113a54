package org.modulehost.homeserver;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import org.modulehost.homeserver.users.Accounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@TestPropertySource(properties = { "homeserver.registration.shared-secret=test-secret",
		"homeserver.admins[0]=boss-of-tests" })
class RegistrationAndLoginTests extends HomeserverTestSupport {

	@Autowired
	Accounts accounts;

	@Test
	void registrationFirstAnswersTheDummyFlowWithASession() {
		MatrixClient.Response response = client().post("/_matrix/client/v3/register",
				Map.of("username", MatrixClient.unique("uia"), "password", "pw"));
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.list("flows")).containsExactly(Map.of("stages", List.of("m.login.dummy")));
		assertThat(response.string("session")).isNotBlank();
	}

	@Test
	void registrationCompletesInOneCallWithADummyStage() {
		String name = MatrixClient.unique("onecall");
		MatrixClient.Response response = client().post("/_matrix/client/v3/register",
				Map.of("username", name, "password", "pw", "auth", Map.of("type", "m.login.dummy")));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.string("user_id")).isEqualTo("@" + name + ":localhost");
		assertThat(response.string("access_token")).isNotBlank();
	}

	@Test
	void aUserWhoPicksNoNameGetsANumericOne() {
		MatrixClient.Response response = client().post("/_matrix/client/v3/register",
				Map.of("password", "pw", "auth", Map.of("type", "m.login.dummy")));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.string("user_id")).matches("@[0-9]+:localhost");
	}

	@Test
	void theSecondStepMayOmitTheParametersOfTheFirst() {
		String name = MatrixClient.unique("session");
		MatrixClient.Response first = client().post("/_matrix/client/v3/register",
				Map.of("username", name, "password", "pw"));
		MatrixClient.Response second = client().post("/_matrix/client/v3/register",
				Map.of("password", "pw", "auth", Map.of("type", "m.login.dummy", "session", first.string("session"))));
		assertThat(second.status()).as(second.toString()).isEqualTo(200);
		assertThat(second.string("user_id")).isEqualTo("@" + name + ":localhost");
		assertThat(client().login(name, "pw").userId()).isEqualTo("@" + name + ":localhost");
	}

	@Test
	void aTakenUserIdIsRefusedBeforeAuthentication() {
		String name = MatrixClient.unique("taken");
		client().register(name);
		MatrixClient.Response again = client().post("/_matrix/client/v3/register",
				Map.of("username", name, "password", "pw"));
		assertThat(again.status()).isEqualTo(400);
		assertThat(again.errcode()).isEqualTo("M_USER_IN_USE");
		MatrixClient.Response available = client()
			.get("/_matrix/client/v3/register/available?username=" + MatrixClient.encode(name));
		assertThat(available.errcode()).isEqualTo("M_USER_IN_USE");
	}

	@Test
	void anInvalidUserNameIsRefused() {
		MatrixClient.Response response = client().post("/_matrix/client/v3/register",
				Map.of("username", "Not Valid!", "password", "pw"));
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.errcode()).isEqualTo("M_INVALID_USERNAME");
	}

	@Test
	void aFreeNameIsAvailable() {
		MatrixClient.Response response = client()
			.get("/_matrix/client/v3/register/available?username=" + MatrixClient.unique("free"));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).containsEntry("available", true);
	}

	@Test
	void guestRegistrationIsRefused() {
		MatrixClient.Response response = client().post("/_matrix/client/v3/register?kind=guest", Map.of());
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.errcode()).isEqualTo("M_GUEST_ACCESS_FORBIDDEN");
	}

	@Test
	void passwordLoginIsOfferedFirst() {
		MatrixClient.Response response = client().get("/_matrix/client/v3/login");
		assertThat(response.list("flows").get(0)).containsEntry("type", "m.login.password");
	}

	@Test
	void loginIssuesATokenForANewDeviceAndWhoamiNamesBoth() {
		String name = MatrixClient.unique("login");
		MatrixClient registered = client().register(name, "secret-1");
		MatrixClient loggedIn = client().login(name, "secret-1");
		assertThat(loggedIn.deviceId()).isNotEqualTo(registered.deviceId());
		MatrixClient.Response whoami = loggedIn.get("/_matrix/client/v3/account/whoami");
		assertThat(whoami.string("user_id")).isEqualTo(registered.userId());
		assertThat(whoami.string("device_id")).isEqualTo(loggedIn.deviceId());
	}

	@Test
	void theLegacyUserFieldAndAFullUserIdAlsoLogIn() {
		String name = MatrixClient.unique("legacy");
		client().register(name, "pw");
		MatrixClient.Response response = client().post("/_matrix/client/v3/login",
				Map.of("type", "m.login.password", "user", "@" + name + ":localhost", "password", "pw"));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
	}

	@Test
	void aWrongPasswordIsForbidden() {
		String name = MatrixClient.unique("wrong");
		client().register(name, "right");
		MatrixClient.Response response = client().post("/_matrix/client/v3/login", Map.of("type",
				"m.login.password", "identifier", Map.of("type", "m.id.user", "user", name), "password", "wrong"));
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.errcode()).isEqualTo("M_FORBIDDEN");
	}

	@Test
	void anUnknownLoginTypeIsABadRequest() {
		MatrixClient.Response response = client().post("/_matrix/client/v3/login",
				Map.of("type", "org.example.unknown", "identifier", Map.of("type", "m.id.user", "user", "x")));
		assertThat(response.status()).isEqualTo(400);
	}

	@Test
	void requestsWithoutOrWithAnUnknownTokenAreUnauthorized() {
		MatrixClient.Response missing = client().get("/_matrix/client/v3/account/whoami");
		assertThat(missing.status()).isEqualTo(401);
		assertThat(missing.errcode()).isEqualTo("M_MISSING_TOKEN");
		MatrixClient.Response unknown = client().withToken("nonsense").get("/_matrix/client/v3/account/whoami");
		assertThat(unknown.status()).isEqualTo(401);
		assertThat(unknown.errcode()).isEqualTo("M_UNKNOWN_TOKEN");
	}

	@Test
	void theAccessTokenMayComeAsAQueryParameter() {
		MatrixClient user = client().register(MatrixClient.unique("query"));
		MatrixClient.Response whoami = client()
			.get("/_matrix/client/v3/account/whoami?access_token=" + MatrixClient.encode(user.accessToken()));
		assertThat(whoami.string("user_id")).isEqualTo(user.userId());
	}

	@Test
	void logoutRevokesOnlyThatDevice() {
		String name = MatrixClient.unique("logout");
		MatrixClient first = client().register(name, "pw");
		MatrixClient second = client().login(name, "pw");
		assertThat(first.post("/_matrix/client/v3/logout", Map.of()).status()).isEqualTo(200);
		assertThat(first.get("/_matrix/client/v3/account/whoami").errcode()).isEqualTo("M_UNKNOWN_TOKEN");
		assertThat(second.get("/_matrix/client/v3/account/whoami").status()).isEqualTo(200);
	}

	@Test
	void logoutAllRevokesEveryDevice() {
		String name = MatrixClient.unique("logoutall");
		MatrixClient first = client().register(name, "pw");
		MatrixClient second = client().login(name, "pw");
		assertThat(first.post("/_matrix/client/v3/logout/all", Map.of()).status()).isEqualTo(200);
		assertThat(first.get("/_matrix/client/v3/account/whoami").errcode()).isEqualTo("M_UNKNOWN_TOKEN");
		assertThat(second.get("/_matrix/client/v3/account/whoami").errcode()).isEqualTo("M_UNKNOWN_TOKEN");
	}

	@Test
	void aConfiguredAdministratorIsAnAdministratorOnceRegistered() {
		MatrixClient boss = client().register("boss-of-tests");
		MatrixClient other = client().register(MatrixClient.unique("staff"));
		assertThat(this.accounts.isAdmin(boss.userId())).isTrue();
		assertThat(this.accounts.isAdmin(other.userId())).isFalse();
	}

	@Test
	void theSharedSecretRegistersTheFirstAdministrator() throws Exception {
		String name = MatrixClient.unique("root");
		String nonce = client().get("/_synapse/admin/v1/register").string("nonce");
		Mac mac = Mac.getInstance("HmacSHA1");
		mac.init(new SecretKeySpec("test-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
		String digest = HexFormat.of()
			.formatHex(mac.doFinal((nonce + "\0" + name + "\0pw\0admin").getBytes(StandardCharsets.UTF_8)));
		MatrixClient.Response response = client().post("/_synapse/admin/v1/register",
				Map.of("nonce", nonce, "username", name, "password", "pw", "admin", true, "mac", digest));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(this.accounts.isAdmin(response.string("user_id"))).isTrue();
		MatrixClient.Response replay = client().post("/_synapse/admin/v1/register",
				Map.of("nonce", nonce, "username", name + "x", "password", "pw", "admin", true, "mac", digest));
		assertThat(replay.status()).isEqualTo(400);
	}

	@Test
	void aWrongSharedSecretMacIsForbidden() {
		String nonce = client().get("/_synapse/admin/v1/register").string("nonce");
		MatrixClient.Response response = client().post("/_synapse/admin/v1/register", Map.of("nonce", nonce,
				"username", MatrixClient.unique("intruder"), "password", "pw", "admin", true, "mac", "00"));
		assertThat(response.status()).isEqualTo(403);
	}

}
