-- Third-party identifiers (e-mail addresses). Portable SQL: runs on H2 2.x and PostgreSQL.

-- Address-validation sessions of /requestToken (Synapse's threepid_validation_session and
-- threepid_validation_token in one row): the token of the latest e-mail, stored as its hash,
-- cleared once the link was followed; a session is deleted once used (registration, adding the
-- address, password reset) and when it expired.
CREATE TABLE hs_threepid_sessions (
    sid VARCHAR(64) NOT NULL PRIMARY KEY,
    client_secret VARCHAR(255) NOT NULL,
    medium VARCHAR(16) NOT NULL,
    address VARCHAR(320) NOT NULL,
    purpose VARCHAR(16) NOT NULL,
    token_hash VARCHAR(128),
    send_attempt BIGINT NOT NULL,
    next_link VARCHAR(2048),
    validated_at BIGINT,
    expiry_ts BIGINT NOT NULL
);
CREATE INDEX hs_threepid_sessions_secret ON hs_threepid_sessions (client_secret, medium, address);
CREATE INDEX hs_threepid_sessions_expiry ON hs_threepid_sessions (expiry_ts);

-- The third-party identifiers of local users (Synapse's user_threepids); e-mail addresses in
-- lower case, each belongs to one user.
CREATE TABLE hs_user_threepids (
    user_id VARCHAR(255) NOT NULL,
    medium VARCHAR(16) NOT NULL,
    address VARCHAR(320) NOT NULL,
    validated_at BIGINT NOT NULL,
    added_at BIGINT NOT NULL,
    CONSTRAINT hs_user_threepids_unique UNIQUE (medium, address)
);
CREATE INDEX hs_user_threepids_user ON hs_user_threepids (user_id);
