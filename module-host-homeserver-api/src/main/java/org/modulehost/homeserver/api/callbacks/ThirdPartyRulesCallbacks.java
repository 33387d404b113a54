package org.modulehost.homeserver.api.callbacks;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

import org.modulehost.api.callback.Callback;
import org.modulehost.api.callback.CallbackCategory;
import org.modulehost.api.callback.Combine;
import org.modulehost.api.callback.OnError;
import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.api.EventCheck;
import org.modulehost.homeserver.api.ProfileInfo;
import org.modulehost.homeserver.api.Requester;
import org.modulehost.homeserver.api.StateKey;

/**
 * Third-party event rules, Synapse's {@code third_party_rules} callbacks: they decide what may
 * happen in rooms and hear about what did.
 */
@CallbackCategory("third_party_rules")
public interface ThirdPartyRulesCallbacks {

	/**
	 * Checks every event this server builds: client sends, state events, membership changes,
	 * the events of a new room and events sent by modules. The first module that denies the
	 * event, or allows it with replacement content, decides. A denial answers 403
	 * {@code M_FORBIDDEN}; replacement content is what the homeserver stores. A
	 * {@link org.modulehost.homeserver.api.MatrixError} thrown by the module reaches the client
	 * unchanged; any other exception answers 500 and the event is not stored.
	 * @param event the event about to be stored
	 * @param state the room's state before the event (empty while a room is created)
	 * @return a stage of {@link EventCheck#ALLOW}, a denial or a replacement
	 */
	@Callback(combine = Combine.FIRST_DECISIVE, onError = OnError.PROPAGATE)
	default CompletionStage<EventCheck> checkEventAllowed(Event event, Map<StateKey, Event> state) {
		return CompletableFuture.completedFuture(EventCheck.ALLOW);
	}

	/**
	 * Called by {@code /createRoom} before the room exists; every module is called in order. The
	 * module may change {@code requestContent} (it is mutable) and its changes apply. To refuse
	 * the room, throw: a {@link org.modulehost.homeserver.api.MatrixError} reaches the client
	 * unchanged, any other exception answers 403 "Room creation forbidden with these parameters".
	 * @param requester who creates the room
	 * @param requestContent the request body, mutable
	 * @param isRequesterAdmin whether the requester is a server administrator
	 * @return a stage completed when the module is done
	 */
	@Callback(combine = Combine.ALL, onError = OnError.PROPAGATE)
	default CompletionStage<Void> onCreateRoom(Requester requester, Map<String, Object> requestContent,
			boolean isRequesterAdmin) {
		return CompletableFuture.completedFuture(null);
	}

	/**
	 * Checks a room's directory visibility: on creation with a {@code visibility}, and on
	 * {@code PUT /directory/list/room/{roomId}}. {@code false} answers 403. An exception is
	 * logged and ignored (fail open).
	 * @param roomId the room
	 * @param state the room's current state (empty while the room is created)
	 * @param newVisibility {@code public} or {@code private}
	 * @return a stage of {@code false} to refuse, {@code true} to allow
	 */
	@Callback(combine = Combine.FIRST_DECISIVE, onError = OnError.SKIP)
	default CompletionStage<Boolean> checkVisibilityCanBeModified(String roomId, Map<StateKey, Event> state,
			String newVisibility) {
		return CompletableFuture.completedFuture(true);
	}

	/**
	 * Hears about an event after it was stored. Awaited neither by the request that sent the
	 * event nor by {@code /sync}: each module hears the events one after the other, in the order
	 * they were stored, on a thread and a bounded queue of its own; a module that falls behind by
	 * more than {@code homeserver.module-notifications.queue-capacity} events misses the next ones
	 * (counted in {@code homeserver.module.notifications.dropped}). An exception is logged.
	 * @param event the stored event
	 * @param state the room's state after the event
	 * @return a stage completed when the module is done
	 */
	@Callback(combine = Combine.ALL, onError = OnError.SKIP)
	default CompletionStage<Void> onNewEvent(Event event, Map<StateKey, Event> state) {
		return CompletableFuture.completedFuture(null);
	}

	/**
	 * Hears about a change of a user's global display name or avatar (not on registration). An
	 * exception is logged and the next module is called.
	 * @param userId the user
	 * @param newProfile the profile after the change
	 * @param byAdmin whether an administrator (or a module) made the change
	 * @param deactivation whether the change is part of the account's deactivation
	 * @return a stage completed when the module is done
	 */
	@Callback(combine = Combine.ALL, onError = OnError.SKIP)
	default CompletionStage<Void> onProfileUpdate(String userId, ProfileInfo newProfile, boolean byAdmin,
			boolean deactivation) {
		return CompletableFuture.completedFuture(null);
	}

	/**
	 * Decides whether a room may be shut down or deleted: by the room delete admin API
	 * ({@code DELETE /_synapse/admin/v2/rooms/{roomId}}) before anything is done, and by
	 * {@code HomeserverModuleApi.deleteRoom}. The first module that answers {@code false}
	 * decides, and the deletion is refused with 403 {@code M_FORBIDDEN} "Shutdown of this room is
	 * forbidden". Unlike Synapse, which logs a failing check and goes on (fail open), an
	 * exception refuses the deletion with 500: a veto that fails does not let a room be deleted.
	 * @param userId the administrator who asked, or {@code null} when a module asked
	 * @param roomId the room
	 * @return a stage of {@code false} to refuse, {@code true} to allow
	 */
	@Callback(combine = Combine.FIRST_DECISIVE, onError = OnError.PROPAGATE)
	default CompletionStage<Boolean> checkCanShutdownRoom(@Nullable String userId, String roomId) {
		return CompletableFuture.completedFuture(true);
	}

