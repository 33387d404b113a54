/**
 * The media repository: uploads (direct and asynchronous), downloads, thumbnails, the media
 * callbacks and spam check, and Synapse's media admin APIs. Files live in a {@link
 * org.modulehost.homeserver.media.MediaStorage}, their metadata in the database.
 */
@NullMarked
package org.modulehost.homeserver.media;

import org.jspecify.annotations.NullMarked;
