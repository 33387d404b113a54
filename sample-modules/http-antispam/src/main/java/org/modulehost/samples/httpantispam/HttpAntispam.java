package org.modulehost.samples.httpantispam;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.modulehost.api.ConfigError;
import org.modulehost.homeserver.api.ClientInfo;
import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.api.HomeserverModuleApi;
import org.modulehost.homeserver.api.RegistrationBehaviour;
import org.modulehost.homeserver.api.SpamCheck;
import org.modulehost.homeserver.api.UserProfile;
import org.modulehost.homeserver.api.callbacks.SpamCheckerCallbacks;
import org.modulehost.samples.httpantispam.AntispamClient.Verdict;

/**
 * Forwards spam checks to an HTTP service, after maunium/synapse-http-antispam (the protocol of
 * Meowlnir and Draupnir): each enabled callback is sent as {@code POST <base_url>/<callback>}
 * with its arguments as a JSON object.
 *
 * <ul>
 * <li>A 2xx answer allows the action; its body is ignored.</li>
 * <li>Another answer with a JSON object denies it: the client gets 403 with the object's
 * {@code errcode} ({@code M_FORBIDDEN} when it has none) and its other fields.
 * {@code check_username_for_spam} then hides the user from the search,
 * {@code check_registration_for_spam} refuses the registration.</li>
 * <li>No answer within the timeout, a connection error, or an error answer that is not JSON: the
 * callback's {@code fail_open} decides (allow, or deny with {@code M_UNKNOWN}); only
 * {@code check_event_for_spam} fails open by default.</li>
 * <li>A callback set in {@code async} is sent without waiting, and the action is allowed.</li>
 * </ul>
 *
 * <pre>{@code
 * modules:
 *   - module: org.modulehost.samples.httpantispam.HttpAntispam
 *     config:
 *       base_url: http://localhost:8080/antispam
 *       authorization: ${ANTISPAM_TOKEN}
 *       enabled_callbacks: [user_may_invite, user_may_join_room, check_event_for_spam]
 *       async: {user_may_join_room: true}
 *       fail_open: {user_may_invite: true}
 *       timeout: 2s
 * }</pre>
 */
public class HttpAntispam {

	private static final Duration DEFAULT_CALLBACK_TIMEOUT = Duration.ofSeconds(10);

	private final HttpAntispamConfig config;

	private final AntispamClient client;

	/**
	 * Reads the module's configuration; called by the host before the constructor.
	 * @param config the raw {@code config:} mapping
	 * @return the configuration
	 * @throws ConfigError naming the key that is wrong, e.g. an unknown callback in
	 * {@code fail_open}
	 */
	public static HttpAntispamConfig parseConfig(Map<String, Object> config) {
		return HttpAntispamConfig.parse(config);
	}

	/**
	 * Registers a spam-checker callback for each enabled callback.
	 * @param config the configuration {@link #parseConfig(Map)} returned
	 * @param api the homeserver's module API
	 * @throws ConfigError if {@code timeout} is not shorter than the homeserver's spam-checker
	 * callback timeout
	 */
	public HttpAntispam(HttpAntispamConfig config, HomeserverModuleApi api) {
		this.config = config;
		Duration callbackTimeout = callbackTimeout(api);
		Duration timeout = (config.timeout() != null) ? config.timeout() : callbackTimeout.multipliedBy(4).dividedBy(5);
		if (timeout.compareTo(callbackTimeout) >= 0) {
			throw new ConfigError("must be shorter than the spam-checker callback timeout ("
					+ HttpAntispamConfig.format(callbackTimeout) + ", modulehost.callbacks.timeout), or a slow service"
					+ " fails the request instead of following fail_open (got " + HttpAntispamConfig.format(timeout) + ")",
					List.of("timeout"));
		}
		this.client = new AntispamClient(api, config.baseUrl(), config.authorization(), timeout);
		for (SpamCheckerCallbacks callbacks : forwarders()) {
			api.registerSpamCheckerCallbacks(callbacks);
		}
	}

