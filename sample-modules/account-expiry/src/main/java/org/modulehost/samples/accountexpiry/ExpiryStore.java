package org.modulehost.samples.accountexpiry;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.HomeserverModuleApi;

/**
 * The module's table in the homeserver's database, {@value #TABLE}: one row per user with the
 * expiry timestamp, whether the user was told to renew, and the user's latest renewal token with
 * when it was used. Every statement is plain SQL that H2 and PostgreSQL both run.
 */
final class ExpiryStore {

	static final String TABLE = "account_expiry";

	private static final int NOTICE_BATCH = 100;

	private final HomeserverModuleApi api;

	ExpiryStore(HomeserverModuleApi api) {
		this.api = api;
	}

	/**
	 * Creates the table and its indexes unless they exist; a table of an earlier version of the
	 * module gets the token columns added (empty: no user has a token yet).
	 * @return a future completed once they exist
	 */
	CompletableFuture<Void> createTable() {
		return this.api.runDbInteraction("account_expiry: create table", (jdbc) -> {
			jdbc.sql("CREATE TABLE IF NOT EXISTS " + TABLE + " (user_id VARCHAR(255) NOT NULL PRIMARY KEY,"
					+ " expiration_ts_ms BIGINT NOT NULL, notice_sent BOOLEAN NOT NULL)").update();
			jdbc.sql("CREATE INDEX IF NOT EXISTS " + TABLE + "_expiration_idx ON " + TABLE + " (expiration_ts_ms)")
				.update();
			jdbc.sql("ALTER TABLE " + TABLE + " ADD COLUMN IF NOT EXISTS renewal_token VARCHAR(64)").update();
			jdbc.sql("ALTER TABLE " + TABLE + " ADD COLUMN IF NOT EXISTS token_used_ts_ms BIGINT").update();
			jdbc.sql("CREATE INDEX IF NOT EXISTS " + TABLE + "_token_idx ON " + TABLE + " (renewal_token)").update();
			return (Void) null;
		}).toCompletableFuture();
	}

	/**
	 * Reads a user's expiry; a user without one gets {@code adoptAt} (users who registered before
	 * the module was enabled).
	 * @param userId the user
	 * @param adoptAt the expiry to store when the user has none
	 * @return a future of the expiry, in milliseconds since the epoch
	 */
	CompletableFuture<Long> expirationTs(String userId, long adoptAt) {
		return this.api.runDbInteraction("account_expiry: read or adopt expiry", (jdbc) -> {
			Optional<Long> stored = jdbc.sql("SELECT expiration_ts_ms FROM " + TABLE + " WHERE user_id = ?")
				.param(userId)
				.query(Long.class)
				.optional();
			if (stored.isPresent()) {
				return stored.get();
			}
			jdbc.sql("INSERT INTO " + TABLE + " (user_id, expiration_ts_ms, notice_sent) VALUES (?, ?, FALSE)")
				.params(userId, adoptAt)
				.update();
			return adoptAt;
		}).toCompletableFuture();
	}

	/**
	 * Sets a user's expiry, forgetting that the user was told to renew and their renewal token
	 * (a renewal by other means than the token ends the token's use, as in the original).
	 * @param userId the user
	 * @param expirationTs the new expiry, in milliseconds since the epoch
	 * @return a future completed once the change is committed
	 */
	CompletableFuture<Void> setExpirationTs(String userId, long expirationTs) {
		return setExpirationTs(userId, expirationTs, false);
	}

	/**
	 * Sets a user's expiry and forgets their renewal token.
	 * @param userId the user
	 * @param expirationTs the new expiry, in milliseconds since the epoch
	 * @param noticeSent whether to count the user as told already, so that no notice is sent for
	 * this expiry (an administrator's {@code enable_renewal_emails: false})
	 * @return a future completed once the change is committed
	 */
	CompletableFuture<Void> setExpirationTs(String userId, long expirationTs, boolean noticeSent) {
		return this.api.runDbInteraction("account_expiry: set expiry", (jdbc) -> {
			int updated = jdbc.sql("UPDATE " + TABLE + " SET expiration_ts_ms = ?, notice_sent = ?, renewal_token = NULL,"
					+ " token_used_ts_ms = NULL WHERE user_id = ?")
				.params(expirationTs, noticeSent, userId)
				.update();
			if (updated == 0) {
				jdbc.sql("INSERT INTO " + TABLE + " (user_id, expiration_ts_ms, notice_sent) VALUES (?, ?, ?)")
					.params(userId, expirationTs, noticeSent)
					.update();
			}
			return (Void) null;
		}).toCompletableFuture();
	}

