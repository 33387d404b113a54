package org.modulehost.homeserver.api;

import java.time.Duration;
import java.util.Objects;

/**
 * A limit on how much one user may upload in a time period, Synapse's {@code MediaUploadLimit}:
 * an upload is refused when it would bring the bytes the user uploaded in the last
 * {@link #timePeriod()} over {@link #maxBytes()}.
 *
 * @param maxBytes the most bytes a user may upload in the period
 * @param timePeriod the period, counted back from each upload
 */
public record MediaUploadLimit(long maxBytes, Duration timePeriod) {

	/**
	 * Checks the limit.
	 * @param maxBytes the most bytes a user may upload in the period, not negative
	 * @param timePeriod the period, positive
	 * @throws IllegalArgumentException if {@code maxBytes} is negative or the period not positive
	 */
	public MediaUploadLimit {
		Objects.requireNonNull(timePeriod, "timePeriod");
		if (maxBytes < 0) {
			throw new IllegalArgumentException("maxBytes must not be negative (it is " + maxBytes + ")");
		}
		if (timePeriod.isZero() || timePeriod.isNegative()) {
			throw new IllegalArgumentException("timePeriod must be positive (it is " + timePeriod + ")");
		}
	}

}
