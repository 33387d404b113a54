package org.modulehost.homeserver.storage;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The homeserver's database: transactions, the write lock and the stream position.
 *
 * <p>Writes that take stream positions (events, account data) run under one lock in this
 * process, and inside their transaction update the counter row, which the database locks until
 * the commit: positions therefore become visible in order, so a reader that has seen position
 * {@code n} has seen everything up to {@code n}. The row lock also orders the writers of several
 * processes sharing the database. A transaction commits before its caller returns, so an
 * answered write is durable.
 *
 * <p>A PostgreSQL database is {@linkplain #isShared() shared}: other instances of the homeserver
 * may write to it, so what this process keeps in memory is checked against the database before
 * it is served (the stream position is read from it). An H2 database belongs to this process.
 */
public final class Database {

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final boolean shared;

	private final ReentrantLock writeLock = new ReentrantLock();

	private final AtomicLong position = new AtomicLong(-1);

	/**
	 * Creates the database access.
	 * @param jdbc the client
	 * @param transactions the transaction template of the client's data source
	 * @param shared whether other processes may write to the database
	 * @see #open(JdbcClient, TransactionTemplate)
	 */
	public Database(JdbcClient jdbc, TransactionTemplate transactions, boolean shared) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.shared = shared;
	}

	/**
	 * Opens the database behind a client: PostgreSQL is shared between instances; on H2, which
	 * by default writes committed transactions to its file up to half a second later (a crash in
	 * that time would lose writes that were acknowledged), commits are made durable. The H2
	 * setting is kept in the database.
	 * @param jdbc the client
	 * @param transactions the transaction template of the client's data source
	 * @return the database access
	 */
	public static Database open(JdbcClient jdbc, TransactionTemplate transactions) {
		String product = jdbc.sql("SELECT 1")
			.query((rs, row) -> rs.getStatement().getConnection().getMetaData().getDatabaseProductName())
			.single();
		if ("H2".equals(product)) {
			jdbc.sql("SET WRITE_DELAY 0").update();
		}
		return new Database(jdbc, transactions, "PostgreSQL".equals(product));
	}

	/**
	 * Tells whether other homeserver processes may write to this database (PostgreSQL): then
	 * the stream position is read from the database and in-memory state is checked against it.
	 * @return whether the database is shared
	 */
	public boolean isShared() {
		return this.shared;
	}

	/**
	 * Returns the JDBC client; inside {@link #transaction} it takes part in the transaction.
	 * @return the client
	 */
	public JdbcClient jdbc() {
		return this.jdbc;
	}

	/**
	 * Runs work in one transaction.
	 * @param <T> the result type
	 * @param work the work
	 * @return its result, after the commit
	 */
	public <T> T transaction(Function<JdbcClient, T> work) {
		return this.transactions.execute((status) -> work.apply(this.jdbc));
	}

	/**
	 * Runs work under the write lock of this process.
	 * @param <T> the result type
	 * @param work the work
	 * @return its result
	 */
	public <T> T locked(Supplier<T> work) {
		this.writeLock.lock();
		try {
			return work.get();
		}
		finally {
			this.writeLock.unlock();
		}
	}

	/**
	 * Takes {@code count} new stream positions; call inside a transaction under the write lock.
	 * @param count how many positions
	 * @return the last of the new positions; the first is {@code last - count + 1}
	 */
	public long takePositions(int count) {
		if (this.shared) {
			// PostgreSQL: one round trip instead of two.
			return this.jdbc.sql("UPDATE hs_stream_positions SET stream_position = stream_position + ? "
					+ "WHERE stream_name = 'main' RETURNING stream_position")
				.param(count)
				.query(Long.class)
				.single();
		}
		this.jdbc.sql("UPDATE hs_stream_positions SET stream_position = stream_position + ? WHERE stream_name = 'main'")
			.param(count)
			.update();
		return this.jdbc.sql("SELECT stream_position FROM hs_stream_positions WHERE stream_name = 'main'")
			.query(Long.class)
			.single();
	}

	/**
	 * Locks the stream's counter row until the end of the current transaction, without taking a
	 * position: a write that changes what other writers check (such as a redaction) is thereby
	 * ordered with them, in this process and in others.
	 */
	public void lockStream() {
		this.jdbc.sql("UPDATE hs_stream_positions SET stream_position = stream_position WHERE stream_name = 'main'")
			.update();
	}

	/**
	 * Publishes a committed position; call under the write lock after the commit.
	 * @param committed the last position of the committed transaction
	 */
	public void published(long committed) {
		this.position.accumulateAndGet(committed, Math::max);
	}

	/**
	 * Returns the last committed stream position. On a {@linkplain #isShared() shared} database
	 * it is read from the database each time (one primary-key lookup), so writes that other
	 * instances committed before the call are included.
	 * @return the position; everything at or below it is visible
	 */
	public long currentPosition() {
		long current = this.position.get();
		if (current < 0 || this.shared) {
			long stored = this.jdbc.sql("SELECT stream_position FROM hs_stream_positions WHERE stream_name = 'main'")
				.query(Long.class)
				.single();
			current = this.position.accumulateAndGet(stored, Math::max);
		}
		return current;
	}

}
