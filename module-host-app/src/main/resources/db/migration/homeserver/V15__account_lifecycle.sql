-- Account lifecycle and room administration. Portable SQL: runs on H2 2.x and PostgreSQL.

-- Deactivated users who still have to leave their rooms; a row outlives a restart, and the
-- server finishes the parting at start-up (Synapse's users_pending_deactivation).
CREATE TABLE hs_users_pending_deactivation (
    user_id VARCHAR(255) NOT NULL PRIMARY KEY
);

-- Users deactivated with erase=true (Synapse's erased_users).
CREATE TABLE hs_erased_users (
    user_id VARCHAR(255) NOT NULL PRIMARY KEY
);

-- Room deletions of the admin API, run in the background: their status survives a restart,
-- and a deletion a restart interrupted is resumed at start-up.
CREATE TABLE hs_room_deletions (
    delete_id VARCHAR(255) NOT NULL PRIMARY KEY,
    room_id VARCHAR(255) NOT NULL,
    status VARCHAR(32) NOT NULL,
    requester VARCHAR(255),
    params VARCHAR NOT NULL,
    result VARCHAR,
    error VARCHAR(2048),
    created_ts BIGINT NOT NULL
);
CREATE INDEX hs_room_deletions_room ON hs_room_deletions (room_id);

-- Rooms an administrator blocked: nobody local may join them (Synapse's blocked_rooms).
CREATE TABLE hs_blocked_rooms (
    room_id VARCHAR(255) NOT NULL PRIMARY KEY,
    user_id VARCHAR(255)
);

-- Address and user agent of each access token's requests, with when they were last seen
-- (Synapse's user_ips), written at most once a minute per token, address and agent.
CREATE TABLE hs_user_ips (
    token VARCHAR(255) NOT NULL,
    user_id VARCHAR(255) NOT NULL,
    device_id VARCHAR(255),
    ip VARCHAR(255) NOT NULL,
    user_agent VARCHAR(512) NOT NULL,
    last_seen BIGINT NOT NULL,
    PRIMARY KEY (token, ip, user_agent)
);
CREATE INDEX hs_user_ips_user ON hs_user_ips (user_id, last_seen);

-- Short-lived login tokens (m.login.token), as their SHA-256 hash; each is used once.
CREATE TABLE hs_login_tokens (
    token VARCHAR(255) NOT NULL PRIMARY KEY,
    user_id VARCHAR(255) NOT NULL,
    expiry_ts BIGINT NOT NULL,
    auth_provider_id VARCHAR(255)
);
CREATE INDEX hs_login_tokens_expiry ON hs_login_tokens (expiry_ts);
