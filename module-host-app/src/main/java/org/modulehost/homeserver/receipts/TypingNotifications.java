package org.modulehost.homeserver.receipts;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.api.StateKey;
import org.modulehost.homeserver.storage.ChangeNotifications;
import org.modulehost.homeserver.storage.RoomStateCache;
import org.modulehost.homeserver.sync.Notifier;

/**
 * Who is typing in which room, kept in memory as Synapse does (lost on restart): a user types
 * until they say they stopped or their timeout passes. Each change takes a position in the
 * typing stream and wakes the {@code /sync} of the room's joined members; a change made here is
 * also sent to the other instances sharing the database, which apply it to their own copy.
 *
 * <p>Positions are milliseconds of this instance's clock, made strictly increasing, so a sync
 * token written by another instance (behind a load balancer) still roughly orders changes here.
 * Thread-safe: changes and reads of a snapshot take one lock; wake-ups happen outside it.
 */
public final class TypingNotifications implements ChangeNotifications.Listener, AutoCloseable {

	private final Notifier notifier;

	private final RoomStateCache states;

	private final ChangeNotifications changes;

	private final Clock clock;

	private final ScheduledExecutorService expiry;

	/** Typing users by room, each with the time their typing ends; guarded by this. */
	private final Map<String, Map<String, Long>> typing = new HashMap<>();

	/** The position of each room's last change; guarded by this. */
	private final Map<String, Long> changedAt = new HashMap<>();

	/** The position of the last change; guarded by this. */
	private long position;

	/**
	 * Creates the typing state.
	 * @param notifier wakes the members' {@code /sync}
	 * @param states the rooms' current state, for their members
	 * @param changes the notifications between instances
	 * @param clock the clock of timeouts and positions
	 */
	public TypingNotifications(Notifier notifier, RoomStateCache states, ChangeNotifications changes, Clock clock) {
		this.notifier = notifier;
		this.states = states;
		this.changes = changes;
		this.clock = clock;
		this.position = clock.millis();
		this.expiry = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "homeserver-typing-expiry");
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Sets a user's typing state in a room, here and on the other instances.
	 * @param roomId the room
	 * @param userId the user, a joined member
	 * @param isTyping whether they type
	 * @param timeoutMs how long they type unless they say they stopped
	 */
	public void set(String roomId, String userId, boolean isTyping, long timeoutMs) {
		apply(roomId, userId, isTyping, timeoutMs);
		this.changes.typingChanged(roomId, userId, isTyping, timeoutMs);
	}

	@Override
	public void typingChanged(String roomId, String userId, boolean isTyping, long timeoutMs) {
		apply(roomId, userId, isTyping, timeoutMs);
	}

	private void apply(String roomId, String userId, boolean isTyping, long timeoutMs) {
		boolean changed;
		synchronized (this) {
			Map<String, Long> users = this.typing.computeIfAbsent(roomId, (key) -> new LinkedHashMap<>());
			if (isTyping) {
				// A renewed timeout is no change clients see: Synapse does not send it either.
				changed = users.put(userId, this.clock.millis() + timeoutMs) == null;
			}
			else {
				changed = users.remove(userId) != null;
			}
			if (users.isEmpty()) {
				this.typing.remove(roomId);
			}
			if (changed) {
				this.changedAt.put(roomId, next());
			}
		}
		if (isTyping) {
			this.expiry.schedule(() -> expire(roomId, userId), timeoutMs, TimeUnit.MILLISECONDS);
		}
		if (changed) {
			this.notifier.notifyUsers(joinedMembers(roomId));
		}
	}

	private void expire(String roomId, String userId) {
		boolean changed = false;
		synchronized (this) {
			Map<String, Long> users = this.typing.get(roomId);
			Long until = (users != null) ? users.get(userId) : null;
			if (until != null && until <= this.clock.millis()) {
				users.remove(userId);
				if (users.isEmpty()) {
					this.typing.remove(roomId);
				}
				this.changedAt.put(roomId, next());
				changed = true;
			}
		}
		if (changed) {
			this.notifier.notifyUsers(joinedMembers(roomId));
		}
	}

	private long next() {
		this.position = Math.max(this.position + 1, this.clock.millis());
		return this.position;
	}

	/**
	 * Reads the typing users of rooms that changed since a position, with the position read.
	 * @param roomIds the rooms
	 * @param since the position of the last sync, or a negative value for all rooms with
	 * someone typing
	 * @return the snapshot
	 */
	public synchronized Snapshot since(Collection<String> roomIds, long since) {
		Map<String, List<String>> rooms = new HashMap<>();
		// A position ahead of this instance's (a token of another instance): send everything.
		boolean all = since < 0 || since > this.position;
		for (String roomId : roomIds) {
			Map<String, Long> users = this.typing.get(roomId);
			Long changed = this.changedAt.get(roomId);
			if ((all && users != null) || (!all && changed != null && changed > since)) {
				rooms.put(roomId, (users != null) ? new ArrayList<>(users.keySet()) : List.of());
			}
		}
		return new Snapshot(this.position, rooms);
	}

	/**
	 * Returns the position of the last change.
	 * @return the position
	 */
	public synchronized long position() {
		return this.position;
	}

	private List<String> joinedMembers(String roomId) {
		List<String> members = new ArrayList<>();
		for (Map.Entry<StateKey, Event> entry : this.states.currentState(roomId).entrySet()) {
			if ("m.room.member".equals(entry.getKey().type())
					&& "join".equals(entry.getValue().content().get("membership"))) {
				members.add(entry.getKey().stateKey());
			}
		}
		return members;
	}

	@Override
	public void close() {
		this.expiry.shutdownNow();
	}

	/**
	 * Typing users of the rooms that changed, and the position they were read at.
	 *
	 * @param position the typing stream position
	 * @param rooms the typing users of each changed room (empty when no one types any more)
	 */
	public record Snapshot(long position, Map<String, List<String>> rooms) {

	}

}
