package org.modulehost.homeserver.storage;

import java.util.Optional;

/**
 * OpenID tokens ({@code POST /user/{userId}/openid/request_token}), kept as their hash
 * ({@link AccessTokens#hash}) with the time they stop being valid.
 */
public final class OpenIdTokenStore {

	private final Database db;

	/**
	 * Creates the store.
	 * @param db the database
	 */
	public OpenIdTokenStore(Database db) {
		this.db = db;
	}

	/**
	 * Keeps a new token, dropping the expired ones.
	 * @param token the token, in clear
	 * @param userId whom it identifies
	 * @param validUntilMs when it stops being valid
	 * @param now the time now
	 */
	public void create(String token, String userId, long validUntilMs, long now) {
		this.db.transaction((jdbc) -> {
			jdbc.sql("DELETE FROM hs_openid_tokens WHERE valid_until_ms <= ?").param(now).update();
			jdbc.sql("INSERT INTO hs_openid_tokens (token, user_id, valid_until_ms) VALUES (?, ?, ?)")
				.params(AccessTokens.hash(token), userId, validUntilMs)
				.update();
			return null;
		});
	}

	/**
	 * Tells whom a token identifies, if it is still valid.
	 * @param token the token, as presented
	 * @param now the time now
	 * @return the user, or empty for an unknown or expired token
	 */
	public Optional<String> userFor(String token, long now) {
		return this.db.jdbc()
			.sql("SELECT user_id FROM hs_openid_tokens WHERE token = ? AND valid_until_ms > ?")
			.params(AccessTokens.hash(token), now)
			.query(String.class)
			.optional();
	}

}
