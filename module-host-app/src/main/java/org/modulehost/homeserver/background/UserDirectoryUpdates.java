package org.modulehost.homeserver.background;

import java.util.List;
import java.util.Map;

import org.modulehost.homeserver.storage.UserDirectoryIndex;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The user directory's rebuild, Synapse's {@code regenerate_directory} job: first
 * {@code populate_user_directory} writes every account's row, by user ID (progress:
 * {@code last_user_id}); then {@code populate_user_directory_cleanup}, which depends on it,
 * removes the rows of users that no longer exist, in one step.
 */
final class UserDirectoryUpdates {

	static final String POPULATE = "populate_user_directory";

	static final String CLEANUP = "populate_user_directory_cleanup";

	private UserDirectoryUpdates() {
	}

	/**
	 * Writes the directory's rows, a batch of accounts at a time.
	 */
	static final class Populate implements BackgroundUpdate {

		@Override
		public String name() {
			return POPULATE;
		}

		@Override
		public Batch run(JdbcClient jdbc, Map<String, Object> progress, int batchSize) {
			String after = (progress.get("last_user_id") instanceof String last) ? last : "";
			List<String> written = UserDirectoryIndex.backfill(jdbc, after, batchSize);
			if (written.size() < batchSize) {
				return Batch.done(written.size());
			}
			return new Batch(written.size(), Map.of("last_user_id", written.get(written.size() - 1)));
		}

	}

	/**
	 * Removes the rows of users that no longer exist.
	 */
	static final class Cleanup implements BackgroundUpdate {

		@Override
		public String name() {
			return CLEANUP;
		}

		@Override
		public boolean oneShot() {
			return true;
		}

		@Override
		public Batch run(JdbcClient jdbc, Map<String, Object> progress, int batchSize) {
			return Batch.done(Math.max(1, UserDirectoryIndex.removeStale(jdbc)));
		}

	}

}
