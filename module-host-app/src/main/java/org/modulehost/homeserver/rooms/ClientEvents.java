package org.modulehost.homeserver.rooms;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.api.Requester;
import org.modulehost.homeserver.api.callbacks.UnsignedFieldsCallbacks;
import org.modulehost.homeserver.storage.StoredEvent;
import org.modulehost.homeserver.support.Await;
import org.modulehost.homeserver.support.Callbacks;

/**
 * Serialises events for clients in the Matrix client format, with the {@code unsigned} fields
 * the server sets ({@code age}, {@code transaction_id} for the sending device, the replaced
 * state) and those modules add, which never replace the server's.
 */
public final class ClientEvents {

	private final Callbacks callbacks;

	private final Clock clock;

	/**
	 * Creates the serialiser.
	 * @param callbacks the callback dispatchers
	 * @param clock the clock, for {@code age}
	 */
	public ClientEvents(Callbacks callbacks, Clock clock) {
		this.callbacks = callbacks;
		this.clock = clock;
	}

	/**
	 * Serialises a batch of events for one response; modules are asked once per distinct event.
	 * @param events the events
	 * @param viewer who receives them, for {@code transaction_id}
	 * @return the client events, in order
	 */
	public List<Map<String, Object>> serialize(List<StoredEvent> events, @Nullable Requester viewer) {
		boolean modules = this.callbacks.has(UnsignedFieldsCallbacks.class, "addFieldToUnsigned");
		Map<String, Map<String, Object>> added = new HashMap<>();
		List<Map<String, Object>> result = new ArrayList<>(events.size());
		long now = this.clock.millis();
		for (StoredEvent stored : events) {
			Map<String, Object> extra = null;
			if (modules) {
				extra = added.computeIfAbsent(stored.event().eventId(), (id) -> Await.callback(
						this.callbacks.unsignedFields().addFieldToUnsigned(stored.event()), "addFieldToUnsigned"));
			}
			result.add(serialize(stored, viewer, extra, now));
		}
		return result;
	}

	/**
	 * Serialises one event.
	 * @param event the event
	 * @param viewer who receives it
	 * @return the client event
	 */
	public Map<String, Object> serialize(StoredEvent event, @Nullable Requester viewer) {
		return serialize(List.of(event), viewer).get(0);
	}

	/**
	 * The fields every client format of an event starts with: its identity, type, state key
	 * and content, in the order clients see them.
	 * @param event the event
	 * @return a new mutable map
	 */
	static Map<String, Object> fields(Event event) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("event_id", event.eventId());
		json.put("room_id", event.roomId());
		json.put("sender", event.sender());
		json.put("type", event.type());
		if (event.stateKey() != null) {
			json.put("state_key", event.stateKey());
		}
		json.put("content", event.content());
		return json;
	}

	private static Map<String, Object> serialize(StoredEvent stored, @Nullable Requester viewer,
			@Nullable Map<String, Object> extra, long now) {
		Event event = stored.event();
		Map<String, Object> json = fields(event);
		if (Redaction.TYPE.equals(event.type()) && event.content().get("redacts") instanceof String redacts) {
			json.put("redacts", redacts);
		}
		json.put("origin_server_ts", event.originServerTs());
		Map<String, Object> unsigned = new LinkedHashMap<>(event.unsigned());
		unsigned.put("age", Math.max(0, now - event.originServerTs()));
		if (viewer != null && stored.txnId() != null && event.sender().equals(viewer.userId())
				&& stored.deviceId() != null && stored.deviceId().equals(viewer.deviceId())) {
			unsigned.put("transaction_id", stored.txnId());
		}
		if (extra != null) {
			extra.forEach(unsigned::putIfAbsent);
		}
		json.put("unsigned", unsigned);
		return json;
	}

	/**
	 * Serialises an event in the stripped form of an invite's room preview.
	 * @param event the event
	 * @return {@code type}, {@code state_key}, {@code content} and {@code sender}
	 */
	public static Map<String, Object> stripped(Event event) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("type", event.type());
		json.put("state_key", event.stateKey());
		json.put("content", event.content());
		json.put("sender", event.sender());
		return json;
	}

}
