package org.modulehost.homeserver.storage;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;

/**
 * What room administration reads and keeps beside the rooms: every room's row, and the rooms an
 * administrator blocked.
 */
public final class RoomAdminStore {

	private final Database db;

	/**
	 * Creates the store.
	 * @param db the database
	 */
	public RoomAdminStore(Database db) {
		this.db = db;
	}

	/**
	 * Lists every room, oldest first.
	 * @return the rooms
	 */
	public List<RoomRecord> rooms() {
		return this.db.jdbc()
			.sql("SELECT room_id, creator, room_version, is_public, created_ts FROM hs_rooms ORDER BY created_ts, room_id")
			.query((rs, row) -> new RoomRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
					rs.getLong(5)))
			.list();
	}

	/**
	 * Blocks a room: no local user may join it any more.
	 * @param roomId the room
	 * @param userId the administrator who blocked it, or {@code null}
	 */
	public void block(String roomId, @Nullable String userId) {
		try {
			this.db.jdbc().sql("INSERT INTO hs_blocked_rooms (room_id, user_id) VALUES (?, ?)").params(roomId, userId)
				.update();
		}
		catch (DuplicateKeyException ex) {
			// Blocked already.
		}
	}

	/**
	 * Tells whether a room is blocked.
	 * @param roomId the room
	 * @return whether an administrator blocked it
	 */
	public boolean isBlocked(String roomId) {
		return this.db.jdbc()
			.sql("SELECT COUNT(*) FROM hs_blocked_rooms WHERE room_id = ?")
			.param(roomId)
			.query(Long.class)
			.single() > 0;
	}

}
