package org.modulehost.homeserver.api.callbacks;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

import org.modulehost.api.callback.Callback;
import org.modulehost.api.callback.CallbackCategory;
import org.modulehost.api.callback.Combine;
import org.modulehost.api.callback.OnError;
import org.modulehost.homeserver.api.ClientInfo;
import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.api.MediaContent;
import org.modulehost.homeserver.api.MediaFileInfo;
import org.modulehost.homeserver.api.RegistrationBehaviour;
import org.modulehost.homeserver.api.SpamCheck;
import org.modulehost.homeserver.api.UserProfile;

/**
 * Spam checks, Synapse's {@code spam_checker} callbacks. Every callback is
 * {@link Combine#FIRST_DECISIVE first decisive}: modules are asked in order and the first that
 * denies decides; the others are not asked. An exception fails the operation (500, or the
 * {@link org.modulehost.homeserver.api.MatrixError} it is). A {@link SpamCheck} denial answers the
 * client 403 with the module's error code and additional fields.
 */
@CallbackCategory("spam_checker")
public interface SpamCheckerCallbacks {

	/**
	 * Checks an event a local user (or a module) sends: {@code /send}, {@code /state} and events
	 * sent through the module API. Membership events are checked by the {@code userMay…}
	 * callbacks instead.
	 * @param event the event about to be stored
	 * @return a stage of {@link SpamCheck#NOT_SPAM}, or of a denial
	 */
	@Callback(combine = Combine.FIRST_DECISIVE, onError = OnError.PROPAGATE)
	default CompletionStage<SpamCheck> checkEventForSpam(Event event) {
		return CompletableFuture.completedFuture(SpamCheck.NOT_SPAM);
	}

	/**
	 * Checks a local user's join. Not called for server administrators, nor for the creator's
	 * own join when a room is created.
	 * @param userId the user joining
	 * @param roomId the room
	 * @param isInvited whether the user is currently invited to the room
	 * @return a stage of {@link SpamCheck#NOT_SPAM}, or of a denial
	 */
	@Callback(combine = Combine.FIRST_DECISIVE, onError = OnError.PROPAGATE)
	default CompletionStage<SpamCheck> userMayJoinRoom(String userId, String roomId, boolean isInvited) {
		return CompletableFuture.completedFuture(SpamCheck.NOT_SPAM);
	}

	/**
	 * Checks an invite by a local user, including those in {@code /createRoom}'s {@code invite}
	 * list. Not called for server administrators.
	 * @param inviter the user inviting
	 * @param invitee the user invited
	 * @param roomId the room
	 * @return a stage of {@link SpamCheck#NOT_SPAM}, or of a denial
	 */
	@Callback(combine = Combine.FIRST_DECISIVE, onError = OnError.PROPAGATE)
	default CompletionStage<SpamCheck> userMayInvite(String inviter, String invitee, String roomId) {
		return CompletableFuture.completedFuture(SpamCheck.NOT_SPAM);
	}

	/**
	 * Checks a room creation. Not called for server administrators.
	 * @param userId the user creating the room
	 * @param roomConfig a copy of the {@code /createRoom} request body (after
	 * {@code ThirdPartyRulesCallbacks.onCreateRoom})
	 * @return a stage of {@link SpamCheck#NOT_SPAM}, or of a denial
	 */
	@Callback(combine = Combine.FIRST_DECISIVE, onError = OnError.PROPAGATE)
	default CompletionStage<SpamCheck> userMayCreateRoom(String userId, Map<String, Object> roomConfig) {
		return CompletableFuture.completedFuture(SpamCheck.NOT_SPAM);
	}

	/**
	 * Checks the creation of a room alias, through {@code PUT /directory/room/{alias}} or
	 * {@code /createRoom}'s {@code room_alias_name}.
	 * @param userId the user creating the alias
	 * @param roomAlias the alias, {@code #localpart:server}
	 * @return a stage of {@link SpamCheck#NOT_SPAM}, or of a denial
	 */
	@Callback(combine = Combine.FIRST_DECISIVE, onError = OnError.PROPAGATE)
	default CompletionStage<SpamCheck> userMayCreateRoomAlias(String userId, String roomAlias) {
		return CompletableFuture.completedFuture(SpamCheck.NOT_SPAM);
	}

	/**
	 * Checks the publication of a room in the room directory
	 * ({@code PUT /directory/list/room/{roomId}} with visibility {@code public}).
	 * @param userId the user publishing the room
	 * @param roomId the room
	 * @return a stage of {@link SpamCheck#NOT_SPAM}, or of a denial
	 */
	@Callback(combine = Combine.FIRST_DECISIVE, onError = OnError.PROPAGATE)
	default CompletionStage<SpamCheck> userMayPublishRoom(String userId, String roomId) {
		return CompletableFuture.completedFuture(SpamCheck.NOT_SPAM);
	}

