package org.modulehost.homeserver.presence;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.modulehost.api.callback.CallbackRegistration;
import org.modulehost.homeserver.api.InterestedUsers;
import org.modulehost.homeserver.api.UserPresenceState;
import org.modulehost.homeserver.api.callbacks.PresenceRouterCallbacks;
import org.modulehost.homeserver.support.Await;
import org.modulehost.homeserver.support.Callbacks;

/**
 * Calls the modules' {@link PresenceRouterCallbacks} and combines their answers as Synapse's
 * {@code PresenceRouter} does: {@code getUsersForStates} maps are merged with the sets of one
 * user united; {@code getInterestedUsers} sets are united and {@link InterestedUsers#ALL} wins at
 * once. A module that fails, answers {@code null} or does not answer within
 * {@value #TIMEOUT_SECONDS} seconds is logged and skipped.
 */
final class PresenceRouter {

	private static final Log logger = LogFactory.getLog(PresenceRouter.class);

	static final long TIMEOUT_SECONDS = 30;

	private final Callbacks callbacks;

	PresenceRouter(Callbacks callbacks) {
		this.callbacks = callbacks;
	}

	/**
	 * Asks the modules who else should hear of presence updates.
	 * @param states the new states
	 * @return the users named, with the states they should receive
	 */
	Map<String, Set<UserPresenceState>> usersForStates(Collection<UserPresenceState> states) {
		Map<String, Set<UserPresenceState>> merged = new LinkedHashMap<>();
		for (CallbackRegistration registration : registrations("getUsersForStates")) {
			Map<String, Set<UserPresenceState>> answer = call(registration,
					((PresenceRouterCallbacks) registration.target())::getUsersForStates, List.copyOf(states));
			if (answer != null) {
				answer.forEach((userId, userStates) -> {
					if (userId != null && userStates != null) {
						merged.computeIfAbsent(userId, (key) -> new LinkedHashSet<>()).addAll(userStates);
					}
				});
			}
		}
		return merged;
	}

	/**
	 * Asks the modules whose presence a local user receives beyond those sharing a room.
	 * @param userId the user
	 * @return the users, or {@link InterestedUsers#ALL}
	 */
	InterestedUsers interestedUsers(String userId) {
		Set<String> united = new LinkedHashSet<>();
		for (CallbackRegistration registration : registrations("getInterestedUsers")) {
			InterestedUsers answer = call(registration,
					((PresenceRouterCallbacks) registration.target())::getInterestedUsers, userId);
			if (answer != null && answer.all()) {
				return InterestedUsers.ALL;
			}
			if (answer != null) {
				united.addAll(answer.userIds());
			}
		}
		return united.isEmpty() ? InterestedUsers.NONE : InterestedUsers.of(united);
	}

	/**
	 * Tells whether any module routes presence.
	 * @return whether a module registered the callbacks
	 */
	boolean isActive() {
		return this.callbacks.has(PresenceRouterCallbacks.class, "getInterestedUsers")
				|| this.callbacks.has(PresenceRouterCallbacks.class, "getUsersForStates");
	}

	private List<CallbackRegistration> registrations(String callback) {
		if (!this.callbacks.has(PresenceRouterCallbacks.class, callback)) {
			return List.of();
		}
		return this.callbacks.registry()
			.registrations(PresenceRouterCallbacks.class)
			.stream()
			.filter((registration) -> registration.callback().getName().equals(callback))
			.toList();
	}

	private static <A, T> @Nullable T call(CallbackRegistration registration,
			Function<A, CompletionStage<T>> callback, A argument) {
		try {
			CompletionStage<T> stage = callback.apply(argument);
			if (stage == null) {
				throw new IllegalStateException("the callback returned no stage");
			}
			return Await.join(stage.toCompletableFuture().orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS));
		}
		catch (RuntimeException ex) {
			logger.warn("Module '" + registration.moduleName() + "' failed in presence_router "
					+ registration.callback().getName() + "; its answer is skipped", ex);
			return null;
		}
	}

}
