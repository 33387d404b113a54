package org.modulehost.homeserver.receipts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.api.StateKey;
import org.modulehost.homeserver.storage.Database;
import org.modulehost.homeserver.storage.EventWriter;
import org.modulehost.homeserver.storage.JsonCodec;
import org.modulehost.homeserver.storage.StoredEvent;
import org.modulehost.homeserver.users.PushRuleEvaluator;
import org.modulehost.homeserver.users.PushRuleSets;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The unread notification counts of {@code /sync}. When events are stored, each joined member's
 * push rules (other than the sender's) are evaluated once per event, inside the transaction that
 * stores it, and the notifications are kept ({@code hs_event_push_actions}); a count is then one
 * query: the notifications after the user's latest {@code m.read} or {@code m.read.private}
 * receipt (unthreaded, or of the event's thread).
 */
public final class UnreadCounts implements EventWriter.Observer {

	private final Database db;

	private final JdbcTemplate batch;

	private final JsonCodec json;

	/**
	 * Creates the counts.
	 * @param db the database
	 * @param batch the JDBC template of the same data source, for batched inserts in the write's
	 * transaction
	 * @param json the JSON codec
	 */
	public UnreadCounts(Database db, JdbcTemplate batch, JsonCodec json) {
		this.db = db;
		this.batch = batch;
		this.json = json;
	}

	@Override
	public void stored(List<StoredEvent> events, Map<StateKey, Event> stateAfter) {
		String roomId = events.get(0).event().roomId();
		Map<String, String> displayNames = new HashMap<>();
		List<String> joined = new ArrayList<>();
		stateAfter.forEach((key, event) -> {
			if ("m.room.member".equals(key.type()) && "join".equals(event.content().get("membership"))) {
				joined.add(key.stateKey());
				if (event.content().get("displayname") instanceof String name) {
					displayNames.put(key.stateKey(), name);
				}
			}
		});
		if (joined.size() < 2) {
			return;
		}
		Event powerLevels = stateAfter.get(new StateKey("m.room.power_levels", ""));
		Event create = stateAfter.get(new StateKey("m.room.create", ""));
		PushRuleEvaluator.RoomContext room = new PushRuleEvaluator.RoomContext(joined.size(), displayNames,
				(powerLevels != null) ? powerLevels.content() : null, (create != null) ? create.sender() : null);
		Map<String, Map<String, Object>> rules = storedRules(roomId);
		List<Object[]> rows = new ArrayList<>();
		for (StoredEvent stored : events) {
			Event event = stored.event();
			String thread = thread(event);
			for (String userId : joined) {
				if (userId.equals(event.sender())) {
					continue;
				}
				PushRuleEvaluator.Actions actions = PushRuleEvaluator.evaluate(userId,
						rules.getOrDefault(userId, Map.of()), event, room);
				if (actions.notifies() || actions.highlights()) {
					rows.add(new Object[] { roomId, userId, stored.streamOrdering(), thread, actions.notifies(),
							actions.highlights() });
				}
			}
		}
		if (!rows.isEmpty()) {
			this.batch.batchUpdate("INSERT INTO hs_event_push_actions (room_id, user_id, stream_ordering, thread_id, "
					+ "notify, highlight) VALUES (?, ?, ?, ?, ?, ?)", rows);
		}
	}

	/** The stored push rules of the room's joined members who changed theirs, in one query. */
	private Map<String, Map<String, Object>> storedRules(String roomId) {
		Map<String, Map<String, Object>> rules = new HashMap<>();
		this.db.jdbc()
			.sql("SELECT a.user_id, a.content FROM hs_account_data a WHERE a.room_id = '' AND a.data_type = ? "
					+ "AND a.user_id IN (SELECT s.state_key FROM hs_current_state s WHERE s.room_id = ? "
					+ "AND s.event_type = 'm.room.member' AND s.membership = 'join')")
			.params(PushRuleSets.STATE_TYPE, roomId)
			.query((rs, row) -> rules.put(rs.getString(1), this.json.readObject(rs.getString(2))))
			.list();
		return rules;
	}

	/**
	 * The thread an event belongs to: the root of an {@code m.thread} relation, else
	 * {@code main}.
	 */
	static String thread(Event event) {
		if (event.content().get("m.relates_to") instanceof Map<?, ?> relation
				&& "m.thread".equals(relation.get("rel_type")) && relation.get("event_id") instanceof String root) {
			return root;
		}
		return "main";
	}

	/**
	 * Counts a user's unread notifications in a room: those after their latest read receipt,
	 * unthreaded or of the notification's thread.
	 * @param userId the user
	 * @param roomId the room
	 * @param upTo the stream position of the sync
	 * @return the counts
	 */
	public Counts counts(String userId, String roomId, long upTo) {
		return this.db.jdbc()
			.sql("SELECT COUNT(CASE WHEN a.notify THEN 1 END), COUNT(CASE WHEN a.highlight THEN 1 END) "
					+ "FROM hs_event_push_actions a WHERE a.user_id = ? AND a.room_id = ? AND a.stream_ordering <= ? "
					+ "AND a.stream_ordering > COALESCE((SELECT MAX(r.event_stream_ordering) FROM hs_receipts r "
					+ "WHERE r.room_id = a.room_id AND r.user_id = a.user_id AND r.receipt_type IN (?, ?) "
					+ "AND (r.thread_id = '' OR r.thread_id = a.thread_id)), -1)")
			.params(userId, roomId, upTo, Receipts.READ, Receipts.READ_PRIVATE)
			.query((rs, row) -> new Counts(rs.getLong(1), rs.getLong(2)))
			.single();
	}

	/**
	 * A room's unread counts for a user.
	 *
	 * @param notifications the unread notifications ({@code notification_count})
	 * @param highlights those of them that highlight ({@code highlight_count})
	 */
	public record Counts(long notifications, long highlights) {

		/**
		 * The counts as {@code /sync}'s {@code unread_notifications}.
		 * @return the JSON object
		 */
		public Map<String, Object> toJson() {
			return Map.of("notification_count", this.notifications, "highlight_count", this.highlights);
		}

	}

}
