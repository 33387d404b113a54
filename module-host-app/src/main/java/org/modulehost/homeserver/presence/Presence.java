package org.modulehost.homeserver.presence;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Predicate;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.InterestedUsers;
import org.modulehost.homeserver.api.UserPresenceState;
import org.modulehost.homeserver.sync.Notifier;

/**
 * Users' presence, as Synapse's {@code PresenceHandler} keeps it for local users: set by
 * {@code PUT /presence/{userId}/status} and by each {@code /sync}'s {@code set_presence}, timed
 * out to {@code unavailable} after {@code homeserver.presence.idle-after} without activity and
 * to {@code offline} {@code homeserver.presence.offline-after} after the last {@code /sync}
 * ended; {@code currently_active} while active in the last minute. An update is stored with a
 * new position, and the users it concerns are woken, only when it is worth telling (Synapse's
 * {@code should_notify}); other updates only refresh the stored timestamps.
 *
 * <p>Who is told: the user, the users sharing a room with them and those the presence router
 * names ({@code getUsersForStates}). What a user's {@code /sync} carries: the presence of the
 * users sharing a room with them, their own and that of the users the router adds
 * ({@code getInterestedUsers}); an initial sync (or one after
 * {@link #sendLocalOnlinePresenceTo}) the current state of those not offline, an incremental one
 * what changed.
 *
 * <p>Which users are syncing is known per instance; each instance refreshes the
 * {@code last_user_sync_ts} of its syncing users often enough that the instance that runs the
 * timeouts (the background-tasks instance) sees them as syncing.
 */
public final class Presence {

	private static final Log logger = LogFactory.getLog(Presence.class);

	/** A user active in the last minute is {@code currently_active} (Synapse's value). */
	static final long LAST_ACTIVE_GRANULARITY = 60_000;

	/** How stale stored timestamps may get before a refresh without news writes them. */
	private static final long MAX_REFRESH_MS = 5_000;

	private final PresenceStore store;

	private final PresenceRouter router;

	private final SharedRooms rooms;

	private final Notifier notifier;

	private final Clock clock;

	private final Predicate<String> isMine;

	private final boolean enabled;

	private final long idleAfter;

	private final long offlineAfter;

	private final int maxStatusMsgLength;

	private final ConcurrentMap<String, Integer> syncing = new ConcurrentHashMap<>();

	Presence(PresenceStore store, PresenceRouter router, SharedRooms rooms, Notifier notifier, Clock clock,
			Predicate<String> isMine, Settings settings) {
		this.store = store;
		this.router = router;
		this.rooms = rooms;
		this.notifier = notifier;
		this.clock = clock;
		this.isMine = isMine;
		this.enabled = settings.enabled();
		this.idleAfter = settings.idleAfter().toMillis();
		this.offlineAfter = settings.offlineAfter().toMillis();
		this.maxStatusMsgLength = settings.maxStatusMsgLength();
	}

	/**
	 * Tells whether presence is enabled ({@code homeserver.presence.enabled}).
	 * @return whether it is
	 */
	public boolean isEnabled() {
		return this.enabled;
	}

	int maxStatusMsgLength() {
		return this.maxStatusMsgLength;
	}

	/**
	 * Returns the last committed position of the presence stream.
	 * @return the position
	 */
	public long currentPosition() {
		return this.store.currentPosition();
	}

	/**
	 * Reads a user's presence.
	 * @param userId the user
	 * @return the state, offline if none is stored
	 */
	UserPresenceState state(String userId) {
		return this.store.state(userId);
	}

	/**
	 * Reads users' presence, offline for those without a stored state (Synapse's
	 * {@code get_states}).
	 * @param userIds the users
	 * @return their states
	 */
	public List<UserPresenceState> states(Collection<String> userIds) {
		Map<String, UserPresenceState> stored = this.store.states(userIds);
		return userIds.stream().map((userId) -> stored.getOrDefault(userId, UserPresenceState.offline(userId))).toList();
	}

	/**
	 * Tells whether one user may see another's presence through {@code GET /presence}: as
	 * Synapse's {@code is_visible}, when they share a room.
	 * @param observed the user whose presence is asked for
	 * @param observer the user asking
	 * @return whether they may
	 */
	boolean isVisible(String observed, String observer) {
		return observed.equals(observer) || this.rooms.shareARoom(observed, observer);
	}

	/**
	 * Sets a user's state and status message, as {@code PUT /presence/{userId}/status} does.
	 * @param userId the user
	 * @param state a valid state
	 * @param statusMsg the status message, {@code null} for none
	 */
	void set(String userId, String state, @Nullable String statusMsg) {
		if (!this.enabled) {
			return;
		}
		long now = this.clock.millis();
		UserPresenceState previous = this.store.state(userId);
		UserPresenceState next = new UserPresenceState(userId, state,
				UserPresenceState.ONLINE.equals(state) ? now : previous.lastActiveTs(), previous.lastUserSyncTs(),
				statusMsg, previous.currentlyActive());
		apply(List.of(new Update(previous, next)), false, false);
	}

