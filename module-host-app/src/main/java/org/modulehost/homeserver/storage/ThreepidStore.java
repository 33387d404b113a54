package org.modulehost.homeserver.storage;

import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;

/**
 * Third-party identifiers: the address-validation sessions of {@code /requestToken} (tokens kept
 * as their hash) and the identifiers of local users. Everything is in the database, so a link
 * mailed by one instance is accepted by another.
 */
public final class ThreepidStore {

	private final Database db;

	/**
	 * Creates the store.
	 * @param db the database
	 */
	public ThreepidStore(Database db) {
		this.db = db;
	}

	/**
	 * A validation session.
	 *
	 * @param sid the session ID
	 * @param clientSecret the client's secret
	 * @param medium the medium
	 * @param address the address, canonical
	 * @param purpose what the session validates for: {@code registration}, {@code add},
	 * {@code password}
	 * @param sendAttempt the highest send attempt so far
	 * @param nextLink where the link sends the browser afterwards, or {@code null}
	 * @param validatedAt when the link was followed, or {@code null}
	 * @param expiryTs when the session stops being valid
	 */
	public record Session(String sid, String clientSecret, String medium, String address, String purpose,
			long sendAttempt, @Nullable String nextLink, @Nullable Long validatedAt, long expiryTs) {
	}

	/**
	 * A user's third-party identifier.
	 *
	 * @param medium the medium
	 * @param address the address
	 * @param validatedAt when it was validated
	 * @param addedAt when it was added
	 */
	public record Threepid(String medium, String address, long validatedAt, long addedAt) {
	}

	private static final String SESSION_COLUMNS = "sid, client_secret, medium, address, purpose, send_attempt, "
			+ "next_link, validated_at, expiry_ts";

	private static Session session(java.sql.ResultSet rs) throws java.sql.SQLException {
		long validated = rs.getLong("validated_at");
		Long validatedAt = rs.wasNull() ? null : validated;
		return new Session(rs.getString("sid"), rs.getString("client_secret"), rs.getString("medium"),
				rs.getString("address"), rs.getString("purpose"), rs.getLong("send_attempt"), rs.getString("next_link"),
				validatedAt, rs.getLong("expiry_ts"));
	}

	/**
	 * The unvalidated, unexpired session a client has for an address, if any.
	 * @param clientSecret the client's secret
	 * @param medium the medium
	 * @param address the address
	 * @param purpose the purpose
	 * @param now the current time
	 * @return the session
	 */
	public Optional<Session> pending(String clientSecret, String medium, String address, String purpose, long now) {
		return this.db.jdbc()
			.sql("SELECT " + SESSION_COLUMNS + " FROM hs_threepid_sessions WHERE client_secret = ? AND medium = ? "
					+ "AND address = ? AND purpose = ? AND validated_at IS NULL AND expiry_ts > ? ORDER BY expiry_ts DESC")
			.params(clientSecret, medium, address, purpose, now)
			.query((rs, row) -> session(rs))
			.list()
			.stream()
			.findFirst();
	}

