-- Presence: each user's current state, positioned in a stream of its own ("presence") so that
-- /sync hands out only what changed since a client's token.
INSERT INTO hs_stream_positions (stream_name, stream_position) VALUES ('presence', 0);

CREATE TABLE hs_presence (
    user_id VARCHAR(255) NOT NULL PRIMARY KEY,
    state VARCHAR(16) NOT NULL,
    status_msg TEXT,
    last_active_ts BIGINT NOT NULL,
    last_user_sync_ts BIGINT NOT NULL,
    currently_active BOOLEAN NOT NULL,
    stream_position BIGINT NOT NULL
);
CREATE INDEX hs_presence_stream ON hs_presence (stream_position);

-- Users whose next /sync carries the full presence of the online users they may see
-- (the module API's sendLocalOnlinePresenceTo), up to the presence position of the request.
CREATE TABLE hs_presence_full_sends (
    user_id VARCHAR(255) NOT NULL PRIMARY KEY,
    stream_position BIGINT NOT NULL
);
