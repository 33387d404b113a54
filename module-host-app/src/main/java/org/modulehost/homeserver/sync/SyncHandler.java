package org.modulehost.homeserver.sync;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
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
import org.modulehost.homeserver.api.UserPresenceState;
import org.modulehost.homeserver.presence.Presence;
import org.modulehost.homeserver.receipts.Receipts;
import org.modulehost.homeserver.receipts.TypingNotifications;
import org.modulehost.homeserver.receipts.UnreadCounts;
import org.modulehost.homeserver.rooms.ClientEvents;
import org.modulehost.homeserver.rooms.HistoryVisibility;
import org.modulehost.homeserver.rooms.StreamTokens;
import org.modulehost.homeserver.storage.AccountDataStore;
import org.modulehost.homeserver.storage.Database;
import org.modulehost.homeserver.storage.EventReader;
import org.modulehost.homeserver.storage.MembershipRecord;
import org.modulehost.homeserver.storage.RoomStateCache;
import org.modulehost.homeserver.storage.StoredEvent;
import org.modulehost.homeserver.users.PushRuleSets;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Computes {@code /sync} responses: joined rooms with their timeline and state, invites with
 * their stripped state, rooms left since the last sync, account data, presence, and the
 * end-to-end encryption parts ({@link DeviceSync}). An incremental sync
 * with nothing new waits for the {@link Notifier}, without holding a thread, until data arrives
 * or the timeout passes.
 */
final class SyncHandler implements AutoCloseable {

	/** How many batches a room's timeline reads at most to find enough events the user may see. */
	private static final int MAX_LOADS = 6;

	/** How many members a room's summary names at most. */
	private static final int HEROES = 5;

	private static final String MEMBER = "m.room.member";

	private final EventReader events;

	private final RoomStateCache states;

	private final AccountDataStore accountData;

	private final Database db;

	private final ClientEvents clientEvents;

	private final Notifier notifier;

	private final HistoryVisibility visibility;

	private final DeviceSync devices;

	private final Presence presence;
	private final Ephemeral ephemeral;

	/**
	 * Where a woken request computes its response: not the thread that wrote the event, and at
	 * most a fixed number at once, however many requests wake together.
	 */
	private final ThreadPoolExecutor executor;

