package org.modulehost.homeserver.presence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import org.modulehost.homeserver.api.UserPresenceState;
import org.modulehost.homeserver.storage.ChangeNotifications;
import org.modulehost.homeserver.storage.Database;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Users' current presence, each row positioned in the {@code presence} stream (a counter of
 * its own in {@code hs_stream_positions}), and the users owed a full presence snapshot.
 *
 * <p>Writes that take positions run under a lock of this process and update the counter row
 * inside their transaction, which the database locks until the commit, as {@link Database} does
 * for the main stream: a reader that has seen position {@code n} has seen every write up to
 * {@code n}, also across instances sharing the database. Timestamp refreshes take no position:
 * they change nothing a client is told until a position-taking write.
 */
final class PresenceStore {

	private static final String COLUMNS = "user_id, state, status_msg, last_active_ts, last_user_sync_ts, "
			+ "currently_active";

	private final Database db;

	private final ChangeNotifications changes;

	private final ReentrantLock writeLock = new ReentrantLock();

	private final AtomicLong position = new AtomicLong(-1);

	PresenceStore(Database db, ChangeNotifications changes) {
		this.db = db;
		this.changes = changes;
	}

	/**
	 * Reads the states of users that have one.
	 * @param userIds the users
	 * @return their states by user ID; users without a stored state are absent
	 */
	Map<String, UserPresenceState> states(Collection<String> userIds) {
		Map<String, UserPresenceState> states = new HashMap<>();
		List<String> all = List.copyOf(userIds);
		for (int start = 0; start < all.size(); start += 500) {
			List<String> chunk = all.subList(start, Math.min(all.size(), start + 500));
			this.db.jdbc()
				.sql("SELECT " + COLUMNS + " FROM hs_presence WHERE user_id IN (:users)")
				.param("users", chunk)
				.query(PresenceStore::state)
				.list()
				.forEach((state) -> states.put(state.userId(), state));
		}
		return states;
	}

	/**
	 * Reads a user's state.
	 * @param userId the user
	 * @return the state, offline if none is stored
	 */
	UserPresenceState state(String userId) {
		return this.db.jdbc()
			.sql("SELECT " + COLUMNS + " FROM hs_presence WHERE user_id = ?")
			.param(userId)
			.query(PresenceStore::state)
			.optional()
			.orElseGet(() -> UserPresenceState.offline(userId));
	}

	/**
	 * Lists the states written in a range of positions.
	 * @param after writes after this position
	 * @param upTo writes at or before this position
	 * @return the states
	 */
	List<UserPresenceState> changes(long after, long upTo) {
		return this.db.jdbc()
			.sql("SELECT " + COLUMNS + " FROM hs_presence WHERE stream_position > ? AND stream_position <= ? "
					+ "ORDER BY stream_position")
			.params(after, upTo)
			.query(PresenceStore::state)
			.list();
	}

	/**
	 * Lists every stored state that is not offline.
	 * @return the states
	 */
	List<UserPresenceState> notOffline() {
		return this.db.jdbc()
			.sql("SELECT " + COLUMNS + " FROM hs_presence WHERE state <> 'offline'")
			.query(PresenceStore::state)
			.list();
	}

	/**
	 * Writes new states at a new position and announces them to the other instances.
	 * @param states the states
	 * @param concerned the users whose waiting {@code /sync} requests they concern
	 * @return the position
	 */
	long write(Collection<UserPresenceState> states, Collection<String> concerned) {
		return positioned((jdbc, taken) -> {
			for (UserPresenceState state : states) {
				jdbc.sql("DELETE FROM hs_presence WHERE user_id = ?").param(state.userId()).update();
				jdbc.sql("INSERT INTO hs_presence (" + COLUMNS + ", stream_position) VALUES (?, ?, ?, ?, ?, ?, ?)")
					.params(state.userId(), state.state(), state.statusMsg(), state.lastActiveTs(),
							state.lastUserSyncTs(), state.currentlyActive(), taken)
					.update();
			}
			this.changes.presenceChanged(concerned);
		});
	}

