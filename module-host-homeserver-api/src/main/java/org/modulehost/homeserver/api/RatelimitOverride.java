package org.modulehost.homeserver.api;

/**
 * A rate limit that replaces the configured one for one user and one limiter.
 *
 * @param perSecond the sustained rate of actions per second; {@code 0} means unlimited
 * @param burstCount how many actions may happen at once before the rate applies
 */
public record RatelimitOverride(double perSecond, int burstCount) {

}
