package org.modulehost.homeserver.rooms;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.StateKey;
import org.modulehost.homeserver.storage.EventReader;
import org.modulehost.homeserver.storage.JsonCodec;
import org.modulehost.homeserver.storage.StoredEvent;

/**
 * Reads a page of a room's timeline through an optional {@link EventFilter}, as
 * {@code /messages} and {@code /context} do: without a filter one read; with one, reads until
 * the page is full (Synapse filters in its query), at most {@link #MAX_FILTERED_LOADS} times.
 */
final class FilteredReads {

	/** How many reads a filtered page makes at most to fill its limit. */
	static final int MAX_FILTERED_LOADS = 10;

	private FilteredReads() {
	}

	/**
	 * One page of events.
	 * @param events the events that passed the filter, in reading order
	 * @param lastRead the stream position of the last event read, filtered or not; {@code -1}
	 * when nothing was read
	 * @param more whether the last read filled its batch, so there may be more
	 */
	record Page(List<StoredEvent> events, long lastRead, boolean more) {
	}

	/**
	 * Reads up to {@code count} events of a room with stream positions in {@code (low, high]}.
	 * @param reader the event reader
	 * @param roomId the room
	 * @param low the exclusive lower bound
	 * @param high the inclusive upper bound
	 * @param count the most events answered
	 * @param backwards whether to read newest first
	 * @param filter the filter, or {@code null}
	 * @return the page
	 */
	static Page read(EventReader reader, String roomId, long low, long high, int count, boolean backwards,
			@Nullable EventFilter filter) {
		List<StoredEvent> events = new ArrayList<>();
		long lastRead = -1;
		boolean more = true;
		for (int load = 0; more && events.size() < count && load < MAX_FILTERED_LOADS; load++) {
			int size = count - events.size();
			List<StoredEvent> batch = reader.roomEvents(roomId, low, high, size, backwards);
			more = !batch.isEmpty() && batch.size() == size;
			if (batch.isEmpty()) {
				break;
			}
			lastRead = batch.get(batch.size() - 1).streamOrdering();
			if (backwards) {
				high = lastRead - 1;
			}
			else {
				low = lastRead;
			}
			events.addAll((filter != null) ? filter.filter(batch) : batch);
			if (filter == null) {
				break;
			}
		}
		return new Page(events, lastRead, more);
	}

	/**
	 * The member events of the given events' senders, as Synapse answers with
	 * {@code lazy_load_members}.
	 * @param state the room state to pick from
	 * @param events the events whose senders count
	 * @return the senders' member events, in stream order
	 */
	static List<StoredEvent> membersOfSenders(Map<StateKey, StoredEvent> state, Collection<StoredEvent> events) {
		Set<String> senders = new HashSet<>();
		events.forEach((stored) -> senders.add(stored.event().sender()));
		List<StoredEvent> members = new ArrayList<>();
		state.forEach((key, stored) -> {
			if (RoomEvents.MEMBER.equals(key.type()) && senders.contains(key.stateKey())) {
				members.add(stored);
			}
		});
		members.sort(Comparator.comparingLong(StoredEvent::streamOrdering));
		return members;
	}

	/**
	 * Parses a {@code filter} query parameter: a {@code RoomEventFilter} as JSON.
	 * @param json the codec
	 * @param filter the parameter, or {@code null}
	 * @return the filter, or {@code null} when absent or empty
	 * @throws MatrixError 400 {@code M_INVALID_PARAM} when it is not a JSON object or a field is
	 * malformed
	 */
	static @Nullable EventFilter parameter(JsonCodec json, @Nullable String filter) {
		if (filter == null || filter.isEmpty()) {
			return null;
		}
		Object parsed;
		try {
			parsed = json.readObject(filter);
		}
		catch (JacksonException ex) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "filter must be a JSON object");
		}
		return EventFilter.of(parsed, "filter");
	}

}
