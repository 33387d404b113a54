-- Identity servers users bound their third-party identifiers to through the homeserver
-- (POST /account/3pid/bind), so that an unbind without id_server, the removal of the identifier
-- and the account's deactivation know where to unbind (Synapse's user_threepid_id_server).
-- Portable SQL: runs on H2 2.x and PostgreSQL.
CREATE TABLE hs_user_threepid_id_server (
    user_id VARCHAR(255) NOT NULL,
    medium VARCHAR(32) NOT NULL,
    address VARCHAR(512) NOT NULL,
    id_server VARCHAR(255) NOT NULL,
    PRIMARY KEY (user_id, medium, address, id_server)
);
