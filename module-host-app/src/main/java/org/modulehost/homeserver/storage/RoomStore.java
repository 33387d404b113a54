package org.modulehost.homeserver.storage;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;
import org.springframework.dao.DuplicateKeyException;

/**
 * Rooms' rows: reading them, the room directory, and creating a room (with its alias), which
 * {@link EventWriter} does in the transaction of the room's first events.
 */
public final class RoomStore {

	private final Database db;

	/**
	 * Creates the store.
	 * @param db the database
	 */
	public RoomStore(Database db) {
		this.db = db;
	}

	/**
	 * Reads a room's row.
	 * @param roomId the room
	 * @return the room, or empty if there is none
	 */
	public Optional<RoomRecord> room(String roomId) {
		return this.db.jdbc()
			.sql("SELECT room_id, creator, room_version, is_public, created_ts FROM hs_rooms WHERE room_id = ?")
			.param(roomId)
			.query(RoomStore::room)
			.optional();
	}

	/**
	 * Lists the rooms published in the room directory, oldest first.
	 * @return the rooms
	 */
	public List<RoomRecord> publicRooms() {
		return this.db.jdbc()
			.sql("SELECT room_id, creator, room_version, is_public, created_ts FROM hs_rooms WHERE is_public = TRUE "
					+ "ORDER BY created_ts, room_id")
			.query(RoomStore::room)
			.list();
	}

	/**
	 * Publishes a room in the room directory or withdraws it.
	 * @param roomId the room
	 * @param isPublic whether it is published
	 */
	public void setPublic(String roomId, boolean isPublic) {
		this.db.transaction((jdbc) -> jdbc.sql("UPDATE hs_rooms SET is_public = ? WHERE room_id = ?")
			.param(isPublic)
			.param(roomId)
			.update());
	}

	private static RoomRecord room(ResultSet rs, int row) throws SQLException {
		return new RoomRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getLong(5));
	}

	/**
	 * Inserts a room's row, and its alias if it has one; call inside the transaction that stores
	 * its first events.
	 * @param room the room
	 * @throws MatrixError 400 {@code M_ROOM_IN_USE} if the alias is taken
	 */
	void insertRoom(NewRoom room) {
		this.db.jdbc()
			.sql("INSERT INTO hs_rooms (room_id, creator, room_version, is_public, created_ts) VALUES (?, ?, ?, ?, ?)")
			.params(room.roomId(), room.creator(), room.roomVersion(), room.isPublic(), room.createdTs())
			.update();
		if (room.alias() != null) {
			try {
				this.db.jdbc()
					.sql("INSERT INTO hs_room_aliases (room_alias, room_id, creator) VALUES (?, ?, ?)")
					.params(room.alias(), room.roomId(), room.creator())
					.update();
			}
			catch (DuplicateKeyException ex) {
				throw new MatrixError(400, Codes.ROOM_IN_USE, "Room alias already taken");
			}
		}
	}

	/**
	 * A room to create together with its first events.
	 *
	 * @param roomId the room
	 * @param creator who creates it
	 * @param roomVersion its room version
	 * @param isPublic whether it is published in the room directory
	 * @param createdTs when it is created
	 * @param alias an alias to create for it, or {@code null}
	 */
	public record NewRoom(String roomId, String creator, String roomVersion, boolean isPublic, long createdTs,
			@Nullable String alias) {

	}

	/**
	 * Records that a user forgot their membership of a room; a later membership event is not
	 * forgotten.
	 * @param userId the user
	 * @param roomId the room
	 * @param eventId the membership event forgotten
	 */
	public void forget(String userId, String roomId, String eventId) {
		this.db.jdbc()
			.sql("DELETE FROM hs_forgotten_rooms WHERE user_id = ? AND room_id = ?")
			.params(userId, roomId)
			.update();
		try {
			this.db.jdbc()
				.sql("INSERT INTO hs_forgotten_rooms (user_id, room_id, event_id) VALUES (?, ?, ?)")
				.params(userId, roomId, eventId)
				.update();
		}
		catch (DuplicateKeyException ex) {
			// Forgotten at the same time by another request: forgotten all the same.
		}
	}

}
