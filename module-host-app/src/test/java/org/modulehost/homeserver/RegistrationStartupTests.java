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
 * Open registration without any verification stage is a choice the operator states: without it
 * the homeserver does not start, with it the homeserver warns.
 */
@ExtendWith(OutputCaptureExtension.class)
class RegistrationStartupTests {

	@Test
	void openRegistrationWithoutTheVerificationOptOutStopsStartUpNamingBothProperties() {
		assertThatThrownBy(() -> start("--homeserver.registration.enabled=true").close())
			.rootCause()
			.hasMessageContaining("homeserver.registration.enabled")
			.hasMessageContaining("homeserver.registration.allow-without-verification: true");
	}

	@Test
	void theStartUpFailureIsReportedAsTheSettingTheProblemAndTheFixWithoutAStackTrace(CapturedOutput output) {
		assertThatThrownBy(() -> start("--homeserver.registration.enabled=true").close())
			.isInstanceOf(RuntimeException.class);
		assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
			.contains("The setting 'homeserver.registration.enabled' is true, but registration has no verification")
			.contains("Set homeserver.registration.enabled: false");
	}

	@Test
	void openRegistrationWithTheOptOutStartsAndWarns(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start("--homeserver.registration.enabled=true",
				"--homeserver.registration.allow-without-verification=true")) {
			assertThat(context.isActive()).isTrue();
		}
		assertThat(output.getOut()).contains("Open registration without verification");
	}

	@Test
	void closedRegistrationStartsWithoutAWarning(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start()) {
			assertThat(context.isActive()).isTrue();
		}
		assertThat(output.getOut()).doesNotContain("Open registration without verification");
	}

	private static ConfigurableApplicationContext start(String... args) {
		String[] all = new String[args.length + 4];
		all[0] = "--server.port=0";
		all[1] = "--management.server.port=0";
		all[2] = "--spring.main.banner-mode=off";
		all[3] = "--spring.datasource.url=jdbc:h2:mem:startup_" + UUID.randomUUID().toString().replace("-", "")
				+ ";DB_CLOSE_DELAY=-1";
		System.arraycopy(args, 0, all, 4, args.length);
		return SpringApplication.run(ModuleHostApplication.class, all);
	}

}
