package org.modulehost.homeserver.api;

import org.jspecify.annotations.Nullable;

/**
 * Who made an authenticated request.
 *
 * @param userId the user, {@code @localpart:server}
 * @param deviceId the device of the access token, {@code null} when the request did not come
 * through a device (for example an action a module takes on a user's behalf)
 * @param isGuest whether the user is a guest
 */
public record Requester(String userId, @Nullable String deviceId, boolean isGuest) {

}
