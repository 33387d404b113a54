package org.modulehost.cache.actuate;

import org.modulehost.cache.InvalidationBus;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Whether the other instances' module cache invalidations reach this instance: out of service
 * until the invalidation bus's subscription is confirmed (an instance that has just started
 * would otherwise serve values another instance invalidated meanwhile), up for a single instance.
 * Include it in the {@code readiness} health group so a load balancer waits for it.
 */
public class InvalidationHealthIndicator extends AbstractHealthIndicator {

	private final InvalidationBus bus;

	/**
	 * Creates the indicator.
	 * @param bus the invalidation bus
	 */
	public InvalidationHealthIndicator(InvalidationBus bus) {
		super("Module cache invalidation health check failed");
		this.bus = bus;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		if (this.bus.isReceiving()) {
			builder.up();
		}
		else {
			builder.outOfService()
				.withDetail("reason", "not yet subscribed to the other instances' module cache invalidations");
		}
	}

}
