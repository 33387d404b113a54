package org.modulehost.homeserver;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.modulehost.app.mail.Mailbox;
import org.modulehost.app.ModuleHostApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.modulehost.homeserver.ThreepidSupport.REGISTER;
import static org.modulehost.homeserver.ThreepidSupport.address;
import static org.modulehost.homeserver.ThreepidSupport.creds;
import static org.modulehost.homeserver.ThreepidSupport.requestToken;
import static org.modulehost.homeserver.ThreepidSupport.sid;

/**
 * Registration that requires a validated e-mail address ({@code homeserver.registration.require-email}),
 * validation links that expire ({@code homeserver.email.validation-token-lifetime}) and the
 * {@code rc_3pid_validation} rate limit at its defaults (5 at once).
 */
@TestPropertySource(properties = { "homeserver.registration.require-email=true",
		"homeserver.registration.allow-without-verification=false" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RequireEmailRegistrationTests extends HomeserverTestSupport {

	@DynamicPropertySource
	static void email(DynamicPropertyRegistry registry) {
		Mailbox.register(registry);
	}

	@Test
	@Order(1)
	void registrationOffersOnlyTheEmailStageAndCompletesWithIt() {
		String localpart = MatrixClient.unique("required");
		MatrixClient.Response first = client().post("/_matrix/client/v3/register",
				Map.of("username", localpart, "password", "pass word"));
		assertThat(first.status()).isEqualTo(401);
		assertThat(first.body().get("flows")).isEqualTo(List.of(Map.of("stages", List.of("m.login.email.identity"))));
		MatrixClient.Response dummy = client().post("/_matrix/client/v3/register", Map.of("username", localpart,
				"password", "pass word", "auth", Map.of("type", "m.login.dummy", "session", first.string("session"))));
		assertThat(dummy.status()).isEqualTo(401);
		assertThat(dummy.body().get("flows")).isEqualTo(first.body().get("flows"));
		String email = address("required");
		String unvalidated = sid(client(), REGISTER, email, "secret");
		MatrixClient.Response early = client().post("/_matrix/client/v3/register",
				Map.of("username", localpart, "password", "pass word", "auth", Map.of("type", "m.login.email.identity",
						"session", first.string("session"), "threepid_creds", creds(unvalidated, "secret"))));
		assertThat(early.status()).isEqualTo(400);
		assertThat(early.string("errcode")).isEqualTo("M_THREEPID_AUTH_FAILED");
		client().get(ThreepidSupport.link(email));
		MatrixClient.Response done = client().post("/_matrix/client/v3/register",
				Map.of("username", localpart, "password", "pass word", "auth", Map.of("type", "m.login.email.identity",
						"session", first.string("session"), "threepid_creds", creds(unvalidated, "secret"))));
		assertThat(done.status()).as(done.toString()).isEqualTo(200);
		MatrixClient.Response login = client().post("/_matrix/client/v3/login", Map.of("type", "m.login.password",
				"identifier", Map.of("type", "m.id.thirdparty", "medium", "email", "address", email), "password",
				"pass word"));
		assertThat(login.status()).isEqualTo(200);
	}

	@Test
	@Order(2)
	void aLinkFollowedAfterItsLifetimeIsRefused() {
		// the context's lifetime is 1 h: a second context with 1 ms shows expiry without waiting
		try (var context = SpringApplication.run(ModuleHostApplication.class, "--server.port=0",
				"--management.server.port=0", "--spring.main.banner-mode=off",
				"--spring.datasource.url=jdbc:h2:mem:expiry_" + UUID.randomUUID().toString().replace("-", "")
						+ ";DB_CLOSE_DELAY=-1",
				"--spring.mail.host=127.0.0.1", "--spring.mail.port=" + Mailbox.port(),
				"--homeserver.email.enabled=true", "--homeserver.email.notif-from=noreply@example.org",
				"--homeserver.email.validation-token-lifetime=1ms", "--homeserver.registration.enabled=true",
				"--homeserver.registration.require-email=true")) {
			int port = ((org.springframework.boot.web.server.context.WebServerApplicationContext) context).getWebServer()
				.getPort();
			MatrixClient client = MatrixClient.at(port);
			String email = address("expired");
			String sid = sid(client, REGISTER, email, "secret");
			MatrixClient.Response page = client.get(ThreepidSupport.link(email));
			assertThat(page.status()).isEqualTo(400);
			assertThat(page.text()).contains("expired");
			MatrixClient.Response register = client.post("/_matrix/client/v3/register", Map.of("username",
					MatrixClient.unique("late"), "auth", Map.of("type", "m.login.email.identity", "threepid_creds",
							creds(sid, "secret"))));
			assertThat(register.status()).isEqualTo(400);
			assertThat(register.string("errcode")).isEqualTo("M_THREEPID_AUTH_FAILED");
		}
	}

	@Test
	@Order(3)
	void requestsForTokensAreRateLimitedPerAddress() {
		String email = address("limited");
		MatrixClient.Response last = null;
		for (int attempt = 1; attempt <= 6; attempt++) {
			last = requestToken(client(), REGISTER, email, "limit" + attempt, 1);
			if (last.status() == 429) {
				break;
			}
			assertThat(last.status()).as(last.toString()).isEqualTo(200);
		}
		assertThat(last.status()).isEqualTo(429);
		assertThat(last.string("errcode")).isEqualTo("M_LIMIT_EXCEEDED");
		assertThat(last.body()).containsKey("retry_after_ms");
	}

	@Test
	void requireEmailWithoutEmailStopsStartUpNamingBothSettings() {
		assertThatThrownBy(() -> SpringApplication.run(ModuleHostApplication.class, "--server.port=0",
				"--management.server.port=0", "--spring.main.banner-mode=off",
				"--spring.datasource.url=jdbc:h2:mem:reqmail_" + UUID.randomUUID().toString().replace("-", "")
						+ ";DB_CLOSE_DELAY=-1",
				"--homeserver.registration.enabled=true", "--homeserver.registration.require-email=true").close())
			.rootCause()
			.hasMessageContaining("homeserver.registration.require-email is true, but e-mail is off")
			.hasMessageContaining("homeserver.email.enabled: true");
	}

}
