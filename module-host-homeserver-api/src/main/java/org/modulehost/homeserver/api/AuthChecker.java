package org.modulehost.homeserver.api;

import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

/**
 * Checks the credentials of a login of one {@link LoginType}. Registered through
 * {@link org.modulehost.homeserver.api.callbacks.PasswordAuthProviderCallbacks#authCheckers()}.
 */
@FunctionalInterface
public interface AuthChecker {

	/**
	 * Checks a login submission. Checkers for a login type run in module order until one answers
	 * a result; an exception or a stage completing exceptionally is logged and the next checker
	 * runs.
	 * @param username the user identifier as the client sent it (a localpart or a full user ID)
	 * @param loginType the login type of the submission
	 * @param loginDict the submission's fields named by the login type, and only those
	 * @return a stage of the result, or of {@code null} when the credentials are not valid for
	 * this checker
	 */
	CompletionStage<@Nullable AuthResult> check(String username, String loginType, Map<String, Object> loginDict);

}
