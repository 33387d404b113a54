package org.modulehost.homeserver.storage;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.UserIpAndAgent;

/**
 * The client addresses and user agents of each access token's requests, with when each was
 * last seen (Synapse's {@code user_ips}): what {@code /_synapse/admin/v1/whois} and
 * {@code HomeserverModuleApi.getUserIpAndAgents} answer.
 */
public final class UserIpStore {

	private final Database db;

	/**
	 * Creates the store.
	 * @param db the database
	 */
	public UserIpStore(Database db) {
		this.db = db;
	}

	/**
	 * Records a request of an access token.
	 * @param tokenHash the access token's hash
	 * @param userId the user
	 * @param deviceId the device
	 * @param ip the client's address
	 * @param userAgent the client's user agent, empty when it sent none
	 * @param ts when
	 */
	public void seen(String tokenHash, String userId, @Nullable String deviceId, String ip, String userAgent,
			long ts) {
		this.db.transaction((jdbc) -> {
			int updated = jdbc
				.sql("UPDATE hs_user_ips SET last_seen = ? WHERE token = ? AND ip = ? AND user_agent = ?")
				.params(ts, tokenHash, ip, userAgent)
				.update();
			if (updated == 0) {
				jdbc.sql("INSERT INTO hs_user_ips (token, user_id, device_id, ip, user_agent, last_seen) "
						+ "VALUES (?, ?, ?, ?, ?, ?)")
					.params(tokenHash, userId, deviceId, ip, userAgent, ts)
					.update();
			}
			return null;
		});
	}

	/**
	 * Lists the addresses and user agents a user's requests came from, newest first, one entry
	 * per address and agent.
	 * @param userId the user
	 * @param sinceTs only those seen at or after this time
	 * @return the entries
	 */
	public List<UserIpAndAgent> ipsAndAgents(String userId, long sinceTs) {
		return this.db.jdbc()
			.sql("SELECT ip, user_agent, MAX(last_seen) AS seen FROM hs_user_ips WHERE user_id = ? AND last_seen >= ? "
					+ "GROUP BY ip, user_agent ORDER BY seen DESC")
			.params(userId, sinceTs)
			.query((rs, row) -> new UserIpAndAgent(rs.getString(1), rs.getString(2), rs.getLong(3)))
			.list();
	}

	/**
	 * Returns when a user last made a request.
	 * @param userId the user
	 * @return the time, or {@code null} if never
	 */
	public @Nullable Long lastSeen(String userId) {
		return this.db.jdbc()
			.sql("SELECT MAX(last_seen) FROM hs_user_ips WHERE user_id = ?")
			.param(userId)
			.query(Long.class)
			.optional()
			.orElse(null);
	}

}
