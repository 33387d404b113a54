package org.modulehost.samples.accountexpiry;

import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import org.modulehost.app.mail.Mailbox;
import org.modulehost.app.mail.Mailbox.Mail;
import org.modulehost.test.MatrixTestClient;
import org.modulehost.test.MatrixTestClient.Reply;
import org.modulehost.test.MatrixTestClient.User;
import org.modulehost.test.ModuleTestHost;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Renewal e-mails with {@code send_links: false} and a subject of the operator's: an 8-digit code
 * the user gives back through the authenticated {@code POST /renew}. Skipped (aborted) on a
 * homeserver without e-mail addresses for users.
 */
class AccountExpiryCodeTests {

	private static final Pattern CODE = Pattern.compile("\\b[0-9]{8}\\b");

	@Test
	void theRenewalEmailCarriesACodeThatRenewsTheAccountOfItsUserOnly() {
		try (ModuleTestHost host = TestHomeserver.sendingMail(TestHomeserver.builder(TestHomeserver.freshDatabase()))
			.module(AccountExpiry.class,
					Map.of("period", "30d", "send_links", false, "renew_email_subject", "%(app)s: 100%% yours, renew it"))
			.module(EmailAccounts.class, Map.of())
			.start()) {
			MatrixTestClient matrix = new MatrixTestClient(host);
			User olivia;
			try {
				olivia = host.module(EmailAccounts.class).register("olivia", "olivia@example.org");
			}
			catch (CompletionException ex) {
				Assumptions.abort("This homeserver cannot register users with an e-mail address ("
						+ ex.getCause().getMessage() + ")");
				return;
			}
			User peter = matrix.register("peter");
			assertThat(matrix.request("POST", "/_matrix/client/v1/account_validity/send_mail", olivia, Map.of()).status())
				.isEqualTo(200);
			Mail mail = Mailbox.awaitMail("olivia@example.org", 1).get(0);
			assertThat(mail.subject()).isEqualTo("Example Chat: 100% yours, renew it");
			assertThat(mail.text()).doesNotContain("http");
			Matcher code = CODE.matcher(mail.text());
			assertThat(code.find()).isTrue();
			assertThat(mail.html()).contains(code.group());
			// the code is not a link's token
			assertThat(host.get("/_matrix/client/v1/account_validity/renew?token=" + code.group()).statusCode())
				.isEqualTo(404);

			Reply someoneElse = matrix.request("POST", AccountExpiry.PATH + "/renew", peter, Map.of("token", code.group()));
			assertThat(someoneElse.status()).isEqualTo(403);
			assertThat(someoneElse.errcode()).isEqualTo("M_FORBIDDEN");

			Reply renewed = matrix.request("POST", AccountExpiry.PATH + "/renew", olivia, Map.of("token", code.group()));
			assertThat(renewed.status()).isEqualTo(200);
			assertThat(renewed.body().get("user_id").asString()).isEqualTo(olivia.userId());
			Reply wrong = matrix.request("POST", AccountExpiry.PATH + "/renew", olivia, Map.of("token", "x"));
			assertThat(wrong.status()).isEqualTo(403);
			assertThat(wrong.errcode()).isEqualTo("M_FORBIDDEN");
		}
	}

}
