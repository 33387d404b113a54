package org.modulehost.homeserver.receipts;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.StateKey;
import org.modulehost.homeserver.rooms.HistoryVisibility;
import org.modulehost.homeserver.storage.ChangeNotifications;
import org.modulehost.homeserver.storage.EventReader;
import org.modulehost.homeserver.storage.RoomStateCache;
import org.modulehost.homeserver.storage.StoredEvent;
import org.modulehost.homeserver.sync.Notifier;
import org.modulehost.homeserver.users.AccountData;

/**
 * Read receipts and the fully-read marker: a client's receipt is checked as Synapse checks it
 * (the event must be in the room and visible to the user), stored ({@link ReceiptStore}) unless
 * the user's receipt is for a later event already, and wakes the {@code /sync} of the room's
 * joined members (of only the user, for a private receipt), here and on the other instances.
 * The fully-read marker is the user's {@code m.fully_read} room account data, which only moves
 * forward.
 */
public final class Receipts implements ChangeNotifications.Listener {

	/** A public read receipt. */
	public static final String READ = "m.read";

	/** A read receipt only its owner sees. */
	public static final String READ_PRIVATE = "m.read.private";

	/** The fully-read marker. */
	public static final String FULLY_READ = "m.fully_read";

	private final ReceiptStore store;

	private final EventReader reader;

	private final RoomStateCache states;

	private final HistoryVisibility visibility;

	private final AccountData accountData;

	private final Notifier notifier;

	private final Clock clock;

	/**
	 * Creates the service.
	 * @param store the receipts' storage
	 * @param reader the events
	 * @param states the rooms' current state
	 * @param visibility the history visibility rules
	 * @param accountData the users' account data, where the fully-read marker is kept
	 * @param notifier wakes {@code /sync}
	 * @param clock the clock of receipts' timestamps
	 */
	public Receipts(ReceiptStore store, EventReader reader, RoomStateCache states, HistoryVisibility visibility,
			AccountData accountData, Notifier notifier, Clock clock) {
		this.store = store;
		this.reader = reader;
		this.states = states;
		this.visibility = visibility;
		this.accountData = accountData;
		this.notifier = notifier;
		this.clock = clock;
	}

	/**
	 * Stores a user's read receipt.
	 * @param userId the user
	 * @param roomId the room
	 * @param type {@link #READ} or {@link #READ_PRIVATE}
	 * @param eventId the event read up to
	 * @param threadId the thread, or {@code null} for an unthreaded receipt
	 * @throws MatrixError 404 {@code M_NOT_FOUND} when the event is not in the room, 403
	 * {@code M_FORBIDDEN} when the user may not see it
	 */
	public void receipt(String userId, String roomId, String type, String eventId, @Nullable String threadId) {
		StoredEvent event = visibleEvent(userId, roomId, eventId);
		Optional<Long> stored = this.store.put(new ReceiptStore.Receipt(roomId, type, userId,
				(threadId != null) ? threadId : ReceiptStore.UNTHREADED, eventId, event.streamOrdering(),
				this.clock.millis(), 0));
		if (stored.isPresent()) {
			this.notifier.notifyUsers(READ_PRIVATE.equals(type) ? List.of(userId) : joinedMembers(roomId));
		}
	}

	/**
	 * Moves a user's fully-read marker, unless it is at a later event already.
	 * @param userId the user
	 * @param roomId the room
	 * @param eventId the event
	 * @throws MatrixError as {@link #receipt}
	 */
	public void fullyRead(String userId, String roomId, String eventId) {
		StoredEvent event = visibleEvent(userId, roomId, eventId);
		Optional<Map<String, Object>> existing = this.accountData.get(userId, roomId, FULLY_READ);
		if (existing.isPresent() && existing.get().get("event_id") instanceof String previous) {
			Optional<StoredEvent> before = this.reader.event(previous);
			if (before.isPresent() && before.get().streamOrdering() >= event.streamOrdering()) {
				return;
			}
		}
		this.accountData.put(userId, roomId, FULLY_READ, Map.of("event_id", eventId));
	}

