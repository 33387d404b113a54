-- Client transaction IDs scoped as the client-server API says: per device, per endpoint and room
-- (the request path without the transaction ID), and kept for a limited time (created_ts).
-- Portable SQL: runs on H2 2.x and PostgreSQL. The unscoped rows of hs_event_txns are dropped:
-- a client that retries across the upgrade gets a second event, as after the expiry.
CREATE TABLE hs_client_txns (
    user_id VARCHAR(255) NOT NULL,
    device_id VARCHAR(255) NOT NULL,
    scope VARCHAR(1024) NOT NULL,
    txn_id VARCHAR(255) NOT NULL,
    event_id VARCHAR(255) NOT NULL,
    created_ts BIGINT NOT NULL,
    PRIMARY KEY (user_id, device_id, scope, txn_id)
);
CREATE INDEX hs_client_txns_created ON hs_client_txns (created_ts);

DROP TABLE hs_event_txns;
