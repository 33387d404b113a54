package org.modulehost.homeserver.admin;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.api.StateKey;
import org.modulehost.homeserver.storage.RoomRecord;
import org.modulehost.homeserver.storage.RoomStateCache;
import org.modulehost.homeserver.users.Accounts;

/**
 * A room as the room admin API shows it, from its row and current state, with Synapse's field
 * names ({@code get_room_with_stats}).
 */
final class RoomSummaries {

	private final RoomStateCache states;

	private final Accounts accounts;

	RoomSummaries(RoomStateCache states, Accounts accounts) {
		this.states = states;
		this.accounts = accounts;
	}

	/**
	 * Summarises a room for the room list.
	 * @param room the room's row
	 * @return the fields of {@code GET /_synapse/admin/v1/rooms}
	 */
	Map<String, Object> summary(RoomRecord room) {
		Map<StateKey, Event> state = this.states.currentState(room.roomId());
		int joined = 0;
		int joinedLocal = 0;
		for (Map.Entry<StateKey, Event> entry : state.entrySet()) {
			if ("m.room.member".equals(entry.getKey().type())
					&& "join".equals(entry.getValue().content().get("membership"))) {
				joined++;
				if (this.accounts.isMine(entry.getKey().stateKey())) {
					joinedLocal++;
				}
			}
		}
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("room_id", room.roomId());
		json.put("name", field(state, "m.room.name", "name"));
		json.put("canonical_alias", field(state, "m.room.canonical_alias", "alias"));
		json.put("joined_members", joined);
		json.put("joined_local_members", joinedLocal);
		json.put("version", room.roomVersion());
		json.put("creator", room.creator());
		json.put("encryption", field(state, "m.room.encryption", "algorithm"));
		json.put("federatable", !Boolean.FALSE.equals(fieldValue(state, "m.room.create", "m.federate")));
		json.put("public", room.isPublic());
		json.put("join_rules", field(state, "m.room.join_rules", "join_rule"));
		json.put("guest_access", field(state, "m.room.guest_access", "guest_access"));
		json.put("history_visibility", field(state, "m.room.history_visibility", "history_visibility"));
		json.put("state_events", state.size());
		json.put("room_type", field(state, "m.room.create", "type"));
		return json;
	}

	/**
	 * Details a room.
	 * @param room the room's row
	 * @return the fields of {@code GET /_synapse/admin/v1/rooms/{roomId}}
	 */
	Map<String, Object> details(RoomRecord room) {
		Map<StateKey, Event> state = this.states.currentState(room.roomId());
		Map<String, Object> json = summary(room);
		json.put("avatar", field(state, "m.room.avatar", "url"));
		json.put("topic", field(state, "m.room.topic", "topic"));
		json.put("joined_local_devices", 0);
		json.put("forgotten", false);
		return json;
	}

	private static @Nullable String field(Map<StateKey, Event> state, String type, String name) {
		return (fieldValue(state, type, name) instanceof String text) ? text : null;
	}

	private static @Nullable Object fieldValue(Map<StateKey, Event> state, String type, String name) {
		Event event = state.get(new StateKey(type, ""));
		return (event != null) ? event.content().get(name) : null;
	}

}
