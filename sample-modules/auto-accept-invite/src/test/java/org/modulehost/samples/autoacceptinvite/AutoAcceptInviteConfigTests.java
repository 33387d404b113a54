package org.modulehost.samples.autoacceptinvite;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.modulehost.app.ModuleHostApplication;
import org.modulehost.test.MatrixTestClient;

import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Wrong configuration stops the homeserver with the place of the mistake. (The host names a
 * setting it binds to a record in its canonical form, e.g. {@code joinAttempts} for
 * {@code join_attempts}; these tests check the entry and the problem.)
 */
class AutoAcceptInviteConfigTests {

	@Test
	void aMisspelledSettingIsRefused() {
		assertThatException()
			.isThrownBy(() -> MatrixTestClient.homeserver(ModuleHostApplication.class)
				.module(InviteAutoAccepter.class, Map.of("accept_invites_only_for_direct_message", true))
				.start())
			.withStackTraceContaining("modules[0].config.")
			.withStackTraceContaining(": not a setting of AutoAcceptInviteConfig");
	}

	@Test
	void fewerThanOneJoinAttemptIsRefused() {
		assertThatException()
			.isThrownBy(() -> MatrixTestClient.homeserver(ModuleHostApplication.class)
				.module(InviteAutoAccepter.class, Map.of("join_attempts", 0))
				.start())
			.withStackTraceContaining("modules[0].config.")
			.withStackTraceContaining(": must be greater than or equal to 1");
	}

	@Test
	void aNegativeRetryDelayIsRefused() {
		assertThatException()
			.isThrownBy(() -> MatrixTestClient.homeserver(ModuleHostApplication.class)
				.module(InviteAutoAccepter.class, Map.of("join_retry_delay", "-1s"))
				.start())
			.withStackTraceContaining("modules[0].config.join_retry_delay: must not be negative");
	}

}
