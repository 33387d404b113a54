package org.modulehost.homeserver.rooms;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.Requester;
import org.modulehost.homeserver.api.SpamCheck;
import org.modulehost.homeserver.api.StateKey;
import org.modulehost.homeserver.api.callbacks.ThirdPartyRulesCallbacks;
import org.modulehost.homeserver.storage.AliasStore;
import org.modulehost.homeserver.storage.RoomStore.NewRoom;
import org.modulehost.homeserver.storage.EventWriter.PendingEvent;
import org.modulehost.homeserver.support.Await;
import org.modulehost.homeserver.support.Callbacks;
import org.modulehost.homeserver.support.Identifiers;
import org.modulehost.homeserver.users.Accounts;
import org.modulehost.homeserver.web.JsonBody;

/**
 * Creates rooms, as Synapse's {@code RoomCreationHandler.create_room}: the room creation rate limit
 * ({@code rc_room_creation}) for a client, {@code onCreateRoom} (which
 * may change the request), {@code userMayCreateRoom} (not for administrators), the alias
 * ({@code userMayCreateRoomAlias}), {@code checkVisibilityCanBeModified}, then the room's first
 * events in one transaction (each through {@code checkEventAllowed}), then the invites. The
 * invites of {@code invite} and the memberships of {@code initial_state} go through
 * {@link Memberships}' checks like any other; a client's request is first refused when its
 * invites exceed the invite rate limit, and a shadow-banned creator's invites are dropped.
 */
public final class RoomCreation {

	/** The room version of new rooms unless {@code /createRoom} asks for another. */
	public static final String ROOM_VERSION = "11";

	/** The room versions {@code /createRoom} accepts; version 10 rooms get a {@code creator}. */
	public static final List<String> ROOM_VERSIONS = List.of("10", "11");

	private static final String FORBIDDEN_PARAMETERS = "Room creation forbidden with these parameters";

	private final RoomEvents events;

	private final Memberships memberships;

	private final AliasStore aliases;

	private final Accounts accounts;

	private final Callbacks callbacks;

	private final Ratelimiter creations;

	RoomCreation(RoomEvents events, Memberships memberships, AliasStore aliases, Accounts accounts,
			Callbacks callbacks, Ratelimiter creations) {
		this.events = events;
		this.memberships = memberships;
		this.aliases = aliases;
		this.accounts = accounts;
		this.callbacks = callbacks;
		this.creations = creations;
	}

