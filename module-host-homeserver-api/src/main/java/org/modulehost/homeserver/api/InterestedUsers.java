package org.modulehost.homeserver.api;

import java.util.Collection;
import java.util.Set;

/**
 * The users whose presence a user receives in addition to those sharing a room with them, as a
 * presence router decides ({@code PresenceRouterCallbacks.getInterestedUsers}); Synapse's set of
 * user IDs or {@code PRESENCE_ALL_USERS}.
 *
 * @param all whether the user receives everyone's presence; then {@code userIds} is empty
 * @param userIds the users whose presence the user receives, when not {@code all}
 */
public record InterestedUsers(boolean all, Set<String> userIds) {

	/** Everyone's presence (Synapse's {@code PRESENCE_ALL_USERS}). */
	public static final InterestedUsers ALL = new InterestedUsers(true, Set.of());

	/** Nobody's beyond those sharing a room: the neutral answer. */
	public static final InterestedUsers NONE = new InterestedUsers(false, Set.of());

	/**
	 * Copies the user IDs; {@code all} with user IDs is refused.
	 * @param all whether the user receives everyone's presence
	 * @param userIds the users
	 * @throws IllegalArgumentException if {@code all} comes with user IDs
	 * @throws NullPointerException if {@code userIds} or one of them is {@code null}
	 */
	public InterestedUsers {
		userIds = Set.copyOf(userIds);
		if (all && !userIds.isEmpty()) {
			throw new IllegalArgumentException("InterestedUsers.ALL names no users: use InterestedUsers.ALL");
		}
	}

	/**
	 * The presence of these users.
	 * @param userIds the users
	 * @return the answer
	 */
	public static InterestedUsers of(Collection<String> userIds) {
		return new InterestedUsers(false, Set.copyOf(userIds));
	}

}
