package org.modulehost.host;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.modulehost.api.BackgroundCall;

/**
 * The threads modules' work runs on: a small scheduler for background calls and sleeps, and a
 * bounded pool for {@code deferToThread}.
 */
final class ModuleExecutors implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(ModuleExecutors.class);

	private final ScheduledExecutorService scheduler;

	private final ThreadPoolExecutor pool;

	ModuleExecutors(HostSettings settings) {
		this.scheduler = Executors.newScheduledThreadPool(2, named("module-scheduler-"));
		this.pool = new ThreadPoolExecutor(settings.threads(), settings.threads(), 60, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(settings.queueCapacity()), named("module-worker-"));
		this.pool.allowCoreThreadTimeOut(true);
	}

	private static java.util.concurrent.ThreadFactory named(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	BackgroundCall looping(String module, Runnable task, Duration interval) {
		if (interval.isNegative() || interval.isZero()) {
			throw new IllegalArgumentException("Module '" + module + "': a looping call needs a positive interval, got " + interval);
		}
		long nanos = interval.toNanos();
		return new ScheduledCall(this.scheduler.scheduleWithFixedDelay(guarded(module, task), nanos, nanos, TimeUnit.NANOSECONDS));
	}

	BackgroundCall delayed(String module, Duration delay, Runnable task) {
		if (delay.isNegative()) {
			throw new IllegalArgumentException("Module '" + module + "': a delayed call needs a delay of zero or more, got " + delay);
		}
		return new ScheduledCall(this.scheduler.schedule(guarded(module, task), delay.toNanos(), TimeUnit.NANOSECONDS));
	}

	<T> CompletableFuture<T> defer(String module, Supplier<T> work) {
		try {
			return CompletableFuture.supplyAsync(work, this.pool);
		}
		catch (RejectedExecutionException ex) {
			if (this.pool.isShutdown()) {
				return CompletableFuture.failedFuture(new RejectedExecutionException("Module '" + module
						+ "': deferToThread refused, the host is shutting down", ex));
			}
			return CompletableFuture.failedFuture(new RejectedExecutionException("Module '" + module
					+ "': deferToThread refused, all " + this.pool.getMaximumPoolSize()
					+ " threads are busy and the queue is full (modulehost.threads.*)", ex));
		}
	}

	CompletableFuture<Void> sleep(Duration duration) {
		if (duration.isNegative()) {
			throw new IllegalArgumentException("Cannot sleep for a negative duration: " + duration);
		}
		CompletableFuture<Void> future = new CompletableFuture<>();
		ScheduledFuture<?> timer = this.scheduler.schedule(() -> future.complete(null), duration.toNanos(),
				TimeUnit.NANOSECONDS);
		future.whenComplete((result, failure) -> timer.cancel(false));
		return future;
	}

	private static Runnable guarded(String module, Runnable task) {
		return () -> {
			try {
				task.run();
			}
			catch (RuntimeException | Error ex) {
				logger.error("Background call of module '" + module + "' failed", ex);
				if (ex instanceof VirtualMachineError error) {
					throw error;
				}
			}
		};
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
		this.pool.shutdownNow();
	}

	private record ScheduledCall(ScheduledFuture<?> future) implements BackgroundCall {

		@Override
		public void cancel() {
			this.future.cancel(false);
		}

		@Override
		public boolean isCancelled() {
			return this.future.isCancelled();
		}

	}

	/** A call that was never scheduled, e.g. a loop on an instance that runs no background tasks. */
	static final class NotScheduled implements BackgroundCall {

		private volatile boolean cancelled;

		@Override
		public void cancel() {
			this.cancelled = true;
		}

		@Override
		public boolean isCancelled() {
			return this.cancelled;
		}

	}

}
