package org.modulehost.homeserver.background;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.modulehost.api.callback.CallbackRegistry;
import org.modulehost.homeserver.BackgroundUpdateProperties;
import org.modulehost.homeserver.api.BackgroundUpdateLease;
import org.modulehost.homeserver.api.callbacks.BackgroundUpdateControllerCallbacks;
import org.modulehost.homeserver.storage.BackgroundUpdateStore;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the pending background updates, one batch at a time, on one thread, in one instance (the
 * holder of the lease in {@code hs_background_update_lease}), as Synapse's
 * {@code BackgroundUpdater}: an update waits for the one it depends on; each batch takes about
 * the target duration and commits in one transaction with the update's progress. Where Synapse
 * sizes a whole batch from the update's average rate, a batch here runs chunks
 * ({@link TimedBatch}), each sized from the measured rate, until the target duration less the
 * time its commit is expected to take is reached ({@code defaultBatchSize} for the first chunk of
 * an update, never below {@code minBatchSize}): a change of the cost per item or a slow chunk
 * costs at most one chunk's overrun. A failed batch is retried after a back-off
 * that doubles up to {@code max-retry-backoff}; the failures and the last error are in the
 * status.
 *
 * <p>A {@code background_update_controller} module is asked for a lease before every batch
 * ({@code onUpdate}, on a thread of its own so that a module that hangs only delays the batch
 * by {@code controller-timeout}) and the lease is closed after the batch, also when it failed.
 * The batch's time runs from before {@code onUpdate} is called, so that the runner never
 * measures less than the module does.
 * Without a module the host paces itself: {@code target-duration} per batch and
 * {@code sleep-duration} between batches.
 */
public final class BackgroundUpdater implements SmartLifecycle {

	/** Synapse's name of the only database. */
	static final String DATABASE = "main";

	private static final Log logger = LogFactory.getLog(BackgroundUpdater.class);

	private final BackgroundUpdateStore store;

	private final Map<String, BackgroundUpdate> updates;

	private final CallbackRegistry registry;

	private final BackgroundUpdateControllerCallbacks controller;

	private final BackgroundUpdateProperties properties;

	private final Clock clock;

	private final String instance;

	private final @Nullable MeterRegistry meters;

	private final Map<String, Track> tracks = new ConcurrentHashMap<>();

	private final Set<String> unknownLogged = ConcurrentHashMap.newKeySet();

