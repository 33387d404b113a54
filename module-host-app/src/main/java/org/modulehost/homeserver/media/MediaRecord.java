package org.modulehost.homeserver.media;

import org.jspecify.annotations.Nullable;

/**
 * A local media item's row.
 *
 * @param mediaId the media ID
 * @param userId the uploader
 * @param createdTs when the ID was made (by an upload or {@code /create})
 * @param uploadTs when the bytes were stored, {@code null} while a created ID waits for them
 * @param contentType the declared content type, if any
 * @param uploadName the file name given, if any
 * @param length the length in bytes, {@code null} while waiting for the bytes
 * @param quarantinedBy the administrator who quarantined it, if any
 */
record MediaRecord(String mediaId, String userId, long createdTs, @Nullable Long uploadTs,
		@Nullable String contentType, @Nullable String uploadName, @Nullable Long length,
		@Nullable String quarantinedBy) {

	boolean uploaded() {
		return this.uploadTs != null;
	}

	boolean quarantined() {
		return this.quarantinedBy != null;
	}

	/**
	 * The storage key of the media's bytes: Synapse's layout, {@code local_content/ab/cd/rest}.
	 */
	String contentKey() {
		return contentKey(this.mediaId);
	}

	static String contentKey(String mediaId) {
		return "local_content/" + shard(mediaId);
	}

	static String thumbnailKey(String mediaId, int width, int height, String method, String contentType) {
		String type = contentType.substring(contentType.indexOf('/') + 1);
		return "local_thumbnails/" + shard(mediaId) + "/" + width + "-" + height + "-image-" + type + "-" + method;
	}

	private static String shard(String mediaId) {
		return mediaId.substring(0, 2) + "/" + mediaId.substring(2, 4) + "/" + mediaId.substring(4);
	}

}
