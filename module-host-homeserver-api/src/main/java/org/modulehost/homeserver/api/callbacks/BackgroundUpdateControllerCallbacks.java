package org.modulehost.homeserver.api.callbacks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

import org.modulehost.api.callback.Callback;
import org.modulehost.api.callback.CallbackCategory;
import org.modulehost.api.callback.Combine;
import org.modulehost.api.callback.OnError;
import org.modulehost.homeserver.api.BackgroundUpdateLease;

/**
 * Pacing of background updates, Synapse's {@code background_update_controller} callbacks: the
 * homeserver runs long database jobs (the search index, the user directory) in batches, and one
 * module may decide how fast. Every callback is exclusive: a second module registering one
 * fails start-up naming both modules (Synapse keeps the first and logs a warning; this host is
 * strict). An exception propagates into the background-update runner, which counts the batch as
 * failed and retries it later.
 */
@CallbackCategory("background_update_controller")
public interface BackgroundUpdateControllerCallbacks {

	/**
	 * Opens one batch of a background update; called before every batch, on the host's
	 * background-update thread, synchronously (as Synapse's {@code on_update}). The host closes
	 * the returned lease after the batch, also when the batch failed. The host calls it on a
	 * thread of its own: a call that does not return within the host's controller timeout
	 * ({@code homeserver.background-updates.controller-timeout} of the reference homeserver) is
	 * logged, the batch runs at the host's pace, the module is not asked again until the call
	 * returns, and a lease returned late is closed at once.
	 * @param updateName the update, e.g. {@code event_search}
	 * @param databaseName the database, always {@code main} here
	 * @param oneShot whether the update runs in one step (an index build), for which the target
	 * duration means nothing
	 * @return the lease, or {@code null} for the host's own pacing
	 * ({@code homeserver.background-updates.target-duration})
	 */
	@Callback(combine = Combine.EXCLUSIVE, onError = OnError.PROPAGATE)
	default @Nullable BackgroundUpdateLease onUpdate(String updateName, String databaseName, boolean oneShot) {
		return null;
	}

	/**
	 * Returns the size of the first batch of an update, before the host has measured its rate.
	 * @param updateName the update
	 * @param databaseName the database, always {@code main} here
	 * @return a stage of the batch size; values below 1 count as 1
	 */
	@Callback(combine = Combine.EXCLUSIVE, onError = OnError.PROPAGATE)
	default CompletionStage<Integer> defaultBatchSize(String updateName, String databaseName) {
		return CompletableFuture.completedFuture(100);
	}

	/**
	 * Returns the smallest batch the host may run, whatever the measured rate; asked before every
	 * batch.
	 * @param updateName the update
	 * @param databaseName the database, always {@code main} here
	 * @return a stage of the floor; values below 1 count as 1
	 */
	@Callback(combine = Combine.EXCLUSIVE, onError = OnError.PROPAGATE)
	default CompletionStage<Integer> minBatchSize(String updateName, String databaseName) {
		return CompletableFuture.completedFuture(100);
	}

}