	private final ExecutorService controllerThreads = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "background-update-controller");
		thread.setDaemon(true);
		return thread;
	});

	private final Object monitor = new Object();

	private volatile boolean running;

	private volatile @Nullable Thread thread;

	private volatile @Nullable String current;

	private volatile String state = "starting";

	private volatile @Nullable CompletableFuture<?> hangingController;

	/**
	 * Creates the runner.
	 * @param store the queue of updates
	 * @param updates the updates this homeserver knows
	 * @param registry the callback registry, to tell whether a controller module registered
	 * @param properties the settings
	 * @param clock the clock
	 * @param instance this instance's name, unique among the instances sharing the database
	 * @param meters where batches are timed ({@code homeserver.background_updates.batch}), if
	 * anywhere
	 */
	public BackgroundUpdater(BackgroundUpdateStore store, List<BackgroundUpdate> updates, CallbackRegistry registry,
			BackgroundUpdateProperties properties, Clock clock, String instance, @Nullable MeterRegistry meters) {
		this.store = store;
		this.updates = updates.stream()
			.collect(Collectors.toUnmodifiableMap(BackgroundUpdate::name, Function.identity()));
		this.registry = registry;
		this.controller = registry.dispatcher(BackgroundUpdateControllerCallbacks.class);
		this.properties = properties;
		this.clock = clock;
		this.instance = instance;
		this.meters = meters;
	}

	/**
	 * Returns the updates this homeserver knows, by name.
	 * @return the updates
	 */
	public Map<String, BackgroundUpdate> updates() {
		return this.updates;
	}

	/**
	 * Returns the queue.
	 * @return the store
	 */
	public BackgroundUpdateStore store() {
		return this.store;
	}

	/**
	 * Makes an idle or sleeping runner look at the queue now (after a job was queued or the
	 * updates were turned on).
	 */
	public void wakeUp() {
		synchronized (this.monitor) {
			this.monitor.notifyAll();
		}
	}

	@Override
	public void start() {
		if (!this.properties.isEnabled()) {
			this.state = "off on this instance";
			return;
		}
		this.running = true;
		Thread runner = new Thread(this::loop, "background-updates");
		runner.setDaemon(true);
		this.thread = runner;
		runner.start();
	}

	@Override
	public void stop() {
		this.running = false;
		wakeUp();
		Thread runner = this.thread;
		if (runner != null) {
			try {
				// Not interrupted: an interrupt may close the database file under a batch.
				runner.join(TimeUnit.SECONDS.toMillis(30));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.thread = null;
		}
		this.controllerThreads.shutdownNow();
		try {
			this.store.releaseLease(this.instance);
		}
		catch (RuntimeException ex) {
			logger.debug("Could not release the background update lease", ex);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// Stopped before the database connections are closed, after the web server.
		return SmartLifecycle.DEFAULT_PHASE - 1024;
	}

	private void loop() {
		while (this.running) {
			Duration wait;
			try {
				wait = step();
			}
			catch (RuntimeException ex) {
				logger.warn("Background updates could not run; trying again in " + this.properties.getPollInterval(),
						ex);
				wait = this.properties.getPollInterval();
			}
			pause(wait);
		}
	}

	private void pause(Duration wait) {
		if (wait.isZero() || wait.isNegative() || !this.running) {
			return;
		}
		synchronized (this.monitor) {
			try {
				this.monitor.wait(Math.max(1, wait.toMillis()));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.running = false;
			}
		}
	}

	/**
	 * Runs the next batch if there is one.
	 * @return how long to wait before the next step
	 */
	Duration step() {
		Duration poll = this.properties.getPollInterval();
		if (!this.store.enabled()) {
			this.state = "disabled";
			this.current = null;
			return poll;
		}
		long now = this.clock.millis();
		if (!this.store.holdLease(this.instance, now, this.properties.getLeaseTtl().toMillis())) {
			this.state = "running on another instance";
			this.current = null;
			return poll.compareTo(this.properties.getLeaseTtl()) < 0 ? poll : this.properties.getLeaseTtl();
		}
		List<BackgroundUpdateStore.Pending> pending = this.store.pending();
		Set<String> names = new HashSet<>();
		pending.forEach((update) -> names.add(update.name()));
		Duration backingOff = null;
		for (BackgroundUpdateStore.Pending next : pending) {
			if (next.dependsOn() != null && names.contains(next.dependsOn())) {
				continue;
			}
			BackgroundUpdate update = this.updates.get(next.name());
			if (update == null) {
				if (this.unknownLogged.add(next.name())) {
					logger.warn("Background update '" + next.name() + "' is queued but this homeserver does not know it; "
							+ "it is skipped (was the database used by a newer version?)");
				}
				continue;
			}
			Track track = this.tracks.computeIfAbsent(next.name(), (name) -> new Track());
			long retryIn = track.retryAt - now;
			if (retryIn > 0) {
				backingOff = (backingOff == null || retryIn < backingOff.toMillis()) ? Duration.ofMillis(retryIn)
						: backingOff;
				continue;
			}
			this.state = "running";
			this.current = next.name();
			boolean paced = runBatch(update, next, track);
			return paced ? Duration.ZERO : this.properties.getSleepDuration();
		}
		this.current = null;
		if (backingOff != null) {
			this.state = "waiting to retry a failed batch";
			return backingOff;
		}
		this.state = pending.isEmpty() ? "idle" : "waiting";
		return poll;
	}

	/**
	 * Runs one batch of an update under a controller's lease if there is one.
	 * @return whether a controller module paced the batch (then the host does not sleep)
	 */
	private boolean runBatch(BackgroundUpdate update, BackgroundUpdateStore.Pending pending, Track track) {
		String name = update.name();
		BackgroundUpdateLease lease = null;
		long started = System.nanoTime();
		boolean ok = false;
		try {
			int minBatch = Math.max(1, controlled("minBatchSize")
					? ask(this.controller.minBatchSize(name, DATABASE), "minBatchSize", name)
					: this.properties.getMinBatchSize());
			// The batch's time runs from here, before the module's lease starts, as the module measures it.
			long batchStarted = System.nanoTime();
			started = batchStarted;
			lease = openLease(update);
			Duration target = (lease != null) ? lease.targetDuration() : this.properties.getTargetDuration();
			int defaultBatch = (track.performance.itemsPerMs() != null) ? 1
					: controlled("defaultBatchSize")
							? ask(this.controller.defaultBatchSize(name, DATABASE), "defaultBatchSize", name)
							: this.properties.getDefaultBatchSize();
			TimedBatch batch = new TimedBatch(System::nanoTime, target.toNanos(), minBatch, defaultBatch,
					update.oneShot());
			long[] chunksEnded = new long[1];
			TimedBatch.Outcome outcome = this.store.db().transaction((jdbc) -> {
				TimedBatch.Outcome result = batch.run(track.performance, batchStarted, pending.progress(),
						(progress, size) -> update.run(jdbc, progress, size), () -> this.running);
				chunksEnded[0] = System.nanoTime();
				Map<String, Object> progress = result.progress();
				if (progress == null) {
					this.store.done(jdbc, name);
				}
				else {
					this.store.saveProgress(jdbc, name, progress);
				}
				return result;
			});
			long committed = System.nanoTime();
			track.performance.committed((committed - chunksEnded[0]) / 1e6);
			track.performance.batch(outcome.items(), (committed - started) / 1e6);
			track.failures = 0;
			track.retryAt = 0;
			track.lastError = null;
			if (outcome.progress() == null) {
				logger.info("Background update '" + name + "' is done");
			}
			ok = true;
		}
		catch (RuntimeException ex) {
			track.failures++;
			long backoff = Math.min(this.properties.getMaxRetryBackoff().toMillis(),
					this.properties.getRetryBackoff().toMillis() << Math.min(20, track.failures - 1));
			track.retryAt = this.clock.millis() + backoff;
			track.lastError = ex.toString();
			logger.warn("Error doing background update '" + name + "' (failure " + track.failures + "); retrying in "
					+ backoff + " ms", ex);
		}
		finally {
			if (lease != null) {
				close(lease, name);
			}
			time(name, started, ok);
		}
		return this.hangingController == null && controlled("onUpdate");
	}

	private @Nullable BackgroundUpdateLease openLease(BackgroundUpdate update) {
		if (!controlled("onUpdate")) {
			return null;
		}
		CompletableFuture<?> hanging = this.hangingController;
		if (hanging != null) {
			if (!hanging.isDone()) {
				return null;
			}
			this.hangingController = null;
		}
		CompletableFuture<@Nullable BackgroundUpdateLease> call = CompletableFuture
			.supplyAsync(() -> this.controller.onUpdate(update.name(), DATABASE, update.oneShot()),
					this.controllerThreads);
		try {
			return call.get(this.properties.getControllerTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			logger.warn("The background_update_controller module did not answer onUpdate for '" + update.name()
					+ "' within " + this.properties.getControllerTimeout() + " (homeserver.background-updates."
					+ "controller-timeout); the batch runs at the homeserver's own pace, and the module is not asked "
					+ "again until it answers");
			this.hangingController = call.thenAccept((late) -> {
				if (late != null) {
					close(late, update.name());
				}
			});
			return null;
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			throw (cause instanceof RuntimeException runtime) ? runtime
					: new IllegalStateException("onUpdate failed", cause);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for onUpdate", ex);
		}
	}

	private int ask(CompletionStage<Integer> answer, String callback, String update) {
		try {
			Integer value = answer.toCompletableFuture()
				.get(this.properties.getControllerTimeout().toMillis(), TimeUnit.MILLISECONDS);
			return (value != null) ? value : 1;
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("The background_update_controller module did not answer " + callback
					+ " for '" + update + "' within " + this.properties.getControllerTimeout(), ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			throw (cause instanceof RuntimeException runtime) ? runtime
					: new IllegalStateException(callback + " failed", cause);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for " + callback, ex);
		}
	}

	private static void close(BackgroundUpdateLease lease, String update) {
		try {
			lease.close();
		}
		catch (RuntimeException ex) {
			logger.warn("The background_update_controller module failed to close the lease of a batch of '" + update
					+ "'", ex);
		}
	}

	private boolean controlled(String callback) {
		return this.registry.registrations(BackgroundUpdateControllerCallbacks.class)
			.stream()
			.anyMatch((registration) -> registration.callback().getName().equals(callback));
	}

	private void time(String update, long started, boolean ok) {
		MeterRegistry registry = this.meters;
		if (registry != null) {
			Timer.builder("homeserver.background_updates.batch")
				.description("Batches of background updates")
				.tag("update", update)
				.tag("outcome", ok ? "success" : "failure")
				.register(registry)
				.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
		}
	}

	/**
	 * Returns the runner's state as Synapse's status API shows it, with more detail: whether the
	 * updates run, the update being run, and every pending update with its progress and
	 * failures.
	 * @return the status, JSON-ready
	 */
	public Map<String, Object> status() {
		Map<String, Object> status = new LinkedHashMap<>();
		status.put("enabled", this.store.enabled());
		Map<String, Object> currentUpdates = new LinkedHashMap<>();
		String running = this.current;
		if (running != null) {
			Track track = this.tracks.get(running);
			Map<String, Object> update = new LinkedHashMap<>();
			update.put("name", running);
			update.put("total_item_count", (track != null) ? track.performance.totalItems : 0);
			update.put("total_duration_ms", (track != null) ? track.performance.totalDurationMs : 0.0);
			Double rate = (track != null) ? track.performance.itemsPerMs() : null;
			update.put("average_items_per_ms", (rate != null) ? rate : 0.0);
			currentUpdates.put(DATABASE, update);
		}
		status.put("current_updates", currentUpdates);
		status.put("state", this.state);
		List<Map<String, Object>> pending = new ArrayList<>();
		for (BackgroundUpdateStore.Pending update : this.store.pending()) {
			Track track = this.tracks.get(update.name());
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("name", update.name());
			row.put("depends_on", update.dependsOn());
			row.put("progress", update.progress());
			row.put("known", this.updates.containsKey(update.name()));
			if (track != null) {
				row.put("total_item_count", track.performance.totalItems);
				row.put("total_duration_ms", track.performance.totalDurationMs);
				row.put("last_batch_size", track.performance.lastBatchSize);
				row.put("last_batch_duration_ms", track.performance.lastDurationMs);
				row.put("failures", track.failures);
				row.put("last_error", track.lastError);
				row.put("retry_at", (track.retryAt > 0) ? track.retryAt : null);
			}
			pending.add(row);
		}
		status.put("pending_updates", pending);
		return status;
	}

	/**
	 * What the runner remembers of one update in this process.
	 */
	private static final class Track {

		final Performance performance = new Performance();

		volatile int failures;

		volatile long retryAt;

		volatile @Nullable String lastError;

	}

	/**
	 * An update's rate, as Synapse's {@code BackgroundUpdatePerformance}: totals, and exponential
	 * moving averages of the items and the duration of a chunk; and the rate of the last chunk.
	 * A chunk is sized from the lower of the average rate and the last chunk's rate, so that
	 * items that become slower shrink the very next chunk, and a slow chunk (a checkpoint, a
	 * collection) costs a smaller next chunk rather than an overrun.
	 */
	static final class Performance {

		private static final double ALPHA = 0.2;

		volatile long totalItems;

		volatile double totalDurationMs;

		volatile int lastBatchSize;

		volatile double lastDurationMs;

		private double avgItems;

		private double avgDurationMs;

		private double lastItemsPerMs = Double.NaN;

		private double avgCommitMs;

		/**
		 * Records a committed chunk.
		 * @param items the items it handled
		 * @param durationMs how long it took, commit included
		 */
		synchronized void update(int items, double durationMs) {
			if (this.totalItems == 0 && this.avgDurationMs == 0) {
				this.avgItems = items;
				this.avgDurationMs = durationMs;
			}
			else {
				this.avgItems += ALPHA * (items - this.avgItems);
				this.avgDurationMs += ALPHA * (durationMs - this.avgDurationMs);
			}
			if (items > 0) {
				this.lastItemsPerMs = (durationMs > 0) ? items / durationMs : items;
			}
			this.totalItems += items;
			this.totalDurationMs += durationMs;
		}

		/**
		 * Records how long a batch took from the end of its last chunk to its commit (writing
		 * the progress and committing), for {@link #commitMs()}.
		 * @param durationMs the time
		 */
		synchronized void committed(double durationMs) {
			this.avgCommitMs = (this.avgCommitMs == 0) ? durationMs
					: this.avgCommitMs + ALPHA * (durationMs - this.avgCommitMs);
		}

		/**
		 * Returns how long a batch's commit is expected to take: the moving average of the
		 * batches' commits.
		 * @return milliseconds, 0 before the first commit
		 */
		synchronized double commitMs() {
			return this.avgCommitMs;
		}

		/**
		 * Records a batch, for the status.
		 * @param items the items of its chunks
		 * @param durationMs how long it took
		 */
		synchronized void batch(int items, double durationMs) {
			this.lastBatchSize = items;
			this.lastDurationMs = durationMs;
		}

		/**
		 * Returns the size of the next chunk: its duration times the lower of the average rate
		 * and the last chunk's rate.
		 * @param durationMs how long the chunk should take (at most 0: as short as allowed)
		 * @param minBatchSize the smallest size
		 * @param defaultBatchSize the size before a chunk with items is known
		 * @return the size, at least {@code minBatchSize} and at least 1
		 */
		synchronized int nextChunkSize(double durationMs, int minBatchSize, int defaultBatchSize) {
			Double itemsPerMs = itemsPerMs();
			if (itemsPerMs == null) {
				return Math.max(1, defaultBatchSize);
			}
			double rate = Double.isNaN(this.lastItemsPerMs) ? itemsPerMs : Math.min(itemsPerMs, this.lastItemsPerMs);
			return (int) Math.min(Integer.MAX_VALUE, Math.max(Math.max(1, minBatchSize), durationMs * rate));
		}

		/**
		 * Returns the average rate.
		 * @return items per millisecond, or {@code null} before the first chunk with items
		 */
		synchronized @Nullable Double itemsPerMs() {
			if (this.totalItems == 0) {
				return null;
			}
			return (this.avgDurationMs <= 0) ? this.avgItems : this.avgItems / this.avgDurationMs;
		}

	}

}
