package org.modulehost.homeserver.api;

/**
 * Where a user's requests came from, Synapse's {@code UserIpAndAgent}: one client address and
 * user agent, and when a request from them was last seen.
 *
 * @param ip the client's address
 * @param userAgent the client's user agent, empty when it sent none
 * @param lastSeenTs when a request last came from them, in milliseconds since the epoch
 */
public record UserIpAndAgent(String ip, String userAgent, long lastSeenTs) {

}
