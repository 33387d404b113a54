package org.modulehost.homeserver.storage;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * The events client transactions created, kept for a time to live: a repeat within it answers
 * the earlier event, an older one is a new request. Expired rows are ignored when read, and
 * deleted at most once a minute by the instance that records a transaction (each purge deletes
 * what expired since the one before, so its work follows the traffic).
 */
final class ClientTransactions {

	private static final long PURGE_INTERVAL_MS = Duration.ofMinutes(1).toMillis();

	private final Database db;

	private final Clock clock;

	private final long ttlMs;

	private final AtomicLong nextPurgeMs = new AtomicLong();

	ClientTransactions(Database db, Clock clock, Duration ttl) {
		this.db = db;
		this.clock = clock;
		this.ttlMs = ttl.toMillis();
	}

	@Nullable String eventId(ClientTransaction txn) {
		return this.db.jdbc()
			.sql("SELECT event_id FROM hs_client_txns WHERE user_id = ? AND device_id = ? AND scope = ? "
					+ "AND txn_id = ? AND created_ts >= ?")
			.params(txn.userId(), txn.deviceId(), txn.scope(), txn.txnId(), this.clock.millis() - this.ttlMs)
			.query(String.class)
			.optional()
			.orElse(null);
	}

	/** Records a transaction; call inside the transaction that stores its event, under the write lock. */
	void record(ClientTransaction txn, String eventId) {
		// Only an expired row can hold the key here: eventId() found none that is live.
		this.db.jdbc()
			.sql("DELETE FROM hs_client_txns WHERE user_id = ? AND device_id = ? AND scope = ? AND txn_id = ?")
			.params(txn.userId(), txn.deviceId(), txn.scope(), txn.txnId())
			.update();
		this.db.jdbc()
			.sql("INSERT INTO hs_client_txns (user_id, device_id, scope, txn_id, event_id, created_ts) "
					+ "VALUES (?, ?, ?, ?, ?, ?)")
			.params(txn.userId(), txn.deviceId(), txn.scope(), txn.txnId(), eventId, this.clock.millis())
			.update();
	}

	/** Deletes expired transactions, when the last purge of this instance is a minute old. */
	void purgeExpired() {
		long now = this.clock.millis();
		long next = this.nextPurgeMs.get();
		if (now < next || !this.nextPurgeMs.compareAndSet(next, now + PURGE_INTERVAL_MS)) {
			return;
		}
		this.db.transaction((jdbc) -> jdbc.sql("DELETE FROM hs_client_txns WHERE created_ts < ?")
			.param(now - this.ttlMs)
			.update());
	}

}
