package org.modulehost.homeserver.rooms;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.api.EventCheck;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.StateKey;
import org.modulehost.homeserver.api.callbacks.ThirdPartyRulesCallbacks;
import org.modulehost.homeserver.storage.EventReader;
import org.modulehost.homeserver.storage.EventWriter;
import org.modulehost.homeserver.storage.EventWriter.PendingEvent;
import org.modulehost.homeserver.storage.RoomStateCache;
import org.modulehost.homeserver.storage.RoomStore;
import org.modulehost.homeserver.storage.RoomStore.NewRoom;
import org.modulehost.homeserver.storage.StoredEvent;
import org.modulehost.homeserver.support.Await;
import org.modulehost.homeserver.support.Callbacks;
import org.modulehost.homeserver.support.Identifiers;
import org.modulehost.homeserver.sync.Notifier;

/**
 * Builds the events this server creates, runs {@code checkEventAllowed} on each, stores them
 * and tells the rest of the server: the {@code /sync} waiters of the room's members, then each
 * module's {@code onNewEvent} on its own queue ({@link ModuleNotifications}), awaited neither by
 * the request nor by {@code /sync}. {@code onNewEvent} runs on the instance that stored the
 * event, once; the other instances sharing the database only wake their {@code /sync} waiters
 * when they hear of it.
 */
public final class RoomEvents {

	static final String CREATE = "m.room.create";

	static final String MEMBER = "m.room.member";

	private final RoomStore rooms;

	private final RoomStateCache states;

	private final EventReader reader;

	private final EventWriter writer;

	private final Callbacks callbacks;

	private final Notifier notifier;

	private final Clock clock;

	private final ModuleNotifications notifications;

	/**
	 * Creates the service.
	 * @param rooms the rooms
	 * @param states the rooms' current state
	 * @param reader the event reader
	 * @param writer the event writer
	 * @param callbacks the callback dispatchers
	 * @param notifier the {@code /sync} notifier
	 * @param notifications the modules' {@code onNewEvent} queues
	 * @param clock the clock for timestamps
	 */
	public RoomEvents(RoomStore rooms, RoomStateCache states, EventReader reader, EventWriter writer,
			Callbacks callbacks, Notifier notifier, ModuleNotifications notifications, Clock clock) {
		this.rooms = rooms;
		this.states = states;
		this.reader = reader;
		this.writer = writer;
		this.callbacks = callbacks;
		this.notifier = notifier;
		this.notifications = notifications;
		this.clock = clock;
	}

	/**
	 * Returns the rooms.
	 * @return the room store
	 */
	public RoomStore rooms() {
		return this.rooms;
	}

	/**
	 * Returns the rooms' current state.
	 * @return the state cache
	 */
	public RoomStateCache states() {
		return this.states;
	}

	/**
	 * Returns the event reader.
	 * @return the reader
	 */
	public EventReader reader() {
		return this.reader;
	}

	/**
	 * Returns the event writer.
	 * @return the writer
	 */
	public EventWriter writer() {
		return this.writer;
	}

	/**
	 * Returns the clock.
	 * @return the clock
	 */
	public Clock clock() {
		return this.clock;
	}

	/**
	 * Builds an event, checks its size (65,536 bytes of canonical JSON) and runs
	 * {@code checkEventAllowed} on it.
	 * @param roomId the room
	 * @param sender the sender
	 * @param type the type
	 * @param stateKey the state key, {@code null} for a message-like event
	 * @param content the content
	 * @param stateBefore the room's state before the event
	 * @return the event, with the content a module replaced
	 * @throws MatrixError 413 {@code M_TOO_LARGE} when the event (or the content a module put in
	 * its place) is too large, 403 when a module refuses the event, or the error a module threw
	 */
	public Event build(String roomId, String sender, String type, @Nullable String stateKey,
			Map<String, Object> content, Map<StateKey, Event> stateBefore) {
		Map<String, Object> unsigned = new LinkedHashMap<>();
		if (stateKey != null) {
			Event previous = stateBefore.get(new StateKey(type, stateKey));
			if (previous != null) {
				unsigned.put("replaces_state", previous.eventId());
				unsigned.put("prev_content", previous.content());
				unsigned.put("prev_sender", previous.sender());
			}
		}
		Event event = new Event(Identifiers.newEventId(), roomId, sender, type, stateKey, content, this.clock.millis(),
				unsigned);
		EventSize.check(event);
		if (!this.callbacks.has(ThirdPartyRulesCallbacks.class, "checkEventAllowed")) {
			return event;
		}
		EventCheck check = Await.callback(this.callbacks.thirdPartyRules().checkEventAllowed(event, stateBefore),
				"checkEventAllowed");
		if (check == null || !check.allowed()) {
			throw new MatrixError(403, Codes.FORBIDDEN, "This event is not allowed in this context");
		}
		if (check.replacement() != null) {
			Event replaced = new Event(event.eventId(), roomId, sender, type, stateKey, check.replacement(),
					event.originServerTs(), event.unsigned());
			EventSize.check(replaced);
			return replaced;
		}
		return event;
	}

	/**
	 * Stores events of one room after checking them against the room's state, then tells the
	 * rest of the server.
	 * @param newRoom the room to create with them, or {@code null}
	 * @param pending the events
	 * @return the stored events (for a repeated client transaction, the earlier event)
	 * @throws MatrixError 403 when the authorisation rules refuse an event
	 */
	public List<StoredEvent> persist(@Nullable NewRoom newRoom, List<PendingEvent> pending) {
		EventWriter.Persisted persisted = this.writer.persist(newRoom, pending, EventAuth::check);
		List<StoredEvent> stored = persisted.events();
		List<StoredEvent> created = new ArrayList<>(stored.size());
		for (int i = 0; i < stored.size(); i++) {
			if (stored.get(i).event().eventId().equals(pending.get(i).event().eventId())) {
				created.add(stored.get(i));
			}
		}
		if (!created.isEmpty()) {
			published(created, persisted.stateAfter());
		}
		return stored;
	}

	/**
	 * Works out whose {@code /sync} new events in a room concern: the room's joined and invited
	 * members, and the users whose membership the events changed.
	 * @param state the room's state after the events
	 * @param memberships the users whose membership the events changed
	 * @return the users
	 */
	public static Set<String> concerned(Map<StateKey, Event> state, Collection<String> memberships) {
		Set<String> users = new LinkedHashSet<>();
		state.forEach((key, event) -> {
			if (MEMBER.equals(key.type()) && event.content().get("membership") instanceof String membership
					&& (membership.equals("join") || membership.equals("invite"))) {
				users.add(key.stateKey());
			}
		});
		users.addAll(memberships);
		return users;
	}

	private void published(List<StoredEvent> events, Map<StateKey, Event> state) {
		List<String> memberships = new ArrayList<>();
		for (StoredEvent event : events) {
			if (MEMBER.equals(event.event().type())) {
				memberships.add(event.event().stateKey());
			}
		}
		this.notifier.notifyUsers(concerned(state, memberships));
		if (this.callbacks.has(ThirdPartyRulesCallbacks.class, "onNewEvent")) {
			this.notifications.onNewEvents(events, state);
		}
	}

}
