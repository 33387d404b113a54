package org.modulehost.samples.supportpresence;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.modulehost.api.ConfigError;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reading the module's configuration, and the place it names when something is wrong.
 */
class SupportPresenceConfigTests {

	@Test
	void namedUsersAndMatchedUsersAreOnTheTeam() {
		SupportPresenceConfig config = SupportPresenceConfig
			.parse(Map.of("users", List.of("@helpdesk:example.org"), "match", "@support-.*:example.org"));

		assertThat(config.isSupport("@helpdesk:example.org")).isTrue();
		assertThat(config.isSupport("@support-ann:example.org")).isTrue();
		assertThat(config.isSupport("@support-ann:example.org.evil")).isFalse();
		assertThat(config.isSupport("@joe:example.org")).isFalse();
	}

	@Test
	void anEmptyTeamIsRefused() {
		assertThatThrownBy(() -> SupportPresenceConfig.parse(Map.of())).isInstanceOf(ConfigError.class)
			.hasMessageContaining("the support team is empty");
	}

	@Test
	void anInvalidRegularExpressionIsRefusedWithItsPlace() {
		assertThatThrownBy(() -> SupportPresenceConfig.parse(Map.of("match", "@(support")))
			.isInstanceOf(ConfigError.class)
			.hasMessageContaining("not a valid regular expression")
			.satisfies((ex) -> assertThat(((ConfigError) ex).path()).containsExactly("match"));
	}

	@Test
	void aUserThatIsNotAUserIdIsRefusedWithItsPlace() {
		assertThatThrownBy(() -> SupportPresenceConfig.parse(Map.of("users", List.of("@ok:example.org", "helpdesk"))))
			.isInstanceOf(ConfigError.class)
			.satisfies((ex) -> assertThat(((ConfigError) ex).path()).containsExactly("users", "1"));
	}

	@Test
	void anUnknownKeyIsRefused() {
		assertThatThrownBy(() -> SupportPresenceConfig.parse(Map.of("user", List.of("@ok:example.org"))))
			.isInstanceOf(ConfigError.class)
			.satisfies((ex) -> assertThat(((ConfigError) ex).path()).containsExactly("user"));
	}

}
