package org.modulehost.homeserver.storage;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.UserInfo;

/**
 * A local account's row.
 *
 * @param userId the user
 * @param passwordHash the bcrypt hash of the password, {@code null} for accounts without one
 * @param admin whether the user is a server administrator
 * @param deactivated whether the account was deactivated
 * @param shadowBanned whether the user is shadow-banned
 * @param creationTs when the account was created
 * @param displayName the display name, if set
 * @param avatarUrl the avatar URL, if set
 */
public record UserRecord(String userId, @Nullable String passwordHash, boolean admin, boolean deactivated,
		boolean shadowBanned, long creationTs, @Nullable String displayName, @Nullable String avatarUrl) {

	/**
	 * Returns the account as modules see it.
	 * @return the user information
	 */
	public UserInfo toUserInfo() {
		return new UserInfo(this.userId, this.admin, this.deactivated, this.creationTs, this.shadowBanned);
	}

}
