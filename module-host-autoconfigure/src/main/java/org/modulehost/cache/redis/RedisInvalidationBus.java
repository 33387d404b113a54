package org.modulehost.cache.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.modulehost.cache.Invalidation;
import org.modulehost.cache.InvalidationBus;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.SubscriptionListener;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * An {@link InvalidationBus} on Redis pub/sub. Every instance publishes its invalidations to one
 * channel and listens to it, ignoring its own messages.
 *
 * <p>Pub/sub delivers at most once, so the bus watches for losses and then calls the resync
 * action (the cache feature clears every module cache):
 * <ul>
 * <li>when the subscription is confirmed again after a lost connection (Lettuce reconnects and
 * re-subscribes by itself; whatever was published meanwhile is gone);</li>
 * <li>when another instance's sequence number skips ahead (its message was lost, or it could not
 * send one), noticed on its next invalidation or on its periodic heartbeat.</li>
 * </ul>
 *
 * <p>{@link #publish} never blocks: one publisher thread sends in order, each send waiting at
 * most the publish timeout. A send that fails still uses up its sequence number, so the others
 * notice the gap and resync. Received messages are handled in order on one listener thread.
 */
final class RedisInvalidationBus implements InvalidationBus, SmartLifecycle, DisposableBean {

	private static final Log logger = LogFactory.getLog(RedisInvalidationBus.class);

	private final RedisConnectionFactory connectionFactory;

	private final ReactiveRedisConnectionFactory reactiveConnectionFactory;

	private final String origin;

	private final String channel;

	private final byte[] channelBytes;

	private final Duration heartbeat;

	private final Duration publishTimeout;

	private final int queueCapacity;

	private final InvalidationMetrics metrics;

	private final PeerSequences peers = new PeerSequences(Duration.ofDays(1));

	private final AtomicLong sequence = new AtomicLong();

	private final AtomicInteger queued = new AtomicInteger();

	private final AtomicInteger subscriptions = new AtomicInteger();

	private final CompletableFuture<Void> firstSubscription = new CompletableFuture<>();

	private final ScheduledExecutorService publisher;

	private final ExecutorService listenerExecutor;

	private final Object lifecycleMonitor = new Object();

	private volatile @Nullable Consumer<Invalidation> receiver;

	private volatile Runnable resync = () -> {
	};

	private volatile boolean started;

	private volatile Runnable beforeSubscribing = () -> {
	};

	private volatile boolean failing;

	private @Nullable RedisMessageListenerContainer container;

	private @Nullable ScheduledFuture<?> heartbeatTask;

	private @Nullable ReactiveRedisConnection publishConnection;

	RedisInvalidationBus(RedisConnectionFactory connectionFactory, String origin,
			RedisInvalidationProperties properties, InvalidationMetrics metrics) {
		if (!(connectionFactory instanceof ReactiveRedisConnectionFactory reactive)) {
			throw new IllegalStateException("modulehost.caches.invalidation.redis needs the Lettuce Redis client, "
					+ "but the RedisConnectionFactory is a " + connectionFactory.getClass().getName()
					+ ". Use spring-boot-starter-data-redis's default client (Lettuce) instead of Jedis, "
					+ "or set modulehost.caches.invalidation.redis.enabled=false");
		}
		requirePositive(properties.getHeartbeat(), "heartbeat");
		requirePositive(properties.getPublishTimeout(), "publish-timeout");
		if (properties.getPublishQueueCapacity() < 1) {
			throw new IllegalArgumentException("modulehost.caches.invalidation.redis.publish-queue-capacity must be "
					+ "at least 1, not " + properties.getPublishQueueCapacity());
		}
		this.connectionFactory = connectionFactory;
		this.reactiveConnectionFactory = reactive;
		this.origin = origin;
		this.channel = properties.getChannel();
		this.channelBytes = this.channel.getBytes(StandardCharsets.UTF_8);
		this.heartbeat = properties.getHeartbeat();
		this.publishTimeout = properties.getPublishTimeout();
		this.queueCapacity = properties.getPublishQueueCapacity();
		this.metrics = metrics;
		ScheduledThreadPoolExecutor publisher = new ScheduledThreadPoolExecutor(1,
				daemonThreads("modulehost-invalidation-publisher-"));
		publisher.setRemoveOnCancelPolicy(true);
		this.publisher = publisher;
		this.listenerExecutor = Executors
			.newSingleThreadExecutor(daemonThreads("modulehost-invalidation-listener-"));
	}

	private static void requirePositive(Duration duration, String property) {
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(
					"modulehost.caches.invalidation.redis." + property + " must be positive, not " + duration);
		}
	}

	private static CustomizableThreadFactory daemonThreads(String prefix) {
		CustomizableThreadFactory threads = new CustomizableThreadFactory(prefix);
		threads.setDaemon(true);
		return threads;
	}

	/**
	 * This instance's id in messages: its name and a random per-process part.
	 * @return the origin id
	 */
	String origin() {
		return this.origin;
	}

	InvalidationMetrics metrics() {
		return this.metrics;
	}

	@Override
	public void publish(Invalidation invalidation) {
		long publishedMicros = InvalidationMessage.nowMicros();
		if (this.queued.incrementAndGet() > this.queueCapacity) {
			this.queued.decrementAndGet();
			dropped(invalidation, "more than " + this.queueCapacity + " invalidations are waiting to be sent");
			return;
		}
		try {
			this.publisher.execute(() -> {
				this.queued.decrementAndGet();
				send(invalidation, publishedMicros);
			});
		}
		catch (RejectedExecutionException ex) {
			this.queued.decrementAndGet();
			dropped(invalidation, "the application is shutting down");
		}
	}

	@Override
	public void subscribe(Consumer<Invalidation> receiver, Runnable resync) {
		this.receiver = receiver;
		this.resync = resync;
	}

	private void send(Invalidation invalidation, long publishedMicros) {
		long seq = this.sequence.incrementAndGet();
		if (publishNow(InvalidationMessage.invalidate(this.origin, seq, publishedMicros, invalidation))) {
			this.metrics.sent();
		}
		else {
			this.metrics.failed();
		}
	}

	private void dropped(Invalidation invalidation, String reason) {
		// Use up a sequence number so that the other instances notice the loss and resync.
		this.sequence.incrementAndGet();
		this.metrics.failed();
		logger.warn("Dropped the invalidation of module cache '" + invalidation.cache()
				+ "' instead of sending it to the other instances: " + reason
				+ ". They will clear their module caches when they notice the gap.");
	}

	private void sendHeartbeat() {
		publishNow(InvalidationMessage.heartbeat(this.origin, this.sequence.get(), InvalidationMessage.nowMicros()));
		this.peers.forgetSilent(System.nanoTime());
	}

	private boolean publishNow(InvalidationMessage message) {
		try {
			publishConnection().pubSubCommands()
				.publish(ByteBuffer.wrap(this.channelBytes), ByteBuffer.wrap(message.toJson()))
				.block(this.publishTimeout);
			if (this.failing) {
				this.failing = false;
				logger.info("Publishing module cache invalidations to Redis channel '" + this.channel
						+ "' works again");
			}
			return true;
		}
		catch (RuntimeException ex) {
			if (!this.failing) {
				this.failing = true;
				logger.warn("Could not publish to Redis channel '" + this.channel + "' within " + this.publishTimeout
						+ " (" + ex.getMessage() + "). Module cache invalidations are not reaching the other "
						+ "instances; they clear their module caches when they notice the gap. "
						+ "Check that Redis runs at spring.data.redis.host/port.");
			}
			else if (logger.isDebugEnabled()) {
				logger.debug("Could not publish a " + message.type() + " message to Redis", ex);
			}
			return false;
		}
	}

	private ReactiveRedisConnection publishConnection() {
		// Only the publisher thread gets here.
		ReactiveRedisConnection connection = this.publishConnection;
		if (connection == null) {
			connection = this.reactiveConnectionFactory.getReactiveConnection();
			this.publishConnection = connection;
		}
		return connection;
	}

	void receive(byte[] body) {
		InvalidationMessage message;
		try {
			message = InvalidationMessage.fromJson(body);
		}
		catch (IllegalArgumentException ex) {
			logger.warn("Ignored a message on Redis channel '" + this.channel + "': " + ex.getMessage()
					+ ". If another application publishes there, give this deployment a channel of its own "
					+ "with modulehost.caches.invalidation.redis.channel.");
			return;
		}
		if (this.origin.equals(message.origin())) {
			return;
		}
		long now = System.nanoTime();
		if (!message.isInvalidation()) {
			if (this.peers.heartbeat(message.origin(), message.seq(), now) == PeerSequences.Outcome.GAP) {
				resync(false, "instance " + message.origin() + " sent invalidations that did not arrive here");
			}
			return;
		}
		PeerSequences.Outcome outcome = this.peers.invalidation(message.origin(), message.seq(), now);
		this.metrics.received(message.ts(), InvalidationMessage.nowMicros());
		if (outcome == PeerSequences.Outcome.GAP) {
			resync(false, "invalidations from instance " + message.origin() + " were lost before #" + message.seq());
			return;
		}
		Consumer<Invalidation> receiver = this.receiver;
		if (receiver != null) {
			try {
				receiver.accept(message.invalidation());
			}
			catch (RuntimeException ex) {
				logger.error("Could not apply the invalidation of module cache '" + message.cache()
						+ "' received from instance " + message.origin(), ex);
			}
		}
	}

	/**
	 * Whether the first subscription is confirmed. Until then this instance may miss
	 * invalidations, so it reports itself not ready; whatever it cached meanwhile is dropped when
	 * the subscription is confirmed.
	 * @return whether invalidations from the other instances reach this instance
	 */
	@Override
	public boolean isReceiving() {
		return this.firstSubscription.isDone();
	}

	void subscribed() {
		int count = this.subscriptions.incrementAndGet();
		if (count == 1) {
			boolean late = this.started;
			if (late) {
				this.peers.clear();
				resync(true, "subscribed to Redis channel '" + this.channel + "' only after start-up; "
						+ "invalidations sent before were lost");
			}
			else {
				// The web server answers before this bean starts: values cached until now may have
				// been invalidated by a message sent before the subscription existed.
				dropEarlyValues();
			}
			this.firstSubscription.complete(null);
		}
		else {
			this.peers.clear();
			resync(true, "re-subscribed to Redis channel '" + this.channel + "' after a lost connection; "
					+ "invalidations sent meanwhile were lost");
		}
	}

	private void dropEarlyValues() {
		logger.debug("Subscribed to Redis channel '" + this.channel + "'; dropping module cache values cached before");
		try {
			this.resync.run();
		}
		catch (RuntimeException ex) {
			logger.error("Could not clear the module caches filled before the subscription was confirmed", ex);
		}
	}

	private void resync(boolean reconnect, String reason) {
		logger.warn("Clearing every module cache: " + reason);
		try {
			this.resync.run();
		}
		catch (RuntimeException ex) {
			logger.error("Could not clear the module caches after losing invalidations", ex);
		}
		// Counted once done, so whoever watches the count sees the caches already cleared.
		this.metrics.resync(reconnect);
	}

	/**
	 * Runs an action just before the bus subscribes at start-up. For tests: a latch there holds
	 * the instance in the window before its subscription is confirmed.
	 * @param action the action
	 */
	void beforeSubscribing(Runnable action) {
		this.beforeSubscribing = action;
	}

	@Override
	public void start() {
		synchronized (this.lifecycleMonitor) {
			if (this.container != null) {
				return;
			}
			this.beforeSubscribing.run();
			RedisMessageListenerContainer container = new RedisMessageListenerContainer();
			container.setBeanName("modulehostInvalidationListenerContainer");
			container.setConnectionFactory(this.connectionFactory);
			container.setTaskExecutor(this.listenerExecutor);
			container.addMessageListener(new Listener(this), new ChannelTopic(this.channel));
			container.afterPropertiesSet();
			container.start();
			this.container = container;
			awaitFirstSubscription(container.getMaxSubscriptionRegistrationWaitingTime());
			long millis = this.heartbeat.toMillis();
			this.heartbeatTask = this.publisher.scheduleWithFixedDelay(this::sendHeartbeat, millis, millis,
					TimeUnit.MILLISECONDS);
			this.started = true;
		}
	}

	private void awaitFirstSubscription(long millis) {
		try {
			this.firstSubscription.get(millis, TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException | ExecutionException ex) {
			logger.warn("Not subscribed to Redis channel '" + this.channel + "' after " + millis + " ms; "
					+ "this instance will clear its module caches once subscribed. "
					+ "Check that Redis runs at spring.data.redis.host/port.");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void stop() {
		synchronized (this.lifecycleMonitor) {
			ScheduledFuture<?> heartbeatTask = this.heartbeatTask;
			if (heartbeatTask != null) {
				heartbeatTask.cancel(false);
				this.heartbeatTask = null;
			}
			RedisMessageListenerContainer container = this.container;
			if (container != null) {
				this.container = null;
				container.stop();
				destroyContainer(container);
			}
			this.started = false;
		}
	}

	private static void destroyContainer(RedisMessageListenerContainer container) {
		try {
			container.destroy();
		}
		catch (Exception ex) {
			logger.debug("Could not close the invalidation listener's Redis connection", ex);
		}
	}

	@Override
	public boolean isRunning() {
		synchronized (this.lifecycleMonitor) {
			return this.container != null;
		}
	}

	@Override
	public void destroy() throws InterruptedException {
		stop();
		this.publisher.shutdown();
		if (!this.publisher.awaitTermination(this.publishTimeout.toMillis() * 2, TimeUnit.MILLISECONDS)) {
			logger.warn("Stopped before every module cache invalidation was sent to the other instances");
			this.publisher.shutdownNow();
		}
		this.listenerExecutor.shutdownNow();
		ReactiveRedisConnection connection = this.publishConnection;
		if (connection != null) {
			connection.close();
		}
	}

	/**
	 * Hands the container's callbacks to the bus.
	 */
	private static final class Listener implements MessageListener, SubscriptionListener {

		private final RedisInvalidationBus bus;

		Listener(RedisInvalidationBus bus) {
			this.bus = bus;
		}

		@Override
		public void onMessage(Message message, byte @Nullable [] pattern) {
			this.bus.receive(message.getBody());
		}

		@Override
		public void onChannelSubscribed(byte[] channel, long count) {
			this.bus.subscribed();
		}

	}

}
