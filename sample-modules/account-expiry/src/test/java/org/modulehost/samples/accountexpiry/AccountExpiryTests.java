package org.modulehost.samples.accountexpiry;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.modulehost.samples.accountexpiry.TestHomeserver.Account;
import org.modulehost.samples.accountexpiry.TestHomeserver.MutableClock;
import org.modulehost.test.ModuleTestHost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.modulehost.samples.accountexpiry.TestHomeserver.json;
import static org.modulehost.samples.accountexpiry.TestHomeserver.register;
import static org.modulehost.samples.accountexpiry.TestHomeserver.send;

/**
 * The account-expiry module in the reference homeserver, driven as Matrix clients drive it; the
 * homeserver's clock is moved instead of waiting.
 */
class AccountExpiryTests {

	private static final Duration PERIOD = Duration.ofDays(30);

	private static final String STATUS = AccountExpiry.PATH + "/status";

	private static final String RENEW = AccountExpiry.PATH + "/renew";

	private static final String EXPIRE = AccountExpiry.PATH + "/admin/expire";

	private static final String WHOAMI = "/_matrix/client/v3/account/whoami";

	private static ModuleTestHost host;

	private static MutableClock clock;

	@BeforeAll
	static void startHomeserver() {
		host = TestHomeserver.builder(TestHomeserver.freshDatabase())
			.module(AccountExpiry.class, Map.of("period", "30d", "renew_at", "7d", "check_every", "100ms"))
			.start();
		clock = host.bean(MutableClock.class);
	}

	@AfterAll
	static void stopHomeserver() {
		host.close();
	}

	@Test
	void aNewAccountExpiresOnePeriodAfterItsRegistration() {
		Account alice = register(host, "alice");
		JsonNode status = json(send(host, "GET", STATUS, null, alice));
		assertThat(status.get("user_id").asString()).isEqualTo(alice.userId());
		assertThat(status.get("expiration_ts").asLong()).isEqualTo(clock.millis() + PERIOD.toMillis());
		assertThat(status.get("expired").asBoolean()).isFalse();
		assertThat(status.get("renewal_due").asBoolean()).isFalse();
	}

	@Test
	void anAccountWhosePeriodIsOverIsRefusedWithTheExpiredAccountCode() {
		Account bob = register(host, "bob");
		assertThat(send(host, "GET", WHOAMI, null, bob).statusCode()).isEqualTo(200);
		clock.advance(PERIOD.plusSeconds(1));
		HttpResponse<String> refused = send(host, "GET", WHOAMI, null, bob);
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(json(refused).get("errcode").asString()).isEqualTo("ORG_MATRIX_EXPIRED_ACCOUNT");
	}

	@Test
	void theExpiryIsReadOnceAndThenServedFromTheCache() {
		Account carol = register(host, "carol");
		send(host, "GET", WHOAMI, null, carol);
		assertThat(host.cache("AccountExpiry.expirationTs").get(carol.userId())).isNotNull();
	}

