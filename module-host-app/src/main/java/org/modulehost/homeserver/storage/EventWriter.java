package org.modulehost.homeserver.storage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.StateKey;
import org.modulehost.homeserver.storage.RoomStore.NewRoom;

/**
 * Writes events: stores a room's new events (creating the room with its first ones), checked
 * against the room's state, and redacts events.
 *
 * <p>Every write takes this process's write lock and, inside its transaction, the stream lock
 * that every writer of events and redactions takes, in this process or another sharing the
 * database; so the state an event is checked against ({@link RoomStateCache}) does not change
 * before the transaction commits. After the commit, under the write lock, the room's cached
 * state and the event cache of {@link EventReader} are updated, and the other instances are
 * notified ({@link ChangeNotifications}).
 */
public final class EventWriter {

	private final Database db;

	private final JsonCodec json;

	private final ChangeNotifications changes;

	private final RoomStore rooms;

	private final RoomStateCache states;

	private final EventReader reader;

	private final List<Observer> observers = new CopyOnWriteArrayList<>();

	/**
	 * Creates the writer.
	 * @param db the database
	 * @param json the JSON codec
	 * @param changes the notifications to the other instances, sent with each write of events
	 * @param rooms the rooms, where a new room is created
	 * @param states the rooms' current state, which events are checked against and which the
	 * writer keeps up to date
	 * @param reader the event reader, whose cache the writer keeps up to date
	 */
	public EventWriter(Database db, JsonCodec json, ChangeNotifications changes, RoomStore rooms,
			RoomStateCache states, EventReader reader) {
		this.db = db;
		this.json = json;
		this.changes = changes;
		this.rooms = rooms;
		this.states = states;
		this.reader = reader;
	}

	/**
	 * Adds an observer of stored events, told inside each write's transaction.
	 * @param observer the observer
	 */
	public void addObserver(Observer observer) {
		this.observers.add(observer);
	}

	/**
	 * Stores events of one room in one transaction, under the write lock, after checking each
	 * against the room's state as the previous ones left it. An event whose client transaction
	 * was already stored is not stored again: the earlier event is returned in its place. The
	 * other instances are notified of new events when the transaction commits.
	 * @param newRoom the room to create with the events, or {@code null} for an existing room
	 * @param pending the events, in order
	 * @param check the authorisation check, run on each event with the state before it
	 * @return the stored events, in order, and the room's state after them
	 * @throws MatrixError if a check refuses an event (nothing is stored)
	 */
	public Persisted persist(@Nullable NewRoom newRoom, List<PendingEvent> pending, StateCheck check) {
		String roomId = (newRoom != null) ? newRoom.roomId() : pending.get(0).event().roomId();
		return this.db.locked(() -> {
			Written written = this.db.transaction((jdbc) -> {
				if (newRoom != null) {
					this.rooms.insertRoom(newRoom);
				}
				long last = this.db.takePositions(pending.size());
				// Read under the stream lock: no writer, in this process or another, changes the
				// state until this transaction ends.
				RoomState before = (newRoom != null) ? RoomState.NONE : this.states.roomState(roomId);
				RoomState state = before;
				long position = last - pending.size();
				List<StoredEvent> result = new ArrayList<>(pending.size());
				List<String> memberships = new ArrayList<>();
				List<StoredEvent> inserts = new ArrayList<>();
				boolean created = false;
				for (PendingEvent event : pending) {
					position++;
					StoredEvent earlier = earlierTransaction(event);
					if (earlier != null) {
						result.add(earlier);
						continue;
					}
					check.check(event.event(), state.events());
					StoredEvent inserted = insert(position, event);
					if (event.event().isState()) {
						StateKey key = new StateKey(event.event().type(), event.event().stateKey());
						state = state.with(key, inserted);
						if ("m.room.member".equals(key.type())) {
							memberships.add(key.stateKey());
						}
					}
					result.add(inserted);
					inserts.add(inserted);
					created = true;
				}
				if (state != before) {
					this.states.advanceStateVersion(roomId);
					state = state.at(before.version() + 1);
				}
				if (created) {
					for (Observer observer : this.observers) {
						observer.stored(inserts, state.events());
					}
					this.changes.roomChanged(roomId, memberships);
				}
				return new Written(result, state);
			});
			this.db.published(written.events().stream().mapToLong(StoredEvent::streamOrdering).max().orElse(0));
			if (pending.stream().anyMatch((event) -> event.transaction() != null)) {
				this.reader.transactions().purgeExpired();
			}
			this.states.written(roomId, written.state());
			written.events().forEach(this.reader::written);
			return new Persisted(written.events(), written.state().events());
		});
	}

