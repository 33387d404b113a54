package org.modulehost.homeserver.api;

import org.jspecify.annotations.Nullable;

/**
 * A user's presence, as the homeserver keeps it and as presence router callbacks see it
 * (Synapse's {@code UserPresenceState}).
 *
 * @param userId the user
 * @param state {@value #ONLINE}, {@value #UNAVAILABLE} or {@value #OFFLINE}
 * @param lastActiveTs when the user was last active (milliseconds since the epoch), {@code 0}
 * if never
 * @param lastUserSyncTs when the user last synced (milliseconds since the epoch), {@code 0} if
 * never
 * @param statusMsg the status message the user set, {@code null} if none
 * @param currentlyActive whether the user was active in the last minute (meaningful while
 * {@value #ONLINE})
 */
public record UserPresenceState(String userId, String state, long lastActiveTs, long lastUserSyncTs,
		@Nullable String statusMsg, boolean currentlyActive) {

	/** The user is online and using a client. */
	public static final String ONLINE = "online";

	/** The user is online but idle, or said they are away. */
	public static final String UNAVAILABLE = "unavailable";

	/** The user is not connected, or does not want to be seen. */
	public static final String OFFLINE = "offline";

	/**
	 * The presence of a user the homeserver knows nothing about: offline, never active.
	 * @param userId the user
	 * @return the state
	 */
	public static UserPresenceState offline(String userId) {
		return new UserPresenceState(userId, OFFLINE, 0, 0, null, false);
	}

	/**
	 * Tells whether a presence value is one of the three the homeserver accepts.
	 * @param state the value
	 * @return whether it is {@value #ONLINE}, {@value #UNAVAILABLE} or {@value #OFFLINE}
	 */
	public static boolean isValid(@Nullable String state) {
		return ONLINE.equals(state) || UNAVAILABLE.equals(state) || OFFLINE.equals(state);
	}

}