	/**
	 * Marks the start of a {@code /sync} of a user: sets the state it asks for (its
	 * {@code set_presence}), as Synapse's {@code user_syncing}, and counts the user as syncing
	 * until the returned action runs. {@code offline} leaves the presence alone.
	 * @param userId the user
	 * @param setPresence the {@code set_presence} of the request
	 * @return the action to run when the request is answered
	 */
	public Runnable syncing(String userId, String setPresence) {
		if (!this.enabled || UserPresenceState.OFFLINE.equals(setPresence)) {
			return () -> {
			};
		}
		this.syncing.merge(userId, 1, Integer::sum);
		Runnable end = () -> ended(userId);
		try {
			long now = this.clock.millis();
			UserPresenceState previous = this.store.state(userId);
			UserPresenceState next = new UserPresenceState(userId, setPresence,
					UserPresenceState.ONLINE.equals(setPresence) ? now : previous.lastActiveTs(), now,
					previous.statusMsg(), previous.currentlyActive());
			apply(List.of(new Update(previous, next)), false, true);
		}
		catch (RuntimeException ex) {
			end.run();
			throw ex;
		}
		return end;
	}

	private void ended(String userId) {
		this.syncing.computeIfPresent(userId, (key, count) -> (count > 1) ? count - 1 : null);
		try {
			this.store.synced(List.of(userId), this.clock.millis());
		}
		catch (RuntimeException ex) {
			logger.warn("Could not record the end of a /sync of " + userId, ex);
		}
	}

	/**
	 * Builds the presence events of a user's {@code /sync}.
	 * @param userId the user who syncs
	 * @param since the presence position of the request's token, {@code -1} for an initial sync
	 * @param upTo the presence position the response's token carries
	 * @return the presence states to send, offline ones left out of a full snapshot
	 */
	public List<UserPresenceState> forSync(String userId, long since, long upTo) {
		boolean full = since < 0 || this.store.fullPresencePosition(userId) > since;
		if (!full && since >= upTo) {
			return List.of();
		}
		InterestedUsers extra = this.router.isActive() ? this.router.interestedUsers(userId) : InterestedUsers.NONE;
		Collection<UserPresenceState> states;
		if (extra.all()) {
			states = full ? this.store.notOffline() : this.store.changes(since, upTo);
		}
		else {
			Set<String> interested = this.rooms.usersSharingARoomWith(userId);
			interested.add(userId);
			interested.addAll(extra.userIds());
			if (full) {
				states = this.store.states(interested)
					.values()
					.stream()
					.filter((state) -> !UserPresenceState.OFFLINE.equals(state.state()))
					.toList();
			}
			else {
				states = this.store.changes(since, upTo)
					.stream()
					.filter((state) -> interested.contains(state.userId()))
					.toList();
			}
		}
		return List.copyOf(states);
	}

	/**
	 * Writes a state as the {@code content} of an {@code m.presence} event, as Synapse's
	 * {@code format_user_presence_state}.
	 * @param state the state
	 * @return the content
	 */
	public Map<String, Object> content(UserPresenceState state) {
		Map<String, Object> content = new LinkedHashMap<>();
		content.put("presence", state.state());
		if (state.lastActiveTs() > 0) {
			content.put("last_active_ago", Math.max(0, this.clock.millis() - state.lastActiveTs()));
		}
		if (state.statusMsg() != null && !state.statusMsg().isEmpty()) {
			content.put("status_msg", state.statusMsg());
		}
		if (UserPresenceState.ONLINE.equals(state.state())) {
			content.put("currently_active", state.currentlyActive());
		}
		return content;
	}

	/**
	 * Makes the next {@code /sync} of local users carry a full snapshot of the online users they
	 * may see, and wakes them.
	 * @param userIds the users; remote ones are ignored
	 */
	public void sendLocalOnlinePresenceTo(Collection<String> userIds) {
		if (!this.enabled) {
			return;
		}
		List<String> local = userIds.stream().filter(this.isMine).distinct().toList();
		if (local.isEmpty()) {
			return;
		}
		this.store.requestFullPresence(local);
		this.notifier.notifyUsers(local);
	}

	/**
	 * Sets the state and status message of users and tells everyone who sees them, even when
	 * nothing changed (Synapse's {@code set_presence_for_users}).
	 * @param states the states by user ID; only their state and status message are used
	 * @throws IllegalArgumentException for an invalid state, before anything is stored
	 */
	public void setForUsers(Map<String, UserPresenceState> states) {
		states.forEach((userId, state) -> {
			if (!UserPresenceState.isValid(state.state())) {
				throw new IllegalArgumentException("Invalid presence state '" + state.state() + "' for " + userId
						+ ": use online, unavailable or offline");
			}
		});
		if (!this.enabled || states.isEmpty()) {
			return;
		}
		Map<String, UserPresenceState> previous = this.store.states(states.keySet());
		List<Update> updates = new ArrayList<>();
		states.forEach((userId, state) -> {
			UserPresenceState before = previous.getOrDefault(userId, UserPresenceState.offline(userId));
			updates.add(new Update(before, new UserPresenceState(userId, state.state(), before.lastActiveTs(),
					before.lastUserSyncTs(), state.statusMsg(), before.currentlyActive())));
		});
		apply(updates, true, false);
	}

