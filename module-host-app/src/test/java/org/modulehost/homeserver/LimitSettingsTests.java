package org.modulehost.homeserver;

import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.modulehost.app.ModuleHostApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A limit set to zero stops start-up with a message that names the setting and the fix.
 */
class LimitSettingsTests {

	@ParameterizedTest
	@ValueSource(strings = { "homeserver.limits.max-json-body-size=0", "homeserver.limits.max-account-data-size=0",
			"homeserver.registration.session-lifetime=0s" })
	void aLimitOfZeroStopsStartUpNamingTheSetting(String setting) {
		String key = setting.substring(0, setting.indexOf('='));
		Throwable failure = catchThrowable(() -> {
			// Command-line arguments: they win over the application's own application.yml, whose
			// database is a file under ./data.
			try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ModuleHostApplication.class)
				.run("--server.port=0", "--management.server.port=0",
						"--spring.datasource.url=jdbc:h2:mem:limits-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
						"--" + setting)) {
				// Started: the assertion below fails.
			}
		});
		assertThat(failure).as("start-up with " + setting).isNotNull();
		Throwable root = failure;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		assertThat(root).isInstanceOf(IllegalStateException.class);
		assertThat(root.getMessage()).startsWith(key + " must be positive").contains("leave it out");
	}

}
