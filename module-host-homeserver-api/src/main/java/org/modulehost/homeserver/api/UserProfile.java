package org.modulehost.homeserver.api;

import org.jspecify.annotations.Nullable;

/**
 * A user as a user-directory search shows it.
 *
 * @param userId the user, {@code @localpart:server}
 * @param displayName the display name, if set
 * @param avatarUrl the avatar's {@code mxc://} URL, if set
 */
public record UserProfile(String userId, @Nullable String displayName, @Nullable String avatarUrl) {

}
