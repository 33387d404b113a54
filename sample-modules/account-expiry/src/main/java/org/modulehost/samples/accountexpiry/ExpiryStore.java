package org.modulehost.samples.accountexpiry;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.modulehost.homeserver.api.HomeserverModuleApi;

/**
 * The module's table in the homeserver's database, {@value #TABLE}: one row per user with the
 * expiry timestamp and whether the user was told to renew. Every statement is plain SQL that H2
 * and PostgreSQL both run.
 */
final class ExpiryStore {

	static final String TABLE = "account_expiry";

	private static final int NOTICE_BATCH = 100;

	private final HomeserverModuleApi api;

	ExpiryStore(HomeserverModuleApi api) {
		this.api = api;
	}

	/**
	 * Creates the table and its index unless they exist.
	 * @return a future completed once they exist
	 */
	CompletableFuture<Void> createTable() {
		return this.api.runDbInteraction("account_expiry: create table", (jdbc) -> {
			jdbc.sql("CREATE TABLE IF NOT EXISTS " + TABLE + " (user_id VARCHAR(255) NOT NULL PRIMARY KEY,"
					+ " expiration_ts_ms BIGINT NOT NULL, notice_sent BOOLEAN NOT NULL)").update();
			jdbc.sql("CREATE INDEX IF NOT EXISTS " + TABLE + "_expiration_idx ON " + TABLE + " (expiration_ts_ms)")
				.update();
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
	 * Sets a user's expiry, forgetting that the user was told to renew.
	 * @param userId the user
	 * @param expirationTs the new expiry, in milliseconds since the epoch
	 * @return a future completed once the change is committed
	 */
	CompletableFuture<Void> setExpirationTs(String userId, long expirationTs) {
		return this.api.runDbInteraction("account_expiry: set expiry", (jdbc) -> {
			int updated = jdbc.sql("UPDATE " + TABLE + " SET expiration_ts_ms = ?, notice_sent = FALSE WHERE user_id = ?")
				.params(expirationTs, userId)
				.update();
			if (updated == 0) {
				jdbc.sql("INSERT INTO " + TABLE + " (user_id, expiration_ts_ms, notice_sent) VALUES (?, ?, FALSE)")
					.params(userId, expirationTs)
					.update();
			}
			return (Void) null;
		}).toCompletableFuture();
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

}
