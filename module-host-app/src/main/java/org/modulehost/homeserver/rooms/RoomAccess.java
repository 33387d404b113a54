package org.modulehost.homeserver.rooms;

import java.util.Map;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.Event;
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
		Map<StateKey, Event> state = store.currentState(roomId);
		Event member = state.get(new StateKey(RoomEvents.MEMBER, userId));
		String membership = EventAuth.membership(state, userId);
		if (member == null || membership == null || "invite".equals(membership)) {
			throw notInRoom(userId, roomId);
		}
		StoredEvent stored = store.event(member.eventId()).orElseThrow(() -> notInRoom(userId, roomId));
		Event visibility = state.get(new StateKey("m.room.history_visibility", ""));
		boolean fromJoin = visibility != null && ("joined".equals(visibility.content().get("history_visibility"))
				|| "invited".equals(visibility.content().get("history_visibility")));
		long lower = (fromJoin && "join".equals(membership)) ? stored.streamOrdering() - 1 : 0;
		long upper = "join".equals(membership) ? now : stored.streamOrdering();
		return new Range(lower, upper, "join".equals(membership));
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
	 */
	record Range(long after, long upTo, boolean joined) {

		boolean contains(long position) {
			return position > this.after && position <= this.upTo;
		}

	}

}
