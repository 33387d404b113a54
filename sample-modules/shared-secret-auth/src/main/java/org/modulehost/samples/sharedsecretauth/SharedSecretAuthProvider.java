package org.modulehost.samples.sharedsecretauth;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.modulehost.api.ConfigError;
import org.modulehost.homeserver.api.AuthChecker;
import org.modulehost.homeserver.api.AuthResult;
import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.HomeserverModuleApi;
import org.modulehost.homeserver.api.LoginType;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.callbacks.PasswordAuthProviderCallbacks;

/**
 * Logs in any user whose token is the HMAC of their user ID keyed with a shared secret, so that
 * an external system (a bridge doing double-puppeting, a server manager) can obtain access
 * tokens for users without knowing their passwords; a port of
 * {@code shared_secret_authenticator.SharedSecretAuthProvider}.
 *
 * <p>It offers the login type {@value #LOGIN_TYPE} with the field {@code token} and, when
 * {@code m_login_password_support_enabled} is set, accepts the same HMAC as the {@code password}
 * of an {@code m.login.password} login (other passwords then go on to the homeserver's own
 * password check). The token of {@code @alice:example.org} is
 * {@code hex(HMAC-SHA512(shared_secret, "@alice:example.org"))}; see {@link UserTokens}. A user
 * who does not exist is refused, unless {@code register_if_missing} is set and the user ID is
 * local, in which case the user is created.
 */
public class SharedSecretAuthProvider implements PasswordAuthProviderCallbacks {

	/** The login type this module adds. */
	public static final String LOGIN_TYPE = "com.devture.shared_secret_auth";

	/** The standard password login type. */
	public static final String PASSWORD_LOGIN_TYPE = "m.login.password";

	private static final int RECOMMENDED_SECRET_LENGTH = 32;

	private static final Log logger = LogFactory.getLog(SharedSecretAuthProvider.class);

	private final HomeserverModuleApi api;

	private final UserTokens tokens;

	private final boolean registerIfMissing;

	private final Map<LoginType, AuthChecker> checkers;

	/**
	 * Registers the login types.
	 * @param config the bound configuration
	 * @param api the homeserver
	 * @throws ConfigError when both login types are disabled
	 */
	public SharedSecretAuthProvider(SharedSecretAuthConfig config, HomeserverModuleApi api) {
		this.api = api;
		this.tokens = new UserTokens(config.sharedSecret());
		this.registerIfMissing = config.registerIfMissing();
		Map<LoginType, AuthChecker> checkers = new LinkedHashMap<>();
		if (config.comDevtureSharedSecretAuthSupportEnabled()) {
			checkers.put(new LoginType(LOGIN_TYPE, List.of("token")),
					(username, type, login) -> check(username, type, login.get("token")));
		}
		if (config.mLoginPasswordSupportEnabled()) {
			checkers.put(new LoginType(PASSWORD_LOGIN_TYPE, List.of("password")),
					(username, type, login) -> check(username, type, login.get("password")));
		}
		if (checkers.isEmpty()) {
			throw new ConfigError("both login types are disabled; set it to true, or set"
					+ " m_login_password_support_enabled to true", List.of("com_devture_shared_secret_auth_support_enabled"));
		}
		this.checkers = Collections.unmodifiableMap(checkers);
		if (config.sharedSecret().length() < RECOMMENDED_SECRET_LENGTH) {
			logger.warn("The shared secret is shorter than " + RECOMMENDED_SECRET_LENGTH + " characters; anyone who"
					+ " guesses it can log in as any user. Generate one with: openssl rand -hex 32");
		}
		logger.info("Login types offered: " + checkers.keySet().stream().map(LoginType::type).toList());
		api.registerPasswordAuthProviderCallbacks(this);
	}

	@Override
	public Map<LoginType, AuthChecker> authCheckers() {
		return this.checkers;
	}

	private CompletionStage<@Nullable AuthResult> check(String username, String loginType, @Nullable Object token) {
		String userId = this.api.getQualifiedUserId(username);
		if (!(token instanceof String given) || !this.tokens.matches(userId, given)) {
			if (LOGIN_TYPE.equals(loginType)) {
				logger.info("Refused " + loginType + " login of " + userId + ": the token is not its HMAC");
			}
			else if (logger.isDebugEnabled()) {
				// most passwords are real ones: the homeserver checks them next
				logger.debug("The password of " + userId + " is not its HMAC");
			}
			return completed(null);
		}
		return this.api.checkUserExists(userId).thenCompose((existing) -> {
			if (existing.isPresent()) {
				return completed(new AuthResult(existing.get(), null));
			}
			if (!this.registerIfMissing || !this.api.isMine(userId)) {
				logger.info("Refused " + loginType + " login of " + userId + ": no such user");
				return completed(null);
			}
			return register(userId);
		});
	}

	private CompletionStage<@Nullable AuthResult> register(String userId) {
		String localpart = userId.substring(1, userId.indexOf(':'));
		return this.api.registerUser(localpart, null, false)
			.thenApply((registered) -> {
				logger.info("Registered " + registered + " on its first shared-secret login");
				return new AuthResult(registered, null);
			})
			.exceptionallyCompose((failed) -> {
				Throwable failure = (failed instanceof CompletionException && failed.getCause() != null)
						? failed.getCause() : failed;
				if (failure instanceof MatrixError error && Codes.USER_IN_USE.equals(error.errcode())) {
					// registered by a concurrent login in the meantime
					return this.api.checkUserExists(userId)
						.thenApply((existing) -> existing.map((id) -> new AuthResult(id, null)).orElse(null));
				}
				logger.warn("Could not register " + userId + " on its first shared-secret login: " + failure);
				return completed(null);
			});
	}

	private static CompletionStage<@Nullable AuthResult> completed(@Nullable AuthResult result) {
		return CompletableFuture.completedFuture(result);
	}

}
