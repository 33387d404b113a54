-- The reference homeserver's schema. Portable SQL: runs on H2 2.x and PostgreSQL.

-- One counter orders events and account data; sync and pagination tokens are positions in it.
-- Writers update its row inside their transaction, so positions become visible in order.
CREATE TABLE hs_stream_positions (
    stream_name VARCHAR(64) NOT NULL PRIMARY KEY,
    stream_position BIGINT NOT NULL
);
INSERT INTO hs_stream_positions (stream_name, stream_position) VALUES ('main', 0);

CREATE TABLE hs_users (
    user_id VARCHAR(255) NOT NULL PRIMARY KEY,
    user_id_lower VARCHAR(255) NOT NULL,
    password_hash VARCHAR(255),
    is_admin BOOLEAN NOT NULL,
    is_deactivated BOOLEAN NOT NULL,
    is_shadow_banned BOOLEAN NOT NULL,
    creation_ts BIGINT NOT NULL,
    displayname VARCHAR(1024),
    avatar_url VARCHAR(2048)
);
CREATE INDEX hs_users_lower ON hs_users (user_id_lower);

CREATE TABLE hs_devices (
    user_id VARCHAR(255) NOT NULL,
    device_id VARCHAR(255) NOT NULL,
    display_name VARCHAR(1024),
    PRIMARY KEY (user_id, device_id)
);

CREATE TABLE hs_access_tokens (
    token VARCHAR(255) NOT NULL PRIMARY KEY,
    user_id VARCHAR(255) NOT NULL,
    device_id VARCHAR(255) NOT NULL,
    created_ts BIGINT NOT NULL
);
CREATE INDEX hs_access_tokens_device ON hs_access_tokens (user_id, device_id);

CREATE TABLE hs_rooms (
    room_id VARCHAR(255) NOT NULL PRIMARY KEY,
    creator VARCHAR(255) NOT NULL,
    room_version VARCHAR(32) NOT NULL,
    is_public BOOLEAN NOT NULL,
    created_ts BIGINT NOT NULL
);

CREATE TABLE hs_events (
    stream_ordering BIGINT NOT NULL PRIMARY KEY,
    event_id VARCHAR(255) NOT NULL,
    room_id VARCHAR(255) NOT NULL,
    sender VARCHAR(255) NOT NULL,
    event_type VARCHAR(255) NOT NULL,
    state_key VARCHAR(255),
    content VARCHAR NOT NULL,
    unsigned_data VARCHAR NOT NULL,
    origin_server_ts BIGINT NOT NULL,
    device_id VARCHAR(255),
    txn_id VARCHAR(255)
);
CREATE UNIQUE INDEX hs_events_id ON hs_events (event_id);
CREATE INDEX hs_events_room ON hs_events (room_id, stream_ordering);

-- Idempotent /send: one event per (user, device, transaction ID).
CREATE TABLE hs_event_txns (
    user_id VARCHAR(255) NOT NULL,
    device_id VARCHAR(255) NOT NULL,
    txn_id VARCHAR(255) NOT NULL,
    event_id VARCHAR(255) NOT NULL,
    PRIMARY KEY (user_id, device_id, txn_id)
);

CREATE TABLE hs_current_state (
    room_id VARCHAR(255) NOT NULL,
    event_type VARCHAR(255) NOT NULL,
    state_key VARCHAR(255) NOT NULL,
    event_id VARCHAR(255) NOT NULL,
    membership VARCHAR(32),
    stream_ordering BIGINT NOT NULL,
    PRIMARY KEY (room_id, event_type, state_key)
);
CREATE INDEX hs_current_state_member ON hs_current_state (state_key, event_type);

CREATE TABLE hs_room_aliases (
    room_alias VARCHAR(255) NOT NULL PRIMARY KEY,
    room_id VARCHAR(255) NOT NULL,
    creator VARCHAR(255) NOT NULL
);
CREATE INDEX hs_room_aliases_room ON hs_room_aliases (room_id);

-- room_id is '' for global account data.
CREATE TABLE hs_account_data (
    user_id VARCHAR(255) NOT NULL,
    room_id VARCHAR(255) NOT NULL,
    data_type VARCHAR(255) NOT NULL,
    content VARCHAR NOT NULL,
    stream_position BIGINT NOT NULL,
    PRIMARY KEY (user_id, room_id, data_type)
);
CREATE INDEX hs_account_data_stream ON hs_account_data (user_id, stream_position);
