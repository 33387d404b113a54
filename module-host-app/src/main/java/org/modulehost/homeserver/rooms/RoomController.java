package org.modulehost.homeserver.rooms;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.Requester;
import org.modulehost.homeserver.api.SpamCheck;
import org.modulehost.homeserver.api.StateKey;
import org.modulehost.homeserver.media.MediaRepository;
import org.modulehost.homeserver.storage.AliasStore;
import org.modulehost.homeserver.storage.Database;
import org.modulehost.homeserver.storage.EventReader;
import org.modulehost.homeserver.storage.JsonCodec;
import org.modulehost.homeserver.storage.MembershipRecord;
import org.modulehost.homeserver.storage.RoomStateCache;
import org.modulehost.homeserver.storage.StoredEvent;
import org.modulehost.homeserver.support.Await;
import org.modulehost.homeserver.support.Callbacks;
import org.modulehost.homeserver.support.Identifiers;
import org.modulehost.homeserver.users.Accounts;
import org.modulehost.homeserver.users.Authenticator;
import org.modulehost.homeserver.web.JsonBody;
import org.modulehost.homeserver.web.JsonRequestBody;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Rooms: creation, membership, sending, state and history.
 */
@RestController
@RequestMapping("/_matrix/client/{version:v3|r0}")
final class RoomController {

	private static final List<String> MEMBERSHIPS = List.of("invite", "join", "knock", "leave", "ban");

	private final Authenticator authenticator;

	private final Accounts accounts;

	private final RoomCreation creation;

	private final Memberships memberships;

	private final EventSender sender;

	private final RoomStateCache states;

	private final EventReader reader;

	private final AliasStore aliases;

	private final ClientEvents clientEvents;

	private final Callbacks callbacks;

	private final Database db;

	private final JsonCodec json;

	private final HistoryVisibility visibility;

	private final ObjectProvider<MediaRepository> media;

	private final ThirdPartyInvites thirdPartyInvites;

	RoomController(Authenticator authenticator, Accounts accounts, RoomCreation creation, Memberships memberships,
			EventSender sender, RoomStateCache states, EventReader reader, AliasStore aliases, ClientEvents clientEvents, Callbacks callbacks,
			Database db, JsonCodec json, HistoryVisibility visibility, ObjectProvider<MediaRepository> media,
			ThirdPartyInvites thirdPartyInvites) {
		this.thirdPartyInvites = thirdPartyInvites;
		this.authenticator = authenticator;
		this.accounts = accounts;
		this.creation = creation;
		this.memberships = memberships;
		this.sender = sender;
		this.states = states;
		this.reader = reader;
		this.aliases = aliases;
		this.clientEvents = clientEvents;
		this.callbacks = callbacks;
		this.db = db;
		this.json = json;
		this.visibility = visibility;
		this.media = media;
	}

	@PostMapping("/createRoom")
	Map<String, Object> createRoom(Requester requester, @JsonRequestBody JsonBody config) {
		RoomCreation.Created created = this.creation.create(requester, config.asMap(), true);
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("room_id", created.roomId());
		if (created.alias() != null) {
			answer.put("room_alias", created.alias());
		}
		return answer;
	}

	@PostMapping("/rooms/{roomId}/join")
	Map<String, Object> join(@PathVariable String roomId, @RequestBody(required = false) byte @Nullable [] body,
			HttpServletRequest request) {
		return joinRoom(roomId, body, request);
	}

	@PostMapping("/join/{roomIdOrAlias}")
	Map<String, Object> joinByIdOrAlias(@PathVariable String roomIdOrAlias,
			@RequestBody(required = false) byte @Nullable [] body, HttpServletRequest request) {
		String roomId = roomIdOrAlias;
		if (roomIdOrAlias.startsWith("#")) {
			if (!Identifiers.isValidAlias(roomIdOrAlias)) {
				throw new MatrixError(400, Codes.INVALID_PARAM, "Invalid room alias: " + roomIdOrAlias);
			}
			roomId = this.aliases.alias(roomIdOrAlias)
				.orElseThrow(() -> new MatrixError(404, Codes.NOT_FOUND, "Room alias " + roomIdOrAlias + " not found"))
				.roomId();
		}
		return joinRoom(roomId, body, request);
	}

	private Map<String, Object> joinRoom(String roomId, byte @Nullable [] body, HttpServletRequest request) {
		// Authenticated here, not by a Requester parameter: a join by alias checks the alias first.
		Requester requester = this.authenticator.authenticate(request);
		JsonBody content = JsonBody.parse(body, this.json, true);
		this.memberships.update(new Memberships.MembershipRequest(requester.userId(), requester.userId(), roomId,
				"join", Map.of(), content.string("reason"), true, true));
		return Map.of("room_id", roomId);
	}

