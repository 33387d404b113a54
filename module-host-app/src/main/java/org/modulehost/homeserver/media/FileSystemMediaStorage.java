package org.modulehost.homeserver.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;

/**
 * Media files in a directory: each file is written to a temporary file in its {@code tmp}
 * sub-directory and moved into place atomically, so a reader (in this process or another sharing
 * the directory) never sees a partial file. Keys are checked to stay inside the directory.
 */
final class FileSystemMediaStorage implements MediaStorage {

	private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*");

	private static final int BUFFER = 64 * 1024;

	private final Path root;

	private final Path temporary;

	/**
	 * Creates the storage; the directory is made on the first write.
	 * @throws IOException if the path exists and is not a directory
	 */
	FileSystemMediaStorage(Path root) throws IOException {
		this.root = root.toAbsolutePath().normalize();
		this.temporary = this.root.resolve("tmp");
		if (Files.exists(this.root) && !Files.isDirectory(this.root)) {
			throw new IOException(this.root + " is not a directory");
		}
	}

	@Override
	public long write(String key, InputStream content) throws IOException {
		Path target = resolve(key);
		Files.createDirectories(this.temporary);
		Path temp = Files.createTempFile(this.temporary, "upload-", ".part");
		try {
			long written = 0;
			try (OutputStream out = Files.newOutputStream(temp)) {
				byte[] buffer = new byte[BUFFER];
				int n;
				while ((n = content.read(buffer)) >= 0) {
					out.write(buffer, 0, n);
					written += n;
				}
			}
			Files.createDirectories(target.getParent());
			try {
				Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException ex) {
				Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
			}
			return written;
		}
		finally {
			Files.deleteIfExists(temp);
		}
	}

	@Override
	public @Nullable Resource read(String key) {
		Path file = resolve(key);
		return Files.isRegularFile(file) ? new FileSystemResource(file) : null;
	}

	@Override
	public void delete(String key) throws IOException {
		Files.deleteIfExists(resolve(key));
	}

	private Path resolve(String key) {
		if (!KEY.matcher(key).matches() || key.contains("..")) {
			throw new IllegalArgumentException("Not a media storage key: " + key);
		}
		Path path = this.root.resolve(key).normalize();
		if (!path.startsWith(this.root) || path.startsWith(this.temporary)) {
			throw new IllegalArgumentException("Not a media storage key: " + key);
		}
		return path;
	}

}
