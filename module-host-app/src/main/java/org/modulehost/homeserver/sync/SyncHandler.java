package org.modulehost.homeserver.sync;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.api.Requester;
import org.modulehost.homeserver.api.StateKey;
import org.modulehost.homeserver.rooms.ClientEvents;
import org.modulehost.homeserver.rooms.HistoryVisibility;
import org.modulehost.homeserver.rooms.StreamTokens;
import org.modulehost.homeserver.storage.AccountDataStore;
import org.modulehost.homeserver.storage.Database;
import org.modulehost.homeserver.storage.EventReader;
import org.modulehost.homeserver.storage.MembershipRecord;
import org.modulehost.homeserver.storage.RoomStateCache;
import org.modulehost.homeserver.storage.StoredEvent;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Computes {@code /sync} responses: joined rooms with their timeline and state, invites with
 * their stripped state, rooms left since the last sync, and account data. An incremental sync
 * with nothing new waits for the {@link Notifier}, without holding a thread, until data arrives
 * or the timeout passes.
 */
final class SyncHandler implements AutoCloseable {

	/** How many batches a room's timeline reads at most to find enough events the user may see. */
	private static final int MAX_LOADS = 6;

	private final EventReader events;

	private final RoomStateCache states;

	private final AccountDataStore accountData;

	private final Database db;

	private final ClientEvents clientEvents;

	private final Notifier notifier;

	private final HistoryVisibility visibility;

	/**
	 * Where a woken request computes its response: not the thread that wrote the event, and at
	 * most a fixed number at once, however many requests wake together.
	 */
	private final ThreadPoolExecutor executor;

	SyncHandler(EventReader events, RoomStateCache states, AccountDataStore accountData, Database db, ClientEvents clientEvents,
			Notifier notifier, HistoryVisibility visibility, int wakeUpThreads) {
		if (wakeUpThreads < 1) {
			throw new InvalidConfigurationPropertyValueException("homeserver.sync.wake-up-threads", wakeUpThreads,
					"Woken /sync requests need at least one thread, e.g. 8.");
		}
		this.events = events;
		this.states = states;
		this.accountData = accountData;
		this.db = db;
		this.clientEvents = clientEvents;
		this.notifier = notifier;
		this.visibility = visibility;
		this.executor = new ThreadPoolExecutor(wakeUpThreads, wakeUpThreads, 60, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), (task) -> {
					Thread thread = new Thread(task, "homeserver-sync");
					thread.setDaemon(true);
					return thread;
				});
		this.executor.allowCoreThreadTimeOut(true);
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

	CompletableFuture<Map<String, Object>> sync(Requester requester, long since, long timeoutMs, int timelineLimit,
			boolean fullState) {
		if (since < 0 || timeoutMs <= 0 || fullState || !this.notifier.isRunning()) {
			return CompletableFuture.completedFuture(compute(requester, since, timelineLimit, fullState).body());
		}
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
		return await(requester, since, timelineLimit, deadline);
	}

	private CompletableFuture<Map<String, Object>> await(Requester requester, long since, int timelineLimit,
			long deadline) {
		CompletableFuture<Void> waiter = this.notifier.waitFor(requester.userId());
		Result result = compute(requester, since, timelineLimit, false);
		long remaining = deadline - System.nanoTime();
		if (!result.isEmpty() || remaining <= 0 || !this.notifier.isRunning()) {
			waiter.cancel(false);
			return CompletableFuture.completedFuture(result.body());
		}
		return waiter.completeOnTimeout(null, remaining, TimeUnit.NANOSECONDS)
			.thenComposeAsync((ignored) -> await(requester, since, timelineLimit, deadline), this.executor);
	}