	@Test
	void renewingExtendsTheAccountFromNowAndTheNewExpiryIsServedAtOnce() {
		Account dave = register(host, "dave");
		clock.advance(Duration.ofDays(25));
		assertThat(json(send(host, "GET", STATUS, null, dave)).get("renewal_due").asBoolean()).isTrue();
		HttpResponse<String> renewed = send(host, "POST", RENEW, null, dave);
		assertThat(renewed.statusCode()).isEqualTo(200);
		long expected = clock.millis() + PERIOD.toMillis();
		assertThat(json(renewed).get("expiration_ts").asLong()).isEqualTo(expected);
		JsonNode status = json(send(host, "GET", STATUS, null, dave));
		assertThat(status.get("expiration_ts").asLong()).isEqualTo(expected);
		assertThat(status.get("renewal_due").asBoolean()).isFalse();
		// the background call may be telling dave to renew right now; the renewal's notice wins
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			JsonNode notice = json(send(host, "GET", accountData(dave), null, dave));
			assertThat(notice.get("expiration_ts").asLong()).isEqualTo(expected);
			assertThat(notice.get("renewal_due").asBoolean()).isFalse();
		});
	}

	@Test
	void anAdministratorExpiresAnAccountAtOnceAndItsUserOrTheAdministratorRenewsIt() {
		Account admin = TestHomeserver.registerAdmin(host);
		Account erin = register(host, "erin");
		assertThat(send(host, "GET", WHOAMI, null, erin).statusCode()).isEqualTo(200);

		HttpResponse<String> expired = send(host, "POST", EXPIRE, Map.of("user_id", erin.userId()), admin);
		assertThat(expired.statusCode()).isEqualTo(200);
		assertThat(json(expired).get("expiration_ts").asLong()).isEqualTo(clock.millis());
		assertThat(json(send(host, "GET", WHOAMI, null, erin)).get("errcode").asString())
			.isEqualTo("ORG_MATRIX_EXPIRED_ACCOUNT");
		assertThat(json(send(host, "GET", STATUS + "?user_id=" + erin.userId(), null, admin)).get("expired").asBoolean())
			.isTrue();
		// An expired user may renew their own account.
		assertThat(send(host, "POST", RENEW, null, erin).statusCode()).isEqualTo(200);
		assertThat(send(host, "GET", WHOAMI, null, erin).statusCode()).isEqualTo(200);

		assertThat(send(host, "POST", EXPIRE, Map.of("user_id", erin.userId()), admin).statusCode()).isEqualTo(200);

		HttpResponse<String> renewed = send(host, "POST", RENEW, Map.of("user_id", "erin"), admin);
		assertThat(renewed.statusCode()).isEqualTo(200);
		assertThat(json(renewed).get("user_id").asString()).isEqualTo(erin.userId());
		assertThat(send(host, "GET", WHOAMI, null, erin).statusCode()).isEqualTo(200);
	}

	@Test
	void onlyAdministratorsActOnOtherUsersAccounts() {
		Account frank = register(host, "frank");
		Account grace = register(host, "grace");
		HttpResponse<String> expire = send(host, "POST", EXPIRE, Map.of("user_id", grace.userId()), frank);
		assertThat(expire.statusCode()).isEqualTo(403);
		assertThat(json(expire).get("errcode").asString()).isEqualTo("M_FORBIDDEN");
		assertThat(send(host, "POST", RENEW, Map.of("user_id", grace.userId()), frank).statusCode()).isEqualTo(403);
		assertThat(send(host, "GET", STATUS + "?user_id=" + grace.userId(), null, frank).statusCode()).isEqualTo(403);
		assertThat(send(host, "GET", WHOAMI, null, grace).statusCode()).isEqualTo(200);
	}

	@Test
	void badRequestsAreAnsweredWithMatrixErrors() {
		Account admin = TestHomeserver.registerAdmin(host);
		assertThat(errcode(host.post(EXPIRE, "{\"user_id\": \"@x:localhost\"}"))).isEqualTo("M_MISSING_TOKEN");
		assertThat(errcode(send(host, "POST", EXPIRE, Map.of(), admin))).isEqualTo("M_MISSING_PARAM");
		assertThat(errcode(send(host, "POST", EXPIRE, Map.of("user_id", 42), admin))).isEqualTo("M_INVALID_PARAM");
		assertThat(errcode(send(host, "POST", EXPIRE, Map.of("user_id", "@nobody:localhost"), admin)))
			.isEqualTo("M_NOT_FOUND");
		assertThat(errcode(send(host, "POST", EXPIRE, "{not json", admin))).isEqualTo("M_NOT_JSON");
	}

	@Test
	void usersWhoseAccountExpiresWithinRenewAtAreToldThroughTheirAccountData() {
		Account heidi = register(host, "heidi");
		assertThat(send(host, "GET", accountData(heidi), null, heidi).statusCode()).isEqualTo(404);
		clock.advance(Duration.ofDays(24));
		long expiry = json(send(host, "GET", STATUS, null, heidi)).get("expiration_ts").asLong();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> send(host, "GET", accountData(heidi), null, heidi).statusCode() == 200);
		JsonNode notice = json(send(host, "GET", accountData(heidi), null, heidi));
		assertThat(notice.get("renewal_due").asBoolean()).isTrue();
		assertThat(notice.get("expiration_ts").asLong()).isEqualTo(expiry);
		assertThat(notice.get("renew_url").asString()).isEqualTo("/_synapse/client/account_expiry/renew");
	}

	private static String accountData(Account account) {
		return "/_matrix/client/v3/user/" + account.userId() + "/account_data/" + AccountExpiry.NOTICE_TYPE;
	}

	private static String errcode(HttpResponse<String> response) {
		assertThat(response.statusCode()).isBetween(400, 499);
		return json(response).get("errcode").asString();
	}

}
