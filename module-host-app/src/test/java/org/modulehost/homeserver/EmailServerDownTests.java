package org.modulehost.homeserver;

import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import org.modulehost.app.mail.Mailbox;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * E-mail configured against an SMTP server that is down: sending fails with a clear error.
 */
class EmailServerDownTests extends WithTestModules {

	@DynamicPropertySource
	static void email(DynamicPropertyRegistry registry) {
		Mailbox.register(registry);
		registry.add("spring.mail.port", Mailbox::closedPort);
		registry.add("spring.mail.properties.mail.smtp.connectiontimeout", () -> "2000");
		registry.add("homeserver.email.ratelimit.per-second", () -> "1000");
		registry.add("homeserver.email.ratelimit.burst-count", () -> "1000");
	}

	@Test
	void aValidationEmailThatCannotBeSentFailsTheRequestAndStoresNothing() {
		String email = ThreepidSupport.address("down");
		MatrixClient.Response failed = ThreepidSupport.requestToken(client(), ThreepidSupport.REGISTER, email, "s", 1);
		assertThat(failed.status()).isEqualTo(500);
		assertThat(failed.string("errcode")).isEqualTo("M_UNKNOWN");
		assertThat(failed.string("error")).contains("could not send e-mail");
		// had a session been stored, the same secret and attempt would answer it without sending
		MatrixClient.Response again = ThreepidSupport.requestToken(client(), ThreepidSupport.REGISTER, email, "s", 1);
		assertThat(again.status()).isEqualTo(500);
		assertThat(again.string("errcode")).isEqualTo("M_UNKNOWN");
	}

	@Test
	void sendMailFailsSayingTheMailCouldNotBeSent() {
		assertThatThrownBy(() -> probeApi().sendMail("someone@example.com", "s", "<p>h</p>", "t")
			.toCompletableFuture()
			.join()).isInstanceOf(CompletionException.class)
			.cause()
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("Could not send e-mail to someone@example.com");
	}

}
