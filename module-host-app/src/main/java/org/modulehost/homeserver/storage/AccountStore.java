package org.modulehost.homeserver.storage;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;

/**
 * Local accounts, their devices and access tokens. Accounts and tokens are cached for a short
 * time; every change goes through this class, which invalidates the caches after its commit and
 * announces the change to the other instances sharing the database, whose caches drop the
 * entries when the notification arrives (and keep nothing while notifications do not arrive).
 */
public final class AccountStore {

	private static final String USER_COLUMNS = "user_id, password_hash, is_admin, is_deactivated, is_shadow_banned, "
			+ "creation_ts, displayname, avatar_url";

	private static final RowMapper<UserRecord> USER = (rs, row) -> new UserRecord(rs.getString(1), rs.getString(2),
			rs.getBoolean(3), rs.getBoolean(4), rs.getBoolean(5), rs.getLong(6), rs.getString(7), rs.getString(8));

	private static final String DEVICE_COLUMNS = "device_id, display_name, last_seen_ip, last_seen_ts";

	private static final RowMapper<DeviceRecord> DEVICE = (rs, row) -> new DeviceRecord(rs.getString(1),
			rs.getString(2), rs.getString(3), (rs.getObject(4) != null) ? rs.getLong(4) : null);

	private final Database db;

	private final ChangeNotifications changes;

	private final CoherentCache<String, UserRecord> users;

	private final CoherentCache<String, TokenRecord> tokens;

	/**
	 * Creates the store.
	 * @param db the database
	 * @param changes the notifications between instances
	 */
	public AccountStore(Database db, ChangeNotifications changes) {
		this.db = db;
		this.changes = changes;
		this.users = new CoherentCache<>(shortLived(), changes::isReceiving);
		this.tokens = new CoherentCache<>(shortLived(), changes::isReceiving);
		changes.addListener(new Invalidations(this.users, this.tokens));
	}

