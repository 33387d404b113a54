package org.modulehost.homeserver.rooms;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.Requester;
import org.modulehost.homeserver.api.SpamCheck;
import org.modulehost.homeserver.api.StateKey;
import org.modulehost.homeserver.storage.AliasStore;
import org.modulehost.homeserver.storage.JsonCodec;
import org.modulehost.homeserver.storage.RoomRecord;
import org.modulehost.homeserver.storage.RoomStateCache;
import org.modulehost.homeserver.storage.RoomStore;
import org.modulehost.homeserver.support.Await;
import org.modulehost.homeserver.support.Callbacks;
import org.modulehost.homeserver.support.Identifiers;
import org.modulehost.homeserver.users.Accounts;
import org.modulehost.homeserver.web.JsonBody;
import org.modulehost.homeserver.web.JsonRequestBody;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Room aliases ({@code /directory/room/{alias}}) and the room directory
 * ({@code /directory/list/room/{roomId}}, {@code /publicRooms}).
 */
@RestController
@RequestMapping("/_matrix/client/{version:v3|r0}")
final class DirectoryController {

	private final Accounts accounts;

	private final AliasStore aliases;

	private final RoomStore rooms;

	private final RoomStateCache states;

	private final Callbacks callbacks;

	private final JsonCodec json;

	DirectoryController(Accounts accounts, AliasStore aliases, RoomStore rooms,
			RoomStateCache states, Callbacks callbacks, JsonCodec json) {
		this.accounts = accounts;
		this.aliases = aliases;
		this.rooms = rooms;
		this.states = states;
		this.callbacks = callbacks;
		this.json = json;
	}

	@GetMapping("/directory/room/{roomAlias}")
	Map<String, Object> resolve(@PathVariable String roomAlias) {
		validAlias(roomAlias);
		AliasStore.Alias alias = this.aliases.alias(roomAlias)
			.orElseThrow(() -> new MatrixError(404, Codes.NOT_FOUND, "Room alias " + roomAlias + " not found"));
		return Map.of("room_id", alias.roomId(), "servers", List.of(this.accounts.serverName()));
	}

