package org.modulehost.homeserver.storage;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import org.springframework.context.SmartLifecycle;

/**
 * Tells the other homeserver instances sharing a PostgreSQL database what this one changed,
 * and this one what they changed, over PostgreSQL's {@code LISTEN}/{@code NOTIFY}.
 *
 * <p>A writer calls one of the sending methods inside the transaction of its write: the
 * notification is delivered to the other instances when, and only if, the transaction commits.
 * An instance ignores its own notifications. Each instance listens on a connection of its own
 * (not one of the pool's), opened from the pool's JDBC URL and credentials; the channel is
 * named after the database schema, so deployments in different schemas of one database do not
 * hear each other.
 *
 * <p>When the listening connection is lost, notifications sent in the meantime are lost too: the
 * {@linkplain Listener listeners} are told so ({@link Listener#missed()}) at once and again when
 * the connection is back, and reconnection is retried with a growing pause. While this instance
 * does not listen, {@link #isReceiving()} is {@code false}, and caches that rely on notifications
 * must not keep what they read.
 *
 * <p>On a database of this process's own (H2) nothing is sent, nothing is received and
 * {@link #isReceiving()} is always {@code true}.
 */
public final class ChangeNotifications implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(ChangeNotifications.class);

	/** PostgreSQL refuses payloads of 8000 bytes or more. */
	static final int MAX_PAYLOAD_BYTES = 7900;

	private static final long POLL_MILLIS = 500;

	private static final long CHECK_NANOS = TimeUnit.SECONDS.toNanos(10);

	private static final long FIRST_PAUSE_MILLIS = 100;

	private static final long LONGEST_PAUSE_MILLIS = 5000;

	private final Database db;

	private final JsonCodec json;

	private final DataSource dataSource;

	private final String instanceName;

	private final @Nullable String channel;

	/** Tells this process's notifications from the others', also between instances of one name. */
	private final String origin = UUID.randomUUID().toString();

	private final List<Listener> listeners = new CopyOnWriteArrayList<>();

	private final AtomicLong connects = new AtomicLong();

	private volatile CountDownLatch stopping = new CountDownLatch(1);

	private volatile boolean running;

	private volatile boolean receiving;

	private volatile @Nullable Thread thread;

	private volatile @Nullable Connection connection;

	private ChangeNotifications(Database db, JsonCodec json, DataSource dataSource, String instanceName,
			@Nullable String channel) {
		this.db = db;
		this.json = json;
		this.dataSource = dataSource;
		this.instanceName = instanceName;
		this.channel = channel;
		this.receiving = (channel == null);
	}

	/**
	 * Creates the notifications of a database: working ones on a shared database, none on a
	 * database of this process's own.
	 * @param db the database
	 * @param json the JSON codec of the payloads
	 * @param dataSource the data source whose settings the listening connection uses
	 * @param instanceName this instance's name, shown as the listening connection's application
	 * name
	 * @return the notifications
	 */
	public static ChangeNotifications create(Database db, JsonCodec json, DataSource dataSource, String instanceName) {
		String channel = null;
		if (db.isShared()) {
			String schema = db.jdbc().sql("SELECT current_schema()").query(String.class).single();
			channel = channelName(schema);
		}
		return new ChangeNotifications(db, json, dataSource, instanceName, channel);
	}

	static String channelName(String schema) {
		String name = "homeserver_" + schema;
		if (name.getBytes(StandardCharsets.UTF_8).length < 64) {
			return name;
		}
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(schema.getBytes(StandardCharsets.UTF_8));
			return "homeserver_" + HexFormat.of().formatHex(digest, 0, 16);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	/**
	 * Returns the channel the instances notify each other on.
	 * @return the channel, or {@code null} on a database of this process's own
	 */
	public @Nullable String channel() {
		return this.channel;
	}

	/**
	 * Adds a listener for the other instances' changes.
	 * @param listener the listener; called on the listening thread, one notification after the
	 * other
	 */
	public void addListener(Listener listener) {
		this.listeners.add(listener);
	}

	/**
	 * Tells whether this instance hears every change the others make: always on a database of
	 * its own, and on a shared one while the listening connection is up. Caches that are kept
	 * up to date by notifications keep nothing while this is {@code false}.
	 * @return whether notifications arrive
	 */
	public boolean isReceiving() {
		return this.receiving;
	}

	/**
	 * Counts how often the listening connection was established, for tests and monitoring.
	 * @return the number of successful {@code LISTEN}s
	 */
	public long connectCount() {
		return this.connects.get();
	}

	/**
	 * Announces new events in a room; call inside the transaction that stores them.
	 * @param roomId the room
	 * @param memberships the users whose membership the events changed
	 */
	public void roomChanged(String roomId, Collection<String> memberships) {
		if (this.channel == null) {
			return;
		}
		Map<String, Object> message = message("room", roomId);
		message.put("memberships", new ArrayList<>(memberships));
		String payload = this.json.write(message);
		if (payload.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
			message.put("memberships", List.of());
			message.put("incomplete", true);
			payload = this.json.write(message);
		}
		send(payload);
	}

	/**
	 * Announces a change of a user's account data; call inside the transaction that writes it.
	 * @param userId the user
	 */
	public void accountDataChanged(String userId) {
		sendAbout("account_data", userId);
	}

	/**
	 * Announces a change of a user's account (profile, administrator flag); call inside the
	 * transaction that writes it.
	 * @param userId the user
	 */
	public void accountChanged(String userId) {
		sendAbout("account", userId);
	}

	/**
	 * Announces that access tokens of a user stopped being valid; call inside the transaction
	 * that deletes them.
	 * @param userId the user
	 */
	public void tokensChanged(String userId) {
		sendAbout("tokens", userId);
	}

	private void sendAbout(String kind, String subject) {
		if (this.channel != null) {
			send(this.json.write(message(kind, subject)));
		}
	}

	private Map<String, Object> message(String kind, String subject) {
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("origin", this.origin);
		message.put("kind", kind);
		message.put("subject", subject);
		return message;
	}

	private void send(String payload) {
		this.db.jdbc().sql("SELECT pg_notify(?, ?)").params(this.channel, payload).query((rs, row) -> 1).list();
	}

	@Override
	public void start() {
		if (this.channel == null || this.running) {
			return;
		}
		this.running = true;
		this.stopping = new CountDownLatch(1);
		Thread listening = new Thread(this::listen, "homeserver-notifications");
		listening.setDaemon(true);
		this.thread = listening;
		listening.start();
	}

	@Override
	public void stop() {
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

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Starts before the web server and stops after it, so requests are served with
	 * notifications.
	 * @return the phase
	 */
	@Override
	public int getPhase() {
		return 0;
	}

	private void listen() {
		long pause = FIRST_PAUSE_MILLIS;
		boolean failing = false;
		while (this.running) {
			try (Connection listening = openConnection()) {
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
				pause = FIRST_PAUSE_MILLIS;
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
				pause(pause);
				pause = Math.min(pause * 2, LONGEST_PAUSE_MILLIS);
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
					received(notification.getParameter());
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

	@SuppressWarnings("unchecked")
	private void received(String payload) {
		Map<String, Object> message;
		try {
			message = this.json.readObject(payload);
		}
		catch (RuntimeException ex) {
			logger.warn("Ignored a notification on channel " + this.channel + " that is not one of ours: " + payload);
			return;
		}
		if (this.origin.equals(message.get("origin"))) {
			return;
		}
		String kind = String.valueOf(message.get("kind"));
		String subject = String.valueOf(message.get("subject"));
		for (Listener listener : this.listeners) {
			try {
				switch (kind) {
					case "room" -> listener.roomChanged(subject,
							(List<String>) message.getOrDefault("memberships", List.of()),
							!Boolean.TRUE.equals(message.get("incomplete")));
					case "account_data" -> listener.accountDataChanged(subject);
					case "account" -> listener.accountChanged(subject);
					case "tokens" -> listener.tokensChanged(subject);
					default -> logger.debug("Ignored a notification of kind " + kind);
				}
			}
			catch (RuntimeException ex) {
				logger.warn("A listener failed on the notification " + payload, ex);
			}
		}
	}

	private void missed() {
		for (Listener listener : this.listeners) {
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

	/**
	 * Opens the listening connection: a connection of its own from the pool's URL and
	 * credentials, so the pool neither lends one out for good nor gets a broken one back; a
	 * borrowed one only when the data source is not a URL-configured Hikari pool.
	 */
	private Connection openConnection() throws SQLException {
		String applicationName = "homeserver-notifications:" + this.instanceName;
		if (this.dataSource.isWrapperFor(HikariDataSource.class)) {
			HikariDataSource hikari = this.dataSource.unwrap(HikariDataSource.class);
			if (hikari.getJdbcUrl() != null) {
				Properties properties = new Properties();
				properties.putAll(hikari.getDataSourceProperties());
				if (hikari.getUsername() != null) {
					properties.setProperty("user", hikari.getUsername());
				}
				if (hikari.getPassword() != null) {
					properties.setProperty("password", hikari.getPassword());
				}
				properties.setProperty("ApplicationName", applicationName);
				Connection connection = DriverManager.getConnection(hikari.getJdbcUrl(), properties);
				connection.setAutoCommit(true);
				return connection;
			}
		}
		Connection connection = this.dataSource.getConnection();
		connection.setAutoCommit(true);
		try (Statement statement = connection.createStatement()) {
			statement.execute("SET application_name = '" + applicationName.replace("'", "''") + "'");
		}
		return connection;
	}

	/**
	 * What an instance hears of the others' changes. Every method does nothing by default.
	 */
	public interface Listener {

		/**
		 * Another instance stored events in a room.
		 * @param roomId the room
		 * @param memberships the users whose membership the events changed
		 * @param complete {@code false} when the list was too long to send: then any user may
		 * be concerned
		 */
		default void roomChanged(String roomId, List<String> memberships, boolean complete) {
		}

		/**
		 * Another instance wrote a user's account data.
		 * @param userId the user
		 */
		default void accountDataChanged(String userId) {
		}

		/**
		 * Another instance changed a user's account.
		 * @param userId the user
		 */
		default void accountChanged(String userId) {
		}

		/**
		 * Another instance invalidated access tokens of a user.
		 * @param userId the user
		 */
		default void tokensChanged(String userId) {
		}

		/**
		 * Notifications may have been lost (the listening connection was lost or has just been
		 * established): forget what notifications would have invalidated and re-check.
		 */
		default void missed() {
		}

	}

}
