package org.modulehost.samples.it;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.modulehost.app.process.HomeserverProcess.Account;
import org.modulehost.samples.it.RunningHomeserver.Server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The account-expiry sample ({@code period: 30d} in {@code samples.yml}), loaded from its jar, over
 * HTTP: renewal, an administrator expiring an account, which the homeserver then refuses, and the
 * legacy account-validity endpoints the sample serves ({@code send_mail}, {@code renew?token=},
 * the admin {@code validity}). The sample's renewal e-mails go to users' e-mail addresses; the
 * module tests ({@code AccountExpiryEmailTests}) read them back from an SMTP server.
 */
@ExtendWith(RunningHomeserver.class)
class AccountExpiryIT {

	private static final String EXPIRY = "/_synapse/client/account_expiry";

	private static final String VALIDITY = "/_synapse/admin/v1/account_validity/validity";

	private static final String WHOAMI = "/_matrix/client/v3/account/whoami";

	private static final long PERIOD = Duration.ofDays(30).toMillis();

	@Test
	void aNewAccountIsValidForThirtyDaysAndRenewingStartsThemAgain(Server server) {
		long before = System.currentTimeMillis();
		Account user = server.register("it-expiry-renew", "it-password");
		JsonNode status = Server.json(server.send("GET", EXPIRY + "/status", null, user.accessToken()));
		assertThat(status.get("user_id").asString()).isEqualTo(user.userId());
		assertThat(status.get("expiration_ts").asLong()).isBetween(before + PERIOD,
				System.currentTimeMillis() + PERIOD);
		assertThat(status.get("expired").asBoolean()).isFalse();
		assertThat(status.get("renewal_due").asBoolean()).isFalse();

		HttpResponse<String> renewed = server.send("POST", EXPIRY + "/renew", null, user.accessToken());
		assertThat(renewed.statusCode()).isEqualTo(200);
		assertThat(Server.json(renewed).get("expiration_ts").asLong())
			.isCloseTo(System.currentTimeMillis() + PERIOD, within(Duration.ofMinutes(1).toMillis()))
			.isGreaterThanOrEqualTo(status.get("expiration_ts").asLong());
	}

	@Test
	void anAccountAnAdministratorExpiresIsRefusedUntilItsUserOrAnAdministratorRenewsIt(Server server) {
		Account user = server.register("it-expiry-expired", "it-password");
		assertThat(server.send("GET", WHOAMI, null, user.accessToken()).statusCode()).isEqualTo(200);

		HttpResponse<String> expired = server.send("POST", EXPIRY + "/admin/expire",
				Map.of("user_id", user.userId()), server.admin().accessToken());
		assertThat(expired.statusCode()).isEqualTo(200);

		HttpResponse<String> refused = server.send("GET", WHOAMI, null, user.accessToken());
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(Server.json(refused).get("errcode").asString()).isEqualTo("ORG_MATRIX_EXPIRED_ACCOUNT");
		assertThat(server.send("POST", EXPIRY + "/renew", null, user.accessToken()).statusCode()).isEqualTo(200);
		assertThat(server.send("GET", WHOAMI, null, user.accessToken()).statusCode()).isEqualTo(200);

		assertThat(server.send("POST", EXPIRY + "/admin/expire", Map.of("user_id", user.userId()),
				server.admin().accessToken()).statusCode()).isEqualTo(200);
		assertThat(server.send("GET", WHOAMI, null, user.accessToken()).statusCode()).isEqualTo(403);

		HttpResponse<String> renewed = server.send("POST", EXPIRY + "/renew", Map.of("user_id", user.userId()),
				server.admin().accessToken());
		assertThat(renewed.statusCode()).isEqualTo(200);
		assertThat(server.send("GET", WHOAMI, null, user.accessToken()).statusCode()).isEqualTo(200);
	}

	@Test
	void theAdminValidityEndpointSetsTheExpiryTheAdministratorGives(Server server) {
		Account user = server.register("it-expiry-validity", "it-password");
		long past = System.currentTimeMillis() - 1;
		HttpResponse<String> expired = server.send("POST", VALIDITY,
				Map.of("user_id", user.userId(), "expiration_ts", past), server.admin().accessToken());
		assertThat(expired.statusCode()).isEqualTo(200);
		assertThat(Server.json(expired).get("expiration_ts").asLong()).isEqualTo(past);
		HttpResponse<String> refused = server.send("GET", WHOAMI, null, user.accessToken());
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(Server.json(refused).get("errcode").asString()).isEqualTo("ORG_MATRIX_EXPIRED_ACCOUNT");

		HttpResponse<String> renewed = server.send("POST", VALIDITY, Map.of("user_id", user.userId()),
				server.admin().accessToken());
		assertThat(renewed.statusCode()).isEqualTo(200);
		assertThat(Server.json(renewed).get("expiration_ts").asLong())
			.isCloseTo(System.currentTimeMillis() + PERIOD, within(Duration.ofMinutes(1).toMillis()));
		assertThat(server.send("GET", WHOAMI, null, user.accessToken()).statusCode()).isEqualTo(200);

		HttpResponse<String> notAdmin = server.send("POST", VALIDITY, Map.of("user_id", user.userId()),
				user.accessToken());
		assertThat(notAdmin.statusCode()).isEqualTo(403);
		assertThat(Server.json(notAdmin).get("errcode").asString()).isEqualTo("M_FORBIDDEN");
		HttpResponse<String> missing = server.send("POST", VALIDITY, Map.of(), server.admin().accessToken());
		assertThat(missing.statusCode()).isEqualTo(400);
		assertThat(Server.json(missing).get("errcode").asString()).isEqualTo("M_MISSING_PARAM");
	}

	@Test
	void sendMailAnswersAUserWithoutAnEmailAddressAndARenewalLinkNeverIssuedShowsTheInvalidPage(Server server) {
		Account user = server.register("it-expiry-send-mail", "it-password");
		HttpResponse<String> sent = server.send("POST", "/_matrix/client/v1/account_validity/send_mail", Map.of(),
				user.accessToken());
		assertThat(sent.statusCode()).isEqualTo(200);
		assertThat(Server.json(sent).isEmpty()).isTrue();

		HttpResponse<String> invalid = server.get("/_matrix/client/v1/account_validity/renew?token=" + "x".repeat(32));
		assertThat(invalid.statusCode()).isEqualTo(404);
		assertThat(invalid.body()).contains("This renewal link is invalid");
	}

	@Test
	void onlyAdministratorsMayExpireAccounts(Server server) {
		Account user = server.register("it-expiry-not-admin", "it-password");
		HttpResponse<String> refused = server.send("POST", EXPIRY + "/admin/expire", Map.of("user_id", user.userId()),
				user.accessToken());
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(Server.json(refused).get("errcode").asString()).isEqualTo("M_FORBIDDEN");
		assertThat(server.send("GET", WHOAMI, null, user.accessToken()).statusCode()).isEqualTo(200);
	}

}
