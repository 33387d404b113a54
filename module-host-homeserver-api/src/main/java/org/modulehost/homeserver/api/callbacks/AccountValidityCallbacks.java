package org.modulehost.homeserver.api.callbacks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

import org.modulehost.api.callback.Callback;
import org.modulehost.api.callback.CallbackCategory;
import org.modulehost.api.callback.Combine;
import org.modulehost.api.callback.OnError;

/**
 * Account validity, Synapse's {@code account_validity} callbacks: expiring accounts. Every
 * exception fails the operation.
 */
@CallbackCategory("account_validity")
public interface AccountValidityCallbacks {

	/**
	 * Tells whether a user's account has expired; called on every authenticated request except
	 * logouts. The first module with an opinion decides. {@code true} answers the request 403
	 * {@code ORG_MATRIX_EXPIRED_ACCOUNT} (the access token stays valid).
	 * @param userId the user
	 * @return a stage of {@code true} (expired), {@code false} (valid) or {@code null} (no
	 * opinion; all {@code null} means valid)
	 */
	@Callback(combine = Combine.FIRST_DECISIVE, onError = OnError.PROPAGATE)
	default CompletionStage<@Nullable Boolean> isUserExpired(String userId) {
		return CompletableFuture.completedFuture(null);
	}

	/**
	 * Hears about a new user, after the account was created. An exception fails the
	 * registration request (the account stays).
	 * @param userId the new user
	 * @return a stage completed when the module is done
	 */
	@Callback(combine = Combine.ALL, onError = OnError.PROPAGATE)
	default CompletionStage<Void> onUserRegistration(String userId) {
		return CompletableFuture.completedFuture(null);
	}

	/**
	 * Hears about a login, after its access token was issued. An exception fails the login
	 * request (the token stays).
	 * @param userId the user
	 * @param authProviderType the login type, e.g. {@code m.login.password}
	 * @param authProviderId the single-sign-on provider, if any (this homeserver has none)
	 * @return a stage completed when the module is done
	 */
	@Callback(combine = Combine.ALL, onError = OnError.PROPAGATE)
	default CompletionStage<Void> onUserLogin(String userId, @Nullable String authProviderType,
			@Nullable String authProviderId) {
		return CompletableFuture.completedFuture(null);
	}

}
