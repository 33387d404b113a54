package org.modulehost.homeserver.api;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A room event as the homeserver stores and serves it. Immutable: the maps are deep,
 * unmodifiable copies.
 *
 * @param eventId the event's ID, {@code $opaque}
 * @param roomId the room's ID, {@code !opaque:server}
 * @param sender the user who sent it, {@code @localpart:server}
 * @param type the event type, e.g. {@code m.room.message}
 * @param stateKey the state key for a state event, {@code null} for a message-like event
 * @param content the event's content
 * @param originServerTs when the server created it, in milliseconds since the epoch
 * @param unsigned the data the server attached outside the signed part (may be empty)
 */
public record Event(String eventId, String roomId, String sender, String type, @Nullable String stateKey,
		Map<String, Object> content, long originServerTs, Map<String, Object> unsigned) {

	/**
	 * Copies the maps into unmodifiable ones.
	 */
	public Event {
		content = JsonMaps.freeze(content);
		unsigned = JsonMaps.freeze(unsigned);
	}

	/**
	 * Tells whether this is a state event, i.e. it has a state key (possibly empty).
	 * @return whether {@link #stateKey()} is not {@code null}
	 */
	public boolean isState() {
		return this.stateKey != null;
	}

}
