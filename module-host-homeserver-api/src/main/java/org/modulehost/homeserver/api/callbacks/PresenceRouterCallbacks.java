package org.modulehost.homeserver.api.callbacks;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.modulehost.api.callback.Callback;
import org.modulehost.api.callback.CallbackCategory;
import org.modulehost.api.callback.Combine;
import org.modulehost.api.callback.OnError;
import org.modulehost.homeserver.api.InterestedUsers;
import org.modulehost.homeserver.api.UserPresenceState;

/**
 * Presence routing, Synapse's {@code presence_router} callbacks: who, beyond the users sharing a
 * room with someone, hears of their presence.
 *
 * <p>A module implements both methods or neither, as Synapse requires: registering an object
 * that overrides only one of them fails start-up naming the module. Every registered module is
 * asked, in module order; the homeserver combines the answers itself as Synapse does (the rules
 * below), because the combination goes deeper than {@link Combine#COLLECT}'s. An exception (or a
 * failed stage, or a {@code null} answer) is logged and the module's answer skipped, and the
 * other modules' answers still count. Calls for different users may run concurrently.
 */
@CallbackCategory("presence_router")
public interface PresenceRouterCallbacks {

	/**
	 * Decides who else is told of presence updates, called on every update that is worth telling
	 * (a change of state or status message, the user becoming active or idle), before it is
	 * stored. The users named as keys have their waiting {@code /sync} requests woken for it;
	 * what a user's {@code /sync} then carries is decided by {@link #getInterestedUsers}, as in
	 * Synapse, so a router names the same users in both. The homeserver merges the modules'
	 * maps, uniting the sets of one user.
	 * @param stateUpdates the new states
	 * @return a stage of the map from user ID to the states that user should receive; an empty
	 * map for nobody beyond the users sharing a room
	 */
	@Callback(combine = Combine.COLLECT, onError = OnError.SKIP)
	default CompletionStage<Map<String, Set<UserPresenceState>>> getUsersForStates(
			Collection<UserPresenceState> stateUpdates) {
		return CompletableFuture.completedFuture(Map.of());
	}

	/**
	 * Decides whose presence a local user receives beyond the users sharing a room with them,
	 * called each time the user's {@code /sync} presence section is built. The homeserver unites
	 * the modules' sets; a module answering {@link InterestedUsers#ALL} decides at once (later
	 * modules are not asked) and the user receives everyone's presence.
	 * @param userId the local user who syncs
	 * @return a stage of the users, {@link InterestedUsers#ALL}, or {@link InterestedUsers#NONE}
	 */
	@Callback(combine = Combine.ALL, onError = OnError.SKIP)
	default CompletionStage<InterestedUsers> getInterestedUsers(String userId) {
		return CompletableFuture.completedFuture(InterestedUsers.NONE);
	}

}
