package org.modulehost.homeserver;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.modulehost.homeserver.modules.Recorder;
import org.modulehost.homeserver.modules.TestLegacyAccountValidity;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Synapse's legacy account-validity endpoints, served by a module's {@code onLegacy…} callbacks.
 */
@TestPropertySource(properties = { "modules[0].module=org.modulehost.homeserver.modules.TestLegacyAccountValidity",
		"homeserver.admins[0]=validity-admin" })
class LegacyAccountValidityTests extends HomeserverTestSupport {

	static final String SEND_MAIL = "/_matrix/client/v1/account_validity/send_mail";

	static final String RENEW = "/_matrix/client/v1/account_validity/renew";

	static final String VALIDITY = "/_synapse/admin/v1/account_validity/validity";

	@Test
	void anExpiredUserMayAskForARenewalEmailWhichIsRateLimited() {
		MatrixClient lapsed = client().register(MatrixClient.unique("lapsed"));
		assertThat(lapsed.get("/_matrix/client/v3/account/whoami").errcode()).isEqualTo("ORG_MATRIX_EXPIRED_ACCOUNT");
		for (int i = 0; i < 3; i++) {
			MatrixClient.Response sent = lapsed.post(SEND_MAIL, Map.of());
			assertThat(sent.status()).isEqualTo(200);
			assertThat(sent.body()).isEmpty();
		}
		assertThat(Recorder.calls()).filteredOn(("onLegacySendMail:" + lapsed.userId())::equals).hasSize(3);
		MatrixClient.Response limited = lapsed.post(SEND_MAIL, Map.of());
		assertThat(limited.status()).isEqualTo(429);
		assertThat(limited.errcode()).isEqualTo("M_LIMIT_EXCEEDED");
		MatrixClient.Response anonymous = client().post(SEND_MAIL, Map.of());
		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(anonymous.errcode()).isEqualTo("M_MISSING_TOKEN");
	}

	@Test
	void theRenewalLinkShowsAPageForEachOutcome() {
		String token = MatrixClient.unique("fresh");
		MatrixClient.Response renewed = client().get(RENEW + "?token=" + token);
		assertThat(renewed.status()).isEqualTo(200);
		assertThat(renewed.contentType()).startsWith("text/html");
		assertThat(renewed.text()).contains("successfully renewed").contains("2100-01-01T00:00:00Z");
		assertThat(Recorder.calls()).contains("onLegacyRenew:" + token);
		MatrixClient.Response previously = client().get(RENEW + "?token=" + MatrixClient.unique("used"));
		assertThat(previously.status()).isEqualTo(200);
		assertThat(previously.text()).contains("already been renewed");
		MatrixClient.Response invalid = client().get(RENEW + "?token=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
		assertThat(invalid.status()).isEqualTo(404);
		assertThat(invalid.contentType()).startsWith("text/html");
		assertThat(invalid.text()).contains("invalid").doesNotContain("<script>");
		MatrixClient.Response missing = client().get(RENEW);
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.errcode()).isEqualTo("M_MISSING_PARAM");
	}

	@Test
	void anAdministratorSetsTheExpiryThroughTheModuleAndOthersMayNot() {
		MatrixClient admin = client().register("validity-admin");
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient.Response set = admin.post(VALIDITY,
				Map.of("user_id", alice.userId(), "expiration_ts", 1_234_567L, "enable_renewal_emails", true));
		assertThat(set.status()).isEqualTo(200);
		assertThat(set.body()).containsEntry("expiration_ts", 1_234_567);
		assertThat(Recorder.calls()).contains("onLegacyAdminRequest:" + alice.userId());
		MatrixClient.Response refusedByModule = admin.post(VALIDITY, Map.of("expiration_ts", 1L));
		assertThat(refusedByModule.status()).isEqualTo(400);
		assertThat(refusedByModule.errcode()).isEqualTo("M_MISSING_PARAM");
		MatrixClient.Response notAdmin = alice.post(VALIDITY, Map.of("user_id", alice.userId()));
		assertThat(notAdmin.status()).isEqualTo(403);
		assertThat(notAdmin.errcode()).isEqualTo("M_FORBIDDEN");
		MatrixClient.Response notJson = admin.raw("POST", VALIDITY, "not json");
		assertThat(notJson.status()).isEqualTo(400);
		assertThat(notJson.errcode()).isEqualTo("M_NOT_JSON");
		assertThat(TestLegacyAccountValidity.EXPIRES).isPositive();
	}

}
