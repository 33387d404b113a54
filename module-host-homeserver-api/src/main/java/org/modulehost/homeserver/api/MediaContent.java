package org.modulehost.homeserver.api;

import java.io.IOException;
import java.io.InputStream;

/**
 * The bytes of a stored media file, opened on demand: a module that reads only the first bytes
 * (a magic number, a header) does not cause the rest to be read.
 */
@FunctionalInterface
public interface MediaContent {

	/**
	 * Opens a new stream over the whole file, from its first byte. Each call opens a new stream;
	 * the caller closes it. The file exists until the callback's stage completes.
	 * @return a new stream of the file's bytes
	 * @throws IOException if the file cannot be read
	 */
	InputStream open() throws IOException;

}
