package org.modulehost.homeserver.api;

import org.jspecify.annotations.Nullable;

/**
 * Where a request came from, as registration and login spam checks see it.
 *
 * @param userAgent the {@code User-Agent} header, if sent
 * @param ip the client's IP address
 */
public record ClientInfo(@Nullable String userAgent, String ip) {

}
