package org.modulehost.homeserver.api;

/**
 * The key of an entry in a room's state: an event type and a state key.
 *
 * @param type the event type, e.g. {@code m.room.member}
 * @param stateKey the state key, e.g. a user ID for memberships, often empty
 */
public record StateKey(String type, String stateKey) {

}