	/**
	 * Refreshes {@code last_user_sync_ts} of the users syncing on this instance, so that the
	 * instance running the timeouts sees them as syncing.
	 */
	void refreshSyncingUsers() {
		Set<String> users = Set.copyOf(this.syncing.keySet());
		if (!users.isEmpty()) {
			this.store.synced(users, this.clock.millis());
		}
	}

	/**
	 * Applies the timeouts to every user not offline, as Synapse's {@code handle_timeout}: online
	 * users inactive for {@code idle-after} become unavailable; users neither syncing nor active
	 * for {@code offline-after} become offline; {@code currently_active} ends a minute after the
	 * last activity.
	 */
	void handleTimeouts() {
		long now = this.clock.millis();
		List<Update> updates = new ArrayList<>();
		for (UserPresenceState state : this.store.notOffline()) {
			UserPresenceState next = state;
			if (UserPresenceState.ONLINE.equals(state.state()) && now - state.lastActiveTs() > this.idleAfter) {
				next = with(next, UserPresenceState.UNAVAILABLE);
			}
			if (now - Math.max(state.lastUserSyncTs(), state.lastActiveTs()) > this.offlineAfter) {
				next = with(next, UserPresenceState.OFFLINE);
			}
			updates.add(new Update(state, next));
		}
		apply(updates, false, false);
	}

	private static UserPresenceState with(UserPresenceState state, String presence) {
		return new UserPresenceState(state.userId(), presence, state.lastActiveTs(), state.lastUserSyncTs(),
				state.statusMsg(), state.currentlyActive());
	}

	/**
	 * Stores updates: those worth telling (or all, when forced) at a new position, waking who
	 * they concern; the others only as refreshed timestamps.
	 */
	private void apply(List<Update> updates, boolean force, boolean throttle) {
		long now = this.clock.millis();
		List<UserPresenceState> news = new ArrayList<>();
		for (Update update : updates) {
			UserPresenceState next = update.next();
			if (UserPresenceState.ONLINE.equals(next.state())) {
				next = new UserPresenceState(next.userId(), next.state(), next.lastActiveTs(), next.lastUserSyncTs(),
						next.statusMsg(), now - next.lastActiveTs() < LAST_ACTIVE_GRANULARITY);
			}
			if (force || shouldNotify(update.previous(), next)) {
				news.add(next);
			}
			else if (!next.equals(update.previous()) && (!throttle || stale(update.previous(), next))) {
				if (!this.store.refresh(next)) {
					this.store.write(List.of(next), List.of());
				}
			}
		}
		if (news.isEmpty()) {
			return;
		}
		Set<String> concerned = new LinkedHashSet<>();
		for (UserPresenceState state : news) {
			concerned.add(state.userId());
			concerned.addAll(this.rooms.usersSharingARoomWith(state.userId()));
		}
		if (this.router.isActive()) {
			concerned.addAll(this.router.usersForStates(news).keySet());
		}
		this.store.write(news, concerned);
		this.notifier.notifyUsers(concerned);
	}

	private long refreshAfter() {
		return Math.min(MAX_REFRESH_MS, this.offlineAfter / 3);
	}

	private boolean stale(UserPresenceState stored, UserPresenceState next) {
		return next.lastActiveTs() - stored.lastActiveTs() >= refreshAfter()
				|| next.lastUserSyncTs() - stored.lastUserSyncTs() >= refreshAfter();
	}

	/**
	 * Decides whether a change is worth telling, as Synapse's {@code should_notify}.
	 */
	static boolean shouldNotify(UserPresenceState previous, UserPresenceState next) {
		if (previous.equals(next)) {
			return false;
		}
		if (!java.util.Objects.equals(previous.statusMsg(), next.statusMsg())
				|| !previous.state().equals(next.state())) {
			return true;
		}
		if (UserPresenceState.ONLINE.equals(previous.state())) {
			if (previous.currentlyActive() != next.currentlyActive()) {
				return true;
			}
			return next.lastActiveTs() - previous.lastActiveTs() > LAST_ACTIVE_GRANULARITY && !next.currentlyActive();
		}
		return next.lastActiveTs() - previous.lastActiveTs() > LAST_ACTIVE_GRANULARITY;
	}

	/**
	 * A state before and after an update.
	 *
	 * @param previous the stored state
	 * @param next the new state
	 */
	private record Update(UserPresenceState previous, UserPresenceState next) {

	}

	/**
	 * Presence settings.
	 *
	 * @param enabled whether presence is tracked and sent
	 * @param idleAfter how long without activity an online user stays online
	 * @param offlineAfter how long after the last sync (or activity) a user goes offline
	 * @param maxStatusMsgLength the longest status message, in characters
	 */
	record Settings(boolean enabled, Duration idleAfter, Duration offlineAfter, int maxStatusMsgLength) {

	}

}
