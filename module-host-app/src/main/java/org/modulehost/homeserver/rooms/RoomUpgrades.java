package org.modulehost.homeserver.rooms;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.Requester;
import org.modulehost.homeserver.api.SpamCheck;
import org.modulehost.homeserver.api.StateKey;
import org.modulehost.homeserver.storage.AliasStore;
import org.modulehost.homeserver.storage.EventWriter.PendingEvent;
import org.modulehost.homeserver.storage.RoomRecord;
import org.modulehost.homeserver.storage.RoomStore.NewRoom;
import org.modulehost.homeserver.support.Await;
import org.modulehost.homeserver.support.Callbacks;
import org.modulehost.homeserver.support.Identifiers;
import org.modulehost.homeserver.users.Accounts;

/**
 * Upgrades rooms, as Synapse's {@code RoomCreationHandler.upgrade_room}: the version must be one
 * this server makes (400 {@code M_UNSUPPORTED_ROOM_VERSION}), the requester must be allowed to
 * send the tombstone (403), the room creation rate limit of {@code /createRoom} applies to it; then
 * {@code userMayCreateRoom} is asked with Synapse's synthesised config ({@code creation_content}
 * and {@code initial_state}, also for administrators), the new room is made with the
 * {@code predecessor}, the copied state (join rules, name, topic, history visibility, guest
 * access, avatar, encryption, server ACL, power levels with the requester raised to the level
 * every copied event needs) and the bans, the tombstone is sent into the old room, the local
 * aliases, the canonical alias and the directory listing move to the new room, the old room is
 * restricted ({@code invite} and {@code events_default} at least 50) and the new room gets the
 * old power levels.
 */
public final class RoomUpgrades {

	private static final Log logger = LogFactory.getLog(RoomUpgrades.class);

	private static final List<String> COPIED = List.of("m.room.join_rules", "m.room.name", "m.room.topic",
			"m.room.history_visibility", "m.room.guest_access", "m.room.avatar", "m.room.encryption",
			"m.room.server_acl", PowerLevels.TYPE);

	private final RoomEvents events;

	private final EventSender sender;

	private final Memberships memberships;

	private final AliasStore aliases;

	private final Accounts accounts;

	private final Callbacks callbacks;

	private final Ratelimiter creations;

	RoomUpgrades(RoomEvents events, EventSender sender, Memberships memberships, AliasStore aliases, Accounts accounts,
			Callbacks callbacks, Ratelimiter creations) {
		this.events = events;
		this.sender = sender;
		this.memberships = memberships;
		this.aliases = aliases;
		this.accounts = accounts;
		this.callbacks = callbacks;
		this.creations = creations;
	}

	/**
	 * Upgrades a room.
	 * @param requester who asks
	 * @param oldRoomId the room to replace
	 * @param newVersion the room version of the replacement
	 * @return the replacement room's ID
	 * @throws MatrixError 400 {@code M_UNSUPPORTED_ROOM_VERSION}, 404 for an unknown room, 403
	 * without the power to send the tombstone or when a module refuses the new room
	 */
	public String upgrade(Requester requester, String oldRoomId, String newVersion) {
		String userId = requester.userId();
		if (!RoomCreation.ROOM_VERSIONS.contains(newVersion)) {
			throw new MatrixError(400, Codes.UNSUPPORTED_ROOM_VERSION,
					"Your homeserver does not support this room version");
		}
		RoomRecord old = this.events.rooms().room(oldRoomId)
			.orElseThrow(() -> new MatrixError(404, Codes.NOT_FOUND, "Unknown room id " + oldRoomId));
		Map<StateKey, Event> oldState = this.events.states().currentState(oldRoomId);
		String newRoomId = Identifiers.newRoomId(this.accounts.serverName());
		Map<String, Object> tombstone = new LinkedHashMap<>();
		tombstone.put("body", "This room has been replaced");
		tombstone.put("replacement_room", newRoomId);
		EventAuth.check(new Event("$draft", oldRoomId, userId, "m.room.tombstone", "", tombstone, 0, Map.of()),
				oldState);
		this.creations.check(userId);
		Map<String, Object> creationContent = creationContent(oldState, oldRoomId, newVersion, userId);
		Map<StateKey, Map<String, Object>> initialState = new LinkedHashMap<>();
		for (String type : COPIED) {
			Event event = oldState.get(new StateKey(type, ""));
			if (event != null) {
				initialState.put(new StateKey(type, ""), deepCopy(event.content()));
			}
		}
		Map<String, Object> originalLevels = initialState.get(new StateKey(PowerLevels.TYPE, ""));
		Map<String, Object> raisedLevels = raised(originalLevels, userId);
		initialState.put(new StateKey(PowerLevels.TYPE, ""), raisedLevels);
		List<Map<String, Object>> synthesised = new ArrayList<>();
		initialState.forEach((key, content) -> {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("type", key.type());
			entry.put("state_key", key.stateKey());
			entry.put("content", deepCopy(content));
			synthesised.add(entry);
		});
		Map<String, Object> config = new LinkedHashMap<>();
		config.put("creation_content", deepCopy(creationContent));
		config.put("initial_state", synthesised);
		SpamCheck spam = Await.callback(this.callbacks.spamChecker().userMayCreateRoom(userId, config),
				"userMayCreateRoom");
		Memberships.deny(spam, "You are not permitted to create rooms");
		createReplacement(userId, newRoomId, newVersion, old.isPublic(), creationContent, initialState);
		copyBans(userId, oldState, newRoomId);
		this.sender.send(new EventSender.SendRequest(userId, oldRoomId, "m.room.tombstone", "", tombstone, null, null,
				false));
		moveAliases(userId, oldRoomId, newRoomId, oldState);
		if (old.isPublic()) {
			this.events.rooms().setPublic(oldRoomId, false);
		}
		restrictOldRoom(userId, oldRoomId, originalLevels);
		if (originalLevels != null) {
			sendQuietly(userId, newRoomId, PowerLevels.TYPE, originalLevels);
		}
		logger.info(userId + " upgraded " + oldRoomId + " to " + newRoomId + " (room version " + newVersion + ")");
		return newRoomId;
	}

