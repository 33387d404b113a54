package org.modulehost.homeserver;

import java.util.Map;

import org.modulehost.app.mail.Mailbox;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the e-mail tests do as a client does: ask for a validation e-mail, read it from the SMTP
 * server and follow its link.
 */
final class ThreepidSupport {

	static final String REGISTER = "/_matrix/client/v3/register/email/requestToken";

	static final String ADD = "/_matrix/client/v3/account/3pid/email/requestToken";

	static final String PASSWORD = "/_matrix/client/v3/account/password/email/requestToken";

	private ThreepidSupport() {
	}

	static String address(String prefix) {
		return MatrixClient.unique(prefix) + "@example.com";
	}

	static MatrixClient.Response requestToken(MatrixClient client, String path, String email, String secret,
			int attempt) {
		return client.post(path, Map.of("email", email, "client_secret", secret, "send_attempt", attempt));
	}

	/** Asks for a validation e-mail and answers its session ID. */
	static String sid(MatrixClient client, String path, String email, String secret) {
		MatrixClient.Response response = requestToken(client, path, email, secret, 1);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.string("sid");
	}

	/** The path (and query) of the link of the e-mail last sent to {@code email}. */
	static String link(String email) {
		java.util.List<Mailbox.Mail> mails = org.awaitility.Awaitility.await()
			.atMost(java.time.Duration.ofSeconds(10))
			.until(() -> Mailbox.received(email), (list) -> !list.isEmpty());
		String link = mails.get(mails.size() - 1).link();
		return link.substring(link.indexOf("/_"));
	}

	/** Asks for a validation e-mail, follows its link and answers the validated session ID. */
	static String validated(MatrixClient client, String path, String email, String secret) {
		String sid = sid(client, path, email, secret);
		String link = link(email);
		if (link.startsWith("/_synapse/client/password_reset")) {
			MatrixClient.Response page = client.anonymous().get(link);
			assertThat(page.status()).isEqualTo(200);
			String form = link.substring(link.indexOf('?') + 1);
			MatrixClient.Response confirmed = client.anonymous()
				.raw("POST", "/_synapse/client/password_reset/email/submit_token", form,
						"application/x-www-form-urlencoded");
			assertThat(confirmed.status()).as(confirmed.text()).isEqualTo(200);
		}
		else {
			MatrixClient.Response page = client.anonymous().get(link);
			assertThat(page.status()).as(page.text()).isEqualTo(200);
		}
		return sid;
	}

	static Map<String, Object> creds(String sid, String secret) {
		return Map.of("sid", sid, "client_secret", secret);
	}

}
