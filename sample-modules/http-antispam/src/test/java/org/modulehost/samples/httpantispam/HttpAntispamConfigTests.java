package org.modulehost.samples.httpantispam;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.modulehost.api.ConfigError;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link HttpAntispam#parseConfig(Map)} reads the original module's keys and names what is wrong.
 */
class HttpAntispamConfigTests {

	@Test
	void onlyTheBaseUrlIsRequiredAndEveryCallbackIsEnabledByDefault() {
		HttpAntispamConfig config = HttpAntispam.parseConfig(Map.of("base_url", "http://localhost:8080/antispam/"));
		assertThat(config.baseUrl()).isEqualTo(URI.create("http://localhost:8080/antispam"));
		assertThat(config.authorization()).isNull();
		assertThat(config.enabledCallbacks()).containsExactlyInAnyOrder(AntispamCallback.values());
		assertThat(config.timeout()).isNull();
	}

	@Test
	void onlyCheckEventForSpamFailsOpenByDefaultAndNothingIsAsync() {
		HttpAntispamConfig config = HttpAntispam.parseConfig(Map.of("base_url", "http://localhost:8080"));
		assertThat(config.failsOpen(AntispamCallback.CHECK_EVENT_FOR_SPAM)).isTrue();
		assertThat(config.failsOpen(AntispamCallback.USER_MAY_INVITE)).isFalse();
		assertThat(config.isAsync(AntispamCallback.CHECK_EVENT_FOR_SPAM)).isFalse();
	}

	@Test
	void readsTheSettingsPerCallback() {
		HttpAntispamConfig config = HttpAntispam.parseConfig(Map.of("base_url", "https://antispam.example.org",
				"authorization", "token", "enabled_callbacks", List.of("user_may_invite", "check_event_for_spam"),
				"fail_open", Map.of("check_event_for_spam", false, "user_may_invite", true), "async",
				Map.of("user_may_invite", true), "timeout", "2s"));
		assertThat(config.authorization()).isEqualTo("token");
		assertThat(config.enabledCallbacks()).containsExactlyInAnyOrder(AntispamCallback.USER_MAY_INVITE,
				AntispamCallback.CHECK_EVENT_FOR_SPAM);
		assertThat(config.failsOpen(AntispamCallback.CHECK_EVENT_FOR_SPAM)).isFalse();
		assertThat(config.failsOpen(AntispamCallback.USER_MAY_INVITE)).isTrue();
		assertThat(config.isAsync(AntispamCallback.USER_MAY_INVITE)).isTrue();
		assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void anEmptyAuthorizationSendsNoHeader() {
		assertThat(HttpAntispam.parseConfig(Map.of("base_url", "http://localhost", "authorization", "")).authorization())
			.isNull();
	}

	@Test
	void refusesAMissingOrNonHttpBaseUrl() {
		assertThatExceptionOfType(ConfigError.class).isThrownBy(() -> HttpAntispam.parseConfig(Map.of()))
			.withMessageStartingWith("is required")
			.satisfies((error) -> assertThat(error.path()).containsExactly("base_url"));
		assertThatExceptionOfType(ConfigError.class)
			.isThrownBy(() -> HttpAntispam.parseConfig(Map.of("base_url", "ftp://localhost/antispam")))
			.withMessageStartingWith("must be an http or https URL")
			.satisfies((error) -> assertThat(error.path()).containsExactly("base_url"));
	}

	@Test
	void refusesAnUnknownCallbackSuggestingTheNearestOne() {
		assertThatExceptionOfType(ConfigError.class)
			.isThrownBy(() -> HttpAntispam.parseConfig(
					Map.of("base_url", "http://localhost", "fail_open", Map.of("check_event_for_spams", true))))
			.withMessageStartingWith(
					"'check_event_for_spams' is not a callback this module forwards; did you mean 'check_event_for_spam'?")
			.satisfies((error) -> assertThat(error.path()).containsExactly("fail_open", "check_event_for_spams"));
		assertThatExceptionOfType(ConfigError.class)
			.isThrownBy(() -> HttpAntispam.parseConfig(
					Map.of("base_url", "http://localhost", "enabled_callbacks", List.of("user_may_invite", "ping"))))
			.satisfies((error) -> assertThat(error.path()).containsExactly("enabled_callbacks", "1"));
	}

	@Test
	void refusesAFlagThatIsNotABoolean() {
		assertThatExceptionOfType(ConfigError.class)
			.isThrownBy(() -> HttpAntispam.parseConfig(
					Map.of("base_url", "http://localhost", "async", Map.of("user_may_invite", "yes"))))
			.withMessage("must be true or false (got yes)")
			.satisfies((error) -> assertThat(error.path()).containsExactly("async", "user_may_invite"));
	}

	@Test
	void refusesTheOriginalsSettingsThisPortDoesNotHaveWithTheAlternative() {
		assertThatExceptionOfType(ConfigError.class)
			.isThrownBy(() -> HttpAntispam.parseConfig(
					Map.of("base_url", "http://localhost", "authorization_path", "/etc/antispam-token")))
			.withMessageContaining("authorization: ${ANTISPAM_TOKEN}")
			.satisfies((error) -> assertThat(error.path()).containsExactly("authorization_path"));
	}

	@Test
	void refusesATimeoutThatIsNotAPositiveDuration() {
		assertThatExceptionOfType(ConfigError.class)
			.isThrownBy(() -> HttpAntispam.parseConfig(Map.of("base_url", "http://localhost", "timeout", "soon")))
			.satisfies((error) -> assertThat(error.path()).containsExactly("timeout"));
		assertThatExceptionOfType(ConfigError.class)
			.isThrownBy(() -> HttpAntispam.parseConfig(Map.of("base_url", "http://localhost", "timeout", "0s")))
			.withMessage("must be positive (got 0s)");
	}

}
