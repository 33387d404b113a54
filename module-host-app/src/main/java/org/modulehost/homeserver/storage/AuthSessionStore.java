package org.modulehost.homeserver.storage;

import java.util.Optional;

/**
 * Sessions of user-interactive authentication for endpoints other than {@code /register}: whom
 * a session was started for and the operation it authorises. Kept in the database so that the
 * request completing a session may reach another instance.
 */
public final class AuthSessionStore {

	private final Database db;

	/**
	 * Creates the store.
	 * @param db the database
	 */
	public AuthSessionStore(Database db) {
		this.db = db;
	}

	/**
	 * Keeps a new session, dropping the sessions created before {@code expiredBefore}.
	 * @param sessionId the session ID
	 * @param userId the user who started it
	 * @param operation the request it authorises (method and path)
	 * @param createdTs when
	 * @param expiredBefore sessions created before this are dropped
	 */
	public void create(String sessionId, String userId, String operation, long createdTs, long expiredBefore) {
		this.db.transaction((jdbc) -> {
			jdbc.sql("DELETE FROM hs_auth_sessions WHERE created_ts < ?").param(expiredBefore).update();
			jdbc.sql("INSERT INTO hs_auth_sessions (session_id, user_id, operation, created_ts) VALUES (?, ?, ?, ?)")
				.params(sessionId, userId, operation, createdTs)
				.update();
			return null;
		});
	}

	/**
	 * Reads a session that has not expired.
	 * @param sessionId the session ID
	 * @param expiredBefore sessions created before this do not count
	 * @return the session, or empty
	 */
	public Optional<Session> session(String sessionId, long expiredBefore) {
		return this.db.jdbc()
			.sql("SELECT user_id, operation FROM hs_auth_sessions WHERE session_id = ? AND created_ts >= ?")
			.params(sessionId, expiredBefore)
			.query((rs, row) -> new Session(sessionId, rs.getString(1), rs.getString(2)))
			.optional();
	}

	/**
	 * Ends a session.
	 * @param sessionId the session ID
	 */
	public void delete(String sessionId) {
		this.db.jdbc().sql("DELETE FROM hs_auth_sessions WHERE session_id = ?").param(sessionId).update();
	}

	/**
	 * A session.
	 *
	 * @param sessionId the session ID
	 * @param userId the user who started it
	 * @param operation the request it authorises
	 */
	public record Session(String sessionId, String userId, String operation) {

	}

}
