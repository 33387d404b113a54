package org.modulehost.homeserver.storage;

/**
 * The key of a client's transaction, as the client-server API scopes transaction IDs: the
 * user's device, the endpoint and room (the request path without the transaction ID), and the
 * transaction ID.
 *
 * @param userId the user
 * @param deviceId the device
 * @param scope the endpoint and room, e.g. {@code /rooms/!r:example.org/send/m.room.message}
 * @param txnId the client's transaction ID
 */
public record ClientTransaction(String userId, String deviceId, String scope, String txnId) {

}
