-- When and from where each device last made an authenticated request (GET /devices).
ALTER TABLE hs_devices ADD COLUMN last_seen_ts BIGINT;
ALTER TABLE hs_devices ADD COLUMN last_seen_ip VARCHAR(255);

-- User-interactive authentication sessions of endpoints other than /register (deleting devices):
-- the user who started it and the request it authorises, so that a session is not reused for
-- another operation.
CREATE TABLE hs_auth_sessions (
    session_id VARCHAR(255) NOT NULL PRIMARY KEY,
    user_id VARCHAR(255) NOT NULL,
    operation VARCHAR(1024) NOT NULL,
    created_ts BIGINT NOT NULL
);
CREATE INDEX hs_auth_sessions_created ON hs_auth_sessions (created_ts);

-- OpenID tokens (POST /user/{userId}/openid/request_token), as their SHA-256 hash.
CREATE TABLE hs_openid_tokens (
    token VARCHAR(255) NOT NULL PRIMARY KEY,
    user_id VARCHAR(255) NOT NULL,
    valid_until_ms BIGINT NOT NULL
);
CREATE INDEX hs_openid_tokens_valid_until ON hs_openid_tokens (valid_until_ms);
