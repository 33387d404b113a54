package org.modulehost.homeserver.rooms;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.modulehost.api.callback.CallbackCategory;
import org.modulehost.api.callback.CallbackRegistration;
import org.modulehost.api.callback.CallbackRegistry;
import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.api.StateKey;
import org.modulehost.homeserver.api.callbacks.ThirdPartyRulesCallbacks;
import org.modulehost.homeserver.storage.StoredEvent;
import org.modulehost.homeserver.support.Await;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Tells each module's {@code onNewEvent} about stored events on a thread and a bounded queue of
 * the module's own, so a slow module delays neither the sender, nor {@code /sync}, nor the other
 * modules. A module whose queue is full misses the notification: it is counted in
 * {@value #DROPPED} (tag {@code module}) and a warning is logged once until the module catches up.
 * <p>
 * Each call is held to the category's callback timeout ({@code modulehost.callbacks.timeout} or
 * its {@code third_party_rules} override), so a stage that never completes costs the module one
 * timeout, not its queue; and each is timed in the dispatchers' {@code modulehost.callback} meter
 * (tags {@code module}, {@code category}, {@code callback}, {@code outcome}).
 */
public final class ModuleNotifications implements SmartInitializingSingleton, AutoCloseable {

	static final String DROPPED = "homeserver.module.notifications.dropped";

	/** The meter the callback dispatchers time every module callback in. */
	static final String CALLBACK_METER = "modulehost.callback";

	private static final String CATEGORY = ThirdPartyRulesCallbacks.class.getAnnotation(CallbackCategory.class).value();

	private static final Log logger = LogFactory.getLog(ModuleNotifications.class);

	private final CallbackRegistry registry;

	private final int queueCapacity;

	private final MeterRegistry meters;

	private final Duration timeout;

	private final ConcurrentMap<String, ModuleQueue> queues = new ConcurrentHashMap<>();

	/** The modules' listeners, once every module registered; until then, looked up on each use. */
	private volatile @Nullable Map<String, List<ThirdPartyRulesCallbacks>> listeners;

	/**
	 * Creates the notifications.
	 * @param registry the callback registry
	 * @param queueCapacity how many notifications may wait per module
	 * @param meters where the dropped notifications are counted and the calls timed
	 * @param timeout how long one call may take before it counts as failed
	 */
	public ModuleNotifications(CallbackRegistry registry, int queueCapacity, MeterRegistry meters, Duration timeout) {
		if (queueCapacity < 1) {
			throw new InvalidConfigurationPropertyValueException("homeserver.module-notifications.queue-capacity",
					queueCapacity, "A module's queue must hold at least one notification, e.g. 1000.");
		}
		this.registry = registry;
		this.queueCapacity = queueCapacity;
		this.meters = meters;
		this.timeout = timeout;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.listeners = lookUp();
	}

	/**
	 * Queues the events for every module's {@code onNewEvent}; never blocks.
	 * @param events the stored events of one room, in order
	 * @param state the room's state after them
	 */
	void onNewEvents(List<StoredEvent> events, Map<StateKey, Event> state) {
		Map<String, List<ThirdPartyRulesCallbacks>> listeners = this.listeners;
		if (listeners == null) {
			listeners = lookUp();
		}
		listeners.forEach((module, targets) -> {
			ModuleQueue queue = queue(module);
			queue.offer(() -> {
				for (StoredEvent event : events) {
					for (ThirdPartyRulesCallbacks target : targets) {
						notify(queue, target, event, state);
					}
				}
			});
		});
	}

	private void notify(ModuleQueue queue, ThirdPartyRulesCallbacks target, StoredEvent event,
			Map<StateKey, Event> state) {
		long start = System.nanoTime();
		String outcome = "neutral";
		try {
			CompletionStage<Void> stage = target.onNewEvent(event.event(), state);
			if (stage == null) {
				throw new IllegalStateException("onNewEvent returned null instead of a stage");
			}
			// A copy: the module's own stage is not completed by the timeout.
			Await.join(stage.toCompletableFuture().copy().orTimeout(this.timeout.toNanos(), TimeUnit.NANOSECONDS));
		}
		catch (RuntimeException ex) {
			if (ex.getCause() instanceof TimeoutException) {
				outcome = "timeout";
				logger.warn("onNewEvent of module '" + queue.module + "' did not complete within " + this.timeout
						+ " for " + event.event().eventId() + "; its next notification goes on");
			}
			else {
				outcome = "error";
				logger.warn("onNewEvent of module '" + queue.module + "' failed for " + event.event().eventId(), ex);
			}
		}
		queue.timer(outcome, this.meters).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
	}

	/**
	 * Stops every module's thread, after the notifications already queued.
	 */
	@Override
	public void close() {
		this.queues.values().forEach((queue) -> queue.executor.shutdown());
	}

	private ModuleQueue queue(String module) {
		return this.queues.computeIfAbsent(module, (name) -> new ModuleQueue(name, this.queueCapacity,
				Counter.builder(DROPPED)
					.description("Notifications of new events a module missed because its queue was full")
					.tag("module", name)
					.register(this.meters)));
	}

	private Map<String, List<ThirdPartyRulesCallbacks>> lookUp() {
		Map<String, List<ThirdPartyRulesCallbacks>> listeners = new LinkedHashMap<>();
		for (CallbackRegistration registration : this.registry.registrations(ThirdPartyRulesCallbacks.class)) {
			if (registration.callback().getName().equals("onNewEvent")) {
				listeners.computeIfAbsent(registration.moduleName(), (module) -> new ArrayList<>())
					.add((ThirdPartyRulesCallbacks) registration.target());
			}
		}
		return listeners;
	}

	/**
	 * One module's thread and queue.
	 */
	static final class ModuleQueue {

		private final String module;

		private final ThreadPoolExecutor executor;

		private final int capacity;

		private final Counter dropped;

		private final AtomicBoolean dropping = new AtomicBoolean();

		private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();

		ModuleQueue(String module, int capacity, Counter dropped) {
			this.module = module;
			this.capacity = capacity;
			this.dropped = dropped;
			this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(capacity),
					(task) -> {
						Thread thread = new Thread(task, "homeserver-on-new-event-" + module);
						thread.setDaemon(true);
						return thread;
					}, new ThreadPoolExecutor.AbortPolicy());
		}

		Timer timer(String outcome, MeterRegistry meters) {
			return this.timers.computeIfAbsent(outcome, (tag) -> Timer.builder(CALLBACK_METER)
				.description("Time a module's callback took, by outcome")
				.tags("module", this.module, "category", CATEGORY, "callback", "onNewEvent", "outcome", tag)
				.register(meters));
		}

		void offer(Runnable notification) {
			try {
				this.executor.execute(notification);
				this.dropping.set(false);
			}
			catch (RejectedExecutionException ex) {
				if (this.executor.isShutdown()) {
					return;
				}
				this.dropped.increment();
				if (this.dropping.compareAndSet(false, true)) {
					logger.warn("Module '" + this.module + "' is behind with onNewEvent: its queue of "
							+ this.capacity + " notifications is full, so new events are not passed to it until it catches up"
							+ " (counted in " + DROPPED + ")");
				}
			}
		}

	}

}