	/**
	 * Decides whether an account may be deactivated: {@code POST /account/deactivate} (by the
	 * user) and the admin APIs ({@code POST /_synapse/admin/v1/deactivate/{userId}},
	 * {@code PUT /_synapse/admin/v2/users/{userId}} with {@code "deactivated": true}), before
	 * anything is changed. The first module that answers {@code false} decides, and the
	 * deactivation is refused with 403 {@code M_FORBIDDEN} "Deactivation of this user is
	 * forbidden". Unlike Synapse (fail open), an exception refuses the deactivation with 500.
	 * @param userId the user to deactivate
	 * @param byAdmin whether an administrator asked
	 * @return a stage of {@code false} to refuse, {@code true} to allow
	 */
	@Callback(combine = Combine.FIRST_DECISIVE, onError = OnError.PROPAGATE)
	default CompletionStage<Boolean> checkCanDeactivateUser(String userId, boolean byAdmin) {
		return CompletableFuture.completedFuture(true);
	}

	/**
	 * Hears that an account was deactivated (after its devices were logged out and it left its
	 * rooms) or reactivated by an administrator ({@code deactivated} {@code false}; reactivation
	 * is always by an administrator). Every module is called; an exception is logged and the
	 * next module is called, the change stands.
	 * @param userId the user
	 * @param deactivated {@code true} for a deactivation, {@code false} for a reactivation
	 * @param byAdmin whether an administrator made the change
	 * @return a stage completed when the module is done
	 */
	@Callback(combine = Combine.ALL, onError = OnError.SKIP)
	default CompletionStage<Void> onUserDeactivationStatusChanged(String userId, boolean deactivated,
			boolean byAdmin) {
		return CompletableFuture.completedFuture(null);
	}

	/**
	 * Decides whether an address may be invited to a room (a third-party invite), with the room's
	 * current state, before the identity server is asked (as Synapse's
	 * {@code do_3pid_invite}: before the lookup, so also for an address bound to a user, and
	 * before {@code SpamCheckerCallbacks.userMaySend3pidInvite}). The first module that answers
	 * {@code false} decides: 403 {@code M_FORBIDDEN}. An exception is logged and the next module
	 * is called, as in Synapse.
	 * @param medium the medium of the address, {@code email}
	 * @param address the invited address
	 * @param state the room's current state
	 * @return a stage of {@code false} to refuse, {@code true} to allow
	 */
	@Callback(combine = Combine.FIRST_DECISIVE, onError = OnError.SKIP)
	default CompletionStage<Boolean> checkThreepidCanBeInvited(String medium, String address,
			Map<StateKey, Event> state) {
		return CompletableFuture.completedFuture(true);
	}

	/**
	 * Hears that a third-party identifier was added to an account, by the user
	 * ({@code POST /account/3pid/add}, registration with an e-mail address) or by an
	 * administrator, after it was stored. Every module is called; an exception is logged and the
	 * next module is called, the identifier stays.
	 * @param userId the user
	 * @param medium the medium, {@code email}
	 * @param address the address, as stored (e-mail addresses in lower case)
	 * @return a stage completed when the module is done
	 */
	@Callback(combine = Combine.ALL, onError = OnError.SKIP)
	default CompletionStage<Void> onAddUserThirdPartyIdentifier(String userId, String medium, String address) {
		return CompletableFuture.completedFuture(null);
	}

	/**
	 * Hears that a third-party identifier was removed from an account ({@code POST
	 * /account/3pid/delete}, an administrator, or the account's deactivation), after it was
	 * removed. Every module is called; an exception is logged and the next module is called.
	 * @param userId the user
	 * @param medium the medium, {@code email}
	 * @param address the address
	 * @return a stage completed when the module is done
	 */
	@Callback(combine = Combine.ALL, onError = OnError.SKIP)
	default CompletionStage<Void> onRemoveUserThirdPartyIdentifier(String userId, String medium, String address) {
		return CompletableFuture.completedFuture(null);
	}

	/**
	 * Hears that a user bound a third-party identifier to their account on an identity server
	 * ({@code POST /account/3pid/bind}), after the identity server accepted it. Deprecated as in
	 * Synapse: {@link #onAddUserThirdPartyIdentifier} hears about identifiers added to the
	 * account itself. Every module is called; an exception is logged.
	 * @param userId the user
	 * @param medium the medium, {@code email}
	 * @param address the address
	 * @return a stage completed when the module is done
	 * @deprecated use {@link #onAddUserThirdPartyIdentifier(String, String, String)}
	 */
	@Deprecated
	@Callback(combine = Combine.ALL, onError = OnError.SKIP)
	default CompletionStage<Void> onThreepidBind(String userId, String medium, String address) {
		return CompletableFuture.completedFuture(null);
	}

}
