package org.modulehost.homeserver.users;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.AuthResult;
import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.Requester;
import org.modulehost.homeserver.rooms.Ratelimiter;
import org.modulehost.homeserver.storage.AuthSessionStore;
import org.modulehost.homeserver.support.Identifiers;
import org.modulehost.homeserver.web.JsonBody;

/**
 * User-interactive authentication of a signed-in user who asks for a sensitive operation
 * (deleting devices), as Synapse's {@code validate_user_via_ui_auth}: one flow, the
 * {@code m.login.password} stage (checked by the password auth providers' checkers first, then
 * the local password store). Without {@code auth} the answer is 401 with the flows and a new
 * session; a session authorises only the operation (method and path) it was started for, for 48
 * hours. Failed attempts count against the user's {@code rc_login.failed_attempts}, as Synapse's
 * {@code _failed_uia_attempts_ratelimiter}.
 */
final class UserInteractiveAuth {

	static final String PASSWORD = "m.login.password";

	private static final Duration SESSION_LIFETIME = Duration.ofHours(48);

	private final AuthSessionStore sessions;

	private final Accounts accounts;

	private final PasswordAuthProviders providers;

	private final Ratelimiter failedAttempts;

	private final Clock clock;

	UserInteractiveAuth(AuthSessionStore sessions, Accounts accounts, PasswordAuthProviders providers,
			Ratelimiter failedAttempts, Clock clock) {
		this.sessions = sessions;
		this.accounts = accounts;
		this.providers = providers;
		this.failedAttempts = failedAttempts;
		this.clock = clock;
	}

	/**
	 * Checks the {@code auth} of a request.
	 * @param requester who asks
	 * @param body the request's body
	 * @param operation the method and path of the request
	 * @return the 401 answer that starts a session when there is no {@code auth}, or
	 * {@code null} when the requester authenticated
	 * @throws MatrixError 401 with the flows and an errcode when the stage fails, 400
	 * {@code M_UNKNOWN} for an unknown session, 403 {@code M_FORBIDDEN} when the session was for
	 * another operation or the credentials are another user's, 429 {@code M_LIMIT_EXCEEDED}
	 */
	@Nullable Map<String, Object> check(Requester requester, JsonBody body, String operation) {
		Map<String, Object> auth = body.object("auth");
		long now = this.clock.millis();
		long expired = now - SESSION_LIFETIME.toMillis();
		if (auth == null) {
			String session = Identifiers.newSecret("uia_");
			this.sessions.create(session, requester.userId(), operation, now, expired);
			return challenge(session);
		}
		JsonBody submitted = JsonBody.of(auth);
		String session = submitted.string("session");
		if (session != null) {
			AuthSessionStore.Session stored = this.sessions.session(session, expired)
				.orElseThrow(() -> new MatrixError(400, Codes.UNKNOWN, "Unknown session ID: " + session));
			if (!stored.operation().equals(operation) || !stored.userId().equals(requester.userId())) {
				throw new MatrixError(403, Codes.FORBIDDEN,
						"Requested operation has changed during the UI authentication session.");
			}
		}
		else {
			String created = Identifiers.newSecret("uia_");
			this.sessions.create(created, requester.userId(), operation, now, expired);
			return checkStage(requester, submitted, created);
		}
		return checkStage(requester, submitted, session);
	}

	private @Nullable Map<String, Object> checkStage(Requester requester, JsonBody auth, String session) {
		String key = requester.userId().toLowerCase(Locale.ROOT);
		this.failedAttempts.checkWithoutCounting(key);
		String type = auth.string("type");
		if (!PASSWORD.equals(type)) {
			throw new MatrixError(401, Codes.UNRECOGNIZED, "Unrecognised authentication type " + type,
					challenge(session));
		}
		String username = LoginController.username(auth);
		String userId;
		AuthResult result = this.providers.check(username, PASSWORD, auth.asMap());
		if (result != null) {
			userId = this.accounts.qualify(result.userId());
		}
		else {
			String password = auth.string("password");
			if (password == null) {
				throw new MatrixError(400, Codes.MISSING_PARAM, "Missing parameter: password");
			}
			userId = this.accounts.checkPassword(this.accounts.qualify(username), password).orElse(null);
		}
		if (userId == null) {
			this.failedAttempts.count(key);
			throw new MatrixError(401, Codes.FORBIDDEN, "Invalid username or password", challenge(session));
		}
		if (!userId.equals(requester.userId())) {
			throw new MatrixError(403, Codes.FORBIDDEN, "Invalid auth");
		}
		this.sessions.delete(session);
		return null;
	}

	private static Map<String, Object> challenge(String session) {
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("flows", List.of(Map.of("stages", List.of(PASSWORD))));
		answer.put("params", Map.of());
		answer.put("session", session);
		return answer;
	}

}
