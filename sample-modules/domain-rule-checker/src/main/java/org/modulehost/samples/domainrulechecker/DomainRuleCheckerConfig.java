package org.modulehost.samples.domainrulechecker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.modulehost.api.ConfigError;

/**
 * The configuration of {@link DomainRuleChecker}; the keys are those of the Synapse module.
 *
 * @param canInviteIfNotInDomainMapping whether a user of a server that {@link #domainMapping()}
 * does not list may invite anyone ({@code can_invite_if_not_in_domain_mapping}, required)
 * @param domainMapping for each inviting server, the servers whose users it may invite
 * ({@code domain_mapping})
 * @param canOnlyJoinRoomsWithInvite whether local users may join only rooms they are invited to
 * ({@code can_only_join_rooms_with_invite})
 * @param canOnlyInviteDuringRoomCreation whether local users may invite only into rooms that
 * look new ({@code can_only_invite_during_room_creation})
 * @param canInviteByThirdPartyId whether third-party (e-mail) invites are allowed
 * ({@code can_invite_by_third_party_id}); this homeserver has no third-party invites, so the
 * setting is read for compatibility and has no effect
 * @param domainsPreventedFromBeingInvitedToPublishedRooms servers whose users may not be invited
 * into rooms published in the room directory
 * ({@code domains_prevented_from_being_invited_to_published_rooms})
 */
public record DomainRuleCheckerConfig(boolean canInviteIfNotInDomainMapping, Map<String, Set<String>> domainMapping,
		boolean canOnlyJoinRoomsWithInvite, boolean canOnlyInviteDuringRoomCreation, boolean canInviteByThirdPartyId,
		Set<String> domainsPreventedFromBeingInvitedToPublishedRooms) {

	static final String CAN_INVITE_IF_NOT_IN_DOMAIN_MAPPING = "can_invite_if_not_in_domain_mapping";

	static final String DOMAIN_MAPPING = "domain_mapping";

	static final String CAN_ONLY_JOIN_ROOMS_WITH_INVITE = "can_only_join_rooms_with_invite";

	static final String CAN_ONLY_INVITE_DURING_ROOM_CREATION = "can_only_invite_during_room_creation";

	static final String CAN_INVITE_BY_THIRD_PARTY_ID = "can_invite_by_third_party_id";

	static final String PREVENTED_FROM_PUBLISHED_ROOMS = "domains_prevented_from_being_invited_to_published_rooms";

	private static final List<String> KEYS = List.of(CAN_INVITE_IF_NOT_IN_DOMAIN_MAPPING, DOMAIN_MAPPING,
			CAN_ONLY_JOIN_ROOMS_WITH_INVITE, CAN_ONLY_INVITE_DURING_ROOM_CREATION, CAN_INVITE_BY_THIRD_PARTY_ID,
			PREVENTED_FROM_PUBLISHED_ROOMS);

	/**
	 * Copies the collections into unmodifiable ones.
	 */
	public DomainRuleCheckerConfig {
		Map<String, Set<String>> mapping = new LinkedHashMap<>();
		domainMapping.forEach((domain, invitees) -> mapping.put(domain, Set.copyOf(invitees)));
		domainMapping = Map.copyOf(mapping);
		domainsPreventedFromBeingInvitedToPublishedRooms = Set.copyOf(domainsPreventedFromBeingInvitedToPublishedRooms);
	}

	/**
	 * Reads the module's {@code config:} mapping.
	 * @param config the raw configuration
	 * @return the configuration
	 * @throws ConfigError naming the place of the first wrong value
	 */
	public static DomainRuleCheckerConfig parse(Map<String, Object> config) {
		for (Object key : config.keySet()) {
			if (!KEYS.contains(String.valueOf(key))) {
				throw new ConfigError("not a setting of the domain rule checker; the settings are "
						+ String.join(", ", KEYS), List.of(String.valueOf(key)));
			}
		}
		if (config.get(CAN_INVITE_IF_NOT_IN_DOMAIN_MAPPING) == null) {
			throw new ConfigError("required: true or false, whether users of a server not listed in "
					+ DOMAIN_MAPPING + " may invite anyone", List.of(CAN_INVITE_IF_NOT_IN_DOMAIN_MAPPING));
		}
		return new DomainRuleCheckerConfig(flag(config, CAN_INVITE_IF_NOT_IN_DOMAIN_MAPPING, false),
				mapping(config.get(DOMAIN_MAPPING)), flag(config, CAN_ONLY_JOIN_ROOMS_WITH_INVITE, false),
				flag(config, CAN_ONLY_INVITE_DURING_ROOM_CREATION, false),
				flag(config, CAN_INVITE_BY_THIRD_PARTY_ID, true),
				domains(config.get(PREVENTED_FROM_PUBLISHED_ROOMS), List.of(PREVENTED_FROM_PUBLISHED_ROOMS)));
	}

	private static boolean flag(Map<String, Object> config, String key, boolean absent) {
		Object value = config.get(key);
		if (value == null) {
			return absent;
		}
		if (value instanceof Boolean flag) {
			return flag;
		}
		if ("true".equals(value) || "false".equals(value)) {
			return Boolean.parseBoolean((String) value);
		}
		throw new ConfigError("must be true or false, not '" + value + "'", List.of(key));
	}

	private static Map<String, Set<String>> mapping(@Nullable Object raw) {
		Map<String, Set<String>> mapping = new LinkedHashMap<>();
		if (raw == null) {
			return mapping;
		}
		if (!(raw instanceof Map<?, ?> map)) {
			throw new ConfigError("must be a mapping from an inviting server to the list of servers whose users it"
					+ " may invite, e.g. {example.org: [example.org, example.com]}", List.of(DOMAIN_MAPPING));
		}
		map.forEach((inviter, invitees) -> mapping.put(String.valueOf(inviter),
				domains(invitees, List.of(DOMAIN_MAPPING, String.valueOf(inviter)))));
		return mapping;
	}

	private static Set<String> domains(@Nullable Object raw, List<String> path) {
		Set<String> domains = new LinkedHashSet<>();
		if (raw == null) {
			return domains;
		}
		if (!(raw instanceof List<?> list)) {
			throw new ConfigError("must be a list of server names, e.g. [example.org]", path);
		}
		for (int i = 0; i < list.size(); i++) {
			Object domain = list.get(i);
			if (!(domain instanceof String name) || name.isBlank() || name.contains("@")) {
				List<String> itemPath = new ArrayList<>(path);
				itemPath.add(String.valueOf(i));
				throw new ConfigError("must be a server name such as example.org, not '" + domain + "'", itemPath);
			}
			domains.add(name);
		}
		return domains;
	}

}