	@PutMapping("/directory/room/{roomAlias}")
	Map<String, Object> create(@PathVariable String roomAlias, @RequestBody(required = false) byte @Nullable [] body,
			Requester requester) {
		validAlias(roomAlias);
		if (!Identifiers.serverOf(roomAlias).equals(this.accounts.serverName())) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "Room alias must be local");
		}
		// Parsed here: the alias is checked before the body.
		String roomId = JsonBody.parse(body, this.json, false).requireString("room_id");
		if (this.rooms.room(roomId).isEmpty()) {
			throw new MatrixError(404, Codes.NOT_FOUND, "Unknown room " + roomId);
		}
		if (!this.accounts.isAdmin(requester.userId())
				&& !"join".equals(EventAuth.membership(this.states.currentState(roomId), requester.userId()))) {
			throw new MatrixError(403, Codes.FORBIDDEN, "You must be in the room to create an alias for it");
		}
		SpamCheck spam = Await.callback(
				this.callbacks.spamChecker().userMayCreateRoomAlias(requester.userId(), roomAlias),
				"userMayCreateRoomAlias");
		Memberships.deny(spam, "This user is not permitted to create this alias");
		if (!this.aliases.create(new AliasStore.Alias(roomAlias, roomId, requester.userId()))) {
			throw new MatrixError(409, Codes.UNKNOWN, "Room alias " + roomAlias + " already exists");
		}
		return Map.of();
	}

	@DeleteMapping("/directory/room/{roomAlias}")
	Map<String, Object> delete(@PathVariable String roomAlias, Requester requester) {
		validAlias(roomAlias);
		AliasStore.Alias alias = this.aliases.alias(roomAlias)
			.orElseThrow(() -> new MatrixError(404, Codes.NOT_FOUND, "Room alias " + roomAlias + " not found"));
		boolean mayDelete = alias.creator().equals(requester.userId()) || this.accounts.isAdmin(requester.userId())
				|| canEditDirectory(requester.userId(), alias.roomId());
		if (!mayDelete) {
			throw new MatrixError(403, Codes.FORBIDDEN, "You don't have permission to delete the alias.");
		}
		this.aliases.delete(roomAlias);
		return Map.of();
	}

	@GetMapping("/directory/list/room/{roomId}")
	Map<String, Object> visibility(@PathVariable String roomId) {
		RoomRecord room = this.rooms.room(roomId)
			.orElseThrow(() -> new MatrixError(404, Codes.NOT_FOUND, "Unknown room " + roomId));
		return Map.of("visibility", room.isPublic() ? "public" : "private");
	}

	@PutMapping("/directory/list/room/{roomId}")
	Map<String, Object> setVisibility(@PathVariable String roomId,
			Requester requester, @JsonRequestBody JsonBody body) {
		String visibility = body.string("visibility");
		if (visibility == null) {
			visibility = "public";
		}
		if (!visibility.equals("public") && !visibility.equals("private")) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "Invalid visibility setting");
		}
		if (this.rooms.room(roomId).isEmpty()) {
			throw new MatrixError(404, Codes.NOT_FOUND, "Unknown room " + roomId);
		}
		if (!this.accounts.isAdmin(requester.userId()) && !canEditDirectory(requester.userId(), roomId)) {
			throw new MatrixError(403, Codes.FORBIDDEN, "This user is not permitted to edit the room list");
		}
		if (visibility.equals("public")) {
			SpamCheck spam = Await.callback(
					this.callbacks.spamChecker().userMayPublishRoom(requester.userId(), roomId), "userMayPublishRoom");
			Memberships.deny(spam, "Not allowed to publish room");
		}
		Boolean allowed = Await.join(this.callbacks.thirdPartyRules()
			.checkVisibilityCanBeModified(roomId, this.states.currentState(roomId), visibility));
		if (Boolean.FALSE.equals(allowed)) {
			throw new MatrixError(403, Codes.FORBIDDEN, "Not allowed to publish room");
		}
		this.rooms.setPublic(roomId, visibility.equals("public"));
		return Map.of();
	}

	private boolean canEditDirectory(String userId, String roomId) {
		Map<StateKey, Event> state = this.states.currentState(roomId);
		if (!"join".equals(EventAuth.membership(state, userId))) {
			return false;
		}
		PowerLevels levels = PowerLevels.of(state);
		return levels.userLevel(userId) >= levels.eventLevel("m.room.canonical_alias", true);
	}

	@GetMapping("/publicRooms")
	Map<String, Object> publicRooms(@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String since) {
		return page(null, limit, since);
	}

	@PostMapping("/publicRooms")
	Map<String, Object> searchPublicRooms(@JsonRequestBody(allowEmpty = true) JsonBody search) {
		Map<String, Object> filter = search.object("filter");
		String term = (filter != null) ? JsonBody.of(filter).string("generic_search_term") : null;
		Long limit = search.integer("limit");
		return page(term, (limit != null) ? limit.intValue() : null, search.string("since"));
	}

	private Map<String, Object> page(@Nullable String term, @Nullable Integer limit, @Nullable String since) {
		List<Map<String, Object>> chunk = new ArrayList<>();
		for (RoomRecord room : this.rooms.publicRooms()) {
			Map<String, Object> entry = entry(room);
			if (term == null || term.isBlank() || matches(entry, term)) {
				chunk.add(entry);
			}
		}
		int offset = 0;
		if (since != null) {
			if (!since.matches("o[0-9]{1,9}")) {
				throw new MatrixError(400, Codes.INVALID_PARAM, "Invalid since token");
			}
			offset = Math.min(Integer.parseInt(since.substring(1)), chunk.size());
		}
		int size = (limit != null && limit > 0) ? limit : chunk.size();
		int end = (int) Math.min((long) offset + size, chunk.size());
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("chunk", chunk.subList(offset, end));
		answer.put("total_room_count_estimate", chunk.size());
		if (end < chunk.size()) {
			answer.put("next_batch", "o" + end);
		}
		if (offset > 0) {
			answer.put("prev_batch", "o" + Math.max(0, offset - size));
		}
		return answer;
	}

	private Map<String, Object> entry(RoomRecord room) {
		Map<StateKey, Event> state = this.states.currentState(room.roomId());
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("room_id", room.roomId());
		putContent(entry, "name", state, "m.room.name", "name");
		putContent(entry, "topic", state, "m.room.topic", "topic");
		putContent(entry, "canonical_alias", state, "m.room.canonical_alias", "alias");
		putContent(entry, "avatar_url", state, "m.room.avatar", "url");
		entry.put("num_joined_members", state.entrySet()
			.stream()
			.filter((e) -> RoomEvents.MEMBER.equals(e.getKey().type())
					&& "join".equals(e.getValue().content().get("membership")))
			.count());
		Event visibility = state.get(new StateKey("m.room.history_visibility", ""));
		entry.put("world_readable",
				visibility != null && "world_readable".equals(visibility.content().get("history_visibility")));
		Event guests = state.get(new StateKey("m.room.guest_access", ""));
		entry.put("guest_can_join", guests != null && "can_join".equals(guests.content().get("guest_access")));
		entry.put("join_rule", EventAuth.joinRule(state));
		return entry;
	}

	private static void putContent(Map<String, Object> entry, String field, Map<StateKey, Event> state, String type,
			String key) {
		Event event = state.get(new StateKey(type, ""));
		if (event != null && event.content().get(key) instanceof String value && !value.isEmpty()) {
			entry.put(field, value);
		}
	}

	private static boolean matches(Map<String, Object> entry, String term) {
		String needle = term.toLowerCase(Locale.ROOT);
		for (String field : new String[] { "name", "topic", "canonical_alias" }) {
			if (entry.get(field) instanceof String value && value.toLowerCase(Locale.ROOT).contains(needle)) {
				return true;
			}
		}
		return false;
	}

	private static void validAlias(String alias) {
		if (!Identifiers.isValidAlias(alias)) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "Invalid room alias: " + alias);
		}
	}

}