	private static Map<String, Object> creationContent(Map<StateKey, Event> oldState, String oldRoomId,
			String newVersion, String userId) {
		Event oldCreate = oldState.get(new StateKey(RoomEvents.CREATE, ""));
		Map<String, Object> content = new LinkedHashMap<>();
		content.put("room_version", newVersion);
		content.put("predecessor", Map.of("room_id", oldRoomId));
		if (oldCreate != null && Boolean.FALSE.equals(oldCreate.content().get("m.federate"))) {
			content.put("m.federate", false);
		}
		if (oldCreate != null && oldCreate.content().get("type") != null) {
			content.put("type", oldCreate.content().get("type"));
		}
		if ("10".equals(newVersion)) {
			content.put("creator", userId);
		}
		return content;
	}

	/**
	 * The old power levels with the requester raised to the level every copied event needs, as
	 * Synapse does so that it can send them all.
	 */
	@SuppressWarnings("unchecked")
	private static Map<String, Object> raised(@org.jspecify.annotations.Nullable Map<String, Object> levels,
			String userId) {
		Map<String, Object> content = (levels != null) ? deepCopy(levels) : new LinkedHashMap<>();
		int needed = Math.max(integer(content.get("state_default"), 50), integer(content.get("ban"), 50));
		if (content.get("events") instanceof Map<?, ?> events) {
			for (Object value : events.values()) {
				needed = Math.max(needed, integer(value, 0));
			}
		}
		Map<String, Object> users = (content.get("users") instanceof Map<?, ?> map)
				? new LinkedHashMap<>((Map<String, Object>) map) : new LinkedHashMap<>();
		int current = integer(users.get(userId), integer(content.get("users_default"), 0));
		if (current < needed) {
			users.put(userId, needed);
		}
		content.put("users", users);
		return content;
	}

	private static int integer(@org.jspecify.annotations.Nullable Object value, int defaultValue) {
		if (value instanceof Number number) {
			return number.intValue();
		}
		if (value instanceof String text) {
			try {
				return Integer.parseInt(text.trim());
			}
			catch (NumberFormatException ex) {
				return defaultValue;
			}
		}
		return defaultValue;
	}

	private void createReplacement(String userId, String newRoomId, String newVersion, boolean isPublic,
			Map<String, Object> creationContent, Map<StateKey, Map<String, Object>> initialState) {
		Map<StateKey, Event> state = new HashMap<>();
		List<PendingEvent> pending = new ArrayList<>();
		add(pending, state, newRoomId, userId, RoomEvents.CREATE, creationContent);
		Map<String, Object> join = new LinkedHashMap<>();
		join.put("membership", "join");
		this.accounts.user(userId).ifPresent((user) -> {
			if (user.displayName() != null) {
				join.put("displayname", user.displayName());
			}
			if (user.avatarUrl() != null) {
				join.put("avatar_url", user.avatarUrl());
			}
		});
		addState(pending, state, newRoomId, userId, RoomEvents.MEMBER, userId, join);
		add(pending, state, newRoomId, userId, PowerLevels.TYPE, initialState.get(new StateKey(PowerLevels.TYPE, "")));
		Map<StateKey, Map<String, Object>> rest = new LinkedHashMap<>(initialState);
		rest.remove(new StateKey(PowerLevels.TYPE, ""));
		rest.putIfAbsent(new StateKey("m.room.join_rules", ""), Map.of("join_rule", "invite"));
		rest.putIfAbsent(new StateKey("m.room.history_visibility", ""), Map.of("history_visibility", "shared"));
		rest.putIfAbsent(new StateKey("m.room.guest_access", ""), Map.of("guest_access", "can_join"));
		rest.forEach((key, content) -> addState(pending, state, newRoomId, userId, key.type(), key.stateKey(), content));
		this.events.persist(new NewRoom(newRoomId, userId, newVersion, isPublic, this.events.clock().millis(), null),
				pending);
	}

