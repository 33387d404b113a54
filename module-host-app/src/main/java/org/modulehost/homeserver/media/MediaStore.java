package org.modulehost.homeserver.media;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.storage.Database;

/**
 * The media repository's rows: media items ({@code hs_media}) and their thumbnails
 * ({@code hs_media_thumbnails}).
 */
final class MediaStore {

	private static final String COLUMNS = "media_id, user_id, created_ts, upload_ts, content_type, upload_name, "
			+ "media_length, quarantined_by";

	private final Database db;

	MediaStore(Database db) {
		this.db = db;
	}

	Optional<MediaRecord> find(String mediaId) {
		return this.db.jdbc()
			.sql("SELECT " + COLUMNS + " FROM hs_media WHERE media_id = ?")
			.param(mediaId)
			.query(MediaStore::record)
			.optional();
	}

	/** Stores an uploaded item. */
	void insert(MediaRecord media) {
		this.db.transaction((jdbc) -> jdbc.sql("INSERT INTO hs_media (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
			.params(media.mediaId(), media.userId(), media.createdTs(), media.uploadTs(), media.contentType(),
					media.uploadName(), media.length(), media.quarantinedBy())
			.update());
	}

	/**
	 * Records the bytes of a reserved item, unless another upload did first.
	 * @return whether this upload completed the item
	 */
	boolean complete(String mediaId, long uploadTs, @Nullable String contentType, @Nullable String uploadName,
			long length) {
		return this.db.transaction((jdbc) -> jdbc
			.sql("UPDATE hs_media SET upload_ts = ?, content_type = ?, upload_name = ?, media_length = ? "
					+ "WHERE media_id = ? AND upload_ts IS NULL")
			.params(uploadTs, contentType, uploadName, length, mediaId)
			.update()) == 1;
	}

	/**
	 * Marks a reserved item as being uploaded ({@code media_length} -1), unless an upload to it
	 * began or finished already: the claim is atomic across instances.
	 * @return whether this upload claimed it
	 */
	boolean claim(String mediaId) {
		return this.db.transaction((jdbc) -> jdbc
			.sql("UPDATE hs_media SET media_length = -1 WHERE media_id = ? AND upload_ts IS NULL AND media_length IS NULL")
			.param(mediaId)
			.update()) == 1;
	}

	/** Gives back a claim after a failed upload. */
	void release(String mediaId) {
		this.db.transaction((jdbc) -> jdbc
			.sql("UPDATE hs_media SET media_length = NULL WHERE media_id = ? AND upload_ts IS NULL")
			.param(mediaId)
			.update());
	}

	/** Counts a user's reserved items that still wait for their bytes. */
	int pending(String userId, long createdAfter) {
		return this.db.jdbc()
			.sql("SELECT COUNT(*) FROM hs_media WHERE user_id = ? AND upload_ts IS NULL AND created_ts > ?")
			.params(userId, createdAfter)
			.query(Integer.class)
			.single();
	}

	/** Sums the bytes a user uploaded since a time. */
	long uploadedSince(String userId, long sinceTs) {
		Long sum = this.db.jdbc()
			.sql("SELECT SUM(media_length) FROM hs_media WHERE user_id = ? AND upload_ts >= ?")
			.params(userId, sinceTs)
			.query(Long.class)
			.optional()
			.orElse(null);
		return (sum != null) ? sum : 0;
	}

	void delete(String mediaId) {
		this.db.transaction((jdbc) -> {
			jdbc.sql("DELETE FROM hs_media_thumbnails WHERE media_id = ?").param(mediaId).update();
			return jdbc.sql("DELETE FROM hs_media WHERE media_id = ?").param(mediaId).update();
		});
	}

	/**
	 * Sets or clears an item's quarantine.
	 * @return whether the item exists
	 */
	boolean quarantine(String mediaId, @Nullable String by) {
		return this.db.transaction((jdbc) -> jdbc.sql("UPDATE hs_media SET quarantined_by = ? WHERE media_id = ?")
			.params(by, mediaId)
			.update()) == 1;
	}

	/**
	 * Quarantines every item of a user.
	 * @return how many items were quarantined
	 */
	int quarantineUser(String userId, String by) {
		return this.db.transaction((jdbc) -> jdbc
			.sql("UPDATE hs_media SET quarantined_by = ? WHERE user_id = ? AND quarantined_by IS NULL")
			.params(by, userId)
			.update());
	}

	List<Thumbnail> thumbnails(String mediaId) {
		return this.db.jdbc()
			.sql("SELECT width, height, method, content_type, thumbnail_length FROM hs_media_thumbnails "
					+ "WHERE media_id = ?")
			.param(mediaId)
			.query((rs, row) -> new Thumbnail(rs.getInt(1), rs.getInt(2), rs.getString(3), rs.getString(4),
					rs.getLong(5)))
			.list();
	}

	/** Records a thumbnail; one already recorded (by a concurrent request) is kept. */
	void insertThumbnail(String mediaId, Thumbnail thumbnail) {
		this.db.transaction((jdbc) -> {
			Integer existing = jdbc
				.sql("SELECT COUNT(*) FROM hs_media_thumbnails WHERE media_id = ? AND width = ? AND height = ? "
						+ "AND method = ?")
				.params(mediaId, thumbnail.width(), thumbnail.height(), thumbnail.method())
				.query(Integer.class)
				.single();
			if (existing == 0) {
				jdbc.sql("INSERT INTO hs_media_thumbnails (media_id, width, height, method, content_type, "
						+ "thumbnail_length) VALUES (?, ?, ?, ?, ?, ?)")
					.params(mediaId, thumbnail.width(), thumbnail.height(), thumbnail.method(),
							thumbnail.contentType(), thumbnail.length())
					.update();
			}
			return null;
		});
	}

	private static MediaRecord record(ResultSet rs, int row) throws SQLException {
		long uploadTs = rs.getLong(4);
		Long upload = rs.wasNull() ? null : uploadTs;
		long length = rs.getLong(7);
		Long size = rs.wasNull() ? null : length;
		return new MediaRecord(rs.getString(1), rs.getString(2), rs.getLong(3), upload, rs.getString(5),
				rs.getString(6), size, rs.getString(8));
	}

	/**
	 * A stored thumbnail of a media item.
	 *
	 * @param width its width in pixels (of the size asked for, the key of the row)
	 * @param height its height in pixels (of the size asked for)
	 * @param method {@code crop} or {@code scale}
	 * @param contentType its content type
	 * @param length its length in bytes
	 */
	record Thumbnail(int width, int height, String method, String contentType, long length) {

		String key(String mediaId) {
			return MediaRecord.thumbnailKey(mediaId, this.width, this.height, this.method, this.contentType);
		}

	}

}
