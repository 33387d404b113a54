package org.modulehost.homeserver.api.callbacks;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

import org.modulehost.api.callback.Callback;
import org.modulehost.api.callback.CallbackCategory;
import org.modulehost.api.callback.Combine;
import org.modulehost.api.callback.OnError;
import org.modulehost.homeserver.api.AuthChecker;
import org.modulehost.homeserver.api.LoginType;
import org.modulehost.homeserver.api.ThreepidResult;

/**
 * Password auth providers, Synapse's {@code password_auth_provider} callbacks: other ways to
 * check credentials, and names for new users.
 */
@CallbackCategory("password_auth_provider")
public interface PasswordAuthProviderCallbacks {

	/**
	 * Returns the login types the module checks and a checker for each. Read once, when the
	 * homeserver starts. {@code GET /login} lists every type ({@code m.login.password} first);
	 * {@code POST /login} copies only a type's fields from the submission and runs the checkers
	 * for that type in module order until one answers a result (an exception or a malformed
	 * answer is logged and the next one runs), then, for {@code m.login.password}, the local
	 * password store.
	 * @return the checkers by login type, empty for none
	 */
	@Callback(combine = Combine.COLLECT, onError = OnError.SKIP)
	default Map<LoginType, AuthChecker> authCheckers() {
		return Map.of();
	}

	/**
	 * Hears about a logout ({@code /logout}, and each token of {@code /logout/all}). An exception
	 * is logged and the next module is called.
	 * @param userId the user
	 * @param deviceId the device logged out, if any
	 * @param accessToken the access token that stopped being valid, as the client presented it; for
	 * the other devices of a {@code /logout/all}, whose tokens the server keeps only as a hash, the
	 * SHA-256 hash of the token (64 lower-case hex digits)
	 * @return a stage completed when the module is done
	 */
	@Callback(combine = Combine.ALL, onError = OnError.SKIP)
	default CompletionStage<Void> onLoggedOut(String userId, @Nullable String deviceId, String accessToken) {
		return CompletableFuture.completedFuture(null);
	}

	/**
	 * Chooses the localpart of a new user on registration; the first module answering a name
	 * decides. An exception fails the registration (500).
	 * @param uiaResults the completed user-interactive authentication stages, by type
	 * @param params the registration request's body, without the password
	 * @return a stage of the localpart, or of {@code null} for no opinion (the requested
	 * {@code username}, else a generated one)
	 */
	@Callback(combine = Combine.FIRST_DECISIVE, onError = OnError.PROPAGATE)
	default CompletionStage<@Nullable String> getUsernameForRegistration(Map<String, Object> uiaResults,
			Map<String, Object> params) {
		return CompletableFuture.completedFuture(null);
	}

	/**
	 * Chooses the display name of a new user on registration; the first module answering a name
	 * decides. An exception fails the registration (500).
	 * @param uiaResults the completed user-interactive authentication stages, by type
	 * @param params the registration request's body, without the password
	 * @return a stage of the display name, or of {@code null} for no opinion (all {@code null}:
	 * the localpart)
	 */
	@Callback(combine = Combine.FIRST_DECISIVE, onError = OnError.PROPAGATE)
	default CompletionStage<@Nullable String> getDisplaynameForRegistration(Map<String, Object> uiaResults,
			Map<String, Object> params) {
		return CompletableFuture.completedFuture(null);
	}

	/**
	 * Checks a login by third-party identifier and password ({@code POST /login} with an
	 * {@code m.id.thirdparty} identifier and {@code m.login.password}), before the homeserver looks
	 * the address up in its own store. The first module answering a result decides: the login
	 * succeeds as that user, and the result's {@code onLoggedIn} (if any) is called with the new
	 * login. An exception fails the login (500).
	 * @param medium the medium of the identifier, {@code email}
	 * @param address the address as the client sent it (e-mail addresses lower-cased)
	 * @param password the password given
	 * @return a stage of the user to log in, or of {@code null} for no opinion (then the
	 * homeserver's own store decides)
	 */
	@Callback(combine = Combine.FIRST_DECISIVE, onError = OnError.PROPAGATE)
	default CompletionStage<@Nullable ThreepidResult> check3pidAuth(String medium, String address,
			String password) {
		return CompletableFuture.completedFuture(null);
	}

	/**
	 * Decides whether a third-party identifier may be used: when a user adds one to an account
	 * (asking for the validation e-mail of {@code /account/3pid/email/requestToken}) and when
	 * one registers with it ({@code /register/email/requestToken}). The first module that
	 * answers {@code false} decides: 403 {@code M_THREEPID_DENIED}. An exception fails the request.
	 * @param medium the medium, {@code email}
	 * @param address the address
	 * @param registration whether the address is used to register
	 * @return a stage of {@code false} to refuse, {@code true} to allow
	 */
	@Callback(combine = Combine.FIRST_DECISIVE, onError = OnError.PROPAGATE)
	default CompletionStage<Boolean> is3pidAllowed(String medium, String address, boolean registration) {
		return CompletableFuture.completedFuture(true);
	}

}
