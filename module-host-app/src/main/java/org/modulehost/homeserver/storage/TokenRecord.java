package org.modulehost.homeserver.storage;

/**
 * Whom an access token belongs to.
 *
 * @param token the access token
 * @param userId the user
 * @param deviceId the device
 */
public record TokenRecord(String token, String userId, String deviceId) {

}