	private void add(List<PendingEvent> pending, Map<StateKey, Event> state, String roomId, String sender, String type,
			Map<String, Object> content) {
		addState(pending, state, roomId, sender, type, "", content);
	}

	private void addState(List<PendingEvent> pending, Map<StateKey, Event> state, String roomId, String sender,
			String type, String stateKey, Map<String, Object> content) {
		Event event = this.events.build(roomId, sender, type, stateKey, content, Map.copyOf(state));
		EventAuth.check(event, state);
		state.put(new StateKey(type, stateKey), event);
		pending.add(new PendingEvent(event, null, null));
	}

	private void copyBans(String userId, Map<StateKey, Event> oldState, String newRoomId) {
		oldState.forEach((key, event) -> {
			if (RoomEvents.MEMBER.equals(key.type()) && "ban".equals(event.content().get("membership"))) {
				Map<String, Object> content = new LinkedHashMap<>(event.content());
				content.remove("membership");
				try {
					this.memberships.update(new Memberships.MembershipRequest(userId, key.stateKey(), newRoomId, "ban",
							content, null, false, false));
				}
				catch (MatrixError ex) {
					logger.warn("Ban of " + key.stateKey() + " not copied to " + newRoomId + ": " + ex.getMessage());
				}
			}
		});
	}

	private void moveAliases(String userId, String oldRoomId, String newRoomId, Map<StateKey, Event> oldState) {
		this.aliases.moveAliases(oldRoomId, newRoomId);
		Event canonical = oldState.get(new StateKey("m.room.canonical_alias", ""));
		if (canonical == null) {
			return;
		}
		Map<String, Object> oldContent = new LinkedHashMap<>(canonical.content());
		Map<String, Object> newContent = new LinkedHashMap<>();
		if (canonical.content().get("alias") instanceof String alias && isMine(alias)) {
			newContent.put("alias", alias);
			oldContent.remove("alias");
		}
		if (canonical.content().get("alt_aliases") instanceof List<?> alternatives && !alternatives.isEmpty()) {
			List<Object> oldAlternatives = new ArrayList<>(alternatives);
			List<Object> newAlternatives = new ArrayList<>();
			for (Object alias : alternatives) {
				if (alias instanceof String text && isMine(text)) {
					newAlternatives.add(alias);
					oldAlternatives.remove(alias);
				}
			}
			newContent.put("alt_aliases", newAlternatives);
			if (oldAlternatives.isEmpty()) {
				oldContent.remove("alt_aliases");
			}
			else {
				oldContent.put("alt_aliases", oldAlternatives);
			}
		}
		sendQuietly(userId, oldRoomId, "m.room.canonical_alias", oldContent);
		sendQuietly(userId, newRoomId, "m.room.canonical_alias", newContent);
	}

	private boolean isMine(String alias) {
		int colon = alias.indexOf(':');
		return colon > 0 && alias.substring(colon + 1).equals(this.accounts.serverName());
	}

	private void restrictOldRoom(String userId, String oldRoomId,
			@org.jspecify.annotations.Nullable Map<String, Object> levels) {
		if (levels == null) {
			logger.warn("Not supported: upgrading a room with no power levels; not restricting " + oldRoomId);
			return;
		}
		Map<String, Object> content = deepCopy(levels);
		int restricted = Math.max(integer(content.get("users_default"), 0) + 1, 50);
		boolean updated = false;
		for (String field : List.of("invite", "events_default")) {
			if (integer(content.get(field), 0) < restricted) {
				content.put(field, restricted);
				updated = true;
			}
		}
		if (updated) {
			sendQuietly(userId, oldRoomId, PowerLevels.TYPE, content);
		}
	}

	private void sendQuietly(String userId, String roomId, String type, Map<String, Object> content) {
		try {
			this.sender.send(new EventSender.SendRequest(userId, roomId, type, "", content, null, null, false));
		}
		catch (MatrixError ex) {
			logger.warn("Room upgrade could not send " + type + " into " + roomId + ": " + ex.getMessage());
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> deepCopy(Map<String, Object> map) {
		Map<String, Object> copy = new LinkedHashMap<>();
		map.forEach((key, value) -> copy.put(key, (value instanceof Map<?, ?> nested)
				? deepCopy((Map<String, Object>) nested) : (value instanceof List<?> list) ? new ArrayList<>(list) : value));
		return copy;
	}

}
