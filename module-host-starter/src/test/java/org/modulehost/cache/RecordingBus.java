package org.modulehost.cache;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * An in-memory invalidation bus: records what this instance publishes and lets a test deliver
 * what another instance would have sent.
 */
class RecordingBus implements InvalidationBus {

	final List<Invalidation> published = new CopyOnWriteArrayList<>();

	private volatile Consumer<Invalidation> receiver;

	private volatile Runnable resync;

	volatile int subscriptions;

	@Override
	public void publish(Invalidation invalidation) {
		this.published.add(invalidation);
	}

	@Override
	public void subscribe(Consumer<Invalidation> receiver, Runnable resync) {
		this.receiver = receiver;
		this.resync = resync;
		this.subscriptions++;
	}

	void deliver(Invalidation invalidation) {
		this.receiver.accept(invalidation);
	}

	void resync() {
		this.resync.run();
	}

}