	@PostMapping("/rooms/{roomId}/{action:invite|leave|kick|ban|unban}")
	Map<String, Object> membership(@PathVariable String roomId, @PathVariable String action,
			@RequestBody(required = false) byte @Nullable [] body, Requester requester) {
		// Parsed here: whether an empty body is allowed depends on the action.
		JsonBody content = JsonBody.parse(body, this.json, "leave".equals(action));
		if ("invite".equals(action) && ThirdPartyInvites.isThirdPartyInvite(content)) {
			this.thirdPartyInvites.invite(requester, roomId, content);
			return Map.of();
		}
		String target = "leave".equals(action) ? requester.userId() : content.requireString("user_id");
		String membership = switch (action) {
			case "kick", "unban" -> "leave";
			default -> action;
		};
		this.memberships.update(new Memberships.MembershipRequest(requester.userId(), target, roomId, membership,
				Map.of(), content.string("reason"), true, true, action));
		return Map.of();
	}

	@PutMapping("/rooms/{roomId}/send/{type}/{txnId}")
	Map<String, Object> send(@PathVariable String roomId, @PathVariable String type, @PathVariable String txnId,
			Requester requester, @JsonRequestBody JsonBody content) {
		StoredEvent event = this.sender.send(new EventSender.SendRequest(requester.userId(), roomId, type, null,
				content.asMap(), requester.deviceId(), txnId, true));
		return Map.of("event_id", (event != null) ? event.event().eventId() : EventSender.fakeEventId());
	}

	@PutMapping("/rooms/{roomId}/redact/{eventId}/{txnId}")
	Map<String, Object> redact(@PathVariable String roomId, @PathVariable String eventId, @PathVariable String txnId,
			Requester requester, @JsonRequestBody(allowEmpty = true) JsonBody reason) {
		Map<String, Object> content = new LinkedHashMap<>();
		content.put("redacts", eventId);
		if (reason.string("reason") != null) {
			content.put("reason", reason.string("reason"));
		}
		StoredEvent event = this.sender.redact(new EventSender.SendRequest(requester.userId(), roomId, Redaction.TYPE,
				null, content, requester.deviceId(), txnId, true, "redact/" + eventId));
		return Map.of("event_id", (event != null) ? event.event().eventId() : EventSender.fakeEventId());
	}

