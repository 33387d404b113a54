package org.modulehost.homeserver.storage;

import org.jspecify.annotations.Nullable;

/**
 * A device of a user.
 *
 * @param deviceId the device ID
 * @param displayName the display name, or {@code null}
 * @param lastSeenIp the address of its last authenticated request, or {@code null}
 * @param lastSeenTs when it made its last authenticated request, or {@code null}
 */
public record DeviceRecord(String deviceId, @Nullable String displayName, @Nullable String lastSeenIp,
		@Nullable Long lastSeenTs) {

}
