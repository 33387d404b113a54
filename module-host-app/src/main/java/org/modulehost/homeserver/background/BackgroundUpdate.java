package org.modulehost.homeserver.background;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A background update: a named database job done in batches. The runner calls {@link #run} for
 * each chunk of a batch (a batch is as many chunks as fit its target duration), each from the
 * progress the one before returned; a batch runs in one transaction together with the write of
 * the update's progress, so a crash loses no committed batch and repeats none; a call must
 * therefore read its position from the progress it is given only.
 */
public interface BackgroundUpdate {

	/**
	 * Returns the update's name, its row in {@code hs_background_updates}.
	 * @return the name, e.g. {@code event_search}
	 */
	String name();

	/**
	 * Tells whether the update runs in one step (an index build); the target duration of a
	 * batch means nothing to it.
	 * @return whether it is one-shot
	 */
	default boolean oneShot() {
		return false;
	}

	/**
	 * Runs one chunk of a batch, in the batch's transaction, which stores the progress.
	 * @param jdbc the transaction's client
	 * @param progress the progress the chunk before left (the last committed progress for the
	 * first chunk of a batch)
	 * @param batchSize how many items the chunk should handle
	 * @return what the batch did
	 */
	Batch run(JdbcClient jdbc, Map<String, Object> progress, int batchSize);

	/**
	 * What a batch did.
	 *
	 * @param items how many items it handled (for the rate that sizes the next batch)
	 * @param progress the progress after it, or {@code null} when the update is done
	 */
	record Batch(int items, @Nullable Map<String, Object> progress) {

		/**
		 * The last batch of an update.
		 * @param items how many items it handled
		 * @return the batch
		 */
		public static Batch done(int items) {
			return new Batch(items, null);
		}

	}

}