	@PutMapping({ "/rooms/{roomId}/state/{type}", "/rooms/{roomId}/state/{type}/", "/rooms/{roomId}/state/{type}/{stateKey}" })
	Map<String, Object> putState(@PathVariable String roomId, @PathVariable String type,
			@PathVariable(required = false) @Nullable String stateKey,
			Requester requester, @JsonRequestBody JsonBody content) {
		String key = (stateKey != null) ? stateKey : "";
		MediaRepository media = this.media.getIfAvailable();
		if ("m.room.avatar".equals(type) && media != null && content.asMap().get("url") instanceof String url
				&& !url.isEmpty() && !media.isLocalMedia(url)) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "url must be the mxc:// URI of media uploaded to this server");
		}
		if (!this.accounts.isAdmin(requester.userId())) {
			SpamCheck spam = Await.callback(this.callbacks.spamChecker()
				.userMaySendStateEvent(requester.userId(), roomId, type, key, new LinkedHashMap<>(content.asMap())),
					"userMaySendStateEvent");
			Memberships.deny(spam, "You are not permitted to send the state event");
		}
		StoredEvent event;
		if (RoomEvents.MEMBER.equals(type)) {
			String membership = content.requireString("membership");
			Map<String, Object> extra = new LinkedHashMap<>(content.asMap());
			extra.remove("membership");
			event = this.memberships.update(new Memberships.MembershipRequest(requester.userId(), key, roomId,
					membership, extra, null, true, true));
		}
		else {
			event = this.sender.send(new EventSender.SendRequest(requester.userId(), roomId, type, key,
					content.asMap(), requester.deviceId(), null, true));
		}
		return Map.of("event_id", (event != null) ? event.event().eventId() : EventSender.fakeEventId());
	}

	@GetMapping({ "/rooms/{roomId}/state/{type}", "/rooms/{roomId}/state/{type}/", "/rooms/{roomId}/state/{type}/{stateKey}" })
	Map<String, Object> getState(@PathVariable String roomId, @PathVariable String type,
			@PathVariable(required = false) @Nullable String stateKey, Requester requester) {
		Map<StateKey, StoredEvent> state = readableState(requester, roomId);
		StoredEvent event = state.get(new StateKey(type, (stateKey != null) ? stateKey : ""));
		if (event == null) {
			throw new MatrixError(404, Codes.NOT_FOUND, "Event not found.");
		}
		return event.event().content();
	}

	@GetMapping("/rooms/{roomId}/state")
	List<Map<String, Object>> state(@PathVariable String roomId, Requester requester) {
		return this.clientEvents.serialize(ordered(readableState(requester, roomId).values()), requester);
	}

	/**
	 * A room's membership events, as Synapse's {@code RoomMemberListRestServlet}: the state the
	 * user may read now, or, with {@code at} (a stream token), the state after the room's last
	 * event at or before it, for a user who was joined then, in a world-readable room, or in a
	 * {@code shared} room they are joined to now; then kept by {@code membership} and dropped by
	 * {@code not_membership}.
	 */
	@GetMapping("/rooms/{roomId}/members")
	Map<String, Object> members(@PathVariable String roomId, @RequestParam(required = false) @Nullable String at,
			@RequestParam(required = false) @Nullable String membership,
			@RequestParam(name = "not_membership", required = false) @Nullable String notMembership,
			Requester requester) {
		checkMembershipParameter("membership", membership);
		checkMembershipParameter("not_membership", notMembership);
		Map<StateKey, StoredEvent> state = (at != null) ? stateAtToken(requester, roomId, StreamTokens.position(at))
				: readableState(requester, roomId);
		List<StoredEvent> members = new ArrayList<>();
		state.forEach((key, event) -> {
			Object value = event.event().content().get("membership");
			if (RoomEvents.MEMBER.equals(key.type()) && (membership == null || membership.equals(value))
					&& (notMembership == null || !notMembership.equals(value))) {
				members.add(event);
			}
		});
		return Map.of("chunk", this.clientEvents.serialize(ordered(members), requester));
	}

	private static void checkMembershipParameter(String name, @Nullable String value) {
		if (value != null && !MEMBERSHIPS.contains(value)) {
			throw new MatrixError(400, Codes.INVALID_PARAM,
					"Query parameter \"" + name + "\" must be one of [" + String.join(", ", MEMBERSHIPS) + "]");
		}
	}

	/**
	 * The room's state after its last event at or before a stream position, as Synapse's
	 * {@code get_state_events} with {@code at_token}.
	 */
	private Map<StateKey, StoredEvent> stateAtToken(Requester requester, String roomId, long position) {
		if (!Identifiers.isValidRoomId(roomId)) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "Invalid room ID: " + roomId);
		}
		List<StoredEvent> last = this.reader.roomEvents(roomId, 0, position, 1, true);
		if (last.isEmpty()) {
			throw new MatrixError(404, Codes.NOT_FOUND, "Can't find event for token " + StreamTokens.token(position));
		}
		Map<StateKey, StoredEvent> state = this.reader.stateAt(roomId, last.get(0).streamOrdering());
		StoredEvent member = state.get(new StateKey(RoomEvents.MEMBER, requester.userId()));
		boolean joinedThen = member != null && "join".equals(member.event().content().get("membership"));
		StoredEvent visibilityEvent = state.get(new StateKey(HistoryVisibility.TYPE, ""));
		String visibilityThen = HistoryVisibility.visibility((visibilityEvent != null) ? visibilityEvent.event() : null);
		boolean joinedNow = "join".equals(EventAuth.membership(this.states.currentState(roomId), requester.userId()));
		if (joinedThen || visibilityThen.equals("world_readable") || (visibilityThen.equals("shared") && joinedNow)) {
			return state;
		}
		throw new MatrixError(403, Codes.FORBIDDEN, "User " + requester.userId()
				+ " not allowed to view events in room " + roomId + " at token " + StreamTokens.token(position));
	}

	/**
	 * The state a user may read: the current state for a member or anyone in a world-readable
	 * room, the state at their leave for a former member.
	 */
	private Map<StateKey, StoredEvent> readableState(Requester requester, String roomId) {
		return RoomAccess.access(this.states, requester.userId(), roomId).visibleState(this.reader);
	}

	private static List<StoredEvent> ordered(Collection<StoredEvent> state) {
		List<StoredEvent> events = new ArrayList<>(state);
		events.sort(Comparator.comparingLong(StoredEvent::streamOrdering));
		return events;
	}

	@GetMapping("/rooms/{roomId}/joined_members")
	Map<String, Object> joinedMembers(@PathVariable String roomId, Requester requester) {
		RoomAccess.Access access = RoomAccess.access(this.states, requester.userId(), roomId);
		if (access.kind() == RoomAccess.Kind.LEFT) {
			throw new MatrixError(403, Codes.FORBIDDEN,
					"Getting joined members while not being a current member of the room is forbidden.");
		}
		Map<String, Object> joined = new LinkedHashMap<>();
		access.state().forEach((key, stored) -> {
			Event event = stored.event();
			if (RoomEvents.MEMBER.equals(key.type()) && "join".equals(event.content().get("membership"))) {
				Map<String, Object> profile = new LinkedHashMap<>();
				profile.put("display_name", event.content().get("displayname"));
				profile.put("avatar_url", event.content().get("avatar_url"));
				joined.put(key.stateKey(), profile);
			}
		});
		return Map.of("joined", joined);
	}

	@GetMapping("/joined_rooms")
	Map<String, Object> joinedRooms(Requester requester) {
		List<String> rooms = this.reader.membershipsOf(requester.userId())
			.stream()
			.filter((membership) -> "join".equals(membership.membership()))
			.map(MembershipRecord::roomId)
			.sorted()
			.toList();
		return Map.of("joined_rooms", rooms);
	}

	@GetMapping("/rooms/{roomId}/event/{eventId}")
	Map<String, Object> event(@PathVariable String roomId, @PathVariable String eventId, Requester requester) {
		if (!Identifiers.isValidRoomId(roomId)) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "Invalid room ID: " + roomId);
		}
		StoredEvent event = this.reader.event(eventId)
			.filter((stored) -> stored.event().roomId().equals(roomId))
			.orElseThrow(() -> new MatrixError(404, Codes.NOT_FOUND, "Event not found."));
		// As Synapse: whoever is not joined now reads as an outsider.
		boolean joined = "join".equals(EventAuth.membership(this.states.currentState(roomId), requester.userId()));
		if (!this.visibility.canSee(requester.userId(), event, !joined)) {
			throw new MatrixError(403, Codes.FORBIDDEN, "You don't have permission to access that event.");
		}
		return this.clientEvents.serialize(event, requester);
	}

	@GetMapping("/rooms/{roomId}/messages")
	Map<String, Object> messages(@PathVariable String roomId, @RequestParam(required = false) @Nullable String from,
			@RequestParam(required = false) @Nullable String to, @RequestParam(defaultValue = "b") String dir,
			@RequestParam(defaultValue = "10") int limit, @RequestParam(required = false) @Nullable String filter,
			Requester requester) {
		if (!dir.equals("b") && !dir.equals("f")) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "dir must be 'b' or 'f'");
		}
		if (limit < 0) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "limit must not be negative");
		}
		EventFilter eventFilter = FilteredReads.parameter(this.json, filter);
		int count = Math.min(limit, 1000);
		RoomAccess.Access access = RoomAccess.access(this.states, requester.userId(), roomId);
		// A former member reads nothing after their leave, in either direction.
		long upTo = access.upTo(this.db.currentPosition());
		boolean backwards = dir.equals("b");
		// An empty from is no token, as Synapse reads it: clients send one for the room's newest end.
		long start = (from != null && !from.isEmpty()) ? StreamTokens.position(from) : (backwards ? upTo : 0);
		long bound = (to != null && !to.isEmpty()) ? StreamTokens.position(to) : (backwards ? 0 : upTo);
		long low = Math.max(backwards ? bound : start, 0);
		long high = Math.min(backwards ? start : bound, upTo);
		FilteredReads.Page page = FilteredReads.read(this.reader, roomId, low, high, count, backwards, eventFilter);
		List<StoredEvent> chunk = page.events();
		long lastRead = page.lastRead();
		boolean more = page.more();
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("start", StreamTokens.token(start));
		if (more && lastRead >= 0) {
			answer.put("end", StreamTokens.token(backwards ? lastRead - 1 : lastRead));
		}
		// The pagination token is the unfiltered batch's: the next page starts after what was hidden.
		List<StoredEvent> visible = this.visibility.filter(requester.userId(), roomId, chunk,
				access.kind() == RoomAccess.Kind.PEEKING, Set.of());
		answer.put("chunk", this.clientEvents.serialize(visible, requester));
		// As Synapse: with lazy_load_members, the member events of the chunk's senders.
		List<StoredEvent> state = (eventFilter != null && eventFilter.lazyLoadMembers() && !visible.isEmpty())
				? FilteredReads.membersOfSenders(readableState(requester, roomId), visible) : List.of();
		answer.put("state", this.clientEvents.serialize(state, requester));
		return answer;
	}

}
