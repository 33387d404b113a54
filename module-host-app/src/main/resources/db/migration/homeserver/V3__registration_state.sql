-- What registration remembers between requests, in the database: with several instances the next
-- request may reach another one. Portable SQL: runs on H2 2.x and PostgreSQL.

-- User-interactive authentication sessions of /register. The password is kept only as its hash.
CREATE TABLE hs_registration_sessions (
    session_id VARCHAR(255) NOT NULL PRIMARY KEY,
    params VARCHAR NOT NULL,
    password_hash VARCHAR(255),
    updated_ts BIGINT NOT NULL
);
CREATE INDEX hs_registration_sessions_updated ON hs_registration_sessions (updated_ts);

-- Nonces of the shared-secret registration (/_synapse/admin/v1/register), each good once.
CREATE TABLE hs_registration_nonces (
    nonce VARCHAR(255) NOT NULL PRIMARY KEY,
    created_ts BIGINT NOT NULL
);
CREATE INDEX hs_registration_nonces_created ON hs_registration_nonces (created_ts);
