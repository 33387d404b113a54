package org.modulehost.homeserver.storage;

/**
 * A user's current membership of a room.
 *
 * @param roomId the room
 * @param membership {@code invite}, {@code join}, {@code leave} or {@code ban}
 * @param eventId the membership event
 * @param streamOrdering the membership event's stream position
 */
public record MembershipRecord(String roomId, String membership, String eventId, long streamOrdering) {

}
