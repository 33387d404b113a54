package org.modulehost.homeserver.modules;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.api.EventCheck;
import org.modulehost.homeserver.api.HomeserverModuleApi;
import org.modulehost.homeserver.api.ProfileInfo;
import org.modulehost.homeserver.api.RatelimitOverride;
import org.modulehost.homeserver.api.SpamCheck;
import org.modulehost.homeserver.api.StateKey;
import org.modulehost.homeserver.api.callbacks.RatelimitCallbacks;
import org.modulehost.homeserver.api.callbacks.SpamCheckerCallbacks;
import org.modulehost.homeserver.api.callbacks.ThirdPartyRulesCallbacks;

/**
 * The account lifecycle and room administration callbacks: vetoes driven by user IDs and a set
 * of protected rooms, and every call recorded.
 */
public class LifecycleRules implements ThirdPartyRulesCallbacks, SpamCheckerCallbacks, RatelimitCallbacks {

	/** Rooms whose shutdown this module refuses. */
	public static final Set<String> protectedRooms = ConcurrentHashMap.newKeySet();

	/** The room configs userMayCreateRoom was called with, by user. */
	public static final Map<String, Map<String, Object>> roomConfigs = new ConcurrentHashMap<>();

	/** Held by leaves of users whose localpart starts with "slowleave" until a test opens it. */
	public static final AtomicReference<CountDownLatch> slowLeaves = new AtomicReference<>(new CountDownLatch(0));

	private static volatile @Nullable HomeserverModuleApi api;

	public LifecycleRules(Map<String, Object> config, HomeserverModuleApi api) {
		api.registerThirdPartyRulesCallbacks(this);
		api.registerSpamCheckerCallbacks(this);
		api.registerRatelimitCallbacks(this);
		LifecycleRules.api = api;
	}

	/** The module API of the last context that loaded this module. */
	public static HomeserverModuleApi api() {
		HomeserverModuleApi current = api;
		if (current == null) {
			throw new IllegalStateException("LifecycleRules was not loaded");
		}
		return current;
	}

	@Override
	public CompletionStage<EventCheck> checkEventAllowed(Event event, Map<StateKey, Event> state) {
		if ("m.room.member".equals(event.type()) && "leave".equals(event.content().get("membership"))
				&& event.stateKey() != null && event.stateKey().startsWith("@slowleave")) {
			try {
				slowLeaves.get().await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		return CompletableFuture.completedFuture(EventCheck.ALLOW);
	}

	@Override
	public CompletionStage<Boolean> checkCanDeactivateUser(String userId, boolean byAdmin) {
		Recorder.record("checkCanDeactivateUser:" + userId + ":" + byAdmin);
		return CompletableFuture.completedFuture(!userId.startsWith("@undeletable"));
	}

	@Override
	public CompletionStage<Void> onUserDeactivationStatusChanged(String userId, boolean deactivated,
			boolean byAdmin) {
		Recorder.record("onUserDeactivationStatusChanged:" + userId + ":" + deactivated + ":" + byAdmin);
		return CompletableFuture.completedFuture(null);
	}

	@Override
	public CompletionStage<Void> onProfileUpdate(String userId, ProfileInfo newProfile, boolean byAdmin,
			boolean deactivation) {
		Recorder.record("onProfileUpdate:" + userId + ":" + newProfile.displayName() + ":" + byAdmin + ":"
				+ deactivation);
		return CompletableFuture.completedFuture(null);
	}

	@Override
	public CompletionStage<Boolean> checkCanShutdownRoom(@Nullable String userId, String roomId) {
		Recorder.record("checkCanShutdownRoom:" + userId + ":" + roomId);
		return CompletableFuture.completedFuture(!protectedRooms.contains(roomId));
	}

	@Override
	public CompletionStage<@Nullable RatelimitOverride> getRatelimitOverrideForUser(String userId,
			String limiterName) {
		if (limiterName.startsWith("rc_invites")) {
			Recorder.record("ratelimit:" + userId + ":" + limiterName);
		}
		if (userId.startsWith("@roomlimited") && limiterName.equals("rc_invites.per_room")) {
			return CompletableFuture.completedFuture(new RatelimitOverride(0.0001, 1));
		}
		if (userId.startsWith("@issuerlimited") && limiterName.equals("rc_invites.per_issuer")) {
			return CompletableFuture.completedFuture(new RatelimitOverride(0.0001, 1));
		}
		return CompletableFuture.completedFuture(null);
	}

	@Override
	public CompletionStage<SpamCheck> userMayCreateRoom(String userId, Map<String, Object> roomConfig) {
		roomConfigs.put(userId, roomConfig);
		return CompletableFuture
			.completedFuture(userId.startsWith("@nocreate") ? SpamCheck.deny("M_FORBIDDEN") : SpamCheck.NOT_SPAM);
	}

}