	/**
	 * Records that users are owed a full presence snapshot, at a new position, and announces it.
	 * @param userIds the users
	 * @return the position
	 */
	long requestFullPresence(Collection<String> userIds) {
		return positioned((jdbc, taken) -> {
			for (String userId : userIds) {
				jdbc.sql("DELETE FROM hs_presence_full_sends WHERE user_id = ?").param(userId).update();
				jdbc.sql("INSERT INTO hs_presence_full_sends (user_id, stream_position) VALUES (?, ?)")
					.params(userId, taken)
					.update();
			}
			this.changes.presenceChanged(userIds);
		});
	}

	/**
	 * Reads the position of a user's last request for a full presence snapshot.
	 * @param userId the user
	 * @return the position, {@code 0} if there was none
	 */
	long fullPresencePosition(String userId) {
		return this.db.jdbc()
			.sql("SELECT stream_position FROM hs_presence_full_sends WHERE user_id = ?")
			.param(userId)
			.query(Long.class)
			.optional()
			.orElse(0L);
	}

	/**
	 * Refreshes a user's timestamps without taking a position.
	 * @param state the state with the new timestamps
	 * @return whether the user had a stored state
	 */
	boolean refresh(UserPresenceState state) {
		return this.db.jdbc()
			.sql("UPDATE hs_presence SET last_active_ts = ?, last_user_sync_ts = ?, currently_active = ? "
					+ "WHERE user_id = ?")
			.params(state.lastActiveTs(), state.lastUserSyncTs(), state.currentlyActive(), state.userId())
			.update() > 0;
	}

	/**
	 * Marks users as syncing now, without taking a position.
	 * @param userIds the users
	 * @param now the time
	 */
	void synced(Collection<String> userIds, long now) {
		List<String> all = List.copyOf(userIds);
		for (int start = 0; start < all.size(); start += 500) {
			this.db.jdbc()
				.sql("UPDATE hs_presence SET last_user_sync_ts = :now WHERE user_id IN (:users) "
						+ "AND last_user_sync_ts < :now")
				.param("now", now)
				.param("users", all.subList(start, Math.min(all.size(), start + 500)))
				.update();
		}
	}

	/**
	 * Returns the last committed position. On a shared database it is read from the database
	 * each time, so other instances' writes are included.
	 * @return the position
	 */
	long currentPosition() {
		long current = this.position.get();
		if (current < 0 || this.db.isShared()) {
			long stored = this.db.jdbc()
				.sql("SELECT stream_position FROM hs_stream_positions WHERE stream_name = 'presence'")
				.query(Long.class)
				.single();
			current = this.position.accumulateAndGet(stored, Math::max);
		}
		return current;
	}

	private long positioned(Write write) {
		this.writeLock.lock();
		try {
			long taken = this.db.transaction((jdbc) -> {
				jdbc.sql("UPDATE hs_stream_positions SET stream_position = stream_position + 1 "
						+ "WHERE stream_name = 'presence'")
					.update();
				long position = jdbc.sql("SELECT stream_position FROM hs_stream_positions WHERE stream_name = 'presence'")
					.query(Long.class)
					.single();
				write.write(jdbc, position);
				return position;
			});
			this.position.accumulateAndGet(taken, Math::max);
			return taken;
		}
		finally {
			this.writeLock.unlock();
		}
	}

	private static UserPresenceState state(ResultSet rs, int row) throws SQLException {
		return new UserPresenceState(rs.getString(1), rs.getString(2), rs.getLong(4), rs.getLong(5), rs.getString(3),
				rs.getBoolean(6));
	}

	/**
	 * A write at a taken position, inside its transaction.
	 */
	@FunctionalInterface
	private interface Write {

		void write(JdbcClient jdbc, long position);

	}

}
