package org.modulehost.homeserver.sync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.modulehost.homeserver.api.Requester;
import org.modulehost.homeserver.storage.DeviceInbox;
import org.modulehost.homeserver.storage.DeviceKeyStore;
import org.modulehost.homeserver.storage.DeviceListStore;
import org.modulehost.homeserver.storage.DeviceStream;

/**
 * The end-to-end encryption parts of a {@code /sync} response, as Synapse: the device's
 * to-device messages ({@code to_device}, at most a limit per response, the rest in the next),
 * which a sync with a later token acknowledges (they are deleted then); in an incremental sync
 * the device lists that changed ({@code device_lists}); and the device's key counts
 * ({@code device_one_time_keys_count} with {@code signed_curve25519} always present, and
 * {@code device_unused_fallback_key_types}).
 */
final class DeviceSync {

	private final DeviceStream stream;

	private final DeviceInbox inbox;

	private final DeviceListStore lists;

	private final DeviceKeyStore keys;

	private final int messageLimit;

	DeviceSync(DeviceStream stream, DeviceInbox inbox, DeviceListStore lists, DeviceKeyStore keys, int messageLimit) {
		this.stream = stream;
		this.inbox = inbox;
		this.lists = lists;
		this.keys = keys;
		this.messageLimit = messageLimit;
	}

	/**
	 * Computes the parts.
	 * @param requester who syncs
	 * @param sinceMain the main position of the since token, or -1 for an initial sync
	 * @param sinceDevices the devices position of the since token (0 for an initial sync)
	 * @return the parts, and the devices position of the next token
	 */
	Section compute(Requester requester, long sinceMain, long sinceDevices) {
		long upTo = this.stream.currentPosition();
		String userId = requester.userId();
		String deviceId = requester.deviceId();
		long next = upTo;
		List<Map<String, Object>> events = new ArrayList<>();
		Map<String, Object> body = new LinkedHashMap<>();
		if (deviceId != null) {
			if (sinceDevices > 0) {
				this.inbox.acknowledge(userId, deviceId, sinceDevices);
			}
			List<DeviceInbox.Message> messages = this.inbox.messages(userId, deviceId, sinceDevices, upTo,
					this.messageLimit);
			messages.forEach((message) -> events.add(message.event()));
			if (messages.size() == this.messageLimit) {
				next = messages.get(messages.size() - 1).position();
			}
		}
		DeviceListStore.Delta delta = (sinceMain >= 0) ? this.lists.delta(userId, sinceMain, sinceDevices, next)
				: new DeviceListStore.Delta(List.of(), List.of());
		body.put("to_device", Map.of("events", events));
		body.put("device_lists", Map.of("changed", delta.changed(), "left", delta.left()));
		if (deviceId != null) {
			Map<String, Integer> counts = new LinkedHashMap<>(this.keys.oneTimeKeyCounts(userId, deviceId));
			counts.putIfAbsent("signed_curve25519", 0);
			body.put("device_one_time_keys_count", counts);
			body.put("device_unused_fallback_key_types", this.keys.unusedFallbackKeyTypes(userId, deviceId));
		}
		else {
			body.put("device_one_time_keys_count", Map.of());
		}
		return new Section(body, next, events.isEmpty() && delta.isEmpty());
	}

	/**
	 * The encryption parts of a response.
	 *
	 * @param fields the response's fields
	 * @param nextDevices the devices position of the next token
	 * @param isEmpty whether nothing new is in them
	 */
	record Section(Map<String, Object> fields, long nextDevices, boolean isEmpty) {

	}

}