	SyncHandler(EventReader events, RoomStateCache states, AccountDataStore accountData, Database db, ClientEvents clientEvents,
			Notifier notifier, HistoryVisibility visibility, DeviceSync devices, Presence presence,
			Ephemeral ephemeral, int wakeUpThreads) {
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
		this.devices = devices;
		this.presence = presence;
		this.ephemeral = ephemeral;
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

	/**
	 * Answers a {@code /sync}, counting the user as syncing (for presence) until it is answered.
	 * @param requester the user
	 * @param since the request's token, its position negative for an initial sync
	 * @param timeoutMs how long to wait for news
	 * @param filter the filter
	 * @param fullState whether to send the full state of every room
	 * @param setPresence the request's {@code set_presence}
	 * @return the response
	 */
	CompletableFuture<Map<String, Object>> sync(Requester requester, Since since, long timeoutMs,
			SyncFilter filter, boolean fullState, String setPresence) {
		Runnable ended = this.presence.syncing(requester.userId(), setPresence);
		CompletableFuture<Map<String, Object>> response;
		try {
			response = sync(requester, since, timeoutMs, filter, fullState);
		}
		catch (RuntimeException ex) {
			ended.run();
			throw ex;
		}
		response.whenComplete((body, failure) -> ended.run());
		return response;
	}

	private CompletableFuture<Map<String, Object>> sync(Requester requester, Since since, long timeoutMs,
			SyncFilter filter, boolean fullState) {
		if (since.position() < 0 || timeoutMs <= 0 || fullState || !this.notifier.isRunning()) {
			return CompletableFuture.completedFuture(compute(requester, since, filter, fullState).body());
		}
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
		return await(requester, since, filter, deadline);
	}

	private CompletableFuture<Map<String, Object>> await(Requester requester, Since since, SyncFilter filter,
			long deadline) {
		CompletableFuture<Void> waiter = this.notifier.waitFor(requester.userId());
		Result result = compute(requester, since, filter, false);
		long remaining = deadline - System.nanoTime();
		if (!result.isEmpty() || remaining <= 0 || !this.notifier.isRunning()) {
			waiter.cancel(false);
			return CompletableFuture.completedFuture(result.body());
		}
		return waiter.completeOnTimeout(null, remaining, TimeUnit.NANOSECONDS)
			.thenComposeAsync((ignored) -> await(requester, since, filter, deadline), this.executor);
	}

	private Result compute(Requester requester, Since from, SyncFilter filter, boolean fullState) {
		long since = from.position();
		DeviceSync.Section devices = this.devices.compute(requester, since, from.devicesPosition());
		long presenceUpTo = this.presence.currentPosition();
		long upTo = this.db.currentPosition();
		String userId = requester.userId();
		boolean initial = since < 0;
		// Nothing was written since the last sync: only ephemeral data (typing) can be new.
		boolean quiet = !initial && upTo == since;
		Map<String, Object> join = new LinkedHashMap<>();
		Map<String, Object> invite = new LinkedHashMap<>();
		Map<String, Object> leave = new LinkedHashMap<>();
		Map<String, List<Map<String, Object>>> roomAccountData = new LinkedHashMap<>();
		List<Map<String, Object>> globalAccountData = new ArrayList<>();
		boolean pushRulesSent = false;
		for (AccountDataStore.Entry entry : quiet ? List.<AccountDataStore.Entry>of()
				: this.accountData.changes(userId, since, upTo)) {
			Map<String, Object> event = Map.of("type", entry.type(), "content", entry.content());
			if (entry.roomId() == null && PushRuleSets.PUSHERS_TYPE.equals(entry.type())) {
				continue;
			}
			if (entry.roomId() == null && PushRuleSets.STATE_TYPE.equals(entry.type())) {
				// Clients read the push rules from m.push_rules, computed from the stored state.
				event = Map.of("type", "m.push_rules", "content", PushRuleSets.content(userId, entry.content()));
				pushRulesSent = true;
			}
			if (entry.roomId() == null) {
				if (filter.accountData() == null || filter.accountData().allowsType((String) event.get("type"))) {
					globalAccountData.add(event);
				}
			}
			else if (filter.roomAccountData() == null || (filter.roomAccountData().allowsType(entry.type())
					&& filter.roomAccountData().allowsRoom(entry.roomId()))) {
				roomAccountData.computeIfAbsent(entry.roomId(), (key) -> new ArrayList<>()).add(event);
			}
		}
		if (initial && !pushRulesSent
				&& (filter.accountData() == null || filter.accountData().allowsType("m.push_rules"))) {
			globalAccountData.add(Map.of("type", "m.push_rules", "content", PushRuleSets.content(userId, Map.of())));
		}
		// Whose current presence an incremental sync adds, as Synapse: the members of rooms the user
		// joined and those who joined or were invited to the user's rooms since the token.
		Set<String> newlyVisible = new HashSet<>();
		Set<String> forgotten = this.events.forgottenMemberships(userId);
		List<MembershipRecord> memberships = this.events.membershipsOf(userId);
		List<String> joinedRooms = new ArrayList<>();
		for (MembershipRecord membership : memberships) {
			if (membership.streamOrdering() <= upTo && !forgotten.contains(membership.eventId())
					&& "join".equals(membership.membership()) && filter.allowsRoom(membership.roomId())) {
				joinedRooms.add(membership.roomId());
			}
		}
		EphemeralSection ephemeral = ephemeral(userId, joinedRooms, initial ? -1 : since, from.typing(), upTo, quiet,
				filter);
		for (MembershipRecord membership : memberships) {
			if (membership.streamOrdering() > upTo || forgotten.contains(membership.eventId())) {
				continue;
			}
			boolean changed = initial || membership.streamOrdering() > since;
			String roomId = membership.roomId();
			if (!filter.allowsRoom(roomId)) {
				continue;
			}
			switch (membership.membership()) {
				case "join" -> {
					// A join after a join only changed the profile: not a new join, as in Synapse.
					boolean newlyJoined = changed && !(since >= 0 && joinedAt(roomId, userId, since));
					if (!initial && newlyJoined) {
						newlyVisible.addAll(joinedMembers(roomId));
					}
					Map<String, Object> room = joinedRoom(requester, roomId, initial || newlyJoined || fullState ? -1 : since,
							upTo, filter, membership.streamOrdering(), roomAccountData.getOrDefault(roomId, List.of()),
							newlyVisible, ephemeral, quiet);
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
						leave.put(roomId, leftRoom(requester, roomId, since, membership.streamOrdering(), filter));
					}
				}
			}
		}
		Map<String, Object> rooms = new LinkedHashMap<>();
		rooms.put("join", join);
		rooms.put("invite", invite);
		rooms.put("leave", leave);
		Map<String, Object> body = new LinkedHashMap<>();
		List<Map<String, Object>> presenceEvents = List.of();
		if (this.presence.isEnabled()) {
			presenceEvents = presenceEvents(userId, initial ? -1 : from.presencePosition(), presenceUpTo,
					newlyVisible, filter);
		}
		body.put("next_batch", StreamTokens.withTyping(
				StreamTokens.withDevices(StreamTokens.syncToken(upTo, presenceUpTo), devices.nextDevices()),
				ephemeral.typingPosition()));
		body.put("rooms", rooms);
		body.put("account_data", Map.of("events", globalAccountData));
		if (this.presence.isEnabled()) {
			body.put("presence", Map.of("events", presenceEvents));
		}
		body.putAll(devices.fields());
		boolean empty = join.isEmpty() && invite.isEmpty() && leave.isEmpty() && globalAccountData.isEmpty()
				&& presenceEvents.isEmpty() && devices.isEmpty();
		return new Result(body, empty);
	}

