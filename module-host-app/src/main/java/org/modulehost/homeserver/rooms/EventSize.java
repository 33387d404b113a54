package org.modulehost.homeserver.rooms;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.api.MatrixError;

/**
 * The Matrix limits on the size of an event: 65,536 bytes of canonical JSON, and 255 bytes for its
 * sender, room ID, type and state key. The event is measured
 * as this server stores it (event ID, room, sender, type, state key, content and timestamp;
 * {@code unsigned} is not part of it), counted as it is written, without keeping the text.
 */
final class EventSize {

	/** The largest event, in bytes of canonical JSON, as the Matrix specification says. */
	static final int MAX_BYTES = 65_536;

	/** The longest sender, room ID, type and state key, in bytes of UTF-8, as the specification says. */
	static final int MAX_KEY_BYTES = 255;

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private EventSize() {
	}

	/**
	 * Refuses an event over the limit.
	 * @param event the event
	 * @throws MatrixError 413 {@code M_TOO_LARGE} if the event is larger than {@link #MAX_BYTES},
	 * or its sender, room ID, type or state key longer than {@link #MAX_KEY_BYTES}
	 */
	static void check(Event event) {
		requireShort("sender", event.sender());
		requireShort("room_id", event.roomId());
		requireShort("type", event.type());
		if (event.stateKey() != null) {
			requireShort("state_key", event.stateKey());
		}
		Map<String, Object> json = ClientEvents.fields(event);
		json.put("origin_server_ts", event.originServerTs());
		Counter counter = new Counter();
		mapper.writeValue(counter, json);
		if (counter.count > MAX_BYTES) {
			throw new MatrixError(413, Codes.TOO_LARGE,
					"Event too large: " + counter.count + " bytes, the limit is " + MAX_BYTES);
		}
	}

	private static void requireShort(String key, String value) {
		if (value.length() > MAX_KEY_BYTES / 3 && value.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
			throw new MatrixError(413, Codes.TOO_LARGE, "'" + key + "' too large: the limit is " + MAX_KEY_BYTES
					+ " bytes");
		}
	}

	/**
	 * Counts bytes written and keeps none.
	 */
	private static final class Counter extends OutputStream {

		private long count;

		@Override
		public void write(int b) {
			this.count++;
		}

		@Override
		public void write(byte[] bytes, int offset, int length) {
			this.count += length;
		}

	}

}
