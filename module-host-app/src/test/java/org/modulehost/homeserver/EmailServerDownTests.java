package org.modulehost.homeserver;

import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

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
