-- History visibility. Portable SQL: runs on H2 2.x and PostgreSQL.

-- Where each state event sits in its room's stream. The state of a room at a stream position is,
-- for each type and state key, the last of these at or before it: a user's membership and the
-- history visibility at an event, and the state a former member sees (the state at their leave).
-- Written with the event, for state events only; message events cost nothing more.
CREATE TABLE hs_state_events (
    room_id VARCHAR(255) NOT NULL,
    event_type VARCHAR(255) NOT NULL,
    state_key VARCHAR(255) NOT NULL,
    stream_ordering BIGINT NOT NULL,
    PRIMARY KEY (room_id, event_type, state_key, stream_ordering)
);
CREATE INDEX hs_state_events_room ON hs_state_events (room_id, stream_ordering);

INSERT INTO hs_state_events (room_id, event_type, state_key, stream_ordering)
    SELECT room_id, event_type, state_key, stream_ordering FROM hs_events WHERE state_key IS NOT NULL;
