package org.modulehost.homeserver.rooms;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.HomeserverProperties;
import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.RatelimitOverride;
import org.modulehost.homeserver.support.Await;
import org.modulehost.homeserver.support.Callbacks;

/**
 * A rate limiter, Synapse's leaky bucket per key (a user ID or a client address): each action
 * fills the key's bucket by one, the bucket drains at the rate, and an action that would overflow
 * the burst is refused with 429 {@code M_LIMIT_EXCEEDED} and {@code retry_after_ms}. A limiter
 * made {@link #overridable} asks modules on every check for the user's own rate and burst
 * ({@code RatelimitCallbacks}); Synapse asks only for its invite limiters, this server also for
 * {@code rc_message}, and none of the address- or account-keyed limiters asks. A rate of 0 means
 * unlimited. At most {@value #MAX_KEYS} keys are tracked per limiter, each until its bucket
 * drained (at least an hour), so a flood of new keys cannot exhaust memory.
 */
public final class Ratelimiter {

	static final int MAX_KEYS = 100_000;

	private final String name;

	private final double perSecond;

	private final int burstCount;

	private final @Nullable Callbacks callbacks;

	private final Clock clock;

	private final Cache<String, Bucket> buckets;

	private Ratelimiter(String name, HomeserverProperties.Limit limit, @Nullable Callbacks callbacks, Clock clock) {
		this.name = name;
		this.perSecond = limit.getPerSecond();
		this.burstCount = limit.getBurstCount();
		this.callbacks = callbacks;
		this.clock = clock;
		this.buckets = Caffeine.newBuilder()
			.maximumSize(MAX_KEYS)
			.expireAfterAccess(retention(this.perSecond, this.burstCount))
			.build();
	}

	/**
	 * Creates a limiter whose rate and burst modules may replace per user.
	 * @param name the limiter's name given to modules, Synapse's ({@code rc_invites.per_user})
	 * @param limit the rate and burst
	 * @param callbacks the callback dispatchers
	 * @param clock the clock
	 * @return the limiter, keyed by user ID
	 */
	public static Ratelimiter overridable(String name, HomeserverProperties.Limit limit, Callbacks callbacks,
			Clock clock) {
		return new Ratelimiter(name, limit, callbacks, clock);
	}

	/**
	 * Creates a limiter modules cannot change, as Synapse's limiters other than the invite ones.
	 * @param name the limiter's name, Synapse's ({@code rc_login.address})
	 * @param limit the rate and burst
	 * @param clock the clock
	 * @return the limiter
	 */
	public static Ratelimiter fixed(String name, HomeserverProperties.Limit limit, Clock clock) {
		return new Ratelimiter(name, limit, null, clock);
	}

	/**
	 * Counts an action of a key, or refuses it.
	 * @param key the user ID or client address
	 * @throws MatrixError 429 {@code M_LIMIT_EXCEEDED} when the key's burst is used up
	 */
	public void check(String key) {
		take(key, key, true, true);
	}

	/**
	 * Counts an action of a key that is not a user, or refuses it; modules are asked for the
	 * rate of the user who acts, as Synapse's limiters keyed by room or recipient do.
	 * @param key the room ID or user ID the bucket belongs to
	 * @param userId the user who acts
	 * @throws MatrixError 429 {@code M_LIMIT_EXCEEDED} when the key's burst is used up
	 */
	public void check(String key, String userId) {
		take(key, userId, true, true);
	}

	/**
	 * Refuses an action when the key's burst is used up, without counting it (Synapse's
	 * {@code update=False}): for a check before the action, counted later if it happens.
	 * @param key the user ID or client address
	 * @throws MatrixError 429 {@code M_LIMIT_EXCEEDED} when the key's burst is used up
	 */
	public void checkWithoutCounting(String key) {
		take(key, key, false, true);
	}

	/**
	 * Counts an action of a key if its burst allows it, and never refuses (Synapse's
	 * {@code can_do_action}): for failures counted after the fact.
	 * @param key the user ID or client address
	 */
	public void count(String key) {
		take(key, key, true, false);
	}

	/**
	 * Returns the limiter's name.
	 * @return Synapse's name of it
	 */
	public String name() {
		return this.name;
	}

	private void take(String key, String userId, boolean record, boolean refuse) {
		RatelimitOverride override = override(userId);
		double rate = (override != null) ? override.perSecond() : this.perSecond;
		int burst = (override != null) ? override.burstCount() : this.burstCount;
		if (rate <= 0) {
			return;
		}
		Bucket bucket = record ? this.buckets.get(key, (ignored) -> new Bucket()) : this.buckets.getIfPresent(key);
		if (bucket == null) {
			bucket = new Bucket();
		}
		long retryAfterMs = bucket.take(this.clock.millis(), rate, burst, record);
		if (retryAfterMs > 0 && refuse) {
			throw new MatrixError(429, Codes.LIMIT_EXCEEDED, "Too Many Requests",
					Map.of("retry_after_ms", retryAfterMs));
		}
	}

	private @Nullable RatelimitOverride override(String key) {
		return (this.callbacks != null) ? Await.callback(
				this.callbacks.ratelimit().getRatelimitOverrideForUser(key, this.name), "getRatelimitOverrideForUser")
				: null;
	}

	/**
	 * How long an unused bucket is kept: until it drained, and at least an hour (a module may
	 * lower the rate for a user).
	 */
	private static Duration retention(double perSecond, int burstCount) {
		Duration drained = (perSecond > 0) ? Duration.ofSeconds((long) Math.ceil(burstCount / perSecond) + 1)
				: Duration.ZERO;
		Duration hour = Duration.ofHours(1);
		return (drained.compareTo(hour) > 0) ? drained : hour;
	}

	/**
	 * Tells whether the user's bucket has room for {@code count} actions now, without taking
	 * them.
	 * @param userId the user
	 * @param count the actions
	 * @return {@code true} when they would all be allowed
	 */
	boolean allows(String userId, int count) {
		RatelimitOverride override = override(userId);
		double rate = (override != null) ? override.perSecond() : this.perSecond;
		int burst = (override != null) ? override.burstCount() : this.burstCount;
		if (rate <= 0) {
			return true;
		}
		Bucket bucket = this.buckets.getIfPresent(userId);
		return count <= burst && (bucket == null || bucket.room(this.clock.millis(), rate, burst) >= count);
	}

	/**
	 * A key's bucket: the actions counted, drained since {@code startMs}.
	 */
	static final class Bucket {

		private double count;

		private long startMs;

		synchronized double room(long nowMs, double rate, int burst) {
			return burst - Math.max(0, this.count - (nowMs - this.startMs) / 1000.0 * rate);
		}

				/**
		 * Takes one action from the bucket.
		 * @return 0 when the action is allowed, else how long until it would be
		 */
		synchronized long take(long nowMs, double rate, int burst, boolean record) {
			double performed = Math.max(0, this.count - (nowMs - this.startMs) / 1000.0 * rate);
			if (performed + 1 <= burst) {
				if (record) {
					this.count = performed + 1;
					this.startMs = nowMs;
				}
				return 0;
			}
			double waitSeconds = (performed + 1 - burst) / rate;
			return Math.max(1, (long) Math.ceil(waitSeconds * 1000));
		}

	}

}
