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
 * {@code n} has seen everything up to {@code n}. A transaction commits before its caller returns,
 * so an answered write is durable.
 */
public final class Database {

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final ReentrantLock writeLock = new ReentrantLock();

	private final AtomicLong position = new AtomicLong(-1);

	/**
	 * Creates the database access.
	 * @param jdbc the client
	 * @param transactions the transaction template of the client's data source
	 */
	public Database(JdbcClient jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	/**
	 * Makes commits durable on H2, whose default writes committed transactions to its file up to
	 * half a second later: a crash in that time would lose writes that were acknowledged. The
	 * setting is kept in the database; other databases are left as they are.
	 */
	public void ensureDurableCommits() {
		boolean h2 = this.jdbc.sql("SELECT 1").query((rs, row) -> "H2".equals(rs.getStatement()
			.getConnection()
			.getMetaData()
			.getDatabaseProductName())).single();
		if (h2) {
			this.jdbc.sql("SET WRITE_DELAY 0").update();
		}
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
		this.jdbc.sql("UPDATE hs_stream_positions SET stream_position = stream_position + ? WHERE stream_name = 'main'")
			.param(count)
			.update();
		return this.jdbc.sql("SELECT stream_position FROM hs_stream_positions WHERE stream_name = 'main'")
			.query(Long.class)
			.single();
	}

	/**
	 * Publishes a committed position; call under the write lock after the commit.
	 * @param committed the last position of the committed transaction
	 */
	public void published(long committed) {
		this.position.accumulateAndGet(committed, Math::max);
	}

	/**
	 * Returns the last committed stream position.
	 * @return the position; everything at or below it is visible
	 */
	public long currentPosition() {
		long current = this.position.get();
		if (current < 0) {
			long stored = this.jdbc.sql("SELECT stream_position FROM hs_stream_positions WHERE stream_name = 'main'")
				.query(Long.class)
				.single();
			current = this.position.accumulateAndGet(stored, Math::max);
		}
		return current;
	}

}
