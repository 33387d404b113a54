package org.modulehost.homeserver.storage;

import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The user directory ({@code hs_user_directory}) that user search reads: a row per local user
 * with their profile, written with each new account and profile change, and rebuilt from the
 * accounts by the {@code populate_user_directory} background update.
 */
public final class UserDirectoryIndex {

	private UserDirectoryIndex() {
	}

	/**
	 * Writes a user's row; call in the transaction that changes the account.
	 * @param jdbc the transaction's client
	 * @param userId the user
	 * @param displayName the display name, or {@code null}
	 * @param avatarUrl the avatar URL, or {@code null}
	 */
	public static void upsert(JdbcClient jdbc, String userId, @Nullable String displayName, @Nullable String avatarUrl) {
		jdbc.sql("DELETE FROM hs_user_directory WHERE user_id = ?").param(userId).update();
		jdbc.sql("INSERT INTO hs_user_directory (user_id, display_name, avatar_url, user_id_lower, display_name_lower) "
				+ "VALUES (?, ?, ?, ?, ?)")
			.params(userId, displayName, avatarUrl, userId.toLowerCase(Locale.ROOT),
					(displayName != null) ? displayName.toLowerCase(Locale.ROOT) : null)
			.update();
	}

	/**
	 * Writes the rows of the next accounts after a user ID; call in a transaction.
	 * @param jdbc the transaction's client
	 * @param after the last user ID already written ({@code ""} to start)
	 * @param limit the most accounts to read
	 * @return the user IDs written, in order
	 */
	public static List<String> backfill(JdbcClient jdbc, String after, int limit) {
		List<Profile> users = jdbc
			.sql("SELECT user_id, displayname, avatar_url FROM hs_users WHERE user_id > ? ORDER BY user_id LIMIT ?")
			.params(after, limit)
			.query((rs, row) -> new Profile(rs.getString(1), rs.getString(2), rs.getString(3)))
			.list();
		users.forEach((user) -> upsert(jdbc, user.userId(), user.displayName(), user.avatarUrl()));
		return users.stream().map(Profile::userId).toList();
	}

	/**
	 * Removes the rows of users that no longer exist; call in a transaction.
	 * @param jdbc the transaction's client
	 * @return how many rows it removed
	 */
	public static int removeStale(JdbcClient jdbc) {
		return jdbc.sql("DELETE FROM hs_user_directory WHERE user_id NOT IN (SELECT user_id FROM hs_users)").update();
	}

	private record Profile(String userId, @Nullable String displayName, @Nullable String avatarUrl) {

	}

}
