package org.modulehost.homeserver.rooms;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.Requester;
import org.modulehost.homeserver.api.StateKey;
import org.modulehost.homeserver.storage.AliasStore;
import org.modulehost.homeserver.storage.Database;
import org.modulehost.homeserver.storage.EventReader;
import org.modulehost.homeserver.storage.JsonCodec;
import org.modulehost.homeserver.storage.RoomStateCache;
import org.modulehost.homeserver.storage.RoomStore;
import org.modulehost.homeserver.storage.StoredEvent;
import org.modulehost.homeserver.support.Identifiers;
import org.modulehost.homeserver.users.Accounts;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reading around a room: an event's context and the room's local aliases; forgetting a room.
 */
@RestController
@RequestMapping("/_matrix/client/{version:v3|r0}")
final class RoomReadController {

	/** The most events {@code /context} returns, before and after together. */
	static final int MAX_CONTEXT_LIMIT = 1000;

	private final Accounts accounts;

	private final RoomStateCache states;

	private final EventReader reader;

	private final AliasStore aliases;

	private final ClientEvents clientEvents;

	private final Database db;

	private final HistoryVisibility visibility;

	private final RoomStore rooms;

	private final JsonCodec json;

	RoomReadController(Accounts accounts, RoomStateCache states, EventReader reader, AliasStore aliases,
			ClientEvents clientEvents, Database db, HistoryVisibility visibility, RoomStore rooms, JsonCodec json) {
		this.rooms = rooms;
		this.json = json;
		this.accounts = accounts;
		this.states = states;
		this.reader = reader;
		this.aliases = aliases;
		this.clientEvents = clientEvents;
		this.db = db;
		this.visibility = visibility;
	}

	/**
	 * The events around one, as Synapse's {@code get_event_context}: half the {@code limit}
	 * (rounded down) before it, newest first, the rest after it, oldest first, each batch
	 * filtered by history visibility after it was read; the room's state after the last event
	 * returned; and {@code start}/{@code end} tokens that {@code /messages} continues from
	 * backwards and forwards. A former member reads nothing after their leave. The
	 * {@code filter} (a {@code RoomEventFilter}) applies to the events before and after, which
	 * are then read until the limit is filled, as {@code /messages}'s; with
	 * {@code lazy_load_members} the state holds only the member events of the returned events'
	 * senders.
	 */
	@GetMapping("/rooms/{roomId}/context/{eventId}")
	Map<String, Object> context(@PathVariable String roomId, @PathVariable String eventId,
			@RequestParam(defaultValue = "10") int limit, @RequestParam(required = false) @Nullable String filter,
			Requester requester) {
		if (limit < 0) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "limit must not be negative");
		}
		EventFilter eventFilter = FilteredReads.parameter(this.json, filter);
		int count = Math.min(limit, MAX_CONTEXT_LIMIT);
		RoomAccess.Access access = RoomAccess.access(this.states, requester.userId(), roomId);
		StoredEvent event = this.reader.event(eventId)
			.filter((stored) -> stored.event().roomId().equals(roomId))
			.orElseThrow(() -> new MatrixError(404, Codes.NOT_FOUND, "Event not found."));
		long upTo = access.upTo(this.db.currentPosition());
		boolean peeking = access.kind() == RoomAccess.Kind.PEEKING;
		if (event.streamOrdering() > upTo
				|| !this.visibility.canSee(requester.userId(), event, peeking)) {
			throw new MatrixError(403, Codes.FORBIDDEN, "You don't have permission to access that event.");
		}
		int beforeLimit = count / 2;
		int afterLimit = count - beforeLimit;
		FilteredReads.Page before = FilteredReads.read(this.reader, roomId, 0, event.streamOrdering() - 1,
				beforeLimit, true, eventFilter);
		FilteredReads.Page after = FilteredReads.read(this.reader, roomId, event.streamOrdering(), upTo, afterLimit,
				false, eventFilter);
		// The tokens are the unfiltered batches', as /messages's: paging on starts after what was hidden.
		long start = (before.lastRead() >= 0) ? before.lastRead() - 1 : event.streamOrdering() - 1;
		long end = (after.lastRead() >= 0) ? after.lastRead() : event.streamOrdering();
		List<StoredEvent> visibleBefore = this.visibility.filter(requester.userId(), roomId, before.events(), peeking,
				Set.of());
		List<StoredEvent> visibleAfter = this.visibility.filter(requester.userId(), roomId, after.events(), peeking,
				Set.of());
		Map<StateKey, StoredEvent> stateAtEnd = this.reader.stateAt(roomId, end);
		List<StoredEvent> state;
		if (eventFilter != null && eventFilter.lazyLoadMembers()) {
			List<StoredEvent> returned = new ArrayList<>(visibleBefore);
			returned.add(event);
			returned.addAll(visibleAfter);
			state = FilteredReads.membersOfSenders(stateAtEnd, returned);
		}
		else {
			state = new ArrayList<>(stateAtEnd.values());
			state.sort(Comparator.comparingLong(StoredEvent::streamOrdering));
		}
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("start", StreamTokens.token(start));
		answer.put("end", StreamTokens.token(end));
		answer.put("events_before", this.clientEvents.serialize(visibleBefore, requester));
		answer.put("event", this.clientEvents.serialize(event, requester));
		answer.put("events_after", this.clientEvents.serialize(visibleAfter, requester));
		answer.put("state", this.clientEvents.serialize(state, requester));
		return answer;
	}

	/**
	 * A room's local aliases, as Synapse's {@code get_aliases_for_room}: for a server admin, a
	 * joined member, or anyone while the room is world-readable; a former member is refused.
	 */
	@GetMapping("/rooms/{roomId}/aliases")
	Map<String, Object> aliases(@PathVariable String roomId, Requester requester) {
		if (!this.accounts.isAdmin(requester.userId())) {
			RoomAccess.Access access = RoomAccess.access(this.states, requester.userId(), roomId);
			if (access.kind() == RoomAccess.Kind.LEFT) {
				throw RoomAccess.notInRoom(requester.userId(), roomId);
			}
		}
		return Map.of("aliases", this.aliases.aliasesOf(roomId));
	}

	/**
	 * Forgets a room the user left or was banned from, as Synapse's {@code forget}: it no
	 * longer appears in their {@code /sync}'s {@code leave} section. Refused while they are
	 * joined, invited or knocking; forgetting a room they never had a membership of does nothing.
	 */
	@PostMapping("/rooms/{roomId}/forget")
	Map<String, Object> forget(@PathVariable String roomId, Requester requester) {
		if (!Identifiers.isValidRoomId(roomId)) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "Invalid room ID: " + roomId);
		}
		StoredEvent member = this.states.currentStateEvents(roomId)
			.get(new StateKey(RoomEvents.MEMBER, requester.userId()));
		if (member == null) {
			return Map.of();
		}
		Object membership = member.event().content().get("membership");
		if (!"leave".equals(membership) && !"ban".equals(membership)) {
			throw new MatrixError(400, Codes.UNKNOWN, "User " + requester.userId() + " in room " + roomId);
		}
		this.rooms.forget(requester.userId(), roomId, member.event().eventId());
		return Map.of();
	}

}
