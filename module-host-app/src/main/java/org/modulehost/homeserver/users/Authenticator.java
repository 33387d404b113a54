package org.modulehost.homeserver.users;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.Requester;
import org.modulehost.homeserver.storage.AccessTokens;
import org.modulehost.homeserver.storage.AccountStore;
import org.modulehost.homeserver.storage.TokenRecord;
import org.modulehost.homeserver.storage.UserIpStore;
import org.modulehost.homeserver.support.Await;
import org.modulehost.homeserver.support.Callbacks;

/**
 * Authenticates requests by their access token and applies the account-validity check.
 */
public final class Authenticator {

	private final AccountStore accounts;

	private final Callbacks callbacks;

	private final Clock clock;

	private final @Nullable UserIpStore userIps;

	/**
	 * The access tokens, addresses and user agents whose last-seen time this instance wrote in
	 * the last minute: written at most once a minute each, as Synapse's {@code user_ips}.
	 */
	private final Cache<String, Boolean> recentIps = Caffeine.newBuilder()
		.maximumSize(100_000)
		.expireAfterWrite(Duration.ofMinutes(1))
		.build();

	/**
	 * The devices whose last-seen time this instance wrote in the last minute, with the address
	 * it wrote: a device's {@code last_seen_ts} is written at most once a minute per instance (or
	 * at once when its address changes), not on every request.
	 */
	private final Cache<String, String> recentlySeen = Caffeine.newBuilder()
		.maximumSize(100_000)
		.expireAfterWrite(Duration.ofMinutes(1))
		.build();

	/**
	 * Creates the authenticator.
	 * @param accounts the accounts
	 * @param callbacks the callback dispatchers
	 * @param clock the clock
	 */
	public Authenticator(AccountStore accounts, Callbacks callbacks, Clock clock) {
		this(accounts, callbacks, clock, null);
	}

	/**
	 * Creates the authenticator that also records the address and user agent of each access
	 * token's requests.
	 * @param accounts the accounts
	 * @param callbacks the callback dispatchers
	 * @param clock the clock
	 * @param userIps where addresses and user agents are recorded, or {@code null} not to
	 */
	public Authenticator(AccountStore accounts, Callbacks callbacks, Clock clock, @Nullable UserIpStore userIps) {
		this.accounts = accounts;
		this.callbacks = callbacks;
		this.clock = clock;
		this.userIps = userIps;
	}

	/**
	 * Authenticates a request, refusing expired accounts.
	 * @param request the request
	 * @return who made it
	 * @throws MatrixError 401 {@code M_MISSING_TOKEN} or {@code M_UNKNOWN_TOKEN}, 403
	 * {@code ORG_MATRIX_EXPIRED_ACCOUNT}
	 */
	public Requester authenticate(HttpServletRequest request) {
		TokenRecord token = token(request, false);
		return new Requester(token.userId(), token.deviceId(), false);
	}

	/**
	 * Authenticates a request and returns its token.
	 * @param request the request
	 * @param allowExpired whether an expired account may make it (logouts)
	 * @return the access token's record
	 * @throws MatrixError 401 {@code M_MISSING_TOKEN} or {@code M_UNKNOWN_TOKEN}, 403
	 * {@code ORG_MATRIX_EXPIRED_ACCOUNT}
	 */
	public TokenRecord token(HttpServletRequest request, boolean allowExpired) {
		String token = accessToken(request);
		if (token == null) {
			throw new MatrixError(401, Codes.MISSING_TOKEN, "Missing access token");
		}
		TokenRecord record = this.accounts.token(token)
			.orElseThrow(() -> new MatrixError(401, Codes.UNKNOWN_TOKEN, "Unknown access token",
					Map.of("soft_logout", false)));
		if (!allowExpired) {
			checkNotExpired(record.userId());
		}
		seen(record, request.getRemoteAddr());
		UserIpStore ips = this.userIps;
		if (ips != null) {
			recordIp(ips, record, request.getRemoteAddr(), request.getHeader("User-Agent"));
		}
		return record;
	}

	private void recordIp(UserIpStore ips, TokenRecord token, String ip, @Nullable String userAgent) {
		String agent = (userAgent != null) ? userAgent.substring(0, Math.min(userAgent.length(), 512)) : "";
		String hash = AccessTokens.hash(token.token());
		String key = hash + "\n" + ip + "\n" + agent;
		if (this.recentIps.getIfPresent(key) != null) {
			return;
		}
		this.recentIps.put(key, Boolean.TRUE);
		ips.seen(hash, token.userId(), token.deviceId(), ip, agent, this.clock.millis());
	}

	private void seen(TokenRecord token, String ip) {
		String device = token.userId() + "\n" + token.deviceId();
		if (ip.equals(this.recentlySeen.getIfPresent(device))) {
			return;
		}
		this.recentlySeen.put(device, ip);
		this.accounts.deviceSeen(token.userId(), token.deviceId(), ip, this.clock.millis());
	}

	/**
	 * Refuses a user whose account a module says expired.
	 * @param userId the user
	 * @throws MatrixError 403 {@code ORG_MATRIX_EXPIRED_ACCOUNT}
	 */
	public void checkNotExpired(String userId) {
		Boolean expired = Await.callback(this.callbacks.accountValidity().isUserExpired(userId), "isUserExpired");
		if (Boolean.TRUE.equals(expired)) {
			throw new MatrixError(403, Codes.EXPIRED_ACCOUNT, "User account has expired");
		}
	}

	private static @Nullable String accessToken(HttpServletRequest request) {
		String header = request.getHeader("Authorization");
		if (header != null) {
			if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
				String token = header.substring(7).trim();
				return token.isEmpty() ? null : token;
			}
			throw new MatrixError(401, Codes.MISSING_TOKEN, "Invalid Authorization header: expected 'Bearer <token>'");
		}
		String parameter = request.getParameter("access_token");
		return (parameter == null || parameter.isEmpty()) ? null : parameter;
	}

}
