package org.modulehost.homeserver.storage;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.dao.DuplicateKeyException;

/**
 * To-device messages: each stored once per recipient device at a position of the
 * {@link DeviceStream}, delivered by {@code /sync} in order, and deleted when the device syncs
 * with a token past them (it has them then). A request is stored once per client transaction
 * (as {@code /send} is: per device, endpoint and transaction ID, within the transactions' time to
 * live), and announced to the other instances sharing the database so that the recipients' long
 * polls wake there too.
 */
public final class DeviceInbox {

	/** What a transaction of {@code /sendToDevice} records in place of an event ID. */
	private static final String SENT = "$to-device";

	private final Database db;

	private final JsonCodec json;

	private final DeviceStream stream;

	private final ChangeNotifications changes;

	private final ClientTransactions transactions;

	/**
	 * Creates the inbox.
	 * @param db the database
	 * @param json the JSON codec
	 * @param stream the devices stream
	 * @param changes the notifications between instances
	 * @param clock the clock
	 * @param transactionTtl how long a client transaction is remembered
	 */
	public DeviceInbox(Database db, JsonCodec json, DeviceStream stream, ChangeNotifications changes, Clock clock,
			Duration transactionTtl) {
		this.db = db;
		this.json = json;
		this.stream = stream;
		this.changes = changes;
		this.transactions = new ClientTransactions(db, clock, transactionTtl);
	}

	/**
	 * Stores a request's messages, unless its transaction was stored before. A device ID
	 * {@code *} stands for all of the user's devices; devices that do not exist get nothing.
	 * @param transaction the client transaction
	 * @param sender the sending user
	 * @param type the event type
	 * @param messages the contents by user ID and device ID
	 * @return the users who got a message (empty for a repeated transaction)
	 */
	public Set<String> send(ClientTransaction transaction, String sender, String type,
			Map<String, Map<String, Map<String, Object>>> messages) {
		this.transactions.purgeExpired();
		try {
			return this.stream.write((jdbc, position) -> {
				if (this.transactions.eventId(transaction) != null) {
					return Set.<String>of();
				}
				Set<String> recipients = new HashSet<>();
				messages.forEach((userId, byDevice) -> {
					Set<String> devices = new HashSet<>(jdbc.sql("SELECT device_id FROM hs_devices WHERE user_id = ?")
						.param(userId)
						.query(String.class)
						.list());
					Map<String, Map<String, Object>> perDevice = new LinkedHashMap<>();
					byDevice.forEach((deviceId, content) -> {
						if ("*".equals(deviceId)) {
							devices.forEach((device) -> perDevice.put(device, content));
						}
						else if (devices.contains(deviceId)) {
							perDevice.put(deviceId, content);
						}
					});
					perDevice.forEach((deviceId, content) -> {
						Map<String, Object> event = new LinkedHashMap<>();
						event.put("sender", sender);
						event.put("type", type);
						event.put("content", content);
						jdbc.sql("INSERT INTO hs_device_inbox (stream_position, user_id, device_id, message_json) "
								+ "VALUES (?, ?, ?, ?)")
							.params(position, userId, deviceId, this.json.write(event))
							.update();
						recipients.add(userId);
					});
				});
				this.transactions.record(transaction, SENT);
				if (!recipients.isEmpty()) {
					this.changes.devicesChanged(recipients);
				}
				return recipients;
			});
		}
		catch (DuplicateKeyException ex) {
			// Another instance stored the same transaction at the same time.
			return Set.of();
		}
	}

	/**
	 * Reads a device's messages in a range of positions, oldest first.
	 * @param userId the user
	 * @param deviceId the device
	 * @param after messages after this position
	 * @param upTo messages at or before this position
	 * @param limit the most messages to read
	 * @return the messages
	 */
	public List<Message> messages(String userId, String deviceId, long after, long upTo, int limit) {
		return this.db.jdbc()
			.sql("SELECT stream_position, message_json FROM hs_device_inbox WHERE user_id = ? AND device_id = ? "
					+ "AND stream_position > ? AND stream_position <= ? ORDER BY stream_position LIMIT ?")
			.params(userId, deviceId, after, upTo, limit)
			.query((rs, row) -> new Message(rs.getLong(1), this.json.readObject(rs.getString(2))))
			.list();
	}

	/**
	 * Deletes the messages a device has: those at or before the position of its sync token.
	 * @param userId the user
	 * @param deviceId the device
	 * @param upTo the position
	 */
	public void acknowledge(String userId, String deviceId, long upTo) {
		this.db.jdbc()
			.sql("DELETE FROM hs_device_inbox WHERE user_id = ? AND device_id = ? AND stream_position <= ?")
			.params(userId, deviceId, upTo)
			.update();
	}

	/**
	 * A stored message.
	 *
	 * @param position its position in the devices stream
	 * @param event the event: {@code sender}, {@code type} and {@code content}
	 */
	public record Message(long position, Map<String, Object> event) {

	}

}
