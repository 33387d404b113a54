package org.modulehost.homeserver.rooms;

import java.util.Map;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.StateKey;
import org.modulehost.homeserver.storage.EventStore;
import org.modulehost.homeserver.storage.StoredEvent;
import org.modulehost.homeserver.support.Identifiers;

/**
 * What part of a room's history a user may read: everything while joined (history visibility
 * {@code shared}, or from their join for {@code joined} and {@code invited}), and up to their
 * leave or ban after they left.
 */
final class RoomAccess {

	private RoomAccess() {
	}

	/**
	 * Works out the stream range a user may read in a room.
	 * @param store the event store
	 * @param userId the reader
	 * @param roomId the room
	 * @param now the current stream position
	 * @return the range
	 * @throws MatrixError 403 when the user may not read the room
	 */
	static Range range(EventStore store, String userId, String roomId, long now) {
		if (!Identifiers.isValidRoomId(roomId)) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "Invalid room ID: " + roomId);
		}
		Map<StateKey, StoredEvent> state = store.currentStateEvents(roomId);
		StoredEvent member = state.get(new StateKey(RoomEvents.MEMBER, userId));
		String membership = (member != null && member.event().content().get("membership") instanceof String value)
				? value : null;
		if (member == null || membership == null || "invite".equals(membership)) {
			throw notInRoom(userId, roomId);
		}
		StoredEvent visibility = state.get(new StateKey("m.room.history_visibility", ""));
		Object history = (visibility != null) ? visibility.event().content().get("history_visibility") : null;
		boolean fromJoin = "joined".equals(history) || "invited".equals(history);
		long lower = (fromJoin && "join".equals(membership)) ? member.streamOrdering() - 1 : 0;
		long upper = "join".equals(membership) ? now : member.streamOrdering();
		return new Range(lower, upper, "join".equals(membership), state);
	}

	static MatrixError notInRoom(String userId, String roomId) {
		return new MatrixError(403, Codes.FORBIDDEN, "User " + userId + " not in room " + roomId);
	}

	/**
	 * A readable stream range.
	 *
	 * @param after events after this position
	 * @param upTo events at or before this position
	 * @param joined whether the user is joined now
	 * @param state the room's current state the range was worked out from
	 */
	record Range(long after, long upTo, boolean joined, Map<StateKey, StoredEvent> state) {

		boolean contains(long position) {
			return position > this.after && position <= this.upTo;
		}

	}

}
