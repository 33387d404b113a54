package org.modulehost.homeserver.keys;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.modulehost.homeserver.HomeserverProperties;
import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.Requester;
import org.modulehost.homeserver.rooms.Ratelimiter;
import org.modulehost.homeserver.storage.ClientTransaction;
import org.modulehost.homeserver.storage.DeviceInbox;
import org.modulehost.homeserver.storage.JsonCodec;
import org.modulehost.homeserver.support.Identifiers;
import org.modulehost.homeserver.sync.Notifier;
import org.modulehost.homeserver.web.JsonBody;
import org.modulehost.homeserver.web.JsonRequestBody;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code PUT /sendToDevice/{eventType}/{txnId}}: stores a message for each named device of local
 * users ({@code *} for all of a user's devices) and wakes their long polls. The request is
 * idempotent per device and transaction ID; it counts against
 * {@code homeserver.ratelimit.to-device} per device; each message's content is limited to
 * {@code homeserver.e2ee.max-to-device-message-size} and a request to
 * {@code homeserver.e2ee.max-to-device-recipients} devices. Messages to remote users are dropped:
 * this server does not federate.
 */
@RestController
@RequestMapping("/_matrix/client/{version:v3|r0}")
final class SendToDeviceController {

	private final DeviceInbox inbox;

	private final Notifier notifier;

	private final JsonCodec json;

	private final Ratelimiter ratelimiter;

	private final String serverName;

	private final long maxMessageBytes;

	private final int maxRecipients;

	SendToDeviceController(DeviceInbox inbox, Notifier notifier, JsonCodec json, HomeserverProperties properties,
			Clock clock) {
		this.inbox = inbox;
		this.notifier = notifier;
		this.json = json;
		this.ratelimiter = Ratelimiter.fixed("rc_key_requests", properties.getRatelimit().getToDevice(), clock);
		this.serverName = properties.getServerName();
		this.maxMessageBytes = properties.getE2ee().getMaxToDeviceMessageSize().toBytes();
		this.maxRecipients = properties.getE2ee().getMaxToDeviceRecipients();
	}

	@PutMapping("/sendToDevice/{eventType}/{txnId}")
	Map<String, Object> send(@PathVariable String eventType, @PathVariable String txnId, Requester requester,
			@JsonRequestBody JsonBody body) {
		if (txnId.length() > KeysRequests.MAX_ID_LENGTH || eventType.length() > KeysRequests.MAX_EVENT_TYPE_LENGTH) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "Transaction ID or event type too long: at most "
					+ KeysRequests.MAX_ID_LENGTH + " characters each");
		}
		Map<String, Map<String, Object>> byUser = KeysRequests.objects(body.requireObject("messages"), "messages");
		int recipients = byUser.values().stream().mapToInt(Map::size).sum();
		if (recipients > this.maxRecipients) {
			throw new MatrixError(400, Codes.INVALID_PARAM,
					"Too many recipient devices: at most " + this.maxRecipients + " per request");
		}
		Map<String, Map<String, Map<String, Object>>> messages = new LinkedHashMap<>();
		byUser.forEach((userId, byDevice) -> {
			KeysRequests.userId(userId);
			Map<String, Map<String, Object>> contents = KeysRequests.objects(byDevice, "messages." + userId);
			contents.values().forEach(this::checkSize);
			if (Identifiers.serverOf(userId).equals(this.serverName)) {
				messages.put(userId, contents);
			}
		});
		String deviceId = (requester.deviceId() != null) ? requester.deviceId() : "";
		this.ratelimiter.check(requester.userId() + " " + deviceId);
		ClientTransaction transaction = new ClientTransaction(requester.userId(), deviceId, "/sendToDevice/" + eventType,
				txnId);
		Set<String> woken = this.inbox.send(transaction, requester.userId(), eventType, messages);
		this.notifier.notifyUsers(woken);
		return Map.of();
	}

	private void checkSize(Map<String, Object> content) {
		if (this.json.write(content).getBytes(StandardCharsets.UTF_8).length > this.maxMessageBytes) {
			throw new MatrixError(413, Codes.TOO_LARGE,
					"To-device message too large: the limit is " + this.maxMessageBytes + " bytes");
		}
	}

}