	/** Whether the user was joined to the room just after the event at the stream position. */
	private boolean joinedAt(String roomId, String userId, long position) {
		StoredEvent member = this.events.stateAt(roomId, position).get(new StateKey("m.room.member", userId));
		return member != null && "join".equals(member.event().content().get("membership"));
	}

	/**
	 * The {@code m.presence} events of a response, as {@link Presence#forSync} chooses them and
	 * the {@code presence} filter lets them through.
	 */
	private List<Map<String, Object>> presenceEvents(String userId, long since, long upTo, Set<String> newlyVisible,
			SyncFilter filter) {
		Map<String, UserPresenceState> states = new LinkedHashMap<>();
		for (UserPresenceState state : this.presence.forSync(userId, since, upTo)) {
			states.put(state.userId(), state);
		}
		newlyVisible.remove(userId);
		newlyVisible.removeAll(states.keySet());
		if (since >= 0 && !newlyVisible.isEmpty()) {
			this.presence.states(newlyVisible).forEach((state) -> states.put(state.userId(), state));
		}
		List<Map<String, Object>> events = new ArrayList<>();
		for (UserPresenceState state : states.values()) {
			if (filter.allowsPresence(state.userId())) {
				events.add(Map.of("type", "m.presence", "sender", state.userId(), "content",
						this.presence.content(state)));
			}
		}
		return events;
	}

	private @Nullable Map<String, Object> joinedRoom(Requester requester, String roomId, long since, long upTo,
			SyncFilter filter, long joinedAt, List<Map<String, Object>> accountData, Set<String> newMembers,
			EphemeralSection ephemeral, boolean quiet) {
		boolean full = since < 0;
		// Every event after the user's current join is theirs to see: only older ones are filtered.
		Recent recent = (quiet && !full) ? new Recent(List.of(), false)
				: recent(requester.userId(), roomId, Math.max(since, 0), upTo, filter, since < joinedAt);
		List<StoredEvent> timeline = recent.events();
		boolean limited = recent.limited();
		if (!full) {
			addJoinedOrInvited(timeline, newMembers);
		}
		List<Map<String, Object>> ephemeralEvents = ephemeral.events().getOrDefault(roomId, List.of());
		if (!full && timeline.isEmpty() && accountData.isEmpty() && ephemeralEvents.isEmpty()) {
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
			addJoinedOrInvited(state, newMembers);
		}
		else {
			state = List.of();
		}
		if (filter.lazyLoadMembers()) {
			state = lazyMembers(requester.userId(), roomId, timeline, state, full);
		}
		if (filter.state() != null) {
			state = state.stream().filter(filter::allowsState).toList();
		}
		long prevBatch = timeline.isEmpty() ? upTo : timeline.get(0).streamOrdering() - 1;
		Map<String, Object> room = new LinkedHashMap<>();
		room.put("timeline", timeline(requester, timeline, limited || (full && prevBatch > 0), prevBatch));
		room.put("state", Map.of("events", this.clientEvents.serialize(state, requester)));
		room.put("account_data", Map.of("events", accountData));
		room.put("ephemeral", Map.of("events", ephemeralEvents));
		// Only when they may have changed: a room that is here for typing alone costs no query.
		if (full || !timeline.isEmpty() || ephemeral.ownReceiptsChanged().contains(roomId)) {
			room.put("unread_notifications", this.ephemeral.unread().counts(requester.userId(), roomId, upTo).toJson());
		}
		boolean membersChanged = full || hasMember(timeline) || hasMember(state);
		room.put("summary", membersChanged ? summary(roomId, requester.userId()) : Map.of());
		return room;
	}

