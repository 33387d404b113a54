package org.modulehost.homeserver.modules;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.BackgroundUpdateLease;
import org.modulehost.homeserver.api.HomeserverModuleApi;
import org.modulehost.homeserver.api.callbacks.BackgroundUpdateControllerCallbacks;

/**
 * Paces background updates as configured ({@code target_ms}, {@code default_batch_size},
 * {@code min_batch_size}); with {@code hang: true} its {@code onUpdate} blocks until
 * {@link #release()}. Records the leases it hands out and how long each batch held one.
 */
public class TestBackgroundUpdateController implements BackgroundUpdateControllerCallbacks {

	public final List<String> opened = new CopyOnWriteArrayList<>();

	public final AtomicInteger closed = new AtomicInteger();

	public final List<Double> heldMillis = new CopyOnWriteArrayList<>();

	private final Duration target;

	private final int defaultBatchSize;

	private final int minBatchSize;

	private final boolean hang;

	private final CountDownLatch released = new CountDownLatch(1);

	public TestBackgroundUpdateController(Map<String, Object> config, HomeserverModuleApi api) {
		this.target = Duration.ofMillis(Long.parseLong(String.valueOf(config.getOrDefault("target_ms", 100))));
		this.defaultBatchSize = Integer.parseInt(String.valueOf(config.getOrDefault("default_batch_size", 100)));
		this.minBatchSize = Integer.parseInt(String.valueOf(config.getOrDefault("min_batch_size", 100)));
		this.hang = Boolean.parseBoolean(String.valueOf(config.getOrDefault("hang", "false")));
		api.registerBackgroundUpdateControllerCallbacks(this);
	}

	/** Lets a hanging {@code onUpdate} return. */
	public void release() {
		this.released.countDown();
	}

	@Override
	public @Nullable BackgroundUpdateLease onUpdate(String updateName, String databaseName, boolean oneShot) {
		this.opened.add(updateName + ":" + databaseName + ":" + oneShot);
		if (this.hang) {
			try {
				this.released.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		long start = System.nanoTime();
		Duration target = this.target;
		return new BackgroundUpdateLease() {

			@Override
			public Duration targetDuration() {
				return target;
			}

			@Override
			public void close() {
				TestBackgroundUpdateController.this.heldMillis.add((System.nanoTime() - start) / 1e6);
				TestBackgroundUpdateController.this.closed.incrementAndGet();
			}

		};
	}

	@Override
	public CompletionStage<Integer> defaultBatchSize(String updateName, String databaseName) {
		return CompletableFuture.completedFuture(this.defaultBatchSize);
	}

	@Override
	public CompletionStage<Integer> minBatchSize(String updateName, String databaseName) {
		return CompletableFuture.completedFuture(this.minBatchSize);
	}

}
