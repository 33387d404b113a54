package org.modulehost.homeserver.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Listens on a channel for the other instances' notifications, on a thread and a connection of
 * its own, and hands each payload to the {@link NotificationProtocol}.
 *
 * <p>When the connection is lost, it is reopened after a pause that grows by Spring's
 * {@link ExponentialBackOff} (from {@value #FIRST_PAUSE_MILLIS} ms, doubling, to at most
 * {@value #LONGEST_PAUSE_MILLIS} ms; back to the first pause once listening again). The
 * listeners are told that notifications were {@linkplain ChangeNotifications.Listener#missed()
 * missed} when the connection is lost and again each time it is established, and
 * {@link #isReceiving()} is {@code false} in between. {@link #stop()} ends a wait at once.
 */
final class NotificationReceiver {

	private static final Log logger = LogFactory.getLog(NotificationReceiver.class);

	private static final long POLL_MILLIS = 500;

	private static final long CHECK_NANOS = TimeUnit.SECONDS.toNanos(10);

	static final long FIRST_PAUSE_MILLIS = 100;

	static final long LONGEST_PAUSE_MILLIS = 5000;

	private final String channel;

	private final NotificationProtocol protocol;

	private final List<ChangeNotifications.Listener> listeners;

	private final ListeningConnections connections;

	private final BackOff backOff;

	private final AtomicLong connects = new AtomicLong();

	private volatile CountDownLatch stopping = new CountDownLatch(1);

	private volatile boolean running;

	private volatile boolean receiving;

	private volatile @Nullable Thread thread;

	private volatile @Nullable Connection connection;

	/**
	 * Creates a receiver; it listens once {@linkplain #start() started}.
	 * @param channel the channel
	 * @param protocol reads the payloads and tells the listeners
	 * @param listeners the listeners, read at each notification (so listeners added later are told)
	 * @param connections opens the listening connections
	 */
	NotificationReceiver(String channel, NotificationProtocol protocol, List<ChangeNotifications.Listener> listeners,
			ListeningConnections connections) {
		this.channel = channel;
		this.protocol = protocol;
		this.listeners = listeners;
		this.connections = connections;
		ExponentialBackOff backOff = new ExponentialBackOff(FIRST_PAUSE_MILLIS, 2);
		backOff.setMaxInterval(LONGEST_PAUSE_MILLIS);
		this.backOff = backOff;
	}

	boolean isReceiving() {
		return this.receiving;
	}

	long connectCount() {
		return this.connects.get();
	}

	void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		this.stopping = new CountDownLatch(1);
		Thread listening = new Thread(this::listen, "homeserver-notifications");
		listening.setDaemon(true);
		this.thread = listening;
		listening.start();
	}

	void stop() {
		this.running = false;
		this.stopping.countDown();
		Connection current = this.connection;
		if (current != null) {
			try {
				// Ends a wait for notifications at once; the listening thread closes the connection.
				current.abort(Runnable::run);
			}
			catch (SQLException ex) {
				logger.debug("Could not abort the listening connection", ex);
			}
		}
		Thread listening = this.thread;
		if (listening != null) {
			try {
				listening.join(TimeUnit.SECONDS.toMillis(5));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	boolean isRunning() {
		return this.running;
	}

	private void listen() {
		BackOffExecution pauses = this.backOff.start();
		boolean failing = false;
		while (this.running) {
			try (Connection listening = this.connections.open()) {
				this.connection = listening;
				if (!this.running) {
					return;
				}
				try (Statement statement = listening.createStatement()) {
					statement.execute("LISTEN \"" + this.channel.replace("\"", "\"\"") + "\"");
				}
				this.connects.incrementAndGet();
				missed();
				this.receiving = true;
				if (failing) {
					logger.info("Listening again for the other homeserver instances' changes on channel " + this.channel);
				}
				failing = false;
				pauses = this.backOff.start();
				receive(listening);
			}
			catch (SQLException | RuntimeException ex) {
				if (!this.running) {
					return;
				}
				boolean wasReceiving = this.receiving;
				this.receiving = false;
				if (wasReceiving) {
					missed();
				}
				if (!failing) {
					logger.warn("Not listening for the other homeserver instances' changes (channel " + this.channel
							+ "): " + ex.getMessage() + "; /sync waits are woken and account caches bypassed until "
							+ "the connection is back. Retrying.");
					failing = true;
				}
				logger.debug("Not listening on channel " + this.channel, ex);
				long pause = pauses.nextBackOff();
				if (pause == BackOffExecution.STOP) {
					// Retrying never gives up while running: keep to the longest pause.
					pause = LONGEST_PAUSE_MILLIS;
				}
				pause(pause);
			}
			finally {
				this.connection = null;
			}
		}
	}

	private void receive(Connection listening) throws SQLException {
		PGConnection pg = listening.unwrap(PGConnection.class);
		long lastCheck = System.nanoTime();
		while (this.running) {
			PGNotification[] notifications = pg.getNotifications((int) POLL_MILLIS);
			if (notifications != null && notifications.length > 0) {
				for (PGNotification notification : notifications) {
					this.protocol.received(this.channel, notification.getParameter(), this.listeners);
				}
			}
			else if (System.nanoTime() - lastCheck > CHECK_NANOS) {
				// A connection that silently went away shows here rather than in the wait.
				if (!listening.isValid(5)) {
					throw new SQLException("The listening connection is no longer valid");
				}
				lastCheck = System.nanoTime();
			}
		}
	}

	private void missed() {
		for (ChangeNotifications.Listener listener : this.listeners) {
			try {
				listener.missed();
			}
			catch (RuntimeException ex) {
				logger.warn("A listener failed to catch up after missed notifications", ex);
			}
		}
	}

	private void pause(long millis) {
		try {
			this.stopping.await(millis, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.running = false;
		}
	}

}
