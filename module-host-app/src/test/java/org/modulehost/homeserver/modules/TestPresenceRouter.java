package org.modulehost.homeserver.modules;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.modulehost.homeserver.api.HomeserverModuleApi;
import org.modulehost.homeserver.api.InterestedUsers;
import org.modulehost.homeserver.api.UserPresenceState;
import org.modulehost.homeserver.api.callbacks.PresenceRouterCallbacks;

/**
 * A presence router for tests: {@link #watchers} receive everyone's presence
 * ({@link InterestedUsers#ALL}, and named for every update); {@link #followers} receive the
 * presence of the users listed for them; a user whose localpart starts with {@code crash} makes
 * the router throw. Every batch of states it is asked about is kept in {@link #updates}. Its
 * module API is handed to tests.
 */
public class TestPresenceRouter implements PresenceRouterCallbacks {

	public static final Set<String> watchers = ConcurrentHashMap.newKeySet();

	public static final Map<String, Set<String>> followers = new ConcurrentHashMap<>();

	public static final List<List<UserPresenceState>> updates = new CopyOnWriteArrayList<>();

	private final HomeserverModuleApi api;

	public TestPresenceRouter(Map<String, Object> config, HomeserverModuleApi api) {
		this.api = api;
		api.registerPresenceRouterCallbacks(this);
	}

	public HomeserverModuleApi api() {
		return this.api;
	}

	@Override
	public CompletionStage<Map<String, Set<UserPresenceState>>> getUsersForStates(
			Collection<UserPresenceState> stateUpdates) {
		updates.add(List.copyOf(stateUpdates));
		Map<String, Set<UserPresenceState>> routed = new HashMap<>();
		for (String watcher : watchers) {
			routed.put(watcher, Set.copyOf(stateUpdates));
		}
		followers.forEach((follower, followed) -> {
			Set<UserPresenceState> states = new java.util.HashSet<>();
			stateUpdates.stream().filter((state) -> followed.contains(state.userId())).forEach(states::add);
			if (!states.isEmpty()) {
				routed.put(follower, states);
			}
		});
		return CompletableFuture.completedFuture(routed);
	}

	@Override
	public CompletionStage<InterestedUsers> getInterestedUsers(String userId) {
		if (userId.startsWith("@crash")) {
			throw new IllegalStateException("The test router fails for " + userId);
		}
		if (watchers.contains(userId)) {
			return CompletableFuture.completedFuture(InterestedUsers.ALL);
		}
		return CompletableFuture.completedFuture(InterestedUsers.of(followers.getOrDefault(userId, Set.of())));
	}

	/**
	 * A router that overrides only one of the two callbacks, which start-up refuses.
	 */
	public static class OneSided implements PresenceRouterCallbacks {

		public OneSided(Map<String, Object> config, HomeserverModuleApi api) {
			api.registerPresenceRouterCallbacks(this);
		}

		@Override
		public CompletionStage<InterestedUsers> getInterestedUsers(String userId) {
			return CompletableFuture.completedFuture(InterestedUsers.ALL);
		}

	}

}
