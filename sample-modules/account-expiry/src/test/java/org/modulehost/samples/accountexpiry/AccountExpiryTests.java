package org.modulehost.samples.accountexpiry;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.modulehost.samples.accountexpiry.TestHomeserver.MutableClock;
import org.modulehost.test.MatrixTestClient;
import org.modulehost.test.MatrixTestClient.Reply;
import org.modulehost.test.MatrixTestClient.User;
import org.modulehost.test.ModuleTestHost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The account-expiry module in the reference homeserver, driven as Matrix clients drive it; the
 * homeserver's clock is moved instead of waiting.
 */
class AccountExpiryTests {

	private static final Duration PERIOD = Duration.ofDays(30);

	private static final String STATUS = AccountExpiry.PATH + "/status";

	private static final String RENEW = AccountExpiry.PATH + "/renew";

	private static final String EXPIRE = AccountExpiry.PATH + "/admin/expire";

	private static ModuleTestHost host;

	private static MatrixTestClient matrix;

	private static MutableClock clock;

	@BeforeAll
	static void startHomeserver() {
		host = TestHomeserver.builder(TestHomeserver.freshDatabase())
			.module(AccountExpiry.class, Map.of("period", "30d", "renew_at", "7d", "check_every", "100ms"))
			.start();
		matrix = new MatrixTestClient(host);
		clock = host.bean(MutableClock.class);
	}

	@AfterAll
	static void stopHomeserver() {
		host.close();
	}

	@Test
	void aNewAccountExpiresOnePeriodAfterItsRegistration() {
		User alice = matrix.register("alice");
		JsonNode status = matrix.request("GET", STATUS, alice, null).body();
		assertThat(status.get("user_id").asString()).isEqualTo(alice.userId());
		assertThat(status.get("expiration_ts").asLong()).isEqualTo(clock.millis() + PERIOD.toMillis());
		assertThat(status.get("expired").asBoolean()).isFalse();
		assertThat(status.get("renewal_due").asBoolean()).isFalse();
	}

