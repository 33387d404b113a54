package org.modulehost.homeserver;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.modulehost.app.ModuleHostApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * E-mail enabled without what it needs stops start-up, naming the setting and the fix.
 */
@ExtendWith(OutputCaptureExtension.class)
class EmailStartupTests {

	@Test
	void emailEnabledWithoutAMailServerStopsStartUpNamingSpringMailHost(CapturedOutput output) {
		assertThatThrownBy(() -> start("--homeserver.email.enabled=true",
				"--homeserver.email.notif-from=noreply@example.org").close())
			.rootCause()
			.hasMessageContaining("spring.mail.host is not set, but homeserver.email.enabled is true");
		assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
			.contains("set spring.mail.host");
	}

	@Test
	void emailEnabledWithoutASenderStopsStartUpNamingNotifFrom() {
		assertThatThrownBy(() -> start("--homeserver.email.enabled=true", "--spring.mail.host=127.0.0.1").close())
			.rootCause()
			.hasMessageContaining("homeserver.email.notif-from is not set");
	}

	@Test
	void aSenderThatIsNotAnAddressStopsStartUp() {
		assertThatThrownBy(() -> start("--homeserver.email.enabled=true", "--spring.mail.host=127.0.0.1",
				"--homeserver.email.notif-from=%(app)s <not an address>").close())
			.rootCause()
			.hasMessageContaining("homeserver.email.notif-from is not an e-mail address");
	}

	@Test
	void aTemplateDirectoryThatDoesNotExistStopsStartUp() {
		assertThatThrownBy(() -> start("--homeserver.email.template-dir=does/not/exist").close())
			.rootCause()
			.hasMessageContaining("homeserver.email.template-dir is not a directory");
	}

	@Test
	void emailOffStartsWithoutAMailServer() {
		try (ConfigurableApplicationContext context = start()) {
			assertThat(context.isActive()).isTrue();
		}
	}

	private static ConfigurableApplicationContext start(String... args) {
		String[] all = new String[args.length + 4];
		all[0] = "--server.port=0";
		all[1] = "--management.server.port=0";
		all[2] = "--spring.main.banner-mode=off";
		all[3] = "--spring.datasource.url=jdbc:h2:mem:email_" + UUID.randomUUID().toString().replace("-", "")
				+ ";DB_CLOSE_DELAY=-1";
		System.arraycopy(args, 0, all, 4, args.length);
		return SpringApplication.run(ModuleHostApplication.class, all);
	}

}
