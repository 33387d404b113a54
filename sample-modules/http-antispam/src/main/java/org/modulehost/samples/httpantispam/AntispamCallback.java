package org.modulehost.samples.httpantispam;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The spam-checker callbacks the module forwards, by the names the antispam service knows them
 * by (Synapse's, as in {@code POST <base_url>/user_may_invite}).
 */
public enum AntispamCallback {

	/** {@code checkEventForSpam}: {@code {"event": {…}}} in the client format. */
	CHECK_EVENT_FOR_SPAM(true),

	/** {@code userMayJoinRoom}: {@code user}, {@code room}, {@code is_invited}. */
	USER_MAY_JOIN_ROOM(false),

	/** {@code userMayInvite}: {@code inviter}, {@code invitee}, {@code room_id}. */
	USER_MAY_INVITE(false),

	/** {@code userMayCreateRoom}: {@code user_id}, {@code room_config}. */
	USER_MAY_CREATE_ROOM(false),

	/** {@code userMayCreateRoomAlias}: {@code user_id}, {@code room_alias}. */
	USER_MAY_CREATE_ROOM_ALIAS(false),

	/** {@code userMayPublishRoom}: {@code user_id}, {@code room_id}. */
	USER_MAY_PUBLISH_ROOM(false),

	/**
	 * {@code userMaySendStateEvent}: {@code user_id}, {@code room_id}, {@code event_type},
	 * {@code state_key}, {@code content}.
	 */
	USER_MAY_SEND_STATE_EVENT(false),

	/** {@code checkUsernameForSpam}: {@code user_profile}, {@code requester_id}. */
	CHECK_USERNAME_FOR_SPAM(false),

	/**
	 * {@code checkRegistrationForSpam}: {@code email_threepid}, {@code username},
	 * {@code request_info}, {@code auth_provider_id}.
	 */
	CHECK_REGISTRATION_FOR_SPAM(false),

	/**
	 * {@code checkLoginForSpam}: {@code user_id}, {@code device_id},
	 * {@code initial_display_name}, {@code request_info}, {@code auth_provider_id}.
	 */
	CHECK_LOGIN_FOR_SPAM(false);

	private final boolean failOpenByDefault;

	AntispamCallback(boolean failOpenByDefault) {
		this.failOpenByDefault = failOpenByDefault;
	}

	/**
	 * Returns the callback's name in the configuration and in the service's URL.
	 * @return e.g. {@code user_may_invite}
	 */
	public String callbackName() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Tells whether the callback allows the action when the service cannot be asked, unless
	 * {@code fail_open} says otherwise: only {@code check_event_for_spam}, as in the original
	 * module, so that an outage does not refuse every message.
	 * @return the default of {@code fail_open}
	 */
	public boolean failOpenByDefault() {
		return this.failOpenByDefault;
	}

	/**
	 * Finds a callback by its name.
	 * @param name e.g. {@code user_may_invite}
	 * @return the callback, if there is one by that name
	 */
	public static Optional<AntispamCallback> named(String name) {
		return Arrays.stream(values()).filter((callback) -> callback.callbackName().equals(name)).findFirst();
	}

}
