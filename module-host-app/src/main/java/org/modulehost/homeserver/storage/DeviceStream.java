package org.modulehost.homeserver.storage;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The devices stream: the second counter of the sync token, which orders to-device messages and
 * device-list changes. Writes take their position as {@link Database} does for the main stream:
 * under a lock of this process and the counter row's lock until the commit, so positions become
 * visible in order, also between instances sharing a PostgreSQL database.
 */
public final class DeviceStream {

	private static final String STREAM = "devices";

	private final Database db;

	private final ReentrantLock writeLock = new ReentrantLock();

	private final AtomicLong position = new AtomicLong(-1);

	/**
	 * Creates the stream.
	 * @param db the database
	 */
	public DeviceStream(Database db) {
		this.db = db;
	}

	/**
	 * Runs a write that takes one position, in one transaction, and publishes the position after
	 * the commit.
	 * @param <T> the result type
	 * @param work the write, given its position
	 * @return the write's result
	 */
	<T> T write(PositionedWork<T> work) {
		this.writeLock.lock();
		try {
			Written<T> written = this.db.transaction((jdbc) -> {
				long taken = take(jdbc);
				return new Written<>(taken, work.apply(jdbc, taken));
			});
			this.position.accumulateAndGet(written.position(), Math::max);
			return written.result();
		}
		finally {
			this.writeLock.unlock();
		}
	}

	private long take(JdbcClient jdbc) {
		jdbc.sql("UPDATE hs_stream_positions SET stream_position = stream_position + 1 WHERE stream_name = ?")
			.param(STREAM)
			.update();
		return stored(jdbc);
	}

	private long stored(JdbcClient jdbc) {
		return jdbc.sql("SELECT stream_position FROM hs_stream_positions WHERE stream_name = ?")
			.param(STREAM)
			.query(Long.class)
			.single();
	}

	/**
	 * Returns the last committed position; on a shared database read from it each time.
	 * @return the position; everything at or below it is visible
	 */
	public long currentPosition() {
		long current = this.position.get();
		if (current < 0 || this.db.isShared()) {
			current = this.position.accumulateAndGet(stored(this.db.jdbc()), Math::max);
		}
		return current;
	}

	/**
	 * A write at a position of the stream.
	 *
	 * @param <T> the result type
	 */
	@FunctionalInterface
	interface PositionedWork<T> {

		T apply(JdbcClient jdbc, long position);

	}

	private record Written<T>(long position, T result) {

	}

}
