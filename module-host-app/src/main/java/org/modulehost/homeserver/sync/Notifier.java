package org.modulehost.homeserver.sync;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.springframework.context.SmartLifecycle;

/**
 * Wakes the {@code /sync} requests waiting for new data of a user. A waiter registers before it
 * reads the stream position; a writer notifies after it published its position: so no write is
 * missed between the read and the wait. Writes of other instances sharing the database are
 * notified here when this instance hears of them ({@code RemoteWakeUps}), after their commit. When the server shuts down, every waiter is woken before
 * the web server waits for active requests, so long polls answer at once instead of holding the
 * shutdown up.
 */
public final class Notifier implements SmartLifecycle {

	private final ConcurrentMap<String, List<CompletableFuture<Void>>> waiters = new ConcurrentHashMap<>();

	private volatile boolean running;

	/**
	 * Registers a waiter for a user's next notification.
	 * @param userId the user
	 * @return a future completed by the next {@link #notifyUsers} naming the user; cancel it or
	 * let it time out when it is no longer needed
	 */
	public CompletableFuture<Void> waitFor(String userId) {
		CompletableFuture<Void> waiter = new CompletableFuture<>();
		this.waiters.compute(userId, (key, list) -> {
			List<CompletableFuture<Void>> updated = (list != null) ? list : new ArrayList<>();
			updated.add(waiter);
			return updated;
		});
		waiter.whenComplete((result, failure) -> this.waiters.computeIfPresent(userId, (key, list) -> {
			list.remove(waiter);
			return list.isEmpty() ? null : list;
		}));
		return waiter;
	}

	/**
	 * Wakes every waiter of the given users.
	 * @param userIds the users with new data
	 */
	public void notifyUsers(Collection<String> userIds) {
		for (String userId : userIds) {
			List<CompletableFuture<Void>> list = this.waiters.remove(userId);
			if (list != null) {
				List.copyOf(list).forEach((waiter) -> waiter.complete(null));
			}
		}
	}

	/**
	 * Wakes every waiter: each re-checks for new data and waits again if there is none.
	 */
	public void notifyAllUsers() {
		notifyUsers(List.copyOf(this.waiters.keySet()));
	}

	/**
	 * Tells whether requests may wait: {@code false} once the server is shutting down.
	 * @return whether the notifier runs
	 */
	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		notifyAllUsers();
	}

	/**
	 * Stops first, before the web server's graceful shutdown waits for active requests.
	 * @return the highest phase
	 */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE;
	}

	/**
	 * Counts the waiting requests, for tests and metrics.
	 * @return the number of waiters
	 */
	public int waiting() {
		return this.waiters.values().stream().mapToInt(List::size).sum();
	}

}
