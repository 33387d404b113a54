package org.modulehost.samples.it;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.modulehost.app.process.HomeserverProcess.Account;
import org.modulehost.samples.it.RunningHomeserver.Server;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared-secret-auth sample as {@code samples.yml} configures it, with the secret from the
 * server's {@code SHARED_SECRET} environment variable: the HMAC-SHA512 of a user ID logs that
 * user in, as the custom login type and as an {@code m.login.password} password.
 */
@ExtendWith(RunningHomeserver.class)
class SharedSecretAuthIT {

	private static final String LOGIN_TYPE = "com.devture.shared_secret_auth";

	@Test
	void theLoginTypeIsOffered(Server server) {
		HttpResponse<String> response = server.get("/_matrix/client/v3/login");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(Server.json(response).path("flows").valueStream().map((flow) -> flow.path("type").asString()))
			.contains("m.login.password", LOGIN_TYPE);
	}

	@Test
	void theHmacOfTheUserIdLogsTheUserIn(Server server) {
		Account alice = server.register(unique("alice"), "a password nobody else knows");
		String token = hmac(server.environment("SHARED_SECRET"), alice.userId());
		HttpResponse<String> login = login(server, LOGIN_TYPE, alice.userId(), "token", token);
		assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
		assertThat(Server.json(login).path("user_id").asString()).isEqualTo(alice.userId());
		String accessToken = Server.json(login).path("access_token").asString();
		HttpResponse<String> whoami = server.send("GET", "/_matrix/client/v3/account/whoami", null, accessToken);
		assertThat(Server.json(whoami).path("user_id").asString()).isEqualTo(alice.userId());
	}

	@Test
	void theHmacIsAlsoAPassword(Server server) {
		Account bob = server.register(unique("bob"), "a password nobody else knows");
		String token = hmac(server.environment("SHARED_SECRET"), bob.userId());
		HttpResponse<String> login = login(server, "m.login.password", bob.userId(), "password", token);
		assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
		assertThat(Server.json(login).path("user_id").asString()).isEqualTo(bob.userId());
	}

	@Test
	void anHmacWithAnotherSecretIsRefused(Server server) {
		Account carol = server.register(unique("carol"), "a password nobody else knows");
		HttpResponse<String> login = login(server, LOGIN_TYPE, carol.userId(), "token",
				hmac("not the secret", carol.userId()));
		assertThat(login.statusCode()).isEqualTo(403);
		assertThat(Server.json(login).path("errcode").asString()).isEqualTo("M_FORBIDDEN");
	}

	private static HttpResponse<String> login(Server server, String type, String user, String field, String value) {
		return server.send("POST", "/_matrix/client/v3/login",
				Map.of("type", type, "identifier", Map.of("type", "m.id.user", "user", user), field, value), null);
	}

	/** Computes the token as a client of the module does. */
	private static String hmac(String secret, String userId) {
		try {
			Mac mac = Mac.getInstance("HmacSHA512");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA512"));
			return HexFormat.of().formatHex(mac.doFinal(userId.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
