package org.modulehost.callback;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Fails a callback's stage that does not complete in time. One daemon thread, started on first
 * use, fires the timeouts; the failure (and the rest of the dispatch that follows it) runs on
 * {@code executor}, never on that thread. Once closed (the application is stopping), stages are
 * awaited without a timeout.
 */
final class CallbackTimeouts implements AutoCloseable {

	private final Executor executor;

	@Nullable
	private volatile ScheduledThreadPoolExecutor scheduler;

	private boolean closed;

	CallbackTimeouts() {
		this(ForkJoinPool.commonPool());
	}

	CallbackTimeouts(Executor executor) {
		this.executor = executor;
	}

	/**
	 * Fails {@code future} with the given exception unless it completes within the timeout.
	 * @param future the future to watch
	 * @param timeoutNanos the timeout
	 * @param failure the exception to fail it with
	 */
	void watch(CompletableFuture<Object> future, long timeoutNanos, Supplier<Throwable> failure) {
		ScheduledThreadPoolExecutor scheduler = scheduler();
		if (scheduler == null) {
			return;
		}
		try {
			ScheduledFuture<?> timer = scheduler.schedule(
					() -> this.executor.execute(() -> future.completeExceptionally(failure.get())), timeoutNanos,
					TimeUnit.NANOSECONDS);
			future.whenComplete((value, ex) -> timer.cancel(false));
		}
		catch (RejectedExecutionException ex) {
			// closed meanwhile: the application is stopping, await the stage without a timeout
		}
	}

	@Nullable
	private ScheduledThreadPoolExecutor scheduler() {
		ScheduledThreadPoolExecutor scheduler = this.scheduler;
		if (scheduler != null) {
			return scheduler;
		}
		synchronized (this) {
			if (this.scheduler == null && !this.closed) {
				ScheduledThreadPoolExecutor created = new ScheduledThreadPoolExecutor(1, (runnable) -> {
					Thread thread = new Thread(runnable, "modulehost-callback-timeouts");
					thread.setDaemon(true);
					return thread;
				});
				created.setRemoveOnCancelPolicy(true);
				this.scheduler = created;
			}
			return this.scheduler;
		}
	}

	@Override
	public void close() {
		ScheduledThreadPoolExecutor scheduler;
		synchronized (this) {
			this.closed = true;
			scheduler = this.scheduler;
			this.scheduler = null;
		}
		if (scheduler != null) {
			scheduler.shutdownNow();
		}
	}

}
