package org.modulehost.homeserver.storage;

import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;

/**
 * What account administration keeps beside the accounts: the users still leaving their rooms
 * after a deactivation, the erased users, and the paged list of accounts of the admin API.
 */
public final class UserAdminStore {

	private final Database db;

	/**
	 * Creates the store.
	 * @param db the database
	 */
	public UserAdminStore(Database db) {
		this.db = db;
	}

	/**
	 * Records that a deactivated user still has to leave their rooms.
	 * @param userId the user
	 */
	public void addPendingDeactivation(String userId) {
		insertOnce("INSERT INTO hs_users_pending_deactivation (user_id) VALUES (?)", userId);
	}

	/**
	 * Records that a deactivated user left their rooms.
	 * @param userId the user
	 */
	public void removePendingDeactivation(String userId) {
		this.db.jdbc().sql("DELETE FROM hs_users_pending_deactivation WHERE user_id = ?").param(userId).update();
	}

	/**
	 * Lists the deactivated users who still have to leave their rooms.
	 * @return the users
	 */
	public List<String> pendingDeactivations() {
		return this.db.jdbc()
			.sql("SELECT user_id FROM hs_users_pending_deactivation ORDER BY user_id")
			.query(String.class)
			.list();
	}

	/**
	 * Marks a user erased or not.
	 * @param userId the user
	 * @param erased whether the user is erased
	 */
	public void setErased(String userId, boolean erased) {
		if (erased) {
			insertOnce("INSERT INTO hs_erased_users (user_id) VALUES (?)", userId);
		}
		else {
			this.db.jdbc().sql("DELETE FROM hs_erased_users WHERE user_id = ?").param(userId).update();
		}
	}

	/**
	 * Tells whether a user was erased.
	 * @param userId the user
	 * @return whether the user was deactivated with {@code erase}
	 */
	public boolean isErased(String userId) {
		return this.db.jdbc()
			.sql("SELECT COUNT(*) FROM hs_erased_users WHERE user_id = ?")
			.param(userId)
			.query(Long.class)
			.single() > 0;
	}

	/**
	 * Removes all of a user's account data, global and per room (which holds their push rules
	 * and pushers too), as Synapse's {@code purge_account_data_for_user} on deactivation.
	 * @param userId the user
	 */
	public void purgeAccountData(String userId) {
		this.db.jdbc().sql("DELETE FROM hs_account_data WHERE user_id = ?").param(userId).update();
	}

	/**
	 * Lists accounts for the admin API, by user ID.
	 * @param query which accounts, and which page
	 * @return the page
	 */
	public List<UserRecord> users(UserQuery query) {
		return this.db.jdbc()
			.sql("SELECT user_id, password_hash, is_admin, is_deactivated, is_shadow_banned, creation_ts, displayname, "
					+ "avatar_url FROM hs_users" + where(query) + " ORDER BY user_id LIMIT ? OFFSET ?")
			.params(params(query, query.limit(), query.from()))
			.query((rs, row) -> new UserRecord(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getBoolean(4),
					rs.getBoolean(5), rs.getLong(6), rs.getString(7), rs.getString(8)))
			.list();
	}

	/**
	 * Counts the accounts a query finds, all pages together.
	 * @param query which accounts
	 * @return how many
	 */
	public long count(UserQuery query) {
		return this.db.jdbc()
			.sql("SELECT COUNT(*) FROM hs_users" + where(query))
			.params(params(query))
			.query(Long.class)
			.single();
	}

	private static String where(UserQuery query) {
		StringBuilder where = new StringBuilder(" WHERE 1 = 1");
		if (!query.deactivated()) {
			where.append(" AND is_deactivated = FALSE");
		}
		if (query.name() != null) {
			where.append(" AND (user_id_lower LIKE ? ESCAPE '\\' OR LOWER(displayname) LIKE ? ESCAPE '\\')");
		}
		return where.toString();
	}

	private static List<Object> params(UserQuery query, Object... more) {
		List<Object> params = new java.util.ArrayList<>();
		if (query.name() != null) {
			String pattern = "%" + query.name().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
				.replace("_", "\\_") + "%";
			params.add(pattern);
			params.add(pattern);
		}
		params.addAll(List.of(more));
		return params;
	}

	private void insertOnce(String sql, String userId) {
		try {
			this.db.jdbc().sql(sql).param(userId).update();
		}
		catch (DuplicateKeyException ex) {
			// Already recorded.
		}
	}

	/**
	 * A query of the admin API's user list.
	 *
	 * @param name a part of the user ID or display name, ignoring case, or {@code null} for all
	 * @param deactivated whether deactivated accounts are listed too
	 * @param from how many accounts to skip
	 * @param limit the most accounts to answer
	 */
	public record UserQuery(@Nullable String name, boolean deactivated, long from, int limit) {

	}

}
