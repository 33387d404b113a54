package org.modulehost.homeserver.storage;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Short-lived login tokens ({@code m.login.token}), stored as their hash; each is used once.
 */
public final class LoginTokenStore {

	private final Database db;

	/**
	 * Creates the store.
	 * @param db the database
	 */
	public LoginTokenStore(Database db) {
		this.db = db;
	}

	/**
	 * Stores a new login token.
	 * @param token the token, in clear
	 * @param userId the user it logs in
	 * @param expiryTs when it stops being valid
	 * @param authProviderId the identity provider the module names, or {@code null}
	 */
	public void create(String token, String userId, long expiryTs, @Nullable String authProviderId) {
		this.db.jdbc()
			.sql("INSERT INTO hs_login_tokens (token, user_id, expiry_ts, auth_provider_id) VALUES (?, ?, ?, ?)")
			.params(AccessTokens.hash(token), userId, expiryTs, authProviderId)
			.update();
	}

	/**
	 * Uses a login token up: deletes it and answers whom it logs in, if it was still valid.
	 * Expired tokens are deleted too.
	 * @param token the token, as the client presented it
	 * @param now the current time
	 * @return the user, or empty for an unknown, used or expired token
	 */
	public Optional<String> consume(String token, long now) {
		String hash = AccessTokens.hash(token);
		return this.db.transaction((jdbc) -> {
			Optional<String> userId = jdbc.sql("SELECT user_id FROM hs_login_tokens WHERE token = ? AND expiry_ts > ?")
				.params(hash, now)
				.query(String.class)
				.optional();
			int deleted = jdbc.sql("DELETE FROM hs_login_tokens WHERE token = ? OR expiry_ts <= ?")
				.params(hash, now)
				.update();
			// Two logins with one token: only the one whose delete removed it succeeds.
			return (deleted > 0) ? userId : Optional.<String>empty();
		});
	}

}
