package org.modulehost.samples.accountexpiry;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.modulehost.app.mail.Mailbox;
import org.modulehost.app.mail.Mailbox.Mail;
import org.modulehost.samples.accountexpiry.TestHomeserver.MutableClock;
import org.modulehost.test.MatrixTestClient;
import org.modulehost.test.MatrixTestClient.Reply;
import org.modulehost.test.MatrixTestClient.User;
import org.modulehost.test.ModuleTestHost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The renewal e-mails and the legacy account-validity endpoints the module serves
 * ({@code send_mail}, {@code renew?token=}, the admin {@code validity}), with a real SMTP server;
 * the homeserver's clock is moved instead of waiting.
 *
 * <p>The tests that need a user with an e-mail address register one through the module API's
 * {@code registerUser} with e-mails; on a homeserver without e-mail addresses for users they are
 * skipped (aborted), saying so.
 */
class AccountExpiryEmailTests {

	private static final Duration PERIOD = Duration.ofDays(30);

	private static final String SEND_MAIL = "/_matrix/client/v1/account_validity/send_mail";

	private static final String RENEW_LINK = "/_matrix/client/v1/account_validity/renew?token=";

	private static final String VALIDITY = "/_synapse/admin/v1/account_validity/validity";

	private static ModuleTestHost host;

	private static MatrixTestClient matrix;

	private static MutableClock clock;

	@BeforeAll
	static void startHomeserver() {
		host = TestHomeserver.sendingMail(TestHomeserver.builder(TestHomeserver.freshDatabase()))
			.module(AccountExpiry.class, Map.of("period", "30d", "renew_at", "7d", "check_every", "100ms"))
			.module(EmailAccounts.class, Map.of())
			.start();
		matrix = new MatrixTestClient(host);
		clock = host.bean(MutableClock.class);
	}

	@AfterAll
	static void stopHomeserver() {
		host.close();
	}

	@Test
	void aUserWhoseAccountExpiresSoonGetsARenewalEmailWhoseLinkRenewsTheAccountOnce() {
		User ivan = registerWithEmail("ivan", "ivan@example.org");
		clock.advance(Duration.ofDays(24));
		long expiry = clock.millis() + Duration.ofDays(6).toMillis();
		Mail mail = Mailbox.awaitMail("ivan@example.org", 1).get(0);
		assertThat(mail.subject()).isEqualTo("Renew your Example Chat account");
		assertThat(mail.text()).contains("Hello ivan,").contains("expires on 2026-01-31");
		assertThat(mail.html()).contains("expires on <strong>2026-01-31</strong>").contains("href=\"" + mail.link());
		assertThat(mail.link()).startsWith("http://localhost:" + host.port() + RENEW_LINK)
			.matches(".*token=[a-zA-Z]{32}");
		assertThat(matrix.accountData(ivan, AccountExpiry.NOTICE_TYPE).body().get("expiration_ts").asLong())
			.isEqualTo(expiry);

		HttpResponse<String> renewed = host.get(path(mail.link()));
		assertThat(renewed.statusCode()).isEqualTo(200);
		assertThat(renewed.body()).contains("successfully renewed").contains("2026-02-24");
		long newExpiry = clock.millis() + PERIOD.toMillis();
		assertThat(matrix.request("GET", AccountExpiry.PATH + "/status", ivan, null).body().get("expiration_ts").asLong())
			.isEqualTo(newExpiry);

		HttpResponse<String> again = host.get(path(mail.link()));
		assertThat(again.statusCode()).isEqualTo(200);
		assertThat(again.body()).contains("already been renewed");
		assertThat(Mailbox.received("ivan@example.org")).hasSize(1);
	}

	@Test
	void sendMailSendsANewRenewalEmailAndOnlyItsLinkStillWorks() {
		User judy = registerWithEmail("judy", "judy@example.org");
		Reply sent = matrix.request("POST", SEND_MAIL, judy, Map.of());
		assertThat(sent.status()).isEqualTo(200);
		Mail first = Mailbox.awaitMail("judy@example.org", 1).get(0);
		assertThat(matrix.request("POST", SEND_MAIL, judy, Map.of()).status()).isEqualTo(200);
		Mail second = Mailbox.awaitMail("judy@example.org", 2).get(1);
		assertThat(second.link()).isNotEqualTo(first.link());

		assertThat(host.get(path(first.link())).statusCode()).isEqualTo(404);
		assertThat(host.get(path(second.link())).statusCode()).isEqualTo(200);
	}

