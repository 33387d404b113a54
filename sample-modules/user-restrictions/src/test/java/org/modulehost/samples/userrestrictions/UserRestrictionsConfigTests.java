package org.modulehost.samples.userrestrictions;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.modulehost.api.ConfigError;
import org.modulehost.app.ModuleHostApplication;
import org.modulehost.test.MatrixTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Reading the configuration: what is accepted, and where an error points.
 */
class UserRestrictionsConfigTests {

	@Test
	void rulesAndDefaultDenyAreRead() {
		UserRestrictionsConfig config = UserRestrictionsConfig.parse(Map.of("rules",
				List.of(Map.of("match", "@admin.*", "allow", List.of("invite", "create_room")),
						Map.of("match", "@bot.*", "deny", List.of("invite"))),
				"default_deny", List.of("create_room")));
		assertThat(config.rules()).hasSize(2);
		assertThat(config.rules().get(0).allow()).containsExactlyInAnyOrder(Permission.INVITE, Permission.CREATE_ROOM);
		assertThat(config.rules().get(1).deny()).containsExactly(Permission.INVITE);
		assertThat(config.defaultDeny()).containsExactly(Permission.CREATE_ROOM);
	}

	@Test
	void anEmptyListOfRulesWithoutDefaultDenyAllowsEverything() {
		UserRestrictionsConfig config = UserRestrictionsConfig.parse(Map.of("rules", List.of()));
		assertThat(config.rules()).isEmpty();
		assertThat(config.defaultDeny()).isEmpty();
	}

	@Test
	void anInvalidRegularExpressionIsRefusedAtItsPlace() {
		assertThatExceptionOfType(ConfigError.class)
			.isThrownBy(() -> UserRestrictionsConfig.parse(Map.of("rules",
					List.of(Map.of("match", "@ok.*", "allow", List.of("invite")), Map.of("match", "@(unclosed.*")))))
			.satisfies((error) -> assertThat(error.path()).containsExactly("rules", "1", "match"))
			.withMessageStartingWith("not a valid regular expression: Unclosed group");
	}

	@Test
	void anUnknownPermissionIsRefusedWithTheKnownOnes() {
		assertThatExceptionOfType(ConfigError.class)
			.isThrownBy(() -> UserRestrictionsConfig
				.parse(Map.of("rules", List.of(Map.of("match", ".*", "allow", List.of("invite", "kick"))))))
			.satisfies((error) -> assertThat(error.path()).containsExactly("rules", "0", "allow", "1"))
			.withMessage("'kick' is not a permission the user-restrictions module knows; use one of invite, create_room");
	}

	@Test
	void missingRulesAreRefused() {
		assertThatExceptionOfType(ConfigError.class)
			.isThrownBy(() -> UserRestrictionsConfig.parse(Map.of("default_deny", List.of("invite"))))
			.satisfies((error) -> assertThat(error.path()).containsExactly("rules"));
	}

	@Test
	void aMisspelledSettingIsRefusedRatherThanIgnored() {
		assertThatExceptionOfType(ConfigError.class)
			.isThrownBy(() -> UserRestrictionsConfig.parse(Map.of("rules", List.of(), "defualt_deny", List.of())))
			.satisfies((error) -> assertThat(error.path()).containsExactly("defualt_deny"))
			.withMessageContaining("default_deny, rules");
	}

	@Test
	void aPermissionBothAllowedAndDeniedByOneRuleIsRefused() {
		assertThatExceptionOfType(ConfigError.class)
			.isThrownBy(() -> UserRestrictionsConfig.parse(Map.of("rules",
					List.of(Map.of("match", ".*", "allow", List.of("invite"), "deny", List.of("invite"))))))
			.satisfies((error) -> assertThat(error.path()).containsExactly("rules", "0", "deny"));
	}

	@Test
	void theHomeserverRefusesToStartWithAnInvalidExpressionAndSaysWhere() {
		assertThatException()
			.isThrownBy(() -> MatrixTestClient.homeserver(ModuleHostApplication.class)
				.module(UserRestrictionsModule.class, Map.of("rules", List.of(Map.of("match", "[a-"))))
				.start())
			.withStackTraceContaining("modules[0].config.rules[0].match: not a valid regular expression")
			.withStackTraceContaining("(module " + UserRestrictionsModule.class.getName() + ")");
	}

}