	private Result compute(Requester requester, long since, int timelineLimit, boolean fullState) {
		long upTo = this.db.currentPosition();
		String userId = requester.userId();
		boolean initial = since < 0;
		Map<String, Object> join = new LinkedHashMap<>();
		Map<String, Object> invite = new LinkedHashMap<>();
		Map<String, Object> leave = new LinkedHashMap<>();
		Map<String, List<Map<String, Object>>> roomAccountData = new LinkedHashMap<>();
		List<Map<String, Object>> globalAccountData = new ArrayList<>();
		for (AccountDataStore.Entry entry : this.accountData.changes(userId, since, upTo)) {
			Map<String, Object> event = Map.of("type", entry.type(), "content", entry.content());
			if (entry.roomId() == null) {
				globalAccountData.add(event);
			}
			else {
				roomAccountData.computeIfAbsent(entry.roomId(), (key) -> new ArrayList<>()).add(event);
			}
		}
		Set<String> forgotten = this.events.forgottenMemberships(userId);
		for (MembershipRecord membership : this.events.membershipsOf(userId)) {
			if (membership.streamOrdering() > upTo || forgotten.contains(membership.eventId())) {
				continue;
			}
			boolean changed = initial || membership.streamOrdering() > since;
			String roomId = membership.roomId();
			switch (membership.membership()) {
				case "join" -> {
					Map<String, Object> room = joinedRoom(requester, roomId, initial || changed || fullState ? -1 : since,
							upTo, timelineLimit, membership.streamOrdering(), roomAccountData.getOrDefault(roomId, List.of()));
					if (room != null) {
						join.put(roomId, room);
					}
				}
				case "invite" -> {
					if (changed) {
						invite.put(roomId, invitedRoom(roomId, membership.eventId()));
					}
				}
				default -> {
					if (!initial && changed) {
						leave.put(roomId, leftRoom(requester, roomId, since, membership.streamOrdering(), timelineLimit));
					}
				}
			}
		}
		Map<String, Object> rooms = new LinkedHashMap<>();
		rooms.put("join", join);
		rooms.put("invite", invite);
		rooms.put("leave", leave);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("next_batch", StreamTokens.token(upTo));
		body.put("rooms", rooms);
		body.put("account_data", Map.of("events", globalAccountData));
		body.put("presence", Map.of("events", List.of()));
		body.put("to_device", Map.of("events", List.of()));
		body.put("device_lists", Map.of("changed", List.of(), "left", List.of()));
		body.put("device_one_time_keys_count", Map.of());
		boolean empty = join.isEmpty() && invite.isEmpty() && leave.isEmpty() && globalAccountData.isEmpty();
		return new Result(body, empty);
	}

	private @Nullable Map<String, Object> joinedRoom(Requester requester, String roomId, long since, long upTo, int limit,
			long joinedAt, List<Map<String, Object>> accountData) {
		boolean full = since < 0;
		// Every event after the user's current join is theirs to see: only older ones are filtered.
		Recent recent = recent(requester.userId(), roomId, Math.max(since, 0), upTo, limit, since < joinedAt);
		List<StoredEvent> timeline = recent.events();
		boolean limited = recent.limited();
		if (!full && timeline.isEmpty() && accountData.isEmpty()) {
			return null;
		}
		List<StoredEvent> state;
		if (full) {
			Set<String> inTimeline = new HashSet<>();
			timeline.forEach((event) -> inTimeline.add(event.event().eventId()));
			state = new ArrayList<>();
			for (StoredEvent event : this.states.currentStateEvents(roomId).values()) {
				if (!inTimeline.contains(event.event().eventId())) {
					state.add(event);
				}
			}
			state.sort((a, b) -> Long.compare(a.streamOrdering(), b.streamOrdering()));
		}
		else if (limited) {
			state = this.events.stateChanges(roomId, since, timeline.get(0).streamOrdering() - 1);
		}
		else {
			state = List.of();
		}
		long prevBatch = timeline.isEmpty() ? upTo : timeline.get(0).streamOrdering() - 1;
		Map<String, Object> room = new LinkedHashMap<>();
		room.put("timeline", timeline(requester, timeline, limited || (full && prevBatch > 0), prevBatch));
		room.put("state", Map.of("events", this.clientEvents.serialize(state, requester)));
		room.put("account_data", Map.of("events", accountData));
		room.put("ephemeral", Map.of("events", List.of()));
		room.put("unread_notifications", Map.of("highlight_count", 0, "notification_count", 0));
		room.put("summary", Map.of());
		return room;
	}

