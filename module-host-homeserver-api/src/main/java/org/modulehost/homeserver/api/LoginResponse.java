package org.modulehost.homeserver.api;

/**
 * The outcome of a successful login, passed to {@link AuthResult#onLoggedIn()}.
 *
 * @param userId the user who logged in
 * @param accessToken the access token issued
 * @param deviceId the device the token belongs to
 */
public record LoginResponse(String userId, String accessToken, String deviceId) {

}