	private StoredEvent visibleEvent(String userId, String roomId, String eventId) {
		StoredEvent event = this.reader.event(eventId)
			.filter((stored) -> stored.event().roomId().equals(roomId))
			.orElseThrow(() -> new MatrixError(404, Codes.NOT_FOUND, "Could not find event " + eventId));
		Event member = this.states.currentState(roomId).get(new StateKey("m.room.member", userId));
		boolean joined = member != null && "join".equals(member.content().get("membership"));
		if (!this.visibility.canSee(userId, event, !joined)) {
			throw new MatrixError(403, Codes.FORBIDDEN, "You don't have permission to access that event.");
		}
		return event;
	}

	/**
	 * Builds the {@code m.receipt} events of a user's {@code /sync}: every current receipt of
	 * the rooms in an initial sync, those written in the range in an incremental one; private
	 * receipts only when they are the user's own.
	 * @param userId the user
	 * @param roomIds the rooms
	 * @param since the previous sync's position, negative for an initial sync
	 * @param upTo the sync's position
	 * @return the events by room, and the rooms where the user's own receipts changed
	 */
	public Section section(String userId, Collection<String> roomIds, long since, long upTo) {
		List<ReceiptStore.Receipt> receipts = new ArrayList<>();
		if (since < 0) {
			for (String roomId : roomIds) {
				receipts.addAll(this.store.current(roomId, upTo));
			}
		}
		else {
			Set<String> rooms = new HashSet<>(roomIds);
			for (ReceiptStore.Receipt receipt : this.store.changes(since, upTo)) {
				if (rooms.contains(receipt.roomId())) {
					receipts.add(receipt);
				}
			}
		}
		Map<String, Map<String, Object>> events = new LinkedHashMap<>();
		Set<String> own = new HashSet<>();
		for (ReceiptStore.Receipt receipt : receipts) {
			if (receipt.userId().equals(userId)) {
				own.add(receipt.roomId());
			}
			else if (READ_PRIVATE.equals(receipt.type())) {
				continue;
			}
			Map<String, Object> content = content(events.computeIfAbsent(receipt.roomId(),
					(room) -> new LinkedHashMap<>(Map.of("type", "m.receipt", "content", new LinkedHashMap<>()))));
			Map<String, Object> data = new LinkedHashMap<>();
			data.put("ts", receipt.ts());
			if (!receipt.threadId().isEmpty()) {
				data.put("thread_id", receipt.threadId());
			}
			byType(content, receipt.eventId(), receipt.type()).put(receipt.userId(), data);
		}
		return new Section(events, own);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> content(Map<String, Object> event) {
		return (Map<String, Object>) event.get("content");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> byType(Map<String, Object> content, String eventId, String type) {
		Map<String, Object> types = (Map<String, Object>) content.computeIfAbsent(eventId,
				(id) -> new LinkedHashMap<String, Object>());
		return (Map<String, Object>) types.computeIfAbsent(type, (t) -> new LinkedHashMap<String, Object>());
	}

	@Override
	public void receiptsChanged(String roomId) {
		if (this.notifier.waiting() > 0) {
			this.notifier.notifyUsers(joinedMembers(roomId));
		}
	}

	private List<String> joinedMembers(String roomId) {
		List<String> members = new ArrayList<>();
		this.states.currentState(roomId).forEach((key, event) -> {
			if ("m.room.member".equals(key.type()) && "join".equals(event.content().get("membership"))) {
				members.add(key.stateKey());
			}
		});
		return members;
	}

	/**
	 * The receipts of a {@code /sync}.
	 *
	 * @param events the {@code m.receipt} event of each room that has one
	 * @param ownChanged the rooms where the user's own receipts changed (so their unread counts)
	 */
	public record Section(Map<String, Map<String, Object>> events, Set<String> ownChanged) {

	}

}
