package org.modulehost.samples.userrestrictions;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.HomeserverModuleApi;
import org.modulehost.homeserver.api.SpamCheck;
import org.modulehost.homeserver.api.callbacks.SpamCheckerCallbacks;

/**
 * Allows or denies inviting users and creating rooms by regular-expression rules on the user ID,
 * a port of Synapse's {@code synapse_user_restrictions.UserRestrictionsModule}.
 *
 * <p>For each check the rules are applied in order: the first rule whose {@code match} matches
 * the whole user ID and whose {@code allow} or {@code deny} list mentions the permission decides.
 * When no rule decides, the permission is denied if {@code default_deny} lists it and allowed
 * otherwise. A denial answers the client 403 {@code M_FORBIDDEN}. Server administrators are not
 * checked: the homeserver does not ask spam checkers about them.
 */
public class UserRestrictionsModule implements SpamCheckerCallbacks {

	private final UserRestrictionsConfig config;

	/**
	 * Registers the module's spam checks.
	 * @param config the parsed configuration
	 * @param api the homeserver
	 */
	public UserRestrictionsModule(UserRestrictionsConfig config, HomeserverModuleApi api) {
		this.config = config;
		api.registerSpamCheckerCallbacks(this);
	}

	/**
	 * Reads the configuration.
	 * @param config the module's {@code config:} mapping
	 * @return the configuration
	 * @throws org.modulehost.api.ConfigError naming the place of the first wrong value
	 */
	public static UserRestrictionsConfig parseConfig(Map<String, Object> config) {
		return UserRestrictionsConfig.parse(config);
	}

	/**
	 * Tells whether the rules allow a user a permission.
	 * @param userId the user, e.g. {@code @bob:example.org}
	 * @param permission what the user asks for
	 * @return whether it is allowed
	 */
	public boolean isAllowed(String userId, Permission permission) {
		for (Rule rule : this.config.rules()) {
			Rule.Decision decision = rule.apply(userId, permission);
			if (decision != Rule.Decision.NONE) {
				return decision == Rule.Decision.ALLOW;
			}
		}
		return !this.config.defaultDeny().contains(permission);
	}

	@Override
	public CompletionStage<SpamCheck> userMayInvite(String inviter, String invitee, String roomId) {
		return verdict(inviter, Permission.INVITE);
	}

	@Override
	public CompletionStage<SpamCheck> userMayCreateRoom(String userId, Map<String, Object> roomConfig) {
		return verdict(userId, Permission.CREATE_ROOM);
	}

	private CompletionStage<SpamCheck> verdict(String userId, Permission permission) {
		return CompletableFuture
			.completedFuture(isAllowed(userId, permission) ? SpamCheck.NOT_SPAM : SpamCheck.deny(Codes.FORBIDDEN));
	}

}
