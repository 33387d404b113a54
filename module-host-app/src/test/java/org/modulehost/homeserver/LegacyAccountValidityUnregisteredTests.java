package org.modulehost.homeserver;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without a module serving them, the legacy account-validity endpoints are not there.
 */
@org.springframework.test.context.TestPropertySource(properties = "homeserver.admins[0]=legacy-admin")
class LegacyAccountValidityUnregisteredTests extends HomeserverTestSupport {

	@Test
	void eachLegacyEndpointIsUnrecognizedWithoutAModule() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient.Response sendMail = alice.post(LegacyAccountValidityTests.SEND_MAIL, Map.of());
		assertThat(sendMail.status()).isEqualTo(404);
		assertThat(sendMail.errcode()).isEqualTo("M_UNRECOGNIZED");
		MatrixClient.Response renew = client().get(LegacyAccountValidityTests.RENEW + "?token=abc");
		assertThat(renew.status()).isEqualTo(404);
		assertThat(renew.errcode()).isEqualTo("M_UNRECOGNIZED");
		MatrixClient admin = client().register("legacy-admin");
		MatrixClient.Response validity = admin.post(LegacyAccountValidityTests.VALIDITY,
				Map.of("user_id", alice.userId()));
		assertThat(validity.status()).isEqualTo(404);
		assertThat(validity.errcode()).isEqualTo("M_UNRECOGNIZED");
		MatrixClient.Response notAdmin = alice.post(LegacyAccountValidityTests.VALIDITY,
				Map.of("user_id", alice.userId()));
		assertThat(notAdmin.status()).isEqualTo(403);
		assertThat(notAdmin.errcode()).isEqualTo("M_FORBIDDEN");
	}

}