	@Test
	void anAccountWhosePeriodIsOverIsRefusedWithTheExpiredAccountCode() {
		User bob = matrix.register("bob");
		assertThat(matrix.whoami(bob).status()).isEqualTo(200);
		clock.advance(PERIOD.plusSeconds(1));
		Reply refused = matrix.whoami(bob);
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.body().get("errcode").asString()).isEqualTo("ORG_MATRIX_EXPIRED_ACCOUNT");
	}

	@Test
	void theExpiryIsReadOnceAndThenServedFromTheCache() {
		User carol = matrix.register("carol");
		matrix.whoami(carol);
		assertThat(host.cache("AccountExpiry.expirationTs").get(carol.userId())).isNotNull();
	}

	@Test
	void renewingExtendsTheAccountFromNowAndTheNewExpiryIsServedAtOnce() {
		User dave = matrix.register("dave");
		clock.advance(Duration.ofDays(25));
		assertThat(matrix.request("GET", STATUS, dave, null).body().get("renewal_due").asBoolean()).isTrue();
		Reply renewed = matrix.request("POST", RENEW, dave, null);
		assertThat(renewed.status()).isEqualTo(200);
		long expected = clock.millis() + PERIOD.toMillis();
		assertThat(renewed.body().get("expiration_ts").asLong()).isEqualTo(expected);
		JsonNode status = matrix.request("GET", STATUS, dave, null).body();
		assertThat(status.get("expiration_ts").asLong()).isEqualTo(expected);
		assertThat(status.get("renewal_due").asBoolean()).isFalse();
		// the background call may be telling dave to renew right now; the renewal's notice wins
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			JsonNode notice = notice(dave).body();
			assertThat(notice.get("expiration_ts").asLong()).isEqualTo(expected);
			assertThat(notice.get("renewal_due").asBoolean()).isFalse();
		});
	}

	@Test
	void anAdministratorExpiresAnAccountAtOnceAndItsUserOrTheAdministratorRenewsIt() {
		User admin = TestHomeserver.registerAdmin(matrix);
		User erin = matrix.register("erin");
		assertThat(matrix.whoami(erin).status()).isEqualTo(200);

		Reply expired = matrix.request("POST", EXPIRE, admin, Map.of("user_id", erin.userId()));
		assertThat(expired.status()).isEqualTo(200);
		assertThat(expired.body().get("expiration_ts").asLong()).isEqualTo(clock.millis());
		assertThat(matrix.whoami(erin).body().get("errcode").asString())
			.isEqualTo("ORG_MATRIX_EXPIRED_ACCOUNT");
		assertThat(matrix.request("GET", STATUS + "?user_id=" + erin.userId(), admin, null).body().get("expired")
			.asBoolean()).isTrue();
		// An expired user may renew their own account.
		assertThat(matrix.request("POST", RENEW, erin, null).status()).isEqualTo(200);
		assertThat(matrix.whoami(erin).status()).isEqualTo(200);

		assertThat(matrix.request("POST", EXPIRE, admin, Map.of("user_id", erin.userId())).status()).isEqualTo(200);

		Reply renewed = matrix.request("POST", RENEW, admin, Map.of("user_id", "erin"));
		assertThat(renewed.status()).isEqualTo(200);
		assertThat(renewed.body().get("user_id").asString()).isEqualTo(erin.userId());
		assertThat(matrix.whoami(erin).status()).isEqualTo(200);
	}

	@Test
	void onlyAdministratorsActOnOtherUsersAccounts() {
		User frank = matrix.register("frank");
		User grace = matrix.register("grace");
		Reply expire = matrix.request("POST", EXPIRE, frank, Map.of("user_id", grace.userId()));
		assertThat(expire.status()).isEqualTo(403);
		assertThat(expire.body().get("errcode").asString()).isEqualTo("M_FORBIDDEN");
		assertThat(matrix.request("POST", RENEW, frank, Map.of("user_id", grace.userId())).status()).isEqualTo(403);
		assertThat(matrix.request("GET", STATUS + "?user_id=" + grace.userId(), frank, null).status()).isEqualTo(403);
		assertThat(matrix.whoami(grace).status()).isEqualTo(200);
	}

	@Test
	void badRequestsAreAnsweredWithMatrixErrors() {
		User admin = TestHomeserver.registerAdmin(matrix);
		assertThat(errcode(matrix.request("POST", EXPIRE, null, "{\"user_id\": \"@x:localhost\"}")))
			.isEqualTo("M_MISSING_TOKEN");
		assertThat(errcode(matrix.request("POST", EXPIRE, admin, Map.of()))).isEqualTo("M_MISSING_PARAM");
		assertThat(errcode(matrix.request("POST", EXPIRE, admin, Map.of("user_id", 42)))).isEqualTo("M_INVALID_PARAM");
		assertThat(errcode(matrix.request("POST", EXPIRE, admin, Map.of("user_id", "@nobody:localhost"))))
			.isEqualTo("M_NOT_FOUND");
		assertThat(errcode(matrix.request("POST", EXPIRE, admin, "{not json"))).isEqualTo("M_NOT_JSON");
	}

	@Test
	void usersWhoseAccountExpiresWithinRenewAtAreToldThroughTheirAccountData() {
		User heidi = matrix.register("heidi");
		assertThat(notice(heidi).status()).isEqualTo(404);
		clock.advance(Duration.ofDays(24));
		long expiry = matrix.request("GET", STATUS, heidi, null).body().get("expiration_ts").asLong();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> notice(heidi).status() == 200);
		JsonNode notice = notice(heidi).body();
		assertThat(notice.get("renewal_due").asBoolean()).isTrue();
		assertThat(notice.get("expiration_ts").asLong()).isEqualTo(expiry);
		assertThat(notice.get("renew_url").asString()).isEqualTo("/_synapse/client/account_expiry/renew");
	}

	private static Reply notice(User user) {
		return matrix.accountData(user, AccountExpiry.NOTICE_TYPE);
	}

	private static String errcode(Reply reply) {
		assertThat(reply.status()).isBetween(400, 499);
		return reply.errcode();
	}

}