	/**
	 * The state with lazily loaded members, as Synapse: of the member events only those of the
	 * timeline's senders and of the user, and those even in an incremental sync when the
	 * timeline does not carry them (this server keeps no record of the members a client has).
	 */
	private List<StoredEvent> lazyMembers(String userId, String roomId, List<StoredEvent> timeline,
			List<StoredEvent> state, boolean full) {
		Set<String> wanted = new HashSet<>();
		Set<String> inTimeline = new HashSet<>();
		for (StoredEvent event : timeline) {
			wanted.add(event.event().sender());
			inTimeline.add(event.event().eventId());
		}
		if (full) {
			wanted.add(userId);
		}
		List<StoredEvent> lazy = new ArrayList<>();
		Set<String> present = new HashSet<>();
		for (StoredEvent event : state) {
			if (!MEMBER.equals(event.event().type())) {
				lazy.add(event);
			}
			else if (wanted.contains(event.event().stateKey())) {
				lazy.add(event);
				present.add(event.event().stateKey());
			}
		}
		if (!timeline.isEmpty()) {
			Map<StateKey, StoredEvent> current = this.states.currentStateEvents(roomId);
			for (String member : wanted) {
				StoredEvent event = current.get(new StateKey(MEMBER, member));
				if (!present.contains(member) && event != null && !inTimeline.contains(event.event().eventId())) {
					lazy.add(event);
				}
			}
		}
		lazy.sort(Comparator.comparingLong(StoredEvent::streamOrdering));
		return lazy;
	}

	private static void addJoinedOrInvited(List<StoredEvent> events, Set<String> users) {
		for (StoredEvent event : events) {
			Object membership = event.event().content().get("membership");
			if (MEMBER.equals(event.event().type()) && event.event().stateKey() != null
					&& ("join".equals(membership) || "invite".equals(membership))) {
				users.add(event.event().stateKey());
			}
		}
	}

	private Set<String> joinedMembers(String roomId) {
		Set<String> members = new HashSet<>();
		this.states.currentStateEvents(roomId).forEach((key, event) -> {
			if (MEMBER.equals(key.type()) && "join".equals(event.event().content().get("membership"))) {
				members.add(key.stateKey());
			}
		});
		return members;
	}

	private static boolean hasMember(List<StoredEvent> events) {
		for (StoredEvent event : events) {
			if (MEMBER.equals(event.event().type())) {
				return true;
			}
		}
		return false;
	}

	/**
	 * A room's summary as Synapse computes it: the counts of joined and invited members, and as
	 * heroes the first six joined and six invited members by stream ordering, without the user,
	 * sorted by user ID, at most five; with no one joined or invited, those who left or were
	 * banned.
	 */
	private Map<String, Object> summary(String roomId, String userId) {
		Map<String, List<StoredEvent>> byMembership = new HashMap<>();
		this.states.currentStateEvents(roomId).forEach((key, event) -> {
			if (MEMBER.equals(key.type()) && event.event().content().get("membership") instanceof String membership) {
				byMembership.computeIfAbsent(membership, (ignored) -> new ArrayList<>()).add(event);
			}
		});
		List<StoredEvent> joined = byMembership.getOrDefault("join", List.of());
		List<StoredEvent> invited = byMembership.getOrDefault("invite", List.of());
		List<String> heroes = heroes(userId, joined, invited);
		if (heroes.isEmpty()) {
			heroes = heroes(userId, byMembership.getOrDefault("leave", List.of()),
					byMembership.getOrDefault("ban", List.of()));
		}
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("m.heroes", heroes);
		summary.put("m.joined_member_count", joined.size());
		summary.put("m.invited_member_count", invited.size());
		return summary;
	}

