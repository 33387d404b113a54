package org.modulehost.homeserver.api.callbacks;

import java.util.Map;
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

	/**
	 * Sends a user a new renewal e-mail: Synapse's legacy
	 * {@code POST /_matrix/client/v1/account_validity/send_mail} (authenticated, also for an
	 * expired account). Only one module may register the legacy callbacks; when none does, the
	 * endpoint answers 404 {@code M_UNRECOGNIZED}. An exception fails the request.
	 * @param userId the user who asked
	 * @return a stage completed once the e-mail was sent
	 */
	@Callback(combine = Combine.EXCLUSIVE, onError = OnError.PROPAGATE)
	default CompletionStage<Void> onLegacySendMail(String userId) {
		return CompletableFuture.completedFuture(null);
	}

	/**
	 * Renews an account from the link of a renewal e-mail: Synapse's legacy
	 * {@code GET /_matrix/client/v1/account_validity/renew?token=…} (no access token). Exclusive,
	 * as {@link #onLegacySendMail(String)}; when no module registers it the endpoint answers 404
	 * {@code M_UNRECOGNIZED}. An exception fails the request.
	 * @param renewalToken the token of the link
	 * @return a stage of the outcome, which selects the page the endpoint shows (renewed, already
	 * renewed, invalid token); {@code null} counts as an invalid token
	 */
	@Callback(combine = Combine.EXCLUSIVE, onError = OnError.PROPAGATE)
	default CompletionStage<@Nullable LegacyRenewal> onLegacyRenew(String renewalToken) {
		return CompletableFuture.completedFuture(null);
	}

	/**
	 * Sets an account's expiry for a server administrator: Synapse's legacy
	 * {@code POST /_synapse/admin/v1/account_validity/validity} (body {@code user_id},
	 * {@code expiration_ts}, {@code enable_renewal_emails}). Exclusive, as
	 * {@link #onLegacySendMail(String)}; when no module registers it the endpoint answers 404
	 * {@code M_UNRECOGNIZED}. A {@link org.modulehost.homeserver.api.MatrixError} thrown by the
	 * module reaches the administrator unchanged.
	 * @param body the request body, as the administrator sent it
	 * @return a stage of the new expiry in milliseconds since the epoch, answered as
	 * {@code expiration_ts}
	 */
	@Callback(combine = Combine.EXCLUSIVE, onError = OnError.PROPAGATE)
	default CompletionStage<@Nullable Long> onLegacyAdminRequest(Map<String, Object> body) {
		return CompletableFuture.completedFuture(null);
	}

}
