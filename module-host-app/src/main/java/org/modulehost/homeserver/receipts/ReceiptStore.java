package org.modulehost.homeserver.receipts;

import java.util.List;
import java.util.Optional;

import org.modulehost.homeserver.storage.ChangeNotifications;
import org.modulehost.homeserver.storage.Database;

/**
 * Read receipts in the database: each user's latest receipt of a type in a room, per thread.
 * A write takes a position in the main stream, so {@code /sync} delivers it as a change, and is
 * announced to the other instances sharing the database.
 */
public final class ReceiptStore {

	/** The {@code thread_id} column of an unthreaded receipt. */
	static final String UNTHREADED = "";

	private final Database db;

	private final ChangeNotifications changes;

	/**
	 * Creates the store.
	 * @param db the database
	 * @param changes the notifications between instances
	 */
	public ReceiptStore(Database db, ChangeNotifications changes) {
		this.db = db;
		this.changes = changes;
	}

	/**
	 * Stores a receipt unless the user's receipt of that type (and thread) in the room is for a
	 * later event already, as Synapse keeps receipts from going back.
	 * @param receipt the receipt; its stream position is ignored
	 * @return the position it was stored at, or empty when it was not
	 */
	public Optional<Long> put(Receipt receipt) {
		return this.db.locked(() -> {
			Optional<Long> stored = this.db.transaction((jdbc) -> {
				Optional<Long> existing = jdbc
					.sql("SELECT event_stream_ordering FROM hs_receipts WHERE room_id = ? AND receipt_type = ? "
							+ "AND user_id = ? AND thread_id = ?")
					.params(receipt.roomId(), receipt.type(), receipt.userId(), receipt.threadId())
					.query(Long.class)
					.optional();
				if (existing.isPresent() && existing.get() >= receipt.eventStreamOrdering()) {
					return Optional.<Long>empty();
				}
				long position = this.db.takePositions(1);
				jdbc.sql("DELETE FROM hs_receipts WHERE room_id = ? AND receipt_type = ? AND user_id = ? "
						+ "AND thread_id = ?")
					.params(receipt.roomId(), receipt.type(), receipt.userId(), receipt.threadId())
					.update();
				jdbc.sql("INSERT INTO hs_receipts (room_id, receipt_type, user_id, thread_id, event_id, "
						+ "event_stream_ordering, receipt_ts, stream_position) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
					.params(receipt.roomId(), receipt.type(), receipt.userId(), receipt.threadId(), receipt.eventId(),
							receipt.eventStreamOrdering(), receipt.ts(), position)
					.update();
				this.changes.receiptsChanged(receipt.roomId());
				return Optional.of(position);
			});
			stored.ifPresent(this.db::published);
			return stored;
		});
	}

	/**
	 * Lists the receipts written in a range of stream positions, in every room.
	 * @param after writes after this position
	 * @param upTo writes at or before this position
	 * @return the receipts, oldest first
	 */
	public List<Receipt> changes(long after, long upTo) {
		if (upTo <= after) {
			return List.of();
		}
		return this.db.jdbc()
			.sql(SELECT + " WHERE stream_position > ? AND stream_position <= ? ORDER BY stream_position")
			.params(after, upTo)
			.query(ReceiptStore::receipt)
			.list();
	}

	/**
	 * Lists the current receipts of a room written at or before a stream position.
	 * @param roomId the room
	 * @param upTo the position
	 * @return the receipts
	 */
	public List<Receipt> current(String roomId, long upTo) {
		return this.db.jdbc()
			.sql(SELECT + " WHERE room_id = ? AND stream_position <= ? ORDER BY stream_position")
			.params(roomId, upTo)
			.query(ReceiptStore::receipt)
			.list();
	}

	private static final String SELECT = "SELECT room_id, receipt_type, user_id, thread_id, event_id, "
			+ "event_stream_ordering, receipt_ts, stream_position FROM hs_receipts";

	private static Receipt receipt(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
		return new Receipt(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
				rs.getLong(6), rs.getLong(7), rs.getLong(8));
	}

	/**
	 * A read receipt.
	 *
	 * @param roomId the room
	 * @param type {@code m.read} or {@code m.read.private}
	 * @param userId the reader
	 * @param threadId the thread ({@code main} or a thread root's event ID), empty for an
	 * unthreaded receipt
	 * @param eventId the event read up to
	 * @param eventStreamOrdering the event's stream position
	 * @param ts when the receipt was sent, in milliseconds since the epoch
	 * @param streamPosition the receipt's own position in the stream
	 */
	public record Receipt(String roomId, String type, String userId, String threadId, String eventId,
			long eventStreamOrdering, long ts, long streamPosition) {

	}

}
