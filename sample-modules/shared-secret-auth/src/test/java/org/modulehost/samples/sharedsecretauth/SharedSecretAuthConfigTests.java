package org.modulehost.samples.sharedsecretauth;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.modulehost.app.ModuleHostApplication;
import org.modulehost.test.MatrixTestClient;

import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Wrong configuration stops the homeserver and says where. (The host names a setting it binds to
 * a record in its canonical form, e.g. {@code sharedSecret} for {@code shared_secret}; these
 * tests check the entry and the problem.)
 */
class SharedSecretAuthConfigTests {

	@Test
	void aMissingSharedSecretIsRefused() {
		assertThatException()
			.isThrownBy(() -> MatrixTestClient.homeserver(ModuleHostApplication.class)
				.module(SharedSecretAuthProvider.class, Map.of("m_login_password_support_enabled", true))
				.start())
			.withStackTraceContaining("modules[0].config.")
			.withStackTraceContaining(": must not be blank (module " + SharedSecretAuthProvider.class.getName() + ")");
	}

	@Test
	void disablingBothLoginTypesIsRefused() {
		assertThatException()
			.isThrownBy(() -> MatrixTestClient.homeserver(ModuleHostApplication.class)
				.module(SharedSecretAuthProvider.class,
						Map.of("shared_secret", "s3cret", "com_devture_shared_secret_auth_support_enabled", false))
				.start())
			.withStackTraceContaining("modules[0].config.com_devture_shared_secret_auth_support_enabled: both login"
					+ " types are disabled");
	}

}
