package org.modulehost.samples.supportpresence;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import org.modulehost.homeserver.api.HomeserverModuleApi;
import org.modulehost.homeserver.api.InterestedUsers;
import org.modulehost.homeserver.api.UserPresenceState;
import org.modulehost.homeserver.api.callbacks.PresenceRouterCallbacks;

/**
 * A presence router through which the support team sees everyone's presence: a team member's
 * {@code /sync} carries the presence of every user ({@link InterestedUsers#ALL}), and every
 * presence update wakes the team members' waiting {@code /sync} requests.
 *
 * <p>Members named under {@code users} are woken from the start; members matched by
 * {@code match} once they have synced on the instance where the update happens (a regular
 * expression cannot be listed), which their client does all the time. Everyone else is
 * unaffected: they see the presence of the users they share a room with, as without the module.
 */
public class SupportPresenceRouter implements PresenceRouterCallbacks {

	private final SupportPresenceConfig config;

	/** The team members to wake: those named, and those matched that have synced. */
	private final Set<String> members = ConcurrentHashMap.newKeySet();

	/**
	 * Reads the configuration and registers the router.
	 * @param config the module's {@code config:} mapping
	 * @param api the homeserver's module API
	 */
	public SupportPresenceRouter(Map<String, Object> config, HomeserverModuleApi api) {
		this.config = SupportPresenceConfig.parse(config);
		this.members.addAll(this.config.users());
		api.registerPresenceRouterCallbacks(this);
	}

	/**
	 * Names every support team member known here as a recipient of every update.
	 * @param stateUpdates the new states
	 * @return each member with all the states
	 */
	@Override
	public CompletionStage<Map<String, Set<UserPresenceState>>> getUsersForStates(
			Collection<UserPresenceState> stateUpdates) {
		Map<String, Set<UserPresenceState>> routed = new LinkedHashMap<>();
		Set<UserPresenceState> states = Set.copyOf(stateUpdates);
		for (String member : this.members) {
			routed.put(member, states);
		}
		return CompletableFuture.completedFuture(routed);
	}

	/**
	 * Gives a support team member everyone's presence, and remembers a matched member.
	 * @param userId the user who syncs
	 * @return {@link InterestedUsers#ALL} for a member, {@link InterestedUsers#NONE} otherwise
	 */
	@Override
	public CompletionStage<InterestedUsers> getInterestedUsers(String userId) {
		if (!this.config.isSupport(userId)) {
			return CompletableFuture.completedFuture(InterestedUsers.NONE);
		}
		this.members.add(userId);
		return CompletableFuture.completedFuture(InterestedUsers.ALL);
	}

}