	private Map<String, Object> invitedRoom(String roomId, String inviteEventId) {
		Map<StateKey, Event> state = this.states.currentState(roomId);
		List<Map<String, Object>> stripped = new ArrayList<>();
		for (String type : new String[] { "m.room.create", "m.room.join_rules", "m.room.name", "m.room.avatar",
				"m.room.canonical_alias", "m.room.topic", "m.room.encryption" }) {
			Event event = state.get(new StateKey(type, ""));
			if (event != null) {
				stripped.add(ClientEvents.stripped(event));
			}
		}
		this.events.event(inviteEventId).ifPresent((invite) -> {
			stripped.add(ClientEvents.stripped(invite.event()));
			Event inviter = state.get(new StateKey("m.room.member", invite.event().sender()));
			if (inviter != null) {
				stripped.add(ClientEvents.stripped(inviter));
			}
		});
		return Map.of("invite_state", Map.of("events", stripped));
	}

	private Map<String, Object> leftRoom(Requester requester, String roomId, long since, long leftAt, int limit) {
		Recent recent = recent(requester.userId(), roomId, since, leftAt, limit, true);
		List<StoredEvent> timeline = recent.events();
		boolean limited = recent.limited();
		long prevBatch = timeline.isEmpty() ? leftAt : timeline.get(0).streamOrdering() - 1;
		Map<String, Object> room = new LinkedHashMap<>();
		room.put("timeline", timeline(requester, timeline, limited, prevBatch));
		room.put("state", Map.of("events", List.of()));
		room.put("account_data", Map.of("events", List.of()));
		return room;
	}

	private Map<String, Object> timeline(Requester requester, List<StoredEvent> events, boolean limited,
			long prevBatch) {
		Map<String, Object> timeline = new LinkedHashMap<>();
		timeline.put("events", this.clientEvents.serialize(events, requester));
		timeline.put("limited", limited);
		timeline.put("prev_batch", StreamTokens.token(Math.max(prevBatch, 0)));
		return timeline;
	}

	/**
	 * Reads the newest events of a room in a range that the user may see, as Synapse's sync: the
	 * events of the room's current state are always kept, and a batch thinned by the history
	 * visibility is topped up from older events a few times.
	 */
	private Recent recent(String userId, String roomId, long after, long upTo, int limit, boolean filter) {
		List<StoredEvent> newestFirst = new ArrayList<>();
		Set<String> currentState = null;
		long end = upTo;
		boolean more = true;
		for (int load = 0; more && newestFirst.size() <= limit && load < MAX_LOADS; load++) {
			int size = (load == 0) ? limit + 1 : Math.max(limit * 2, 10);
			List<StoredEvent> batch = this.events.roomEvents(roomId, after, end, size, true);
			if (batch.isEmpty()) {
				more = false;
				break;
			}
			more = batch.size() == size;
			end = batch.get(batch.size() - 1).streamOrdering() - 1;
			if (filter) {
				if (currentState == null) {
					currentState = new HashSet<>();
					for (StoredEvent event : this.states.currentStateEvents(roomId).values()) {
						currentState.add(event.event().eventId());
					}
				}
				batch = this.visibility.filter(userId, roomId, batch, false, currentState);
			}
			newestFirst.addAll(batch);
		}
		boolean limited = more || newestFirst.size() > limit;
		List<StoredEvent> oldestFirst = new ArrayList<>(newestFirst.subList(0, Math.min(limit, newestFirst.size())));
		Collections.reverse(oldestFirst);
		return new Recent(oldestFirst, limited);
	}

	/**
	 * A room's recent events a user may see, oldest first, and whether older ones were left out.
	 *
	 * @param events the events
	 * @param limited whether there are older events than these
	 */
	private record Recent(List<StoredEvent> events, boolean limited) {

	}

	/**
	 * A computed response and whether it carries anything new.
	 *
	 * @param body the response
	 * @param isEmpty whether nothing changed
	 */
	record Result(Map<String, Object> body, boolean isEmpty) {

	}

}