	@SafeVarargs
	private static List<String> heroes(String userId, List<StoredEvent>... groups) {
		List<String> heroes = new ArrayList<>();
		for (List<StoredEvent> group : groups) {
			group.stream()
				.sorted(Comparator.comparingLong(StoredEvent::streamOrdering))
				.limit(HEROES + 1)
				.map((event) -> event.event().stateKey())
				.filter((member) -> member != null && !member.equals(userId))
				.forEach(heroes::add);
		}
		Collections.sort(heroes);
		return (heroes.size() > HEROES) ? new ArrayList<>(heroes.subList(0, HEROES)) : heroes;
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

	private Map<String, Object> leftRoom(Requester requester, String roomId, long since, long leftAt,
			SyncFilter filter) {
		Recent recent = recent(requester.userId(), roomId, since, leftAt, filter, true);
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
	private Recent recent(String userId, String roomId, long after, long upTo, SyncFilter syncFilter,
			boolean filter) {
		int limit = syncFilter.timelineLimit();
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
			if (syncFilter.timeline() != null) {
				batch = syncFilter.timeline().filter(batch);
			}
			newestFirst.addAll(batch);
		}
		boolean limited = more || newestFirst.size() > limit;
		List<StoredEvent> oldestFirst = new ArrayList<>(newestFirst.subList(0, Math.min(limit, newestFirst.size())));
		Collections.reverse(oldestFirst);
		return new Recent(oldestFirst, limited);
	}

	/**
	 * The {@code m.typing} and {@code m.receipt} events of the user's joined rooms, as the
	 * {@code room.ephemeral} filter lets them through: typing from memory, receipts with one
	 * query (none when nothing was written since the last sync).
	 */
	private EphemeralSection ephemeral(String userId, List<String> joinedRooms, long since, long typingSince,
			long upTo, boolean quiet, SyncFilter filter) {
		TypingNotifications.Snapshot typing = this.ephemeral.typing()
			.since(joinedRooms, (since < 0) ? -1 : typingSince);
		Receipts.Section receipts = quiet ? new Receipts.Section(Map.of(), Set.of())
				: this.ephemeral.receipts().section(userId, joinedRooms, since, upTo);
		Map<String, List<Map<String, Object>>> events = new HashMap<>();
		int limit = filter.ephemeralLimit();
		typing.rooms().forEach((roomId, users) -> {
			if (filter.allowsEphemeral(roomId, "m.typing") && limit > 0) {
				events.computeIfAbsent(roomId, (key) -> new ArrayList<>())
					.add(Map.of("type", "m.typing", "content", Map.of("user_ids", users)));
			}
		});
		receipts.events().forEach((roomId, event) -> {
			List<Map<String, Object>> list = events.computeIfAbsent(roomId, (key) -> new ArrayList<>());
			if (filter.allowsEphemeral(roomId, "m.receipt") && list.size() < limit) {
				list.add(event);
			}
		});
		events.values().removeIf(List::isEmpty);
		return new EphemeralSection(events, receipts.ownChanged(), typing.position());
	}

	/**
	 * The ephemeral events of a sync.
	 *
	 * @param events the events of each room that has any
	 * @param ownReceiptsChanged the rooms where the user's own receipts changed
	 * @param typingPosition the typing stream position they were read at
	 */
	private record EphemeralSection(Map<String, List<Map<String, Object>>> events, Set<String> ownReceiptsChanged,
			long typingPosition) {

	}

	/**
	 * Where an incremental sync starts: its token's positions.
	 *
	 * @param position the main stream position, negative for an initial sync
	 * @param presencePosition the presence stream position
	 * @param devicesPosition the devices stream position (to-device messages and device-list
	 * changes)
	 * @param typing the typing stream position
	 */
	record Since(long position, long presencePosition, long devicesPosition, long typing) {

		static Since of(@Nullable String token) {
			return (token != null) ? new Since(StreamTokens.position(token), StreamTokens.presencePosition(token),
					StreamTokens.devicesPosition(token), StreamTokens.typingPosition(token)) : new Since(-1, 0, 0, 0);
		}

	}

	/**
	 * What {@code /sync} reads the ephemeral sections from.
	 *
	 * @param typing who is typing
	 * @param receipts the read receipts
	 * @param unread the unread counts
	 */
	record Ephemeral(TypingNotifications typing, Receipts receipts, UnreadCounts unread) {

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
