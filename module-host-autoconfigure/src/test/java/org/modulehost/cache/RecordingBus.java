package org.modulehost.cache;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * An in-memory invalidation bus: records what this instance publishes and lets a test deliver
 * what another instance would have sent.
 */
public class RecordingBus implements InvalidationBus {

	/** What this instance published, in order. */
	public final List<Invalidation> published = new CopyOnWriteArrayList<>();

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

	/**
	 * Delivers an invalidation as if another instance had sent it.
	 * @param invalidation the invalidation
	 */
	public void deliver(Invalidation invalidation) {
		this.receiver.accept(invalidation);
	}

	/**
	 * Tells the host that invalidations may have been lost.
	 */
	public void resync() {
		this.resync.run();
	}

}