	/**
	 * Gives a user a new renewal token, replacing the one they had (only the latest e-mail's
	 * link or code works). The user has a row: their expiry was read before.
	 * @param userId the user
	 * @param token the token
	 * @return a future completed once the change is committed
	 */
	CompletableFuture<Void> setRenewalToken(String userId, String token) {
		return this.api.runDbInteraction("account_expiry: set renewal token", (jdbc) -> {
			jdbc.sql("UPDATE " + TABLE + " SET renewal_token = ?, token_used_ts_ms = NULL WHERE user_id = ?")
				.params(token, userId)
				.update();
			return (Void) null;
		}).toCompletableFuture();
	}

	/**
	 * Finds the user a renewal token was given to.
	 * @param token the token
	 * @param userId the user it must belong to (short codes), or {@code null} for any user (links)
	 * @return a future of the token's user, their expiry and when the token was used, or of empty
	 * for a token nobody holds
	 */
	CompletableFuture<Optional<TokenHolder>> findToken(String token, @Nullable String userId) {
		return this.api.runDbInteraction("account_expiry: find renewal token", (jdbc) -> {
			String sql = "SELECT user_id, expiration_ts_ms, token_used_ts_ms FROM " + TABLE + " WHERE renewal_token = ?";
			var statement = (userId != null) ? jdbc.sql(sql + " AND user_id = ?").params(token, userId)
					: jdbc.sql(sql).param(token);
			return statement.query((row, number) -> new TokenHolder(row.getString(1), row.getLong(2),
					(row.getObject(3) != null) ? row.getLong(3) : null)).optional();
		}).toCompletableFuture();
	}

	/**
	 * Renews a user with their unused token: sets the expiry and records the token as used (it is
	 * kept, so that a second use is recognised as stale).
	 * @param userId the user
	 * @param token the token
	 * @param expirationTs the new expiry, in milliseconds since the epoch
	 * @param now when the token is used
	 * @return a future of whether the token was unused and is now used; {@code false} when another
	 * request used or replaced it meanwhile
	 */
	CompletableFuture<Boolean> renewWithToken(String userId, String token, long expirationTs, long now) {
		return this.api.runDbInteraction("account_expiry: renew with token",
				(jdbc) -> jdbc.sql("UPDATE " + TABLE + " SET expiration_ts_ms = ?, notice_sent = FALSE, token_used_ts_ms = ?"
						+ " WHERE user_id = ? AND renewal_token = ? AND token_used_ts_ms IS NULL")
					.params(expirationTs, now, userId, token)
					.update() > 0)
			.toCompletableFuture();
	}

	/**
	 * Lists users not yet told to renew whose account expires by a deadline, soonest first.
	 * @param deadline the deadline, in milliseconds since the epoch
	 * @return a future of at most {@value #NOTICE_BATCH} users
	 */
	CompletableFuture<List<Expiry>> dueForNotice(long deadline) {
		return this.api.runDbInteraction("account_expiry: users due for a notice",
				(jdbc) -> jdbc.sql("SELECT user_id, expiration_ts_ms FROM " + TABLE
						+ " WHERE notice_sent = FALSE AND expiration_ts_ms <= ? ORDER BY expiration_ts_ms LIMIT "
						+ NOTICE_BATCH)
					.param(deadline)
					.query((row, number) -> new Expiry(row.getString(1), row.getLong(2)))
					.list())
			.toCompletableFuture();
	}

	/**
	 * Records that a user was told to renew, unless the expiry changed meanwhile (a renewal).
	 * @param expiry the user and the expiry they were told about
	 * @return a future of whether it was recorded: {@code false} when the expiry changed
	 */
	CompletableFuture<Boolean> markNoticeSent(Expiry expiry) {
		return this.api.runDbInteraction("account_expiry: mark notice sent",
				(jdbc) -> jdbc.sql("UPDATE " + TABLE + " SET notice_sent = TRUE WHERE user_id = ? AND expiration_ts_ms = ?")
					.params(expiry.userId(), expiry.expirationTs())
					.update() > 0)
			.toCompletableFuture();
	}

	/**
	 * Reads a user's expiry as stored now.
	 * @param userId the user
	 * @return a future of the expiry, or of empty when the user has none
	 */
	CompletableFuture<Optional<Long>> storedExpirationTs(String userId) {
		return this.api
			.runDbInteraction("account_expiry: read expiry",
					(jdbc) -> jdbc.sql("SELECT expiration_ts_ms FROM " + TABLE + " WHERE user_id = ?")
						.param(userId)
						.query(Long.class)
						.optional())
			.toCompletableFuture();
	}

	/**
	 * A user's expiry.
	 *
	 * @param userId the user
	 * @param expirationTs when the account expires, in milliseconds since the epoch
	 */
	record Expiry(String userId, long expirationTs) {

	}

	/**
	 * The holder of a renewal token.
	 *
	 * @param userId the user
	 * @param expirationTs when their account expires, in milliseconds since the epoch
	 * @param usedTs when the token was used, or {@code null} when it was not
	 */
	record TokenHolder(String userId, long expirationTs, @Nullable Long usedTs) {

	}

}
