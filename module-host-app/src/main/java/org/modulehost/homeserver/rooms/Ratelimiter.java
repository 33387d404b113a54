package org.modulehost.homeserver.rooms;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.RatelimitOverride;
import org.modulehost.homeserver.support.Await;
import org.modulehost.homeserver.support.Callbacks;

/**
 * One rate limiter per user, Synapse's leaky bucket: each action fills the user's bucket by one,
 * the bucket drains at the rate, and an action that would overflow the burst is refused with 429
 * {@code M_LIMIT_EXCEEDED} and {@code retry_after_ms}. On every check modules may replace the
 * rate and burst for the user ({@code RatelimitCallbacks}); a rate of 0 means unlimited.
 */
final class Ratelimiter {

	private final String name;

	private final double perSecond;

	private final int burstCount;

	private final Callbacks callbacks;

	private final Clock clock;

	private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
		.maximumSize(100_000)
		.expireAfterAccess(Duration.ofHours(1))
		.build();

	Ratelimiter(String name, double perSecond, int burstCount, Callbacks callbacks, Clock clock) {
		this.name = name;
		this.perSecond = perSecond;
		this.burstCount = burstCount;
		this.callbacks = callbacks;
		this.clock = clock;
	}

	void check(String userId) {
		RatelimitOverride override = Await.callback(
				this.callbacks.ratelimit().getRatelimitOverrideForUser(userId, this.name),
				"getRatelimitOverrideForUser");
		double rate = (override != null) ? override.perSecond() : this.perSecond;
		int burst = (override != null) ? override.burstCount() : this.burstCount;
		if (rate <= 0) {
			return;
		}
		Bucket bucket = this.buckets.get(userId, (key) -> new Bucket());
		long retryAfterMs = bucket.take(this.clock.millis(), rate, burst);
		if (retryAfterMs > 0) {
			throw new MatrixError(429, Codes.LIMIT_EXCEEDED, "Too Many Requests",
					Map.of("retry_after_ms", retryAfterMs));
		}
	}

	/**
	 * Tells whether the user's bucket has room for {@code count} actions now, without taking
	 * them.
	 * @param userId the user
	 * @param count the actions
	 * @return {@code true} when they would all be allowed
	 */
	boolean allows(String userId, int count) {
		RatelimitOverride override = Await.callback(
				this.callbacks.ratelimit().getRatelimitOverrideForUser(userId, this.name),
				"getRatelimitOverrideForUser");
		double rate = (override != null) ? override.perSecond() : this.perSecond;
		int burst = (override != null) ? override.burstCount() : this.burstCount;
		if (rate <= 0) {
			return true;
		}
		Bucket bucket = this.buckets.getIfPresent(userId);
		return count <= burst && (bucket == null || bucket.room(this.clock.millis(), rate, burst) >= count);
	}

	String name() {
		return this.name;
	}

	/**
	 * A user's bucket: the actions counted, drained since {@code startMs}.
	 */
	static final class Bucket {

		private double count;

		private long startMs;

		synchronized double room(long nowMs, double rate, int burst) {
			return burst - Math.max(0, this.count - (nowMs - this.startMs) / 1000.0 * rate);
		}

		synchronized long take(long nowMs, double rate, int burst) {
			double performed = Math.max(0, this.count - (nowMs - this.startMs) / 1000.0 * rate);
			if (performed + 1 <= burst) {
				this.count = performed + 1;
				this.startMs = nowMs;
				return 0;
			}
			double waitSeconds = (performed + 1 - burst) / rate;
			return Math.max(1, (long) Math.ceil(waitSeconds * 1000));
		}

	}

}
