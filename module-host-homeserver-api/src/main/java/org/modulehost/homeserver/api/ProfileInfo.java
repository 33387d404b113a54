package org.modulehost.homeserver.api;

import org.jspecify.annotations.Nullable;

/**
 * A user's global profile.
 *
 * @param displayName the display name, if set
 * @param avatarUrl the avatar's {@code mxc://} URL, if set
 */
public record ProfileInfo(@Nullable String displayName, @Nullable String avatarUrl) {

}
