package org.modulehost.homeserver.media;

import java.io.IOException;
import java.io.InputStream;

import org.jspecify.annotations.Nullable;

import org.springframework.core.io.Resource;

/**
 * Where the media repository keeps its files, by key (a relative path of letters, digits,
 * {@code _ - .} and {@code /}, never {@code ..}). The default keeps them in a directory
 * ({@code homeserver.media.store-path}); an application replaces it with a bean of this type,
 * for example one writing to an object store. Every instance sharing a database must see the
 * same files. Implementations are called concurrently.
 */
public interface MediaStorage {

	/**
	 * Writes a new file from a stream, atomically: a reader sees either no file or the whole of
	 * it. When the stream fails (a client that disconnects, a body over a limit) nothing remains
	 * and the stream's exception is rethrown.
	 * @param key the file's key
	 * @param content the bytes, read to their end and not closed
	 * @return the number of bytes written
	 * @throws IOException if the file cannot be written, or the stream fails with one
	 */
	long write(String key, InputStream content) throws IOException;

	/**
	 * Finds a file.
	 * @param key the file's key
	 * @return the file, readable as often as needed (and by byte ranges), or {@code null} if
	 * there is none
	 * @throws IOException if the store cannot be asked
	 */
	@Nullable Resource read(String key) throws IOException;

	/**
	 * Deletes a file; a missing file is not an error.
	 * @param key the file's key
	 * @throws IOException if the file exists and cannot be deleted
	 */
	void delete(String key) throws IOException;

}
