package org.modulehost.samples.supportpresence;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.jspecify.annotations.Nullable;

import org.modulehost.api.ConfigError;

/**
 * The configuration of {@link SupportPresenceRouter}: who is on the support team, by user ID or
 * by a regular expression matching the whole user ID (or both).
 *
 * <pre>{@code
 * users: ["@helpdesk:example.org"]
 * match: "@support-.*:example.org"
 * }</pre>
 *
 * @param users the members named
 * @param match the members matched, {@code null} for none
 */
public record SupportPresenceConfig(Set<String> users, @Nullable Pattern match) {

	private static final Set<String> KEYS = Set.of("users", "match");

	/**
	 * Copies the users into an unmodifiable set.
	 */
	public SupportPresenceConfig {
		users = Set.copyOf(users);
	}

	/**
	 * Tells whether a user is on the support team.
	 * @param userId the user
	 * @return whether the user is named or matched
	 */
	public boolean isSupport(String userId) {
		return this.users.contains(userId) || (this.match != null && this.match.matcher(userId).matches());
	}

	/**
	 * Reads the module's {@code config:} mapping.
	 * @param config the raw configuration
	 * @return the configuration
	 * @throws ConfigError naming the place of the first wrong value
	 */
	public static SupportPresenceConfig parse(Map<String, Object> config) {
		for (Object key : config.keySet()) {
			if (!KEYS.contains(String.valueOf(key))) {
				throw new ConfigError("not a setting of the support-presence module; the settings are match, users",
						List.of(String.valueOf(key)));
			}
		}
		Set<String> users = new LinkedHashSet<>();
		Object rawUsers = config.get("users");
		if (rawUsers != null) {
			if (!(rawUsers instanceof List<?> list)) {
				throw new ConfigError("must be a list of user IDs, e.g. [\"@helpdesk:example.org\"]", List.of("users"));
			}
			for (int i = 0; i < list.size(); i++) {
				if (!(list.get(i) instanceof String userId) || !userId.startsWith("@") || userId.indexOf(':') < 2) {
					throw new ConfigError("must be a user ID such as @helpdesk:example.org", List.of("users",
							String.valueOf(i)));
				}
				users.add(userId);
			}
		}
		Pattern match = null;
		Object rawMatch = config.get("match");
		if (rawMatch != null) {
			if (!(rawMatch instanceof String regex)) {
				throw new ConfigError("must be a regular expression written as a string", List.of("match"));
			}
			try {
				match = Pattern.compile(regex);
			}
			catch (PatternSyntaxException ex) {
				throw new ConfigError("not a valid regular expression: " + ex.getDescription() + " near index "
						+ ex.getIndex() + " of '" + regex + "'", List.of("match"));
			}
		}
		if (users.isEmpty() && match == null) {
			throw new ConfigError("the support team is empty: set 'users' (a list of user IDs), 'match' (a regular "
					+ "expression matching whole user IDs) or both", new ArrayList<>());
		}
		return new SupportPresenceConfig(users, match);
	}

}
