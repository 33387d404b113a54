package org.modulehost.homeserver.rooms;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.storage.EventReader;
import org.modulehost.homeserver.storage.StoredEvent;

/**
 * Which of a room's events a user may see, by the room's {@code m.room.history_visibility} and
 * the user's membership in the state just after each event, as Synapse's
 * {@code filter_events_for_client}:
 * <ul>
 * <li>{@code world_readable}: anyone;</li>
 * <li>{@code shared} (also when the state event is absent or its value unknown): anyone who is
 * not peeking, that is who is or was a member and reads through an endpoint that limits them to
 * the history before their leave; a peeking user only what they saw as a joined member;</li>
 * <li>{@code invited}: who was joined or invited at the event;</li>
 * <li>{@code joined}: who was joined at the event.</li>
 * </ul>
 * A {@code m.room.history_visibility} event is judged by the laxer of the visibilities before and
 * after it. A user's own membership event is judged by the more joined of their memberships
 * before and after it, and their leave after a join or an invite is always visible to them.
 *
 * <p>One query per filtered batch of one room, whatever its size.
 */
public final class HistoryVisibility {

	static final String TYPE = "m.room.history_visibility";

	private static final List<String> VISIBILITY_PRIORITY = List.of("world_readable", "shared", "invited", "joined");

	private static final List<String> MEMBERSHIP_PRIORITY = List.of("join", "invite", "knock", "leave", "ban");

	private final EventReader reader;

	/**
	 * Creates the filter.
	 * @param reader the event reader
	 */
	public HistoryVisibility(EventReader reader) {
		this.reader = reader;
	}

	/**
	 * Keeps the events of one room that a user may see.
	 * @param userId the reader
	 * @param roomId the room all the events belong to
	 * @param events the events, in any order
	 * @param peeking whether the user reads as an outsider: not joined now and not limited to the
	 * history before their leave
	 * @param alwaysInclude IDs of events to keep whatever the visibility
	 * @return the visible events, in the order given
	 */
	public List<StoredEvent> filter(String userId, String roomId, List<StoredEvent> events, boolean peeking,
			Set<String> alwaysInclude) {
		if (events.isEmpty()) {
			return events;
		}
		List<StoredEvent> ascending = new ArrayList<>(events);
		ascending.sort((a, b) -> Long.compare(a.streamOrdering(), b.streamOrdering()));
		long last = ascending.get(ascending.size() - 1).streamOrdering();
		List<StoredEvent> history = this.reader.visibilityHistory(roomId, userId, last);
		Set<String> visible = new HashSet<>();
		State state = new State();
		int next = 0;
		for (StoredEvent event : ascending) {
			while (next < history.size() && history.get(next).streamOrdering() <= event.streamOrdering()) {
				state.apply(history.get(next).event(), userId);
				next++;
			}
			if (alwaysInclude.contains(event.event().eventId()) || state.allows(event.event(), userId, peeking)) {
				visible.add(event.event().eventId());
			}
		}
		if (visible.size() == events.size()) {
			return events;
		}
		return events.stream().filter((event) -> visible.contains(event.event().eventId())).toList();
	}

	/**
	 * Answers whether a user may see one event.
	 * @param userId the reader
	 * @param event the event
	 * @param peeking whether the user reads as an outsider (see {@link #filter})
	 * @return whether they may see it
	 */
	public boolean canSee(String userId, StoredEvent event, boolean peeking) {
		return !filter(userId, event.event().roomId(), List.of(event), peeking, Set.of()).isEmpty();
	}

	/**
	 * Returns the visibility a {@code m.room.history_visibility} event sets.
	 * @param event the event, or {@code null} when the room has none
	 * @return one of the four values; {@code shared} when absent or not understood
	 */
	static String visibility(@Nullable Event event) {
		Object value = (event != null) ? event.content().get("history_visibility") : null;
		return (value instanceof String string && VISIBILITY_PRIORITY.contains(string)) ? string : "shared";
	}

	private static String membershipOrLeave(@Nullable String membership) {
		return (membership != null && MEMBERSHIP_PRIORITY.contains(membership)) ? membership : "leave";
	}

	private static @Nullable String membership(Event memberEvent) {
		return (memberEvent.content().get("membership") instanceof String membership) ? membership : null;
	}

	/**
	 * The user's membership and the room's visibility just after an event, and just before the
	 * last change of each.
	 */
	private static final class State {

		private @Nullable String membership;

		private @Nullable String membershipBefore;

		private String visibility = "shared";

		private String visibilityBefore = "shared";

		void apply(Event event, String userId) {
			if (TYPE.equals(event.type())) {
				this.visibilityBefore = this.visibility;
				this.visibility = visibility(event);
			}
			else if (RoomEvents.MEMBER.equals(event.type()) && userId.equals(event.stateKey())) {
				this.membershipBefore = this.membership;
				this.membership = membership(event);
			}
		}

		boolean allows(Event event, String userId, boolean peeking) {
			String lax = this.visibility;
			if (TYPE.equals(event.type())
					&& VISIBILITY_PRIORITY.indexOf(this.visibilityBefore) < VISIBILITY_PRIORITY.indexOf(lax)) {
				lax = this.visibilityBefore;
			}
			if (lax.equals("world_readable") || (lax.equals("shared") && !peeking)) {
				return true;
			}
			String membership = this.membership;
			if (RoomEvents.MEMBER.equals(event.type()) && userId.equals(event.stateKey())) {
				String now = membershipOrLeave(membership(event));
				String before = membershipOrLeave(this.membershipBefore);
				if (now.equals("leave") && (before.equals("join") || before.equals("invite"))) {
					return true;
				}
				membership = (MEMBERSHIP_PRIORITY.indexOf(before) < MEMBERSHIP_PRIORITY.indexOf(now)) ? before : now;
			}
			if ("join".equals(membership)) {
				return true;
			}
			return switch (this.visibility) {
				case "joined" -> false;
				case "invited" -> "invite".equals(membership);
				case "shared" -> !peeking;
				default -> true;
			};
		}

	}

}
