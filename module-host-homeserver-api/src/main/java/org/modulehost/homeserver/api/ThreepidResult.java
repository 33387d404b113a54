package org.modulehost.homeserver.api;

import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * A successful answer of
 * {@link org.modulehost.homeserver.api.callbacks.PasswordAuthProviderCallbacks#check3pidAuth}: the
 * third-party identifier and password belong to a user.
 *
 * @param userId the user to log in, a full user ID or a localpart of this server
 * @param onLoggedIn called with the login's outcome once the device and access token exist, and
 * awaited before the login is answered; {@code null} for none
 */
public record ThreepidResult(String userId, @Nullable Function<LoginResponse, CompletionStage<Void>> onLoggedIn) {

}
