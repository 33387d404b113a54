package org.modulehost.homeserver.background;

import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

/**
 * One batch of a background update, run as chunks until the batch's target duration is reached.
 * The chunks run in the batch's transaction, which the caller commits with the update's progress
 * after the last one (one commit per batch: on H2 every commit writes the pages it changed, so
 * commits per chunk would cost more than the chunks). The time runs from the batch's start as the
 * caller gives it (for a module's lease: before {@code onUpdate} was called); the time the commit
 * is expected to take ({@code Performance.commitMs()}) is kept free at the end. Each chunk is
 * sized from the update's measured rate to a quarter of the target, or to the time left if that
 * is less; the batch ends when less than a twentieth of the target is left. A batch whose items
 * become slower therefore overruns its target by at most one chunk, and one whose items become
 * faster still fills its target. A one-shot update runs a single chunk.
 *
 * <p>Not thread-safe; one runner thread runs batches one after another.
 */
final class TimedBatch {

	/** A chunk is sized to at most this fraction of the target duration: 1/4. */
	static final int CHUNKS_PER_TARGET = 4;

	/** The batch ends when less than this fraction of the target is left: 1/20. */
	static final int SLACK_PER_TARGET = 20;

	private final LongSupplier nanoTime;

	private final long targetNanos;

	private final int minBatchSize;

	private final int defaultBatchSize;

	private final boolean oneShot;

	/**
	 * Describes a batch.
	 * @param nanoTime the clock the batch is timed with ({@code System::nanoTime})
	 * @param targetNanos how long the batch should take
	 * @param minBatchSize the fewest items of a chunk
	 * @param defaultBatchSize the size of a chunk while the update's rate is not known
	 * @param oneShot whether the update runs in one step (one chunk, whatever the target)
	 */
	TimedBatch(LongSupplier nanoTime, long targetNanos, int minBatchSize, int defaultBatchSize, boolean oneShot) {
		this.nanoTime = nanoTime;
		this.targetNanos = targetNanos;
		this.minBatchSize = minBatchSize;
		this.defaultBatchSize = defaultBatchSize;
		this.oneShot = oneShot;
	}

	/**
	 * Runs the batch: at least one chunk, and more while time is left, the update is not done
	 * and {@code keepGoing} says so. Each chunk's rate is recorded in {@code performance}; an
	 * exception of a chunk ends the batch (and its transaction rolls the batch back).
	 * @param performance the update's rate, which sizes the chunks
	 * @param startedNanos when the batch started, on the batch's clock
	 * @param progress the progress the last committed chunk left
	 * @param chunk runs one chunk of the given size from the given progress
	 * @param keepGoing whether to start another chunk (false when the runner stops)
	 * @return what the batch did
	 */
	Outcome run(BackgroundUpdater.Performance performance, long startedNanos, Map<String, Object> progress,
			Chunk chunk, BooleanSupplier keepGoing) {
		double targetMs = this.targetNanos / 1e6;
		double commitMs = performance.commitMs();
		Map<String, Object> at = progress;
		int items = 0;
		int chunks = 0;
		while (true) {
			double leftMs = (startedNanos + this.targetNanos - this.nanoTime.getAsLong()) / 1e6 - commitMs;
			if (chunks > 0 && (this.oneShot || leftMs < targetMs / SLACK_PER_TARGET || !keepGoing.getAsBoolean())) {
				return new Outcome(items, chunks, at);
			}
			int size = performance.nextChunkSize(Math.min(leftMs, targetMs / CHUNKS_PER_TARGET), this.minBatchSize,
					this.defaultBatchSize);
			long chunkStarted = this.nanoTime.getAsLong();
			BackgroundUpdate.Batch done = chunk.run(at, size);
			performance.update(done.items(), (this.nanoTime.getAsLong() - chunkStarted) / 1e6);
			items += done.items();
			chunks++;
			Map<String, Object> next = done.progress();
			if (next == null) {
				return new Outcome(items, chunks, null);
			}
			at = next;
		}
	}

	/**
	 * Runs one chunk.
	 */
	@FunctionalInterface
	interface Chunk {

		/**
		 * Runs one chunk of an update, in the batch's transaction.
		 * @param progress the progress the chunk before it left
		 * @param size how many items the chunk should handle
		 * @return what the chunk did
		 */
		BackgroundUpdate.Batch run(Map<String, Object> progress, int size);

	}

	/**
	 * What a batch did.
	 *
	 * @param items the items of all its chunks
	 * @param chunks how many chunks it ran
	 * @param progress the progress after it, or {@code null} when the update is done
	 */
	record Outcome(int items, int chunks, @Nullable Map<String, Object> progress) {

	}

}
