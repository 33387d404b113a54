package org.modulehost.homeserver.storage;

/**
 * Whom an access token belongs to.
 *
 * @param token the access token as the client presented it, or its stored hash where a record
 * comes from the database without one ({@code AccountStore.tokensOf})
 * @param userId the user
 * @param deviceId the device
 */
public record TokenRecord(String token, String userId, String deviceId) {

}
