package org.modulehost.homeserver.presence;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Runs presence's periodic work on a thread of its own: on every instance, refreshing the
 * {@code last_user_sync_ts} of the users syncing there; on the background-tasks instance only
 * ({@code modulehost.instance.background-tasks}), the idle and offline timeouts, so that one
 * instance decides them. The period is a sixth of {@code homeserver.presence.offline-after}
 * (between 100 ms and 5 s), so a syncing user's timestamp is never older than half of it.
 */
final class PresenceTimeouts implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(PresenceTimeouts.class);

	private final Presence presence;

	private final boolean runsTimeouts;

	private final long periodMillis;

	private volatile @Nullable ScheduledExecutorService executor;

	PresenceTimeouts(Presence presence, boolean runsTimeouts, long offlineAfterMillis) {
		this.presence = presence;
		this.runsTimeouts = runsTimeouts;
		this.periodMillis = Math.max(100, Math.min(5_000, offlineAfterMillis / 6));
	}

	@Override
	public void start() {
		if (!this.presence.isEnabled()) {
			return;
		}
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "homeserver-presence");
			thread.setDaemon(true);
			return thread;
		});
		executor.scheduleWithFixedDelay(this::tick, this.periodMillis, this.periodMillis, TimeUnit.MILLISECONDS);
		this.executor = executor;
	}

	private void tick() {
		try {
			this.presence.refreshSyncingUsers();
			if (this.runsTimeouts) {
				this.presence.handleTimeouts();
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Presence timeouts failed; retried in " + this.periodMillis + " ms", ex);
		}
	}

	@Override
	public void stop() {
		ScheduledExecutorService executor = this.executor;
		if (executor != null) {
			executor.shutdownNow();
			this.executor = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

}
