package org.modulehost.homeserver.modules;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.ClientInfo;
import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.api.HomeserverModuleApi;
import org.modulehost.homeserver.api.RegistrationBehaviour;
import org.modulehost.homeserver.api.SpamCheck;
import org.modulehost.homeserver.api.UserProfile;
import org.modulehost.homeserver.api.callbacks.SpamCheckerCallbacks;

/**
 * A spam checker driven by names: it denies what tests mark with a prefix or a word.
 */
public class TestSpamChecker implements SpamCheckerCallbacks {

	public TestSpamChecker(Map<String, Object> config, HomeserverModuleApi api) {
		api.registerSpamCheckerCallbacks(this);
	}

	private static String localpart(String userId) {
		return userId.substring(1, userId.indexOf(':'));
	}

	private static CompletionStage<SpamCheck> answer(boolean deny, SpamCheck denial) {
		return CompletableFuture.completedFuture(deny ? denial : SpamCheck.NOT_SPAM);
	}

	@Override
	public CompletionStage<SpamCheck> checkEventForSpam(Event event) {
		Object body = event.content().get("body");
		if ("explode".equals(body)) {
			throw new IllegalStateException("spam checker exploded");
		}
		Object reason = event.content().get("reason");
		return answer((body instanceof String text && text.contains("spam"))
				|| (reason instanceof String why && why.contains("spam")),
				SpamCheck.deny("ORG_EXAMPLE_SPAM", Map.of("reason_code", "spam-word")));
	}

	@Override
	public CompletionStage<SpamCheck> userMayJoinRoom(String userId, String roomId, boolean isInvited) {
		Recorder.record("userMayJoinRoom:" + userId + ":" + isInvited);
		return answer(localpart(userId).startsWith("nojoin"), SpamCheck.deny(Codes.FORBIDDEN));
	}

	@Override
	public CompletionStage<SpamCheck> userMayInvite(String inviter, String invitee, String roomId) {
		return answer(localpart(invitee).startsWith("noinvite"),
				SpamCheck.deny("ORG_EXAMPLE_NO_INVITE", Map.of("invitee", invitee)));
	}

	@Override
	public CompletionStage<SpamCheck> userMayCreateRoom(String userId, Map<String, Object> roomConfig) {
		return answer("forbidden-room".equals(roomConfig.get("name")), SpamCheck.deny("ORG_EXAMPLE_NO_ROOM"));
	}

	@Override
	public CompletionStage<SpamCheck> userMayCreateRoomAlias(String userId, String roomAlias) {
		return answer(roomAlias.contains("badalias"), SpamCheck.deny(Codes.FORBIDDEN));
	}

	@Override
	public CompletionStage<SpamCheck> userMayPublishRoom(String userId, String roomId) {
		return answer(localpart(userId).startsWith("nopublish"), SpamCheck.deny("ORG_EXAMPLE_NO_PUBLISH"));
	}

	@Override
	public CompletionStage<SpamCheck> userMaySendStateEvent(String userId, String roomId, String type,
			String stateKey, Map<String, Object> content) {
		return answer("org.example.forbidden".equals(type), SpamCheck.deny("ORG_EXAMPLE_NO_STATE"));
	}

	@Override
	public CompletionStage<Boolean> checkUsernameForSpam(UserProfile profile, String requesterUserId) {
		return CompletableFuture
			.completedFuture(profile.displayName() != null && profile.displayName().contains("hidden"));
	}

	@Override
	public CompletionStage<RegistrationBehaviour> checkRegistrationForSpam(@Nullable String emailThreepid,
			@Nullable String username, List<ClientInfo> requestInfo, @Nullable String authProviderId) {
		Recorder.record("checkRegistrationForSpam:" + username + ":" + requestInfo.get(0).userAgent());
		Recorder.record("registrationFrom:" + username + ":" + requestInfo.get(0).ip());
		if (emailThreepid != null) {
			Recorder.record("registrationEmail:" + username + ":" + emailThreepid);
		}
		if (username != null && username.startsWith("denied")) {
			return CompletableFuture.completedFuture(RegistrationBehaviour.DENY);
		}
		if (username != null && username.startsWith("shadow")) {
			return CompletableFuture.completedFuture(RegistrationBehaviour.SHADOW_BAN);
		}
		return CompletableFuture.completedFuture(RegistrationBehaviour.ALLOW);
	}

	@Override
	public CompletionStage<SpamCheck> checkLoginForSpam(String userId, @Nullable String deviceId,
			@Nullable String initialDisplayName, List<ClientInfo> requestInfo, @Nullable String authProviderId) {
		return answer(localpart(userId).startsWith("nologin"),
				SpamCheck.deny("ORG_EXAMPLE_LOGIN_BLOCKED", Map.of("info", "come back later")));
	}

}