	/**
	 * Replaces a redacted event's content with what redaction keeps of it, and records which
	 * event redacted it, under the write lock.
	 * @param eventId the redacted event
	 * @param prunedContent the content redaction keeps
	 * @param redactedBecause the redaction event
	 */
	public void redact(String eventId, Map<String, Object> prunedContent, Event redactedBecause) {
		StoredEvent stored = this.reader.event(eventId).orElseThrow();
		Map<String, Object> unsigned = new HashMap<>(stored.event().unsigned());
		unsigned.remove("prev_content");
		unsigned.put("redacted_because", Map.of("event_id", redactedBecause.eventId(), "sender",
				redactedBecause.sender(), "type", redactedBecause.type(), "content", redactedBecause.content(),
				"origin_server_ts", redactedBecause.originServerTs()));
		Event original = stored.event();
		Event pruned = new Event(original.eventId(), original.roomId(), original.sender(), original.type(),
				original.stateKey(), prunedContent, original.originServerTs(), unsigned);
		this.db.locked(() -> {
			this.db.transaction((jdbc) -> {
				// Ordered with every writer that checks events against the state.
				this.db.lockStream();
				jdbc.sql("UPDATE hs_events SET content = ?, unsigned_data = ? WHERE event_id = ?")
					.params(this.json.write(prunedContent), this.json.write(unsigned), eventId)
					.update();
				SearchIndex.remove(this.db, eventId);
				this.states.advanceStateVersion(original.roomId());
				return null;
			});
			this.reader.written(new StoredEvent(stored.streamOrdering(), pruned, stored.deviceId(), stored.txnId()));
			this.states.invalidate(original.roomId());
			return null;
		});
	}

	private @Nullable StoredEvent earlierTransaction(PendingEvent pending) {
		if (pending.transaction() == null) {
			return null;
		}
		String eventId = this.reader.transactionEvent(pending.transaction());
		return (eventId != null) ? this.reader.event(eventId).orElse(null) : null;
	}

	private StoredEvent insert(long position, PendingEvent pending) {
		Event event = pending.event();
		this.db.jdbc()
			.sql("INSERT INTO hs_events (stream_ordering, event_id, room_id, sender, event_type, state_key, content, "
					+ "unsigned_data, origin_server_ts, device_id, txn_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(position, event.eventId(), event.roomId(), event.sender(), event.type(), event.stateKey(),
					this.json.write(event.content()), this.json.write(event.unsigned()), event.originServerTs(),
					pending.deviceId(), pending.txnId())
			.update();
		SearchIndex.index(this.db, position, event);
		if (pending.transaction() != null) {
			this.reader.transactions().record(pending.transaction(), event.eventId());
		}
		if (event.isState()) {
			this.db.jdbc()
				.sql("DELETE FROM hs_current_state WHERE room_id = ? AND event_type = ? AND state_key = ?")
				.params(event.roomId(), event.type(), event.stateKey())
				.update();
			Object membership = "m.room.member".equals(event.type()) ? event.content().get("membership") : null;
			this.db.jdbc()
				.sql("INSERT INTO hs_current_state (room_id, event_type, state_key, event_id, membership, "
						+ "stream_ordering) VALUES (?, ?, ?, ?, ?, ?)")
				.params(event.roomId(), event.type(), event.stateKey(), event.eventId(),
						(membership instanceof String string) ? string : null, position)
				.update();
			this.db.jdbc()
				.sql("INSERT INTO hs_state_events (room_id, event_type, state_key, stream_ordering) VALUES (?, ?, ?, ?)")
				.params(event.roomId(), event.type(), event.stateKey(), position)
				.update();
		}
		return new StoredEvent(position, event, pending.deviceId(), pending.txnId());
	}

	/**
	 * What {@link #persist} stored.
	 *
	 * @param events the stored events, in order (for a repeated client transaction, the earlier
	 * event)
	 * @param stateAfter the room's state after them
	 */
	public record Persisted(List<StoredEvent> events, Map<StateKey, Event> stateAfter) {

	}

	private record Written(List<StoredEvent> events, RoomState state) {

	}

	/**
	 * An event to store.
	 *
	 * @param event the event
	 * @param deviceId the device that sent it, if it came from a client transaction
	 * @param txnId the client's transaction ID, if any
	 * @param transaction the client transaction to record it under (a repeat of which answers
	 * it), or {@code null}
	 */
	public record PendingEvent(Event event, @Nullable String deviceId, @Nullable String txnId,
			@Nullable ClientTransaction transaction) {

		/**
		 * An event recorded under no client transaction.
		 * @param event the event
		 * @param deviceId the device that sent it, or {@code null}
		 * @param txnId the client's transaction ID, or {@code null}
		 */
		public PendingEvent(Event event, @Nullable String deviceId, @Nullable String txnId) {
			this(event, deviceId, txnId, null);
		}

	}

	/**
	 * Told of the events a write stores, inside its transaction (under the write lock), so what
	 * it writes commits with them: keep it short.
	 */
	@FunctionalInterface
	public interface Observer {

		/**
		 * New events were stored.
		 * @param events the events, in order
		 * @param stateAfter the room's state after them
		 */
		void stored(List<StoredEvent> events, Map<StateKey, Event> stateAfter);

	}

	/**
	 * The authorisation check of an event against the state before it.
	 */
	@FunctionalInterface
	public interface StateCheck {

		/**
		 * Checks an event.
		 * @param event the event
		 * @param stateBefore the room's state before it
		 * @throws MatrixError if the event is not allowed
		 */
		void check(Event event, Map<StateKey, Event> stateBefore);

	}

}