	/**
	 * Checks a state event a local user sends with {@code PUT /rooms/{roomId}/state/…}. Not
	 * called for server administrators.
	 * @param userId the sender
	 * @param roomId the room
	 * @param type the event type
	 * @param stateKey the state key
	 * @param content a copy of the event's content
	 * @return a stage of {@link SpamCheck#NOT_SPAM}, or of a denial
	 */
	@Callback(combine = Combine.FIRST_DECISIVE, onError = OnError.PROPAGATE)
	default CompletionStage<SpamCheck> userMaySendStateEvent(String userId, String roomId, String type,
			String stateKey, Map<String, Object> content) {
		return CompletableFuture.completedFuture(SpamCheck.NOT_SPAM);
	}

	/**
	 * Checks one row of a user-directory search; {@code true} hides it from the results.
	 * @param profile the user found
	 * @param requesterUserId the user searching
	 * @return a stage of {@code true} to hide the user, {@code false} to show it
	 */
	@Callback(combine = Combine.FIRST_DECISIVE, onError = OnError.PROPAGATE)
	default CompletionStage<Boolean> checkUsernameForSpam(UserProfile profile, String requesterUserId) {
		return CompletableFuture.completedFuture(false);
	}

	/**
	 * Checks a registration. {@link RegistrationBehaviour#DENY} answers the client 429
	 * {@code M_LIMIT_EXCEEDED}; {@link RegistrationBehaviour#SHADOW_BAN} registers a
	 * shadow-banned user.
	 * @param emailThreepid the e-mail address validated by the registration's
	 * {@code m.login.email.identity} stage, if it had one
	 * @param username the requested localpart, if any
	 * @param requestInfo where the registration request came from
	 * @param authProviderId the single-sign-on provider, if any (this homeserver has none)
	 * @return a stage of the decision
	 */
	@Callback(combine = Combine.FIRST_DECISIVE, onError = OnError.PROPAGATE)
	default CompletionStage<RegistrationBehaviour> checkRegistrationForSpam(@Nullable String emailThreepid,
			@Nullable String username, List<ClientInfo> requestInfo, @Nullable String authProviderId) {
		return CompletableFuture.completedFuture(RegistrationBehaviour.ALLOW);
	}

	/**
	 * Checks a login after its credentials were verified, before the device and access token
	 * exist. Not called on registration. A denial answers 403 "Login was blocked by the server".
	 * @param userId the user logging in
	 * @param deviceId the device ID the client asked for, if any
	 * @param initialDisplayName the device display name the client gave, if any
	 * @param requestInfo where the login request came from
	 * @param authProviderId the single-sign-on provider, if any (this homeserver has none)
	 * @return a stage of {@link SpamCheck#NOT_SPAM}, or of a denial
	 */
	@Callback(combine = Combine.FIRST_DECISIVE, onError = OnError.PROPAGATE)
	default CompletionStage<SpamCheck> checkLoginForSpam(String userId, @Nullable String deviceId,
			@Nullable String initialDisplayName, List<ClientInfo> requestInfo, @Nullable String authProviderId) {
		return CompletableFuture.completedFuture(SpamCheck.NOT_SPAM);
	}

	/**
	 * Checks an uploaded media file after its bytes were stored and before its {@code mxc://}
	 * URI is answered (on {@code POST /_matrix/media/v3/upload} and the asynchronous
	 * {@code PUT}). A denial deletes the file and answers 400 {@code M_UNKNOWN} "Bad content", as
	 * Synapse does (the module's error code is not sent to the client). The content is opened
	 * only when the module asks for it, and only as far as it reads.
	 * @param content the stored bytes, opened on demand
	 * @param info what is known about the file
	 * @return a stage of {@link SpamCheck#NOT_SPAM}, or of a denial
	 */
	@Callback(combine = Combine.FIRST_DECISIVE, onError = OnError.PROPAGATE)
	default CompletionStage<SpamCheck> checkMediaFileForSpam(MediaContent content, MediaFileInfo info) {
		return CompletableFuture.completedFuture(SpamCheck.NOT_SPAM);
	}

	/**
	 * Checks an invitation by e-mail address (a third-party invite: {@code POST
	 * /rooms/{roomId}/invite} with {@code id_server}, {@code medium} and {@code address}), as
	 * Synapse: after the identity server's lookup found the address bound to no user and before
	 * the invite is stored there. An address bound to a user is invited as that user, and
	 * {@link #userMayInvite} checks it instead. A denial answers 403 with the module's error code.
	 * @param inviter the user sending the invite
	 * @param medium the medium of the address, {@code email}
	 * @param address the invited address
	 * @param roomId the room
	 * @return a stage of {@link SpamCheck#NOT_SPAM}, or of a denial
	 */
	@Callback(combine = Combine.FIRST_DECISIVE, onError = OnError.PROPAGATE)
	default CompletionStage<SpamCheck> userMaySend3pidInvite(String inviter, String medium, String address,
			String roomId) {
		return CompletableFuture.completedFuture(SpamCheck.NOT_SPAM);
	}

}