	/**
	 * Creates a session, or gives an existing unvalidated one a new token and send attempt.
	 * @param session the session, with the new send attempt and expiry
	 * @param tokenHash the hash of the token just mailed
	 */
	public void save(Session session, String tokenHash) {
		this.db.transaction((jdbc) -> {
			int updated = jdbc
				.sql("UPDATE hs_threepid_sessions SET token_hash = ?, send_attempt = ?, next_link = ?, expiry_ts = ? "
						+ "WHERE sid = ? AND validated_at IS NULL")
				.params(tokenHash, session.sendAttempt(), session.nextLink(), session.expiryTs(), session.sid())
				.update();
			if (updated == 0) {
				jdbc.sql("INSERT INTO hs_threepid_sessions (" + SESSION_COLUMNS + ", token_hash) "
						+ "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
					.params(session.sid(), session.clientSecret(), session.medium(), session.address(), session.purpose(),
							session.sendAttempt(), session.nextLink(), null, session.expiryTs(), tokenHash)
					.update();
			}
			return null;
		});
	}

	/**
	 * Marks a session validated by the token of its link, once: the token is cleared, so the
	 * same link does not validate again.
	 * @param sid the session ID
	 * @param clientSecret the client's secret
	 * @param tokenHash the hash of the token
	 * @param now the current time
	 * @param validUntil how long the validated session may be used
	 * @return the session, or empty when nothing matched (unknown, expired, used)
	 */
	public Optional<Session> validate(String sid, String clientSecret, String tokenHash, long now, long validUntil) {
		return this.db.transaction((jdbc) -> {
			int updated = jdbc
				.sql("UPDATE hs_threepid_sessions SET validated_at = ?, token_hash = NULL, expiry_ts = ? WHERE sid = ? "
						+ "AND client_secret = ? AND token_hash = ? AND validated_at IS NULL AND expiry_ts > ?")
				.params(now, validUntil, sid, clientSecret, tokenHash, now)
				.update();
			return (updated == 1) ? session(jdbc, sid) : Optional.<Session>empty();
		});
	}

	/**
	 * A session by its ID.
	 * @param sid the session ID
	 * @return the session
	 */
	public Optional<Session> session(String sid) {
		return session(this.db.jdbc(), sid);
	}

	private static Optional<Session> session(org.springframework.jdbc.core.simple.JdbcClient jdbc, String sid) {
		return jdbc.sql("SELECT " + SESSION_COLUMNS + " FROM hs_threepid_sessions WHERE sid = ?")
			.params(sid)
			.query((rs, row) -> session(rs))
			.optional();
	}

	/**
	 * Deletes a session, once it was used.
	 * @param sid the session ID
	 * @return whether it existed (only one of two concurrent uses deletes it)
	 */
	public boolean delete(String sid) {
		return this.db.jdbc().sql("DELETE FROM hs_threepid_sessions WHERE sid = ?").params(sid).update() > 0;
	}

	/**
	 * Deletes the sessions that expired.
	 * @param now the current time
	 */
	public void deleteExpired(long now) {
		this.db.jdbc().sql("DELETE FROM hs_threepid_sessions WHERE expiry_ts <= ?").params(now).update();
	}

	/**
	 * The identifiers of a user, in the order they were added.
	 * @param userId the user
	 * @return the identifiers
	 */
	public List<Threepid> threepids(String userId) {
		return this.db.jdbc()
			.sql("SELECT medium, address, validated_at, added_at FROM hs_user_threepids WHERE user_id = ? "
					+ "ORDER BY added_at, address")
			.params(userId)
			.query((rs, row) -> new Threepid(rs.getString("medium"), rs.getString("address"), rs.getLong("validated_at"),
					rs.getLong("added_at")))
			.list();
	}

	/**
	 * The user an identifier belongs to.
	 * @param medium the medium
	 * @param address the address, canonical
	 * @return the user
	 */
	public Optional<String> userFor(String medium, String address) {
		return this.db.jdbc()
			.sql("SELECT user_id FROM hs_user_threepids WHERE medium = ? AND address = ?")
			.params(medium, address)
			.query(String.class)
			.optional();
	}

	/**
	 * Adds an identifier to a user.
	 * @param userId the user
	 * @param threepid the identifier
	 * @return {@code false} when the identifier already belongs to someone (this user included)
	 */
	public boolean add(String userId, Threepid threepid) {
		try {
			this.db.jdbc()
				.sql("INSERT INTO hs_user_threepids (user_id, medium, address, validated_at, added_at) "
						+ "VALUES (?, ?, ?, ?, ?)")
				.params(userId, threepid.medium(), threepid.address(), threepid.validatedAt(), threepid.addedAt())
				.update();
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	/**
	 * Removes an identifier of a user.
	 * @param userId the user
	 * @param medium the medium
	 * @param address the address, canonical
	 * @return whether the user had it
	 */
	public boolean remove(String userId, String medium, String address) {
		return this.db.jdbc()
			.sql("DELETE FROM hs_user_threepids WHERE user_id = ? AND medium = ? AND address = ?")
			.params(userId, medium, address)
			.update() > 0;
	}

}