	private static <K, V> Cache<K, V> shortLived() {
		return Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(5)).build();
	}

	/**
	 * Creates an account.
	 * @param user the new account
	 * @return {@code false} if the user ID (in any case) is taken
	 */
	public boolean createUser(UserRecord user) {
		try {
			return this.db.transaction((jdbc) -> {
				if (findUserIgnoringCase(user.userId()).isPresent()) {
					return false;
				}
				jdbc.sql("INSERT INTO hs_users (" + USER_COLUMNS + ", user_id_lower) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
					.params(user.userId(), user.passwordHash(), user.admin(), user.deactivated(), user.shadowBanned(),
							user.creationTs(), user.displayName(), user.avatarUrl(),
							user.userId().toLowerCase(Locale.ROOT))
					.update();
				UserDirectoryIndex.upsert(jdbc, user.userId(), user.displayName(), user.avatarUrl());
				return true;
			});
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	/**
	 * Reads an account.
	 * @param userId the user, exactly
	 * @return the account, or empty if there is none
	 */
	public Optional<UserRecord> user(String userId) {
		return this.users.get(userId, (key) -> this.db.jdbc()
			.sql("SELECT " + USER_COLUMNS + " FROM hs_users WHERE user_id = ?")
			.param(key)
			.query(USER)
			.optional());
	}

	/**
	 * Finds an account by its user ID in any case.
	 * @param userId the user ID
	 * @return the account, or empty if there is none
	 */
	public Optional<UserRecord> findUserIgnoringCase(String userId) {
		List<UserRecord> found = this.db.jdbc()
			.sql("SELECT " + USER_COLUMNS + " FROM hs_users WHERE user_id_lower = ? ORDER BY user_id")
			.param(userId.toLowerCase(Locale.ROOT))
			.query(USER)
			.list();
		return found.stream().filter((user) -> user.userId().equals(userId)).findFirst()
			.or(() -> found.stream().findFirst());
	}

	/**
	 * Lists accounts whose user ID or display name contains a term, ignoring case, as the user
	 * directory ({@link UserDirectoryIndex}) knows them.
	 * @param term the term
	 * @param limit at most this many
	 * @return the accounts, by user ID
	 */
	public List<UserRecord> search(String term, int limit) {
		String pattern = "%" + term.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
			.replace("_", "\\_") + "%";
		return this.db.jdbc()
			.sql("SELECT " + USER_COLUMNS + " FROM hs_users WHERE is_deactivated = FALSE AND user_id IN ("
					+ "SELECT d.user_id FROM hs_user_directory d WHERE d.user_id_lower LIKE ? ESCAPE '\\' "
					+ "OR d.display_name_lower LIKE ? ESCAPE '\\') ORDER BY user_id LIMIT ?")
			.params(pattern, pattern, limit)
			.query(USER)
			.list();
	}

	/**
	 * Sets a user's display name and avatar URL.
	 * @param userId the user
	 * @param displayName the display name, or {@code null} to remove it
	 * @param avatarUrl the avatar URL, or {@code null} to remove it
	 */
	public void setProfile(String userId, @Nullable String displayName, @Nullable String avatarUrl) {
		this.db.transaction((jdbc) -> {
			jdbc.sql("UPDATE hs_users SET displayname = ?, avatar_url = ? WHERE user_id = ?")
				.params(displayName, avatarUrl, userId)
				.update();
			UserDirectoryIndex.upsert(jdbc, userId, displayName, avatarUrl);
			this.changes.accountChanged(userId);
			return null;
		});
		this.users.invalidate(userId);
	}

	/**
	 * Makes a user a server administrator or not.
	 * @param userId the user
	 * @param admin whether the user is an administrator
	 */
	public void setAdmin(String userId, boolean admin) {
		this.db.transaction((jdbc) -> {
			jdbc.sql("UPDATE hs_users SET is_admin = ? WHERE user_id = ?").params(admin, userId).update();
			this.changes.accountChanged(userId);
			return null;
		});
		this.users.invalidate(userId);
	}

	/**
	 * Sets or removes a user's password.
	 * @param userId the user
	 * @param passwordHash the new hash, or {@code null} for an account that cannot log in with a
	 * password
	 */
	public void setPasswordHash(String userId, @Nullable String passwordHash) {
		updateUser(userId, "password_hash", passwordHash);
	}

	/**
	 * Marks a user deactivated or active.
	 * @param userId the user
	 * @param deactivated whether the account is deactivated
	 */
	public void setDeactivated(String userId, boolean deactivated) {
		updateUser(userId, "is_deactivated", deactivated);
	}

	private void updateUser(String userId, String column, @Nullable Object value) {
		this.db.transaction((jdbc) -> {
			jdbc.sql("UPDATE hs_users SET " + column + " = ? WHERE user_id = ?").params(value, userId).update();
			this.changes.accountChanged(userId);
			return null;
		});
		this.users.invalidate(userId);
	}

	/**
	 * Creates or renames a device and issues an access token for it, dropping the device's
	 * earlier tokens. The token is stored as its hash ({@link AccessTokens#hash}).
	 * @param token the new access token, in clear
	 * @param displayName the device's display name, or {@code null} to keep it
	 * @param createdTs when the token was issued
	 * @return the hashes of the access tokens that stopped being valid
	 */
	public List<String> issueToken(TokenRecord token, @Nullable String displayName, long createdTs) {
		List<String> dropped = this.db.transaction((jdbc) -> {
			int updated = jdbc
				.sql("UPDATE hs_devices SET display_name = COALESCE(?, display_name) WHERE user_id = ? AND device_id = ?")
				.params(displayName, token.userId(), token.deviceId())
				.update();
			if (updated == 0) {
				jdbc.sql("INSERT INTO hs_devices (user_id, device_id, display_name) VALUES (?, ?, ?)")
					.params(token.userId(), token.deviceId(), displayName)
					.update();
			}
			List<String> old = jdbc.sql("SELECT token FROM hs_access_tokens WHERE user_id = ? AND device_id = ?")
				.params(token.userId(), token.deviceId())
				.query(String.class)
				.list();
			jdbc.sql("DELETE FROM hs_access_tokens WHERE user_id = ? AND device_id = ?")
				.params(token.userId(), token.deviceId())
				.update();
			jdbc.sql("INSERT INTO hs_access_tokens (token, user_id, device_id, created_ts) VALUES (?, ?, ?, ?)")
				.params(AccessTokens.hash(token.token()), token.userId(), token.deviceId(), createdTs)
				.update();
			if (!old.isEmpty()) {
				this.changes.tokensChanged(token.userId());
			}
			return old;
		});
		dropped.forEach(this.tokens::invalidate);
		return dropped;
	}

	/**
	 * Looks up an access token by its hash.
	 * @param token the token as the client presented it
	 * @return whom it belongs to, with the token as presented, or empty if it is not valid
	 */
	public Optional<TokenRecord> token(String token) {
		return this.tokens.get(AccessTokens.hash(token), (key) -> this.db.jdbc()
			.sql("SELECT token, user_id, device_id FROM hs_access_tokens WHERE token = ?")
			.param(key)
			.query((rs, row) -> new TokenRecord(rs.getString(1), rs.getString(2), rs.getString(3)))
			.optional())
			.map((stored) -> new TokenRecord(token, stored.userId(), stored.deviceId()));
	}

	/**
	 * Lists a user's access tokens, as stored: their {@link TokenRecord#token()} is the hash.
	 * @param userId the user
	 * @return the tokens, their hashes in place of the tokens
	 */
	public List<TokenRecord> tokensOf(String userId) {
		return this.db.jdbc()
			.sql("SELECT token, user_id, device_id FROM hs_access_tokens WHERE user_id = ? ORDER BY created_ts")
			.param(userId)
			.query((rs, row) -> new TokenRecord(rs.getString(1), rs.getString(2), rs.getString(3)))
			.list();
	}

	/**
	 * Logs a device out: deletes its tokens and the device.
	 * @param token the token whose device logs out (only its user and device are read)
	 */
	public void deleteDevice(TokenRecord token) {
		List<String> dropped = this.db.transaction((jdbc) -> {
			List<String> old = jdbc.sql("SELECT token FROM hs_access_tokens WHERE user_id = ? AND device_id = ?")
				.params(token.userId(), token.deviceId())
				.query(String.class)
				.list();
			jdbc.sql("DELETE FROM hs_access_tokens WHERE user_id = ? AND device_id = ?")
				.params(token.userId(), token.deviceId())
				.update();
			jdbc.sql("DELETE FROM hs_devices WHERE user_id = ? AND device_id = ?")
				.params(token.userId(), token.deviceId())
				.update();
			this.changes.tokensChanged(token.userId());
			return old;
		});
		dropped.forEach(this.tokens::invalidate);
	}

	/**
	 * Lists a user's devices.
	 * @param userId the user
	 * @return the devices, by device ID
	 */
	public List<DeviceRecord> devices(String userId) {
		return this.db.jdbc()
			.sql("SELECT " + DEVICE_COLUMNS + " FROM hs_devices WHERE user_id = ? ORDER BY device_id")
			.param(userId)
			.query(DEVICE)
			.list();
	}

	/**
	 * Reads one device of a user.
	 * @param userId the user
	 * @param deviceId the device
	 * @return the device, or empty if the user has none by that ID
	 */
	public Optional<DeviceRecord> device(String userId, String deviceId) {
		return this.db.jdbc()
			.sql("SELECT " + DEVICE_COLUMNS + " FROM hs_devices WHERE user_id = ? AND device_id = ?")
			.params(userId, deviceId)
			.query(DEVICE)
			.optional();
	}

	/**
	 * Renames a device.
	 * @param userId the user
	 * @param deviceId the device
	 * @param displayName the new display name, or {@code null} to remove it
	 * @return whether the device exists
	 */
	public boolean renameDevice(String userId, String deviceId, @Nullable String displayName) {
		return this.db.jdbc()
			.sql("UPDATE hs_devices SET display_name = ? WHERE user_id = ? AND device_id = ?")
			.params(displayName, userId, deviceId)
			.update() > 0;
	}

	/**
	 * Records that a device made an authenticated request.
	 * @param userId the user
	 * @param deviceId the device
	 * @param ip the client's address
	 * @param ts when
	 */
	public void deviceSeen(String userId, String deviceId, String ip, long ts) {
		this.db.jdbc()
			.sql("UPDATE hs_devices SET last_seen_ts = ?, last_seen_ip = ? WHERE user_id = ? AND device_id = ?")
			.params(ts, ip, userId, deviceId)
			.update();
	}

	/**
	 * Deletes a device without access tokens (a device that has tokens is logged out through
	 * {@link #deleteDevice}).
	 * @param userId the user
	 * @param deviceId the device
	 */
	public void deleteDeviceRow(String userId, String deviceId) {
		this.db.jdbc()
			.sql("DELETE FROM hs_devices WHERE user_id = ? AND device_id = ?")
			.params(userId, deviceId)
			.update();
	}

	/**
	 * Drops what the other instances' changes made stale.
	 */
	private record Invalidations(CoherentCache<String, UserRecord> users,
			CoherentCache<String, TokenRecord> tokens) implements ChangeNotifications.Listener {

		@Override
		public void accountChanged(String userId) {
			this.users.invalidate(userId);
		}

		@Override
		public void tokensChanged(String userId) {
			this.tokens.invalidateIf((token) -> token.userId().equals(userId));
		}

		@Override
		public void missed() {
			this.users.invalidateAll();
			this.tokens.invalidateAll();
		}

	}

}