	@Test
	void aUserWithoutAnEmailAddressIsToldThroughTheirAccountDataOnlyAndSendMailSendsNothing() {
		User kim = matrix.register("kim");
		clock.advance(Duration.ofDays(24));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> matrix.accountData(kim, AccountExpiry.NOTICE_TYPE).status() == 200);
		assertThat(matrix.request("POST", SEND_MAIL, kim, Map.of()).status()).isEqualTo(200);
		assertThat(Mailbox.received(kim.userId().substring(1).replace(':', '@'))).isEmpty();
	}

	@Test
	void aRenewalLinkThatWasNeverIssuedShowsTheInvalidTokenPage() {
		HttpResponse<String> invalid = host.get(RENEW_LINK + "a".repeat(32));
		assertThat(invalid.statusCode()).isEqualTo(404);
		assertThat(invalid.body()).contains("invalid");
		assertThat(host.get(RENEW_LINK + "12345678").statusCode()).isEqualTo(404);
		assertThat(host.get(RENEW_LINK + "not-a-token").statusCode()).isEqualTo(404);
	}

	@Test
	void theAdminValidityEndpointSetsTheExpiryTheAdministratorGives() {
		User admin = TestHomeserver.registerAdmin(matrix);
		User liam = matrix.register("liam");

		Reply past = matrix.request("POST", VALIDITY, admin,
				Map.of("user_id", liam.userId(), "expiration_ts", clock.millis() - 1));
		assertThat(past.status()).isEqualTo(200);
		assertThat(past.body().get("expiration_ts").asLong()).isEqualTo(clock.millis() - 1);
		Reply refused = matrix.whoami(liam);
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.errcode()).isEqualTo("ORG_MATRIX_EXPIRED_ACCOUNT");

		Reply renewed = matrix.request("POST", VALIDITY, admin, Map.of("user_id", "liam"));
		assertThat(renewed.status()).isEqualTo(200);
		assertThat(renewed.body().get("expiration_ts").asLong()).isEqualTo(clock.millis() + PERIOD.toMillis());
		assertThat(matrix.whoami(liam).status()).isEqualTo(200);
	}

	@Test
	void anAdministratorMayTurnOffTheRenewalNoticeOfTheCurrentPeriod() {
		User admin = TestHomeserver.registerAdmin(matrix);
		User mia = matrix.register("mia");
		long soon = clock.millis() + Duration.ofDays(1).toMillis();
		assertThat(matrix.request("POST", VALIDITY, admin,
				Map.of("user_id", mia.userId(), "expiration_ts", soon, "enable_renewal_emails", false)).status())
			.isEqualTo(200);
		User witness = matrix.register("mia-witness");
		assertThat(matrix.request("POST", VALIDITY, admin, Map.of("user_id", witness.userId(), "expiration_ts", soon))
			.status()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> matrix.accountData(witness, AccountExpiry.NOTICE_TYPE).status() == 200);
		assertThat(matrix.accountData(mia, AccountExpiry.NOTICE_TYPE).status()).isEqualTo(404);
	}

	@Test
	void badAdminValidityRequestsAreAnsweredWithMatrixErrors() {
		User admin = TestHomeserver.registerAdmin(matrix);
		User nora = matrix.register("nora");
		assertThat(errcode(matrix.request("POST", VALIDITY, admin, Map.of()), 400)).isEqualTo("M_MISSING_PARAM");
		assertThat(errcode(matrix.request("POST", VALIDITY, admin, Map.of("user_id", 42)), 400))
			.isEqualTo("M_INVALID_PARAM");
		assertThat(errcode(matrix.request("POST", VALIDITY, admin,
				Map.of("user_id", nora.userId(), "expiration_ts", "tomorrow")), 400)).isEqualTo("M_INVALID_PARAM");
		assertThat(errcode(matrix.request("POST", VALIDITY, admin,
				Map.of("user_id", nora.userId(), "enable_renewal_emails", "no")), 400)).isEqualTo("M_INVALID_PARAM");
		assertThat(errcode(matrix.request("POST", VALIDITY, admin, Map.of("user_id", "@nobody:localhost")), 404))
			.isEqualTo("M_NOT_FOUND");
		assertThat(errcode(matrix.request("POST", VALIDITY, nora, Map.of("user_id", nora.userId())), 403))
			.isEqualTo("M_FORBIDDEN");
	}

	private static User registerWithEmail(String localpart, String email) {
		try {
			return host.module(EmailAccounts.class).register(localpart, email);
		}
		catch (CompletionException ex) {
			Assumptions.abort("This homeserver cannot register users with an e-mail address ("
					+ ex.getCause().getMessage() + "); the e-mail path is tested where it can");
			throw ex;
		}
	}

	private static String path(String link) {
		URI uri = URI.create(link);
		return uri.getRawPath() + "?" + uri.getRawQuery();
	}

	private static String errcode(Reply reply, int status) {
		assertThat(reply.status()).isEqualTo(status);
		return reply.errcode();
	}

}