	/**
	 * Creates a room.
	 * @param requester who creates it
	 * @param request the {@code /createRoom} body; modules' {@code onCreateRoom} may change it
	 * @param fromClient whether a client asked (the room creation rate limit applies, and the
	 * invite rate limit to the invites)
	 * @return the room ID and, when one was created, the alias
	 * @throws MatrixError when the creation is refused
	 */
	public Created create(Requester requester, Map<String, Object> request, boolean fromClient) {
		String creator = requester.userId();
		if (fromClient) {
			this.creations.check(creator);
		}
		boolean isAdmin = this.accounts.isAdmin(creator);
		Map<String, Object> config = new LinkedHashMap<>(request);
		onCreateRoom(requester, config, isAdmin);
		JsonBody body = JsonBody.of(config);
		String requestedVersion = body.string("room_version");
		if (requestedVersion != null && !ROOM_VERSIONS.contains(requestedVersion)) {
			throw new MatrixError(400, Codes.UNSUPPORTED_ROOM_VERSION,
					"Your homeserver does not support the features required to interact with this room");
		}
		String visibility = body.string("visibility");
		if (visibility != null && !visibility.equals("public") && !visibility.equals("private")) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "Invalid visibility: " + visibility);
		}
		boolean isPublic = "public".equals(visibility);
		String preset = body.string("preset");
		if (preset == null) {
			preset = isPublic ? "public_chat" : "private_chat";
		}
		if (!List.of("public_chat", "private_chat", "trusted_private_chat").contains(preset)) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "Invalid preset: " + preset);
		}
		List<String> invites = invites(body);
		List<Map<String, Object>> initialState = initialState(body);
		if (fromClient && this.accounts.isShadowBanned(creator)) {
			// As Synapse: the room is created, the invites are silently dropped.
			invites = List.of();
		}
		Map<String, Object> powerOverride = body.object("power_level_content_override");
		Map<String, Object> creationContent = body.object("creation_content");
		String name = body.string("name");
		String topic = body.string("topic");
		if (!isAdmin) {
			SpamCheck spam = Await.callback(
					this.callbacks.spamChecker().userMayCreateRoom(creator, copy(config)), "userMayCreateRoom");
			Memberships.deny(spam, "You are not permitted to create rooms");
		}
		if (fromClient) {
			long smuggled = initialState.stream().filter((event) -> RoomEvents.MEMBER.equals(event.get("type"))).count();
			this.memberships.checkInviteCapacity(creator, invites.size() + (int) smuggled);
		}
		String alias = alias(creator, body.string("room_alias_name"));
		String roomId = Identifiers.newRoomId(this.accounts.serverName());
		if (visibility != null) {
			Boolean allowed = Await.join(this.callbacks.thirdPartyRules()
				.checkVisibilityCanBeModified(roomId, Map.of(), visibility));
			if (Boolean.FALSE.equals(allowed)) {
				throw new MatrixError(403, Codes.FORBIDDEN, "Room visibility value not allowed.");
			}
		}
		String roomVersion = (requestedVersion != null) ? requestedVersion : ROOM_VERSION;
		Builder builder = new Builder(roomId, creator);
		Map<String, Object> create = new LinkedHashMap<>((creationContent != null) ? creationContent : Map.of());
		create.put("room_version", roomVersion);
		create.remove("creator");
		if ("10".equals(roomVersion)) {
			// Room versions up to 10 name the creator in the content; 11 leaves it to the sender.
			create.put("creator", creator);
		}
		builder.add(RoomEvents.CREATE, "", create);
		builder.add(RoomEvents.MEMBER, creator, member(creator));
		builder.add(PowerLevels.TYPE, "", powerLevels(creator, preset, invites, powerOverride));
		if (alias != null) {
			builder.add("m.room.canonical_alias", "", Map.of("alias", alias));
		}
		builder.add("m.room.join_rules", "", Map.of("join_rule", "public_chat".equals(preset) ? "public" : "invite"));
		builder.add("m.room.history_visibility", "", Map.of("history_visibility", "shared"));
		if (!"public_chat".equals(preset)) {
			builder.add("m.room.guest_access", "", Map.of("guest_access", "can_join"));
		}
		for (Map<String, Object> event : initialState) {
			String type = (String) event.get("type");
			String stateKey = (String) event.getOrDefault("state_key", "");
			Map<String, Object> content = JsonBody.of(event).requireObject("content");
			if (RoomEvents.MEMBER.equals(type)) {
				// A membership in initial_state is a membership change like any other.
				Map<String, Object> extra = new LinkedHashMap<>(content);
				String membership = JsonBody.of(content).requireString("membership");
				extra.remove("membership");
				builder.addMembership(new Memberships.MembershipRequest(creator, stateKey, roomId, membership, extra,
						null, fromClient, fromClient));
			}
			else {
				builder.add(type, stateKey, content);
			}
		}
		if (name != null) {
			builder.add("m.room.name", "", Map.of("name", name));
		}
		if (topic != null) {
			builder.add("m.room.topic", "", Map.of("topic", topic));
		}
		this.events.persist(new NewRoom(roomId, creator, roomVersion, isPublic, this.events.clock().millis(), alias),
				builder.pending);
		// is_direct marks the invites of a direct chat, as the client-server API says.
		Map<String, Object> inviteContent = body.bool("is_direct", false) ? Map.of("is_direct", true) : Map.of();
		for (String invitee : invites) {
			this.memberships.update(new Memberships.MembershipRequest(creator, invitee, roomId, "invite", inviteContent,
					null, fromClient, fromClient));
		}
		return new Created(roomId, alias);
	}

	/**
	 * Returns the room creation limit, which room upgrades count against too, as Synapse's
	 * {@code creation_ratelimiter}.
	 * @return the limiter
	 */
	Ratelimiter creations() {
		return this.creations;
	}

	private void onCreateRoom(Requester requester, Map<String, Object> config, boolean isAdmin) {
		if (!this.callbacks.has(ThirdPartyRulesCallbacks.class, "onCreateRoom")) {
			return;
		}
		try {
			Await.join(this.callbacks.thirdPartyRules().onCreateRoom(requester, config, isAdmin));
		}
		catch (RuntimeException ex) {
			MatrixError error = Await.matrixError(ex);
			throw (error != null) ? error : new MatrixError(403, Codes.FORBIDDEN, FORBIDDEN_PARAMETERS);
		}
	}

	private List<String> invites(JsonBody body) {
		List<Object> invite = body.list("invite");
		List<String> invites = new ArrayList<>();
		if (invite != null) {
			for (Object item : invite) {
				if (!(item instanceof String userId) || !Identifiers.isValidUserId(userId)) {
					throw new MatrixError(400, Codes.INVALID_PARAM, "Invalid user ID in invite: " + item);
				}
				invites.add(userId);
			}
		}
		return invites;
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> initialState(JsonBody body) {
		List<Object> list = body.list("initial_state");
		List<Map<String, Object>> result = new ArrayList<>();
		if (list != null) {
			for (Object item : list) {
				if (!(item instanceof Map<?, ?> map) || !(map.get("type") instanceof String)
						|| !(map.get("content") instanceof Map<?, ?>)
						|| (map.get("state_key") != null && !(map.get("state_key") instanceof String))) {
					throw new MatrixError(400, Codes.INVALID_ROOM_STATE,
							"Each initial_state entry needs a type, content and an optional string state_key");
				}
				result.add((Map<String, Object>) map);
			}
		}
		return result;
	}

	private @Nullable String alias(String creator, @Nullable String aliasName) {
		if (aliasName == null) {
			return null;
		}
		String alias = "#" + aliasName + ":" + this.accounts.serverName();
		if (aliasName.isEmpty() || aliasName.contains(":") || !Identifiers.isValidAlias(alias)) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "Invalid characters in room alias");
		}
		if (this.aliases.alias(alias).isPresent()) {
			throw new MatrixError(400, Codes.ROOM_IN_USE, "Room alias already taken");
		}
		SpamCheck spam = Await.callback(this.callbacks.spamChecker().userMayCreateRoomAlias(creator, alias),
				"userMayCreateRoomAlias");
		Memberships.deny(spam, "This user is not permitted to create this alias");
		return alias;
	}

	private Map<String, Object> member(String userId) {
		Map<String, Object> content = new LinkedHashMap<>();
		content.put("membership", "join");
		this.accounts.user(userId).ifPresent((user) -> {
			if (user.displayName() != null) {
				content.put("displayname", user.displayName());
			}
			if (user.avatarUrl() != null) {
				content.put("avatar_url", user.avatarUrl());
			}
		});
		return content;
	}

	private static Map<String, Object> powerLevels(String creator, String preset, List<String> invites,
			@Nullable Map<String, Object> override) {
		Map<String, Object> users = new LinkedHashMap<>();
		users.put(creator, 100);
		if ("trusted_private_chat".equals(preset)) {
			invites.forEach((invitee) -> users.put(invitee, 100));
		}
		Map<String, Object> events = new LinkedHashMap<>();
		events.put("m.room.name", 50);
		events.put(PowerLevels.TYPE, 100);
		events.put("m.room.history_visibility", 100);
		events.put("m.room.canonical_alias", 50);
		events.put("m.room.avatar", 50);
		events.put("m.room.tombstone", 100);
		events.put("m.room.server_acl", 100);
		events.put("m.room.encryption", 100);
		Map<String, Object> content = new LinkedHashMap<>();
		content.put("users", users);
		content.put("users_default", 0);
		content.put("events", events);
		content.put("events_default", 0);
		content.put("state_default", 50);
		content.put("ban", 50);
		content.put("kick", 50);
		content.put("redact", 50);
		content.put("invite", "public_chat".equals(preset) ? 0 : 50);
		if (override != null) {
			content.putAll(override);
		}
		return content;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> copy(Map<String, Object> map) {
		Map<String, Object> copy = new LinkedHashMap<>();
		map.forEach((key, value) -> copy.put(key, (value instanceof Map<?, ?> nested)
				? copy((Map<String, Object>) nested) : (value instanceof List<?> list) ? new ArrayList<>(list) : value));
		return copy;
	}

	/**
	 * Builds a new room's events in order, each against the state the previous ones made.
	 */
	private final class Builder {

		private final String roomId;

		private final String sender;

		private final Map<StateKey, Event> state = new HashMap<>();

		private final List<PendingEvent> pending = new ArrayList<>();

		Builder(String roomId, String sender) {
			this.roomId = roomId;
			this.sender = sender;
		}

		void add(String type, String stateKey, Map<String, Object> content) {
			Event event = RoomCreation.this.events.build(this.roomId, this.sender, type, stateKey, content,
					Map.copyOf(this.state));
			EventAuth.check(event, this.state);
			this.state.put(new StateKey(type, stateKey), event);
			this.pending.add(new PendingEvent(event, null, null));
		}

		void addMembership(Memberships.MembershipRequest request) {
			Event event = RoomCreation.this.memberships.prepare(request, Map.copyOf(this.state));
			if (event != null) {
				this.state.put(new StateKey(RoomEvents.MEMBER, request.target()), event);
				this.pending.add(new PendingEvent(event, null, null));
			}
		}

	}

	/**
	 * A created room.
	 *
	 * @param roomId the room
	 * @param alias the alias created with it, or {@code null}
	 */
	public record Created(String roomId, @Nullable String alias) {

	}

}
