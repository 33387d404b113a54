-- Read receipts and the notifications they clear. Portable SQL: runs on H2 2.x and PostgreSQL.

-- A user's latest receipt of a type in a room, per thread ('' for an unthreaded receipt, 'main'
-- for the main timeline, else the thread root's event ID). stream_position orders the writes in
-- the main stream, so /sync delivers the changes; event_stream_ordering is the event's.
CREATE TABLE hs_receipts (
    room_id VARCHAR(255) NOT NULL,
    receipt_type VARCHAR(64) NOT NULL,
    user_id VARCHAR(255) NOT NULL,
    thread_id VARCHAR(255) NOT NULL,
    event_id VARCHAR(255) NOT NULL,
    event_stream_ordering BIGINT NOT NULL,
    receipt_ts BIGINT NOT NULL,
    stream_position BIGINT NOT NULL,
    PRIMARY KEY (room_id, receipt_type, user_id, thread_id)
);
CREATE INDEX hs_receipts_stream ON hs_receipts (stream_position);

-- The events a user's push rules say notify them of, evaluated once per event when it is
-- stored: the unread counts of /sync count those after the user's read receipt.
CREATE TABLE hs_event_push_actions (
    room_id VARCHAR(255) NOT NULL,
    user_id VARCHAR(255) NOT NULL,
    stream_ordering BIGINT NOT NULL,
    thread_id VARCHAR(255) NOT NULL,
    notify BOOLEAN NOT NULL,
    highlight BOOLEAN NOT NULL,
    PRIMARY KEY (user_id, room_id, stream_ordering)
);
