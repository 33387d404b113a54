package org.modulehost.samples.domainrulechecker;

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
 * Reading the configuration: defaults, the one required key, and where an error points.
 */
class DomainRuleCheckerConfigTests {

	@Test
	void onlyCanInviteIfNotInDomainMappingIsRequired() {
		DomainRuleCheckerConfig config = DomainRuleCheckerConfig
			.parse(Map.of("can_invite_if_not_in_domain_mapping", false));
		assertThat(config.canInviteIfNotInDomainMapping()).isFalse();
		assertThat(config.domainMapping()).isEmpty();
		assertThat(config.canOnlyJoinRoomsWithInvite()).isFalse();
		assertThat(config.canOnlyInviteDuringRoomCreation()).isFalse();
		assertThat(config.canInviteByThirdPartyId()).isTrue();
		assertThat(config.domainsPreventedFromBeingInvitedToPublishedRooms()).isEmpty();
	}

	@Test
	void theMappingKeepsDottedServerNamesAsKeys() {
		DomainRuleCheckerConfig config = DomainRuleCheckerConfig.parse(Map.of("can_invite_if_not_in_domain_mapping",
				"true", "domain_mapping", Map.of("example.org", List.of("example.org", "example.com"))));
		assertThat(config.canInviteIfNotInDomainMapping()).isTrue();
		assertThat(config.domainMapping()).containsOnlyKeys("example.org");
		assertThat(config.domainMapping().get("example.org")).containsExactlyInAnyOrder("example.org", "example.com");
	}

	@Test
	void aMissingCanInviteIfNotInDomainMappingIsRefused() {
		assertThatExceptionOfType(ConfigError.class)
			.isThrownBy(() -> DomainRuleCheckerConfig.parse(Map.of("domain_mapping", Map.of())))
			.satisfies((error) -> assertThat(error.path()).containsExactly("can_invite_if_not_in_domain_mapping"))
			.withMessageStartingWith("required: true or false");
	}

	@Test
	void aMappingToSomethingOtherThanAListIsRefusedAtItsServer() {
		assertThatExceptionOfType(ConfigError.class)
			.isThrownBy(() -> DomainRuleCheckerConfig.parse(Map.of("can_invite_if_not_in_domain_mapping", true,
					"domain_mapping", Map.of("example.org", "example.com"))))
			.satisfies((error) -> assertThat(error.path()).containsExactly("domain_mapping", "example.org"));
	}

	@Test
	void aUserIdWhereAServerNameBelongsIsRefused() {
		assertThatExceptionOfType(ConfigError.class)
			.isThrownBy(() -> DomainRuleCheckerConfig.parse(Map.of("can_invite_if_not_in_domain_mapping", true,
					"domains_prevented_from_being_invited_to_published_rooms", List.of("@bob:example.org"))))
			.satisfies((error) -> assertThat(error.path())
				.containsExactly("domains_prevented_from_being_invited_to_published_rooms", "0"));
	}

	@Test
	void aFlagThatIsNotABooleanIsRefused() {
		assertThatExceptionOfType(ConfigError.class)
			.isThrownBy(() -> DomainRuleCheckerConfig
				.parse(Map.of("can_invite_if_not_in_domain_mapping", true, "can_only_join_rooms_with_invite", "yes")))
			.satisfies((error) -> assertThat(error.path()).containsExactly("can_only_join_rooms_with_invite"))
			.withMessage("must be true or false, not 'yes'");
	}

	@Test
	void aMisspelledSettingIsRefusedRatherThanIgnored() {
		assertThatExceptionOfType(ConfigError.class)
			.isThrownBy(() -> DomainRuleCheckerConfig
				.parse(Map.of("can_invite_if_not_in_domain_mapping", true, "domain_maping", Map.of())))
			.satisfies((error) -> assertThat(error.path()).containsExactly("domain_maping"));
	}

	@Test
	void theHomeserverRefusesToStartWithoutTheRequiredKeyAndSaysWhere() {
		assertThatException()
			.isThrownBy(() -> MatrixTestClient.homeserver(ModuleHostApplication.class)
				.module(DomainRuleChecker.class, Map.of("domain_mapping", Map.of("localhost", List.of("localhost"))))
				.start())
			.withStackTraceContaining("modules[0].config.can_invite_if_not_in_domain_mapping: required")
			.withStackTraceContaining("(module " + DomainRuleChecker.class.getName() + ")");
	}

}
