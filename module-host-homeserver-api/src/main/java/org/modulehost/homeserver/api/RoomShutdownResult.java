package org.modulehost.homeserver.api;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What a room's deletion did, Synapse's {@code ShutdownRoomResponse}.
 *
 * @param kickedUsers the local users made to leave the room
 * @param failedToKickUsers the local users who could not be made to leave it
 * @param localAliases the local aliases of the room, removed (or moved to the replacement room)
 * @param newRoomId the room the members were moved to, or {@code null} when none was made
 */
public record RoomShutdownResult(List<String> kickedUsers, List<String> failedToKickUsers,
		List<String> localAliases, @Nullable String newRoomId) {

	/**
	 * Copies the lists.
	 */
	public RoomShutdownResult {
		kickedUsers = List.copyOf(kickedUsers);
		failedToKickUsers = List.copyOf(failedToKickUsers);
		localAliases = List.copyOf(localAliases);
	}

}
