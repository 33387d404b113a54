package org.modulehost.homeserver.api;

import org.jspecify.annotations.Nullable;

/**
 * What the homeserver knows about a stored media file, Synapse's {@code FileInfo} as given to
 * {@code checkMediaFileForSpam}.
 *
 * @param mediaId the media ID, the last segment of its {@code mxc://} URI
 * @param serverName the server that owns the media, the first segment of its {@code mxc://} URI
 * @param contentType the content type the uploader declared, if any
 * @param length the file's length in bytes
 * @param uploadName the file name the uploader gave, if any
 * @param thumbnail whether the file is a thumbnail of the media rather than the media itself
 */
public record MediaFileInfo(String mediaId, String serverName, @Nullable String contentType, long length,
		@Nullable String uploadName, boolean thumbnail) {

}
