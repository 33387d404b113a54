package org.modulehost.homeserver.presence;

import java.util.HashSet;
import java.util.Set;

import org.modulehost.homeserver.storage.Database;

/**
 * Who shares a room with whom, by the rooms' current membership: the users whose presence a
 * user sees without a presence router, as Synapse's {@code get_users_who_share_room_with_user}.
 */
final class SharedRooms {

	private final Database db;

	SharedRooms(Database db) {
		this.db = db;
	}

	/**
	 * Lists the users joined to a room the user is joined to, the user included if joined anywhere.
	 * @param userId the user
	 * @return the users
	 */
	Set<String> usersSharingARoomWith(String userId) {
		return new HashSet<>(this.db.jdbc()
			.sql("SELECT DISTINCT other.state_key FROM hs_current_state mine JOIN hs_current_state other "
					+ "ON other.room_id = mine.room_id WHERE mine.event_type = 'm.room.member' AND mine.state_key = ? "
					+ "AND mine.membership = 'join' AND other.event_type = 'm.room.member' AND other.membership = 'join'")
			.param(userId)
			.query(String.class)
			.list());
	}

	/**
	 * Tells whether two users are joined to a common room.
	 * @param first one user
	 * @param second the other
	 * @return whether they share a room
	 */
	boolean shareARoom(String first, String second) {
		return this.db.jdbc()
			.sql("SELECT COUNT(*) FROM hs_current_state a JOIN hs_current_state b ON b.room_id = a.room_id "
					+ "WHERE a.event_type = 'm.room.member' AND a.state_key = ? AND a.membership = 'join' "
					+ "AND b.event_type = 'm.room.member' AND b.state_key = ? AND b.membership = 'join'")
			.params(first, second)
			.query(Long.class)
			.single() > 0;
	}

}
