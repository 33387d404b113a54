package org.modulehost.homeserver.storage;

import java.util.List;

/**
 * Removes a room from the database: its events, state, aliases, room account data and row, as
 * Synapse's {@code purge_room}. The room's cached state is dropped; other instances sharing the
 * database find its row gone.
 */
public final class RoomPurger {

	private static final List<String> TABLES = List.of("hs_state_events", "hs_current_state", "hs_room_aliases",
			"hs_forgotten_rooms", "hs_account_data", "hs_events", "hs_rooms");

	private final Database db;

	private final RoomStateCache states;

	/**
	 * Creates the purger.
	 * @param db the database
	 * @param states the rooms' cached state
	 */
	public RoomPurger(Database db, RoomStateCache states) {
		this.db = db;
		this.states = states;
	}

	/**
	 * Removes a room from the database.
	 * @param roomId the room
	 */
	public void purge(String roomId) {
		this.db.locked(() -> {
			this.db.transaction((jdbc) -> {
				jdbc.sql("DELETE FROM hs_client_txns WHERE event_id IN (SELECT event_id FROM hs_events WHERE room_id = ?)")
					.param(roomId)
					.update();
				for (String table : TABLES) {
					jdbc.sql("DELETE FROM " + table + " WHERE room_id = ?").param(roomId).update();
				}
				return null;
			});
			this.states.invalidate(roomId);
			return null;
		});
	}

}
