package org.modulehost.samples.userrestrictions;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.jspecify.annotations.Nullable;

import org.modulehost.api.ConfigError;

/**
 * The configuration of {@link UserRestrictionsModule}.
 *
 * <pre>{@code
 * rules:
 *   - match: "@admin-.*:example.org"
 *     allow: [invite, create_room]
 *   - match: "@assistant-.*:example.org"
 *     allow: [invite]
 * default_deny: [invite, create_room]
 * }</pre>
 *
 * @param rules the rules, in order; the first that matches the user and mentions the permission
 * decides
 * @param defaultDeny the permissions denied when no rule decides; every other permission is then
 * allowed
 */
public record UserRestrictionsConfig(List<Rule> rules, Set<Permission> defaultDeny) {

	private static final Set<String> KEYS = Set.of("rules", "default_deny");

	private static final Set<String> RULE_KEYS = Set.of("match", "allow", "deny");

	/**
	 * Copies the collections into unmodifiable ones.
	 */
	public UserRestrictionsConfig {
		rules = List.copyOf(rules);
		defaultDeny = Set.copyOf(defaultDeny);
	}

	/**
	 * Reads the module's {@code config:} mapping.
	 * @param config the raw configuration
	 * @return the configuration
	 * @throws ConfigError naming the place of the first wrong value
	 */
	public static UserRestrictionsConfig parse(Map<String, Object> config) {
		unknownKeys(config, KEYS, List.of());
		if (!(config.get("rules") instanceof List<?> rawRules)) {
			throw new ConfigError((config.get("rules") == null) ? "required: a list of rules (it may be empty)"
					: "must be a list of rules", List.of("rules"));
		}
		List<Rule> rules = new ArrayList<>();
		for (int i = 0; i < rawRules.size(); i++) {
			rules.add(rule(rawRules.get(i), List.of("rules", String.valueOf(i))));
		}
		Set<Permission> defaultDeny = permissions(config.get("default_deny"), List.of("default_deny"));
		return new UserRestrictionsConfig(rules, defaultDeny);
	}

	private static Rule rule(@Nullable Object raw, List<String> path) {
		if (!(raw instanceof Map<?, ?> rule)) {
			throw new ConfigError("must be a rule: a mapping with 'match' and 'allow' and/or 'deny'", path);
		}
		unknownKeys(rule, RULE_KEYS, path);
		List<String> matchPath = append(path, "match");
		if (!(rule.get("match") instanceof String regex)) {
			throw new ConfigError((rule.get("match") == null) ? "required: a regular expression matching user IDs"
					: "must be a regular expression written as a string", matchPath);
		}
		Pattern match;
		try {
			match = Pattern.compile(regex);
		}
		catch (PatternSyntaxException ex) {
			throw new ConfigError("not a valid regular expression: " + ex.getDescription() + " near index "
					+ ex.getIndex() + " of '" + regex + "'", matchPath);
		}
		Set<Permission> allow = permissions(rule.get("allow"), append(path, "allow"));
		Set<Permission> deny = permissions(rule.get("deny"), append(path, "deny"));
		for (Permission permission : allow) {
			if (deny.contains(permission)) {
				throw new ConfigError("'" + permission.key() + "' is both allowed and denied by this rule; keep it in"
						+ " one of the two lists", append(path, "deny"));
			}
		}
		return new Rule(match, allow, deny);
	}

	private static Set<Permission> permissions(@Nullable Object raw, List<String> path) {
		Set<Permission> permissions = EnumSet.noneOf(Permission.class);
		if (raw == null) {
			return permissions;
		}
		if (!(raw instanceof List<?> list)) {
			throw new ConfigError("must be a list of permissions, e.g. [invite, create_room]", path);
		}
		for (int i = 0; i < list.size(); i++) {
			permissions.add(Permission.of(list.get(i), append(path, String.valueOf(i))));
		}
		return permissions;
	}

	private static void unknownKeys(Map<?, ?> map, Set<String> known, List<String> path) {
		for (Object key : map.keySet()) {
			if (!known.contains(String.valueOf(key))) {
				throw new ConfigError("not a setting of the user-restrictions module; the settings here are "
						+ String.join(", ", known.stream().sorted().toList()), append(path, String.valueOf(key)));
			}
		}
	}

	private static List<String> append(List<String> path, String key) {
		List<String> longer = new ArrayList<>(path);
		longer.add(key);
		return longer;
	}

}
