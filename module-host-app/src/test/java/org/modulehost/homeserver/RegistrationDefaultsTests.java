package org.modulehost.homeserver;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import org.modulehost.app.ModuleHostApplication;
import org.modulehost.homeserver.users.Accounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The homeserver as an operator gets it without saying anything about registration: closed, as
 * Synapse's is, while the shared-secret admin API and {@code homeserver.admins} still work.
 */
@SpringBootTest(classes = ModuleHostApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "homeserver.passwords.bcrypt-rounds=4", "homeserver.registration.shared-secret=test-secret",
				"homeserver.admins[0]=first-admin" })
class RegistrationDefaultsTests {

	@LocalServerPort
	int port;

	@Autowired
	Accounts accounts;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		HomeserverTestSupport.TestDatabase.register(registry);
	}

	@Test
	void registrationIsClosedByDefault() {
		MatrixClient.Response response = MatrixClient.at(this.port).post("/_matrix/client/v3/register",
				Map.of("username", MatrixClient.unique("closed"), "password", "pw", "auth",
						Map.of("type", "m.login.dummy")));
		assertThat(response.status()).as(response.toString()).isEqualTo(403);
		assertThat(response.errcode()).isEqualTo("M_FORBIDDEN");
		assertThat(response.string("error")).isEqualTo("Registration has been disabled");
	}

	@Test
	void theFirstStepOfRegistrationIsClosedToo() {
		MatrixClient.Response response = MatrixClient.at(this.port).post("/_matrix/client/r0/register", Map.of());
		assertThat(response.status()).as(response.toString()).isEqualTo(403);
		assertThat(response.errcode()).isEqualTo("M_FORBIDDEN");
	}

	@Test
	void askingWhetherANameIsAvailableIsRefusedWhileRegistrationIsClosed() {
		MatrixClient.Response response = MatrixClient.at(this.port)
			.get("/_matrix/client/v3/register/available?username=" + MatrixClient.unique("free"));
		assertThat(response.status()).as(response.toString()).isEqualTo(403);
		assertThat(response.errcode()).isEqualTo("M_FORBIDDEN");
		assertThat(response.string("error")).isEqualTo("Registration has been disabled");
	}

	@Test
	void theSharedSecretAdminApiStillRegistersAConfiguredAdministratorWhoCanLogIn() throws Exception {
		MatrixClient client = MatrixClient.at(this.port);
		String nonce = client.get("/_synapse/admin/v1/register").string("nonce");
		Mac mac = Mac.getInstance("HmacSHA1");
		mac.init(new SecretKeySpec("test-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
		String digest = HexFormat.of()
			.formatHex(mac.doFinal((nonce + "\0first-admin\0pw\0notadmin").getBytes(StandardCharsets.UTF_8)));
		MatrixClient.Response response = client.post("/_synapse/admin/v1/register",
				Map.of("nonce", nonce, "username", "first-admin", "password", "pw", "admin", false, "mac", digest));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.string("user_id")).isEqualTo("@first-admin:localhost");
		MatrixClient admin = client.login("first-admin", "pw");
		MatrixClient.Response whoami = admin.get("/_matrix/client/v3/account/whoami");
		assertThat(whoami.status()).isEqualTo(200);
		assertThat(whoami.string("user_id")).isEqualTo("@first-admin:localhost");
		assertThat(this.accounts.isAdmin("@first-admin:localhost")).as("homeserver.admins").isTrue();
	}

}
