package org.modulehost.homeserver.storage;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The room deletions of the admin API and their status, kept in the database so that they
 * outlive a restart.
 */
public final class RoomDeletionStore {

	/** A deletion that waits to run. */
	public static final String SCHEDULED = "scheduled";

	/** A deletion that runs. */
	public static final String ACTIVE = "active";

	/** A deletion that finished. */
	public static final String COMPLETE = "complete";

	/** A deletion that failed. */
	public static final String FAILED = "failed";

	private static final String COLUMNS = "delete_id, room_id, status, requester, params, result, error, created_ts";

	private final Database db;

	private final JsonCodec json;

	/**
	 * Creates the store.
	 * @param db the database
	 * @param json the JSON codec
	 */
	public RoomDeletionStore(Database db, JsonCodec json) {
		this.db = db;
		this.json = json;
	}

	/**
	 * Records a new deletion, unless one of the room is scheduled or running.
	 * @param deletion the deletion
	 * @return the deletion of the room that is scheduled or running already, or empty when the
	 * new one was recorded
	 */
	public Optional<Deletion> schedule(Deletion deletion) {
		return this.db.locked(() -> this.db.transaction((jdbc) -> {
			Optional<Deletion> running = ofRoom(deletion.roomId()).stream()
				.filter((existing) -> SCHEDULED.equals(existing.status()) || ACTIVE.equals(existing.status()))
				.findFirst();
			if (running.isPresent()) {
				return running;
			}
			jdbc.sql("INSERT INTO hs_room_deletions (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
				.params(deletion.deleteId(), deletion.roomId(), deletion.status(), deletion.requester(),
						this.json.write(deletion.params()), null, null, deletion.createdTs())
				.update();
			return Optional.empty();
		}));
	}

	/**
	 * Records a deletion's progress.
	 * @param deleteId the deletion
	 * @param status its status
	 * @param result what it did so far, or {@code null}
	 * @param error why it failed, or {@code null}
	 */
	public void update(String deleteId, String status, @Nullable Map<String, Object> result, @Nullable String error) {
		this.db.jdbc()
			.sql("UPDATE hs_room_deletions SET status = ?, result = ?, error = ? WHERE delete_id = ?")
			.params(status, (result != null) ? this.json.write(result) : null, error, deleteId)
			.update();
	}

	/**
	 * Reads a deletion.
	 * @param deleteId the deletion
	 * @return the deletion, or empty
	 */
	public Optional<Deletion> deletion(String deleteId) {
		return this.db.jdbc()
			.sql("SELECT " + COLUMNS + " FROM hs_room_deletions WHERE delete_id = ?")
			.param(deleteId)
			.query(this::row)
			.optional();
	}

	/**
	 * Lists the deletions of a room, oldest first.
	 * @param roomId the room
	 * @return the deletions
	 */
	public List<Deletion> ofRoom(String roomId) {
		return this.db.jdbc()
			.sql("SELECT " + COLUMNS + " FROM hs_room_deletions WHERE room_id = ? ORDER BY created_ts, delete_id")
			.param(roomId)
			.query(this::row)
			.list();
	}

	/**
	 * Lists the deletions a restart interrupted or that never started.
	 * @return the deletions, oldest first
	 */
	public List<Deletion> unfinished() {
		return this.db.jdbc()
			.sql("SELECT " + COLUMNS + " FROM hs_room_deletions WHERE status IN (?, ?) ORDER BY created_ts, delete_id")
			.params(SCHEDULED, ACTIVE)
			.query(this::row)
			.list();
	}

	private Deletion row(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
		String result = rs.getString(6);
		return new Deletion(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
				this.json.readObject(rs.getString(5)), (result != null) ? this.json.readObject(result) : null,
				rs.getString(7), rs.getLong(8));
	}

	/**
	 * A room deletion.
	 *
	 * @param deleteId its ID
	 * @param roomId the room
	 * @param status {@link #SCHEDULED}, {@link #ACTIVE}, {@link #COMPLETE} or {@link #FAILED}
	 * @param requester the administrator who asked, or {@code null} for a module
	 * @param params the request's parameters
	 * @param result what it did so far, Synapse's {@code shutdown_room}, or {@code null}
	 * @param error why it failed, or {@code null}
	 * @param createdTs when it was asked for
	 */
	public record Deletion(String deleteId, String roomId, String status, @Nullable String requester,
			Map<String, Object> params, @Nullable Map<String, Object> result, @Nullable String error, long createdTs) {

	}

}
