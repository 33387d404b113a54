package org.modulehost.homeserver.api;

import java.time.Duration;

/**
 * One batch of a background update, as a controller module paces it: Synapse's {@code on_update}
 * context manager. The host asks for a lease before each batch
 * ({@code BackgroundUpdateControllerCallbacks.onUpdate}), reads {@link #targetDuration()} to size
 * the batch, runs the batch, and then calls {@link #close()}, also when the batch failed. A
 * module may block in {@code onUpdate} to hold batches back (for example outside the night); the
 * host gives up waiting after the callback timeout and runs the batch at its own pace.
 */
public interface BackgroundUpdateLease extends AutoCloseable {

	/**
	 * Returns how long the next batch should take; the host sizes the batch from the rate of the
	 * previous ones so that it takes about this long. Ignored by one-shot updates.
	 * @return the target duration, positive
	 */
	Duration targetDuration();

	/**
	 * Tells the module that the batch is done (committed or failed). Called exactly once, on
	 * the host's background-update thread; an exception is logged and otherwise ignored.
	 */
	@Override
	void close();

}
