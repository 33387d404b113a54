package org.modulehost.homeserver.api;

import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * A successful answer of an {@link AuthChecker}.
 *
 * @param userId the user the credentials belong to, a full user ID or a localpart of this
 * server
 * @param onLoggedIn called with the login's outcome once the device and access token exist, and
 * awaited before the login is answered; {@code null} for none
 */
public record AuthResult(String userId, @Nullable Function<LoginResponse, CompletionStage<Void>> onLoggedIn) {

}
