package org.modulehost.homeserver.storage;

import java.util.Map;
import java.util.Optional;

/**
 * What registration remembers between requests, in the database so that the next request may
 * reach another instance: the sessions of {@code /register}'s user-interactive authentication
 * and the nonces of the shared-secret registration. Sessions keep no password, not even its hash.
 * Expired rows are deleted as new ones are written.
 */
public final class RegistrationStore {

	private final Database db;

	private final JsonCodec json;

	/**
	 * Creates the store.
	 * @param db the database
	 * @param json the JSON codec
	 */
	public RegistrationStore(Database db, JsonCodec json) {
		this.db = db;
		this.json = json;
	}

	/**
	 * Creates or replaces a session.
	 * @param sessionId the session
	 * @param params the parameters of its requests so far, without the password
	 * @param passwordGiven whether a request gave a password (which is not kept: the final request
	 * must give it again)
	 * @param now the current time in milliseconds
	 * @param expired sessions last written before this time are deleted
	 */
	public void saveSession(String sessionId, Map<String, Object> params, boolean passwordGiven, long now,
			long expired) {
		String text = this.json.write(params);
		this.db.transaction((jdbc) -> {
			jdbc.sql("DELETE FROM hs_registration_sessions WHERE session_id = ? OR updated_ts < ?")
				.params(sessionId, expired)
				.update();
			jdbc.sql("INSERT INTO hs_registration_sessions (session_id, params, password_given, updated_ts) "
					+ "VALUES (?, ?, ?, ?)")
				.params(sessionId, text, passwordGiven, now)
				.update();
			return null;
		});
	}

	/**
	 * Reads a session.
	 * @param sessionId the session
	 * @param expired a session last written before this time counts as gone
	 * @return the session, or empty if there is none
	 */
	public Optional<Session> session(String sessionId, long expired) {
		return this.db.jdbc()
			.sql("SELECT params, password_given FROM hs_registration_sessions WHERE session_id = ? AND updated_ts >= ?")
			.params(sessionId, expired)
			.query((rs, row) -> new Session(this.json.readObject(rs.getString(1)), rs.getBoolean(2)))
			.optional();
	}

	/**
	 * Deletes a session.
	 * @param sessionId the session
	 */
	public void deleteSession(String sessionId) {
		this.db.transaction((jdbc) -> jdbc.sql("DELETE FROM hs_registration_sessions WHERE session_id = ?")
			.param(sessionId)
			.update());
	}

	/**
	 * Keeps a new nonce.
	 * @param nonce the nonce
	 * @param now the current time in milliseconds
	 * @param expired nonces created before this time are deleted
	 */
	public void saveNonce(String nonce, long now, long expired) {
		this.db.transaction((jdbc) -> {
			jdbc.sql("DELETE FROM hs_registration_nonces WHERE created_ts < ?").param(expired).update();
			jdbc.sql("INSERT INTO hs_registration_nonces (nonce, created_ts) VALUES (?, ?)").params(nonce, now).update();
			return null;
		});
	}

	/**
	 * Uses a nonce up: of concurrent requests with the same nonce, on any instance, one succeeds.
	 * @param nonce the nonce
	 * @param expired a nonce created before this time counts as gone
	 * @return whether the nonce was valid
	 */
	public boolean takeNonce(String nonce, long expired) {
		return this.db.transaction((jdbc) -> jdbc.sql("DELETE FROM hs_registration_nonces WHERE nonce = ? AND created_ts >= ?")
			.params(nonce, expired)
			.update()) == 1;
	}

	/**
	 * A session of the user-interactive authentication.
	 *
	 * @param params the parameters of its requests so far, without the password
	 * @param passwordGiven whether a request gave a password
	 */
	public record Session(Map<String, Object> params, boolean passwordGiven) {

	}

}
