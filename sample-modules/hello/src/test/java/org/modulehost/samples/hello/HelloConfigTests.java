package org.modulehost.samples.hello;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.modulehost.api.ConfigError;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link HelloModule#parseConfig(Map)} reads the configuration and names what is wrong.
 */
class HelloConfigTests {

	@Test
	void anEmptyConfigurationTakesTheDefaults() {
		HelloConfig config = HelloModule.parseConfig(Map.of());
		assertThat(config.greeting()).isEqualTo("Hello");
		assertThat(config.refreshEvery()).isEqualTo(Duration.ofMinutes(10));
	}

	@Test
	void readsDurationsInTheUsualUnitsAndBareNumbersAsMilliseconds() {
		assertThat(HelloModule.parseConfig(Map.of("refresh_every", "30s")).refreshEvery())
			.isEqualTo(Duration.ofSeconds(30));
		assertThat(HelloModule.parseConfig(Map.of("refresh_every", "1d")).refreshEvery()).isEqualTo(Duration.ofDays(1));
		assertThat(HelloModule.parseConfig(Map.of("refresh_every", "PT2H")).refreshEvery())
			.isEqualTo(Duration.ofHours(2));
		assertThat(HelloModule.parseConfig(Map.of("refresh_every", 1500)).refreshEvery())
			.isEqualTo(Duration.ofMillis(1500));
	}

	@Test
	void refusesAZeroOrNegativeRefreshInterval() {
		assertThatExceptionOfType(ConfigError.class)
			.isThrownBy(() -> HelloModule.parseConfig(Map.of("refresh_every", "0s")))
			.withMessage("must be positive (got 0s)")
			.satisfies((error) -> assertThat(error.path()).containsExactly("refresh_every"));
		assertThatExceptionOfType(ConfigError.class)
			.isThrownBy(() -> HelloModule.parseConfig(Map.of("refresh_every", "-5m")))
			.satisfies((error) -> assertThat(error.path()).containsExactly("refresh_every"));
	}

	@Test
	void refusesARefreshIntervalOfTheWrongType() {
		assertThatExceptionOfType(ConfigError.class)
			.isThrownBy(() -> HelloModule.parseConfig(Map.of("refresh_every", List.of("10m"))))
			.withMessageStartingWith("must be a duration such as 10m")
			.satisfies((error) -> assertThat(error.path()).containsExactly("refresh_every"));
	}

	@Test
	void refusesABlankGreeting() {
		assertThatExceptionOfType(ConfigError.class)
			.isThrownBy(() -> HelloModule.parseConfig(Map.of("greeting", " ")))
			.withMessageStartingWith("must be a text of 1 to 100 characters")
			.satisfies((error) -> assertThat(error.path()).containsExactly("greeting"));
	}

	@Test
	void refusesAnUnknownKeySuggestingTheNearestOne() {
		assertThatExceptionOfType(ConfigError.class)
			.isThrownBy(() -> HelloModule.parseConfig(Map.of("refresh-every", "10m")))
			.withMessage("unknown setting; did you mean 'refresh_every'? (the settings are greeting and refresh_every)")
			.satisfies((error) -> assertThat(error.path()).containsExactly("refresh-every"));
	}

}
