package org.modulehost.homeserver.users;

import java.util.Map;

/**
 * A user's push rules as {@code /sync} delivers them: the {@code m.push_rules} account data
 * event, computed from the state the push rules API keeps in account data.
 */
public final class PushRuleSets {

	/** The account data type under which the push rules API keeps a user's rules. */
	public static final String STATE_TYPE = PushRulesController.STATE_TYPE;

	/** The account data type under which the pushers API keeps a user's pushers. */
	public static final String PUSHERS_TYPE = PushersController.STATE_TYPE;

	private PushRuleSets() {
	}

	/**
	 * The content of a user's {@code m.push_rules} event.
	 * @param userId the user
	 * @param stored the stored state (account data of type {@link #STATE_TYPE}), empty if none
	 * @return {@code {"global": {...}}}
	 */
	public static Map<String, Object> content(String userId, Map<String, Object> stored) {
		return Map.of("global", PushRulesController.global(userId, PushRulesController.parse(stored)));
	}

}