	/**
	 * Returns the homeserver's timeout of spam-checker callbacks.
	 */
	private static Duration callbackTimeout(HomeserverModuleApi api) {
		for (String category : List.of("spam_checker", "spam-checker")) {
			var timeout = api.hostProperty("modulehost.callbacks.categories." + category + ".timeout", Duration.class);
			if (timeout.isPresent()) {
				return timeout.get();
			}
		}
		return api.hostProperty("modulehost.callbacks.timeout", Duration.class).orElse(DEFAULT_CALLBACK_TIMEOUT);
	}

	/**
	 * Builds one callbacks object per enabled callback, each overriding just that callback, so
	 * that the homeserver calls this module for the enabled callbacks only.
	 */
	private List<SpamCheckerCallbacks> forwarders() {
		List<SpamCheckerCallbacks> forwarders = new ArrayList<>();
		for (AntispamCallback callback : AntispamCallback.values()) {
			if (this.config.enabledCallbacks().contains(callback)) {
				forwarders.add(forwarder(callback));
			}
		}
		return forwarders;
	}

	private SpamCheckerCallbacks forwarder(AntispamCallback callback) {
		return switch (callback) {
			case CHECK_EVENT_FOR_SPAM -> new SpamCheckerCallbacks() {
				@Override
				public CompletionStage<SpamCheck> checkEventForSpam(Event event) {
					return spamCheck(callback, arguments("event", clientEvent(event)));
				}
			};
			case USER_MAY_JOIN_ROOM -> new SpamCheckerCallbacks() {
				@Override
				public CompletionStage<SpamCheck> userMayJoinRoom(String userId, String roomId, boolean isInvited) {
					return spamCheck(callback, arguments("user", userId, "room", roomId, "is_invited", isInvited));
				}
			};
			case USER_MAY_INVITE -> new SpamCheckerCallbacks() {
				@Override
				public CompletionStage<SpamCheck> userMayInvite(String inviter, String invitee, String roomId) {
					return spamCheck(callback, arguments("inviter", inviter, "invitee", invitee, "room_id", roomId));
				}
			};
			case USER_MAY_CREATE_ROOM -> new SpamCheckerCallbacks() {
				@Override
				public CompletionStage<SpamCheck> userMayCreateRoom(String userId, Map<String, Object> roomConfig) {
					return spamCheck(callback, arguments("user_id", userId, "room_config", roomConfig));
				}
			};
			case USER_MAY_CREATE_ROOM_ALIAS -> new SpamCheckerCallbacks() {
				@Override
				public CompletionStage<SpamCheck> userMayCreateRoomAlias(String userId, String roomAlias) {
					return spamCheck(callback, arguments("user_id", userId, "room_alias", roomAlias));
				}
			};
			case USER_MAY_PUBLISH_ROOM -> new SpamCheckerCallbacks() {
				@Override
				public CompletionStage<SpamCheck> userMayPublishRoom(String userId, String roomId) {
					return spamCheck(callback, arguments("user_id", userId, "room_id", roomId));
				}
			};
			case USER_MAY_SEND_STATE_EVENT -> new SpamCheckerCallbacks() {
				@Override
				public CompletionStage<SpamCheck> userMaySendStateEvent(String userId, String roomId, String type,
						String stateKey, Map<String, Object> content) {
					return spamCheck(callback, arguments("user_id", userId, "room_id", roomId, "event_type", type,
							"state_key", stateKey, "content", content));
				}
			};
			case CHECK_USERNAME_FOR_SPAM -> new SpamCheckerCallbacks() {
				@Override
				public CompletionStage<Boolean> checkUsernameForSpam(UserProfile profile, String requesterUserId) {
					Map<String, @Nullable Object> userProfile = arguments("user_id", profile.userId(), "display_name",
							profile.displayName(), "avatar_url", profile.avatarUrl());
					return decide(callback, arguments("user_profile", userProfile, "requester_id", requesterUserId),
							(verdict) -> verdict != Decision.ALLOW);
				}
			};
			case CHECK_REGISTRATION_FOR_SPAM -> new SpamCheckerCallbacks() {
				@Override
				public CompletionStage<RegistrationBehaviour> checkRegistrationForSpam(@Nullable String emailThreepid,
						@Nullable String username, List<ClientInfo> requestInfo, @Nullable String authProviderId) {
					return decide(callback, arguments("email_threepid", emailThreepid, "username", username,
							"request_info", requestInfo(requestInfo), "auth_provider_id", authProviderId),
							(verdict) -> (verdict == Decision.ALLOW) ? RegistrationBehaviour.ALLOW
									: RegistrationBehaviour.DENY);
				}
			};
			case CHECK_LOGIN_FOR_SPAM -> new SpamCheckerCallbacks() {
				@Override
				public CompletionStage<SpamCheck> checkLoginForSpam(String userId, @Nullable String deviceId,
						@Nullable String initialDisplayName, List<ClientInfo> requestInfo,
						@Nullable String authProviderId) {
					return spamCheck(callback, arguments("user_id", userId, "device_id", deviceId,
							"initial_display_name", initialDisplayName, "request_info", requestInfo(requestInfo),
							"auth_provider_id", authProviderId));
				}
			};
		};
	}

