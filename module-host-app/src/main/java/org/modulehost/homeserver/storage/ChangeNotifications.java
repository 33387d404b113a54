package org.modulehost.homeserver.storage;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

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
 * <p>What a notification says is {@link NotificationProtocol}'s business; listening, and
 * reconnecting, is {@link NotificationReceiver}'s.
 *
 * <p>On a database of this process's own (H2) nothing is sent, nothing is received and
 * {@link #isReceiving()} is always {@code true}.
 */
public final class ChangeNotifications implements SmartLifecycle {

	private final Database db;

	private final NotificationProtocol protocol;

	private final @Nullable String channel;

	private final List<Listener> listeners = new CopyOnWriteArrayList<>();

	/** Listens on the channel; {@code null} on a database of this process's own. */
	private final @Nullable NotificationReceiver receiver;

	private ChangeNotifications(Database db, NotificationProtocol protocol, @Nullable String channel,
			ListeningConnections connections) {
		this.db = db;
		this.protocol = protocol;
		this.channel = channel;
		this.receiver = (channel != null)
				? new NotificationReceiver(channel, protocol, this.listeners, connections) : null;
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
			channel = NotificationProtocol.channelName(schema);
		}
		return new ChangeNotifications(db, new NotificationProtocol(json), channel,
				new ListeningConnections(dataSource, instanceName));
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
		return (this.receiver == null) || this.receiver.isReceiving();
	}

	/**
	 * Counts how often the listening connection was established, for tests and monitoring.
	 * @return the number of successful {@code LISTEN}s
	 */
	public long connectCount() {
		return (this.receiver != null) ? this.receiver.connectCount() : 0;
	}

	/**
	 * Announces new events in a room; call inside the transaction that stores them.
	 * @param roomId the room
	 * @param memberships the users whose membership the events changed
	 */
	public void roomChanged(String roomId, Collection<String> memberships) {
		if (this.channel != null) {
			send(this.protocol.roomChanged(roomId, memberships));
		}
	}

	/**
	 * Announces a change of a user's account data; call inside the transaction that writes it.
	 * @param userId the user
	 */
	public void accountDataChanged(String userId) {
		if (this.channel != null) {
			send(this.protocol.accountDataChanged(userId));
		}
	}

	/**
	 * Announces a change of a user's account (profile, administrator flag); call inside the
	 * transaction that writes it.
	 * @param userId the user
	 */
	public void accountChanged(String userId) {
		if (this.channel != null) {
			send(this.protocol.accountChanged(userId));
		}
	}

	/**
	 * Announces that access tokens of a user stopped being valid; call inside the transaction
	 * that deletes them.
	 * @param userId the user
	 */
	public void tokensChanged(String userId) {
		if (this.channel != null) {
			send(this.protocol.tokensChanged(userId));
		}
	}

	/**
	 * Announces to-device messages or device-list changes; call inside the transaction that
	 * writes them.
	 * @param userIds the users whose {@code /sync} has something new
	 */
	public void devicesChanged(Collection<String> userIds) {
		if (this.channel != null) {
			send(this.protocol.devicesChanged(userIds));
		}
	}

	/**
	 * Announces a presence update; call inside the transaction that stores it.
	 * @param userIds the users whose waiting {@code /sync} requests it concerns
	 */
	public void presenceChanged(Collection<String> userIds) {
		if (this.channel != null) {
			send(this.protocol.presenceChanged(userIds));
		}
	}

	/**
	 * Announces a change of a user's typing state in a room. Typing state is kept in memory,
	 * not in the database: call outside any transaction, the notification is sent at once.
	 * @param roomId the room
	 * @param userId the user
	 * @param typing whether the user is typing
	 * @param timeoutMs how long the user is typing for, when they are
	 */
	public void typingChanged(String roomId, String userId, boolean typing, long timeoutMs) {
		if (this.channel != null) {
			send(this.protocol.typingChanged(roomId, userId, typing, timeoutMs));
		}
	}

	/**
	 * Announces a new read receipt in a room; call inside the transaction that stores it.
	 * @param roomId the room
	 */
	public void receiptsChanged(String roomId) {
		if (this.channel != null) {
			send(this.protocol.receiptsChanged(roomId));
		}
	}

	private void send(String payload) {
		this.db.jdbc().sql("SELECT pg_notify(?, ?)").params(this.channel, payload).query((rs, row) -> 1).list();
	}

	@Override
	public void start() {
		if (this.receiver != null) {
			this.receiver.start();
		}
	}

	@Override
	public void stop() {
		if (this.receiver != null) {
			this.receiver.stop();
		}
	}

	@Override
	public boolean isRunning() {
		return (this.receiver != null) && this.receiver.isRunning();
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
		 * Another instance stored to-device messages or device-list changes.
		 * @param userIds the users whose {@code /sync} has something new
		 * @param complete {@code false} when the list was too long to send: then any user may
		 * be concerned
		 */
		default void devicesChanged(List<String> userIds, boolean complete) {
		}

		/**
		 * Another instance stored a presence update.
		 * @param userIds the users it concerns
		 * @param complete {@code false} when the list was too long to send: then any user may
		 * be concerned
		 */
		default void presenceChanged(List<String> userIds, boolean complete) {
		}

		/**
		 * Another instance changed a user's typing state in a room.
		 * @param roomId the room
		 * @param userId the user
		 * @param typing whether the user is typing
		 * @param timeoutMs how long the user is typing for, when they are
		 */
		default void typingChanged(String roomId, String userId, boolean typing, long timeoutMs) {
		}

		/**
		 * Another instance stored a read receipt in a room.
		 * @param roomId the room
		 */
		default void receiptsChanged(String roomId) {
		}

		/**
		 * Notifications may have been lost (the listening connection was lost or has just been
		 * established): forget what notifications would have invalidated and re-check.
		 */
		default void missed() {
		}

	}

}
