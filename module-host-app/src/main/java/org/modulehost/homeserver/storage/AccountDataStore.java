package org.modulehost.homeserver.storage;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Users' global and per-room account data, positioned in the stream so {@code /sync} delivers
 * changes; a write is announced to the other instances sharing the database.
 */
public final class AccountDataStore {

	private final Database db;

	private final JsonCodec json;

	private final ChangeNotifications changes;

	/**
	 * Creates the store.
	 * @param db the database
	 * @param json the JSON codec
	 * @param changes the notifications between instances
	 */
	public AccountDataStore(Database db, JsonCodec json, ChangeNotifications changes) {
		this.db = db;
		this.json = json;
		this.changes = changes;
	}

	/**
	 * Reads one type of account data.
	 * @param userId the user
	 * @param roomId the room, or {@code null} for global account data
	 * @param type the type
	 * @return the content, or empty if there is none
	 */
	public Optional<Map<String, Object>> get(String userId, @Nullable String roomId, String type) {
		return this.db.jdbc()
			.sql("SELECT content FROM hs_account_data WHERE user_id = ? AND room_id = ? AND data_type = ?")
			.params(userId, (roomId != null) ? roomId : "", type)
			.query(String.class)
			.optional()
			.map(this.json::readObject);
	}

	/**
	 * Writes one type of account data.
	 * @param userId the user
	 * @param roomId the room, or {@code null} for global account data
	 * @param type the type
	 * @param content the content
	 * @return the write's stream position
	 */
	public long put(String userId, @Nullable String roomId, String type, Map<String, Object> content) {
		String text = this.json.write(content);
		return this.db.locked(() -> {
			long position = this.db.transaction((jdbc) -> {
				long taken = this.db.takePositions(1);
				jdbc.sql("DELETE FROM hs_account_data WHERE user_id = ? AND room_id = ? AND data_type = ?")
					.params(userId, (roomId != null) ? roomId : "", type)
					.update();
				jdbc.sql("INSERT INTO hs_account_data (user_id, room_id, data_type, content, stream_position) "
						+ "VALUES (?, ?, ?, ?, ?)")
					.params(userId, (roomId != null) ? roomId : "", type, text, taken)
					.update();
				this.changes.accountDataChanged(userId);
				return taken;
			});
			this.db.published(position);
			return position;
		});
	}

	/**
	 * Lists a user's account data written in a range of stream positions.
	 * @param userId the user
	 * @param after writes after this position
	 * @param upTo writes at or before this position
	 * @return the entries
	 */
	public List<Entry> changes(String userId, long after, long upTo) {
		return this.db.jdbc()
			.sql("SELECT room_id, data_type, content FROM hs_account_data WHERE user_id = ? AND stream_position > ? "
					+ "AND stream_position <= ? ORDER BY stream_position")
			.params(userId, after, upTo)
			.query((rs, row) -> new Entry(rs.getString(1).isEmpty() ? null : rs.getString(1), rs.getString(2),
					this.json.readObject(rs.getString(3))))
			.list();
	}

	/**
	 * One type of account data.
	 *
	 * @param roomId the room, or {@code null} for global account data
	 * @param type the type
	 * @param content the content
	 */
	public record Entry(@Nullable String roomId, String type, Map<String, Object> content) {

	}

}