	/**
	 * Asks the service about a callback answered with a {@link SpamCheck}.
	 */
	private CompletionStage<SpamCheck> spamCheck(AntispamCallback callback, Map<String, @Nullable Object> arguments) {
		if (this.config.isAsync(callback)) {
			this.client.ask(callback, arguments);
			return CompletableFuture.completedFuture(SpamCheck.NOT_SPAM);
		}
		return this.client.ask(callback, arguments).thenApply((verdict) -> switch (verdict.outcome()) {
			case ALLOW -> SpamCheck.NOT_SPAM;
			case DENY -> SpamCheck.deny(verdict.errcode(), verdict.fields());
			case FAILED -> this.config.failsOpen(callback) ? SpamCheck.NOT_SPAM : SpamCheck.deny(Codes.UNKNOWN);
		});
	}

	/**
	 * Asks the service about a callback with another kind of answer: the outcome (a failure
	 * counting as allowed or denied by {@code fail_open}) turned into that answer.
	 */
	private <T> CompletionStage<T> decide(AntispamCallback callback, Map<String, @Nullable Object> arguments,
			Function<Decision, T> answer) {
		if (this.config.isAsync(callback)) {
			this.client.ask(callback, arguments);
			return CompletableFuture.completedFuture(answer.apply(Decision.ALLOW));
		}
		return this.client.ask(callback, arguments).thenApply((verdict) -> switch (verdict.outcome()) {
			case ALLOW -> answer.apply(Decision.ALLOW);
			case DENY -> answer.apply(Decision.DENY);
			case FAILED -> answer.apply(this.config.failsOpen(callback) ? Decision.ALLOW : Decision.DENY);
		});
	}

	private static Map<String, @Nullable Object> clientEvent(Event event) {
		Map<String, @Nullable Object> json = arguments("event_id", event.eventId(), "room_id", event.roomId(), "sender",
				event.sender(), "type", event.type(), "content", event.content(), "origin_server_ts",
				event.originServerTs(), "unsigned", event.unsigned());
		if (event.isState()) {
			json.put("state_key", event.stateKey());
		}
		return json;
	}

	private static List<List<@Nullable String>> requestInfo(List<ClientInfo> requestInfo) {
		List<List<@Nullable String>> pairs = new ArrayList<>();
		for (ClientInfo info : requestInfo) {
			List<@Nullable String> pair = new ArrayList<>();
			pair.add(info.userAgent());
			pair.add(info.ip());
			pairs.add(pair);
		}
		return pairs;
	}

	/**
	 * Builds a JSON object from alternating names and values; values may be {@code null}.
	 */
	private static Map<String, @Nullable Object> arguments(@Nullable Object... namesAndValues) {
		Map<String, @Nullable Object> arguments = new LinkedHashMap<>();
		for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
			arguments.put(String.valueOf(namesAndValues[i]), namesAndValues[i + 1]);
		}
		return arguments;
	}

	/**
	 * What the service's verdict amounts to for a callback that is not a {@link SpamCheck}.
	 */
	private enum Decision {

		ALLOW, DENY

	}

}
