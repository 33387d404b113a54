package org.modulehost.homeserver.sync;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Wakes the {@code /sync} requests waiting for new data of a user. A waiter registers before it
 * reads the stream position; a writer notifies after it published its position: so no write is
 * missed between the read and the wait.
 */
public final class Notifier {

	private final ConcurrentMap<String, List<CompletableFuture<Void>>> waiters = new ConcurrentHashMap<>();

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
	 * Counts the waiting requests, for tests and metrics.
	 * @return the number of waiters
	 */
	public int waiting() {
		return this.waiters.values().stream().mapToInt(List::size).sum();
	}

}
