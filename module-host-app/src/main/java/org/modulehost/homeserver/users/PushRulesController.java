package org.modulehost.homeserver.users;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.Requester;
import org.modulehost.homeserver.web.JsonBody;
import org.modulehost.homeserver.web.JsonRequestBody;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The push rules API: {@code GET /pushrules/} (and {@code /pushrules/global/}) answer the
 * predefined rules of the spec merged with the requester's own, {@code GET|PUT|DELETE
 * /pushrules/global/{kind}/{ruleId}} and {@code GET|PUT .../enabled} and {@code .../actions}. A
 * user only ever reaches their own rules (the access token names them). The user's rules and
 * their changes to predefined rules are kept in their account data under {@link #STATE_TYPE}.
 * {@link PushRuleEvaluator} evaluates them for the unread counts of {@code /sync}; this server sends no
 * push notifications.
 */
@RestController
@RequestMapping("/_matrix/client/{version:v3|r0}/pushrules")
final class PushRulesController {

	/** The account data type holding a user's push rule state. */
	static final String STATE_TYPE = "org.modulehost.push_rules";

	/** The longest rule id accepted. */
	static final int MAX_RULE_ID_LENGTH = 255;

	/** How many rules of their own a user may have. */
	static final int MAX_RULES_PER_USER = 500;

	private static final List<String> KINDS = List.of("override", "content", "room", "sender", "underride");

	private static final List<String> SIMPLE_ACTIONS = List.of("notify", "dont_notify", "coalesce");

	private final AccountData accountData;

	PushRulesController(AccountData accountData) {
		this.accountData = accountData;
	}

	@GetMapping({ "", "/" })
	Map<String, Object> all(Requester requester) {
		return Map.of("global", global(requester.userId()));
	}

	@GetMapping({ "/{scope}", "/{scope}/" })
	Map<String, Object> scope(@PathVariable String scope, Requester requester) {
		scope(scope);
		return global(requester.userId());
	}

	@GetMapping({ "/{scope}/{kind}", "/{scope}/{kind}/" })
	List<Map<String, Object>> kind(@PathVariable String scope, @PathVariable String kind, Requester requester) {
		scope(scope);
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> rules = (List<Map<String, Object>>) global(requester.userId()).get(kind(kind));
		return rules;
	}

	@GetMapping("/{scope}/{kind}/{ruleId}")
	Map<String, Object> rule(@PathVariable String scope, @PathVariable String kind, @PathVariable String ruleId,
			Requester requester) {
		return find(requester.userId(), scope, kind, ruleId);
	}

	@GetMapping("/{scope}/{kind}/{ruleId}/{attribute}")
	Map<String, Object> attribute(@PathVariable String scope, @PathVariable String kind,
			@PathVariable String ruleId, @PathVariable String attribute, Requester requester) {
		attribute(attribute);
		Map<String, Object> rule = find(requester.userId(), scope, kind, ruleId);
		return Map.of(attribute, Objects.requireNonNull(rule.get(attribute)));
	}

	@PutMapping("/{scope}/{kind}/{ruleId}/{attribute}")
	Map<String, Object> putAttribute(@PathVariable String scope, @PathVariable String kind,
			@PathVariable String ruleId, @PathVariable String attribute, Requester requester,
			@JsonRequestBody JsonBody body) {
		attribute(attribute);
		find(requester.userId(), scope, kind, ruleId);
		if (!body.has(attribute)) {
			throw new MatrixError(400, Codes.MISSING_PARAM, "Missing '" + attribute + "'");
		}
		Object value = body.asMap().get(attribute);
		if ("enabled".equals(attribute) && !(value instanceof Boolean)) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "'enabled' must be a boolean");
		}
		if ("actions".equals(attribute)) {
			value = actions(value);
		}
		State state = state(requester.userId());
		if (ruleId.startsWith(".")) {
			state.predefined.computeIfAbsent(ruleId, (id) -> new LinkedHashMap<>()).put(attribute, value);
		}
		else {
			Map<String, Object> own = Objects.requireNonNull(state.find(kind, ruleId));
			own.put(attribute, value);
		}
		save(requester.userId(), state);
		return Map.of();
	}

	@PutMapping("/{scope}/{kind}/{ruleId}")
	Map<String, Object> put(@PathVariable String scope, @PathVariable String kind, @PathVariable String ruleId,
			@RequestParam(required = false) @Nullable String before,
			@RequestParam(required = false) @Nullable String after, Requester requester,
			@JsonRequestBody JsonBody body) {
		scope(scope);
		kind(kind);
		if (ruleId.length() > MAX_RULE_ID_LENGTH) {
			throw new MatrixError(400, Codes.INVALID_PARAM,
					"Push rule id longer than " + MAX_RULE_ID_LENGTH + " characters");
		}
		if (ruleId.isEmpty() || ruleId.startsWith(".")) {
			throw new MatrixError(400, Codes.UNKNOWN, "cannot add new rule_ids that start with '.'");
		}
		Map<String, Object> rule = new LinkedHashMap<>();
		rule.put("rule_id", ruleId);
		rule.put("default", false);
		rule.put("enabled", true);
		switch (kind) {
			case "content" -> {
				if (!(body.asMap().get("pattern") instanceof String pattern)) {
					throw new MatrixError(400, Codes.UNKNOWN, "Content rule missing 'pattern'");
				}
				rule.put("pattern", pattern);
			}
			case "override", "underride" -> rule.put("conditions", conditions(body.asMap().get("conditions")));
			default -> {
				// room and sender rules: the rule id is the room or the sender, no conditions
			}
		}
		rule.put("actions", actions(body.asMap().get("actions")));
		State state = state(requester.userId());
		List<Map<String, Object>> rules = state.kind(kind);
		boolean replacing = rules.removeIf((existing) -> ruleId.equals(existing.get("rule_id")));
		if (!replacing && state.count() >= MAX_RULES_PER_USER) {
			throw new MatrixError(400, Codes.UNKNOWN, "Too many push rules (the limit is " + MAX_RULES_PER_USER + ")");
		}
		String relative = (before != null) ? before : after;
		int index = rules.size();
		if (relative != null) {
			if (relative.startsWith(".")) {
				throw new MatrixError(400, Codes.UNKNOWN, "Cannot add a rule relative to a predefined rule");
			}
			int at = indexOf(rules, relative);
			if (at < 0) {
				throw new MatrixError(400, Codes.UNKNOWN, "before/after rule not found: " + relative);
			}
			index = (before != null) ? at : at + 1;
		}
		rules.add(index, rule);
		save(requester.userId(), state);
		return Map.of();
	}

	@DeleteMapping("/{scope}/{kind}/{ruleId}")
	Map<String, Object> delete(@PathVariable String scope, @PathVariable String kind, @PathVariable String ruleId,
			Requester requester) {
		scope(scope);
		kind(kind);
		State state = state(requester.userId());
		// As Synapse: a predefined rule is not among the stored ones, so it is not found.
		if (!state.kind(kind).removeIf((rule) -> ruleId.equals(rule.get("rule_id")))) {
			throw new MatrixError(404, Codes.NOT_FOUND, "Push rule does not exist.");
		}
		save(requester.userId(), state);
		return Map.of();
	}

	private Map<String, Object> find(String userId, String scope, String kind, String ruleId) {
		scope(scope);
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> rules = (List<Map<String, Object>>) global(userId).get(kind(kind));
		int at = indexOf(rules, ruleId);
		if (at < 0) {
			throw new MatrixError(404, Codes.NOT_FOUND, "Unknown rule");
		}
		return rules.get(at);
	}

	private Map<String, Object> global(String userId) {
		return global(userId, state(userId));
	}

	static Map<String, Object> global(String userId, State state) {
		String localpart = userId.substring(1, userId.indexOf(':'));
		Map<String, Object> global = new LinkedHashMap<>();
		List<Map<String, Object>> override = PredefinedPushRules.overrideFirst();
		override.addAll(state.kind("override"));
		override.addAll(PredefinedPushRules.overrideLast(userId));
		global.put("override", override);
		List<Map<String, Object>> content = new ArrayList<>(state.kind("content"));
		content.addAll(PredefinedPushRules.content(localpart));
		global.put("content", content);
		global.put("room", state.kind("room"));
		global.put("sender", state.kind("sender"));
		List<Map<String, Object>> underride = new ArrayList<>(state.kind("underride"));
		underride.addAll(PredefinedPushRules.underride());
		global.put("underride", underride);
		for (String kind : KINDS) {
			@SuppressWarnings("unchecked")
			List<Map<String, Object>> rules = (List<Map<String, Object>>) global.get(kind);
			for (Map<String, Object> rule : rules) {
				Map<String, Object> changed = state.predefined.get(rule.get("rule_id"));
				if (Boolean.TRUE.equals(rule.get("default")) && changed != null) {
					rule.putAll(changed);
				}
			}
		}
		return global;
	}

	private static int indexOf(List<Map<String, Object>> rules, String ruleId) {
		for (int i = 0; i < rules.size(); i++) {
			if (ruleId.equals(rules.get(i).get("rule_id"))) {
				return i;
			}
		}
		return -1;
	}

	private static void scope(String scope) {
		if (!"global".equals(scope)) {
			throw new MatrixError(400, Codes.UNRECOGNIZED, "Unrecognized push rule scope: " + scope);
		}
	}

	private static String kind(String kind) {
		if (!KINDS.contains(kind)) {
			throw new MatrixError(400, Codes.UNRECOGNIZED, "Unrecognized push rule kind: " + kind);
		}
		return kind;
	}

	private static void attribute(String attribute) {
		if (!"enabled".equals(attribute) && !"actions".equals(attribute)) {
			throw new MatrixError(400, Codes.UNRECOGNIZED, "Unrecognized push rule attribute: " + attribute);
		}
	}

	private static List<Object> actions(@Nullable Object value) {
		if (!(value instanceof List<?> actions)) {
			throw new MatrixError(400, Codes.UNKNOWN, "Rule has no 'actions' list");
		}
		for (Object action : actions) {
			boolean valid = (action instanceof String name) ? SIMPLE_ACTIONS.contains(name)
					: (action instanceof Map<?, ?> tweak) && (tweak.get("set_tweak") instanceof String);
			if (!valid) {
				throw new MatrixError(400, Codes.UNKNOWN, "Unrecognised action " + action);
			}
		}
		return new ArrayList<>(actions);
	}

	private static List<Object> conditions(@Nullable Object value) {
		if (!(value instanceof List<?> conditions)) {
			throw new MatrixError(400, Codes.UNKNOWN, "Rule has no 'conditions' list");
		}
		for (Object condition : conditions) {
			if (!(condition instanceof Map<?, ?> map) || !(map.get("kind") instanceof String)) {
				throw new MatrixError(400, Codes.UNKNOWN, "Each condition must be an object with a 'kind'");
			}
		}
		return new ArrayList<>(conditions);
	}

	private State state(String userId) {
		return parse(this.accountData.get(userId, null, STATE_TYPE).orElse(Map.of()));
	}

	@SuppressWarnings("unchecked")
	static State parse(Map<String, Object> stored) {
		State state = new State();
		if (stored.get("rules") instanceof Map<?, ?> rules) {
			for (String kind : KINDS) {
				if (rules.get(kind) instanceof List<?> list) {
					for (Object rule : list) {
						if (rule instanceof Map<?, ?> map && map.get("rule_id") instanceof String) {
							state.kind(kind).add(new LinkedHashMap<>((Map<String, Object>) map));
						}
					}
				}
			}
		}
		if (stored.get("predefined") instanceof Map<?, ?> predefined) {
			predefined.forEach((id, changes) -> {
				if (id instanceof String ruleId && changes instanceof Map<?, ?> map) {
					state.predefined.put(ruleId, new LinkedHashMap<>((Map<String, Object>) map));
				}
			});
		}
		return state;
	}

	private void save(String userId, State state) {
		this.accountData.put(userId, null, STATE_TYPE, Map.of("rules", state.rules, "predefined", state.predefined));
	}

	/** A user's own rules by kind and their changes to predefined rules, by rule id. */
	static final class State {

		final Map<String, List<Map<String, Object>>> rules = new LinkedHashMap<>();

		final Map<String, Map<String, Object>> predefined = new LinkedHashMap<>();

		List<Map<String, Object>> kind(String kind) {
			return this.rules.computeIfAbsent(kind, (k) -> new ArrayList<>());
		}

		@Nullable Map<String, Object> find(String kind, String ruleId) {
			List<Map<String, Object>> rules = kind(kind);
			int at = indexOf(rules, ruleId);
			return (at < 0) ? null : rules.get(at);
		}

		int count() {
			return this.rules.values().stream().mapToInt(List::size).sum();
		}

	}

}
