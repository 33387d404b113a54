package org.modulehost.cache;

import java.util.function.Consumer;

/**
 * Carries module cache invalidations to the other instances of a deployment.
 *
 * <p>The default bus does nothing (one instance). A transport such as Redis pub/sub implements
 * it: {@link #publish} sends to every other instance, and the receiver registered with
 * {@link #subscribe} gets what the others sent, never this instance's own messages. When the
 * transport may have lost messages (a dropped connection), it calls the {@code resync} action so
 * the cache feature clears every module cache.
 */
public interface InvalidationBus {

	/**
	 * Sends an invalidation to every other instance. Returns without waiting for them; a failure
	 * to send is logged by the transport and counted, never thrown to the module.
	 * @param invalidation what to drop
	 */
	void publish(Invalidation invalidation);

	/**
	 * Registers the receiver of other instances' invalidations. Called once, at start-up.
	 * @param receiver applies an invalidation locally
	 * @param resync clears every local module cache after messages may have been lost
	 */
	void subscribe(Consumer<Invalidation> receiver, Runnable resync);

	/**
	 * Tells whether the other instances' invalidations reach this instance: {@code false} while a
	 * transport's subscription is not yet confirmed, when this instance must not be sent traffic
	 * (the {@code moduleCacheInvalidation} health indicator reports it, for the readiness probe).
	 * @return whether invalidations are being received; {@code true} for a single instance
	 */
	default boolean isReceiving() {
		return true;
	}

	/**
	 * A bus for a single instance: sends nothing, receives nothing.
	 */
	InvalidationBus NONE = new InvalidationBus() {

		@Override
		public void publish(Invalidation invalidation) {
		}

		@Override
		public void subscribe(Consumer<Invalidation> receiver, Runnable resync) {
		}

	};

}
