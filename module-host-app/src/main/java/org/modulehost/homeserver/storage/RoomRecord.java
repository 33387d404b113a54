package org.modulehost.homeserver.storage;

/**
 * A room's row.
 *
 * @param roomId the room
 * @param creator who created it
 * @param roomVersion its room version
 * @param isPublic whether it is published in the room directory
 * @param createdTs when it was created
 */
public record RoomRecord(String roomId, String creator, String roomVersion, boolean isPublic, long createdTs) {

}
