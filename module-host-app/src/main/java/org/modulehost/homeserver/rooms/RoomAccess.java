package org.modulehost.homeserver.rooms;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.StateKey;
import org.modulehost.homeserver.storage.EventReader;
import org.modulehost.homeserver.storage.RoomStateCache;
import org.modulehost.homeserver.storage.StoredEvent;
import org.modulehost.homeserver.support.Identifiers;

/**
 * Who may read a room's history and state at all, as Synapse's
 * {@code check_user_in_room_or_world_readable} with departed users allowed: a joined member, a
 * former member who left (not one who was banned, nor one only invited), and anyone while the
 * room's current history visibility is {@code world_readable}. Which events they then see is
 * {@link HistoryVisibility}'s answer.
 */
final class RoomAccess {

	private RoomAccess() {
	}

	/**
	 * Works out how a user reads a room.
	 * @param states the rooms' current state
	 * @param userId the reader
	 * @param roomId the room
	 * @return the access
	 * @throws MatrixError 400 for an invalid room ID, 403 when the user may not read the room
	 */
	static Access access(RoomStateCache states, String userId, String roomId) {
		if (!Identifiers.isValidRoomId(roomId)) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "Invalid room ID: " + roomId);
		}
		Map<StateKey, StoredEvent> state = states.currentStateEvents(roomId);
		StoredEvent member = state.get(new StateKey(RoomEvents.MEMBER, userId));
		Object membership = (member != null) ? member.event().content().get("membership") : null;
		if ("join".equals(membership)) {
			return new Access(Kind.JOINED, member, state);
		}
		if ("leave".equals(membership)) {
			return new Access(Kind.LEFT, member, state);
		}
		StoredEvent visibility = state.get(new StateKey(HistoryVisibility.TYPE, ""));
		if (visibility != null && "world_readable".equals(visibility.event().content().get("history_visibility"))) {
			return new Access(Kind.PEEKING, null, state);
		}
		throw notInRoom(userId, roomId);
	}

	static MatrixError notInRoom(String userId, String roomId) {
		return new MatrixError(403, Codes.FORBIDDEN, "User " + userId + " not in room " + roomId);
	}

	/**
	 * How a user reads a room.
	 */
	enum Kind {

		/** A joined member: the history up to now. */
		JOINED,

		/** A former member: the history up to their leave, and the state at it. */
		LEFT,

		/** Anyone, in a world-readable room: the history up to now, as an outsider. */
		PEEKING

	}

	/**
	 * A user's access to a room.
	 *
	 * @param kind how they read it
	 * @param membership their current membership event, {@code null} when peeking
	 * @param state the room's current state the access was worked out from
	 */
	record Access(Kind kind, @Nullable StoredEvent membership, Map<StateKey, StoredEvent> state) {

		/**
		 * The last stream position the user may read.
		 * @param now the current stream position
		 * @return the position of their leave for a former member, else {@code now}
		 */
		long upTo(long now) {
			return (this.kind == Kind.LEFT && this.membership != null) ? this.membership.streamOrdering() : now;
		}

		/**
		 * The state the user sees: the current state, or the state at their leave.
		 * @param reader the event reader
		 * @return the state
		 */
		Map<StateKey, StoredEvent> visibleState(EventReader reader) {
			if (this.kind == Kind.LEFT && this.membership != null) {
				return reader.stateAt(this.membership.event().roomId(), this.membership.streamOrdering());
			}
			return this.state;
		}

	}

}
