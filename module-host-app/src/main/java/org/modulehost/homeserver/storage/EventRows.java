package org.modulehost.homeserver.storage;

import org.modulehost.homeserver.api.Event;
import org.springframework.jdbc.core.RowMapper;

/**
 * How an event is read from a row of {@code hs_events} (aliased {@code e}): the columns to
 * select and the mapper of the row.
 */
final class EventRows {

	static final String EVENT_COLUMNS = "e.stream_ordering, e.event_id, e.room_id, e.sender, e.event_type, "
			+ "e.state_key, e.content, e.unsigned_data, e.origin_server_ts, e.device_id, e.txn_id";

	private EventRows() {
	}

	/**
	 * Returns the mapper of rows selected with {@link #EVENT_COLUMNS}.
	 * @param json the codec of the JSON columns
	 * @return the mapper
	 */
	static RowMapper<StoredEvent> mapper(JsonCodec json) {
		return (rs, row) -> new StoredEvent(rs.getLong(1),
				new Event(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
						json.readObject(rs.getString(7)), rs.getLong(9), json.readObject(rs.getString(8))),
				rs.getString(10), rs.getString(11));
	}

}
