package org.modulehost.homeserver.storage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The messages the homeserver instances sharing a database send each other: what a change
 * notification's payload says and how it is written, read and handed to the
 * {@linkplain ChangeNotifications.Listener listeners}.
 *
 * <p>A payload is a JSON object with the {@code origin} (the sending process, so that it ignores
 * its own notifications), the {@code kind} of change and its {@code subject} (a room or user ID);
 * a room's change also lists the users whose membership changed, or says it is
 * {@code incomplete} when that list would not fit in a notification. Thread-safe.
 */
final class NotificationProtocol {

	private static final Log logger = LogFactory.getLog(NotificationProtocol.class);

	/** PostgreSQL refuses payloads of 8000 bytes or more. */
	static final int MAX_PAYLOAD_BYTES = 7900;

	private final JsonCodec json;

	/** Tells this process's notifications from the others', also between instances of one name. */
	private final String origin = UUID.randomUUID().toString();

	NotificationProtocol(JsonCodec json) {
		this.json = json;
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
	 * Writes the payload announcing new events in a room.
	 * @param roomId the room
	 * @param memberships the users whose membership the events changed; left out, and the
	 * payload marked incomplete, when they do not fit
	 * @return the payload
	 */
	String roomChanged(String roomId, Collection<String> memberships) {
		Map<String, Object> message = message("room", roomId);
		message.put("memberships", new ArrayList<>(memberships));
		String payload = this.json.write(message);
		if (payload.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
			message.put("memberships", List.of());
			message.put("incomplete", true);
			payload = this.json.write(message);
		}
		return payload;
	}

	/**
	 * Writes the payload announcing to-device messages or device-list changes.
	 * @param userIds the users concerned; left out, and the payload marked incomplete, when they
	 * do not fit
	 * @return the payload
	 */
	String devicesChanged(Collection<String> userIds) {
		return usersChanged("devices", userIds);
	}

	/**
	 * Writes the payload announcing a presence update.
	 * @param userIds the users it concerns; left out, and the payload marked incomplete, when
	 * they do not fit
	 * @return the payload
	 */
	String presenceChanged(Collection<String> userIds) {
		return usersChanged("presence", userIds);
	}

	private String usersChanged(String kind, Collection<String> userIds) {
		Map<String, Object> message = message(kind, "");
		message.put("users", new ArrayList<>(userIds));
		String payload = this.json.write(message);
		if (payload.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
			message.put("users", List.of());
			message.put("incomplete", true);
			payload = this.json.write(message);
		}
		return payload;
	}

	String accountDataChanged(String userId) {
		return about("account_data", userId);
	}

	String accountChanged(String userId) {
		return about("account", userId);
	}

	String tokensChanged(String userId) {
		return about("tokens", userId);
	}

	String typingChanged(String roomId, String userId, boolean typing, long timeoutMs) {
		Map<String, Object> message = message("typing", roomId);
		message.put("user", userId);
		message.put("typing", typing);
		message.put("timeout", timeoutMs);
		return this.json.write(message);
	}

	String receiptsChanged(String roomId) {
		return about("receipts", roomId);
	}

	private String about(String kind, String subject) {
		return this.json.write(message(kind, subject));
	}

	private Map<String, Object> message(String kind, String subject) {
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("origin", this.origin);
		message.put("kind", kind);
		message.put("subject", subject);
		return message;
	}

	/**
	 * Reads a payload and tells the listeners, unless this process sent it. A payload that is
	 * not one of ours is logged and ignored; a listener that fails is logged and the others are
	 * still told.
	 * @param channel the channel it arrived on, for the log
	 * @param payload the payload
	 * @param listeners the listeners
	 */
	@SuppressWarnings("unchecked")
	void received(String channel, String payload, List<ChangeNotifications.Listener> listeners) {
		Map<String, Object> message;
		try {
			message = this.json.readObject(payload);
		}
		catch (RuntimeException ex) {
			logger.warn("Ignored a notification on channel " + channel + " that is not one of ours: " + payload);
			return;
		}
		if (this.origin.equals(message.get("origin"))) {
			return;
		}
		String kind = String.valueOf(message.get("kind"));
		String subject = String.valueOf(message.get("subject"));
		for (ChangeNotifications.Listener listener : listeners) {
			try {
				switch (kind) {
					case "room" -> listener.roomChanged(subject,
							(List<String>) message.getOrDefault("memberships", List.of()),
							!Boolean.TRUE.equals(message.get("incomplete")));
					case "account_data" -> listener.accountDataChanged(subject);
					case "devices" -> listener.devicesChanged((List<String>) message.getOrDefault("users", List.of()),
							!Boolean.TRUE.equals(message.get("incomplete")));
					case "presence" -> listener.presenceChanged(
							(List<String>) message.getOrDefault("users", List.of()),
							!Boolean.TRUE.equals(message.get("incomplete")));
					case "account" -> listener.accountChanged(subject);
					case "tokens" -> listener.tokensChanged(subject);
					case "typing" -> listener.typingChanged(subject, String.valueOf(message.get("user")),
							Boolean.TRUE.equals(message.get("typing")),
							(message.get("timeout") instanceof Number timeout) ? timeout.longValue() : 0);
					case "receipts" -> listener.receiptsChanged(subject);
					default -> logger.debug("Ignored a notification of kind " + kind);
				}
			}
			catch (RuntimeException ex) {
				logger.warn("A listener failed on the notification " + payload, ex);
			}
		}
	}

}
