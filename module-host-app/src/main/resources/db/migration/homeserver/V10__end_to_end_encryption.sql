-- End-to-end encryption: the keys clients publish, the messages they send each other's devices and
-- the changes of users' device lists. The server stores and forwards them; it never decrypts.
-- Portable SQL: runs on H2 2.x and PostgreSQL.

-- A second counter orders to-device messages and device-list changes; the sync token carries its
-- position after the main one (s<main>_<devices>).
INSERT INTO hs_stream_positions (stream_name, stream_position) VALUES ('devices', 0);

-- A device's signed identity keys, as uploaded (the JSON kept verbatim).
CREATE TABLE hs_device_keys (
    user_id VARCHAR(255) NOT NULL,
    device_id VARCHAR(255) NOT NULL,
    key_json VARCHAR NOT NULL,
    PRIMARY KEY (user_id, device_id)
);

-- Unclaimed one-time keys; a claim deletes the row it hands out.
CREATE TABLE hs_one_time_keys (
    user_id VARCHAR(255) NOT NULL,
    device_id VARCHAR(255) NOT NULL,
    algorithm VARCHAR(255) NOT NULL,
    key_id VARCHAR(255) NOT NULL,
    key_json VARCHAR NOT NULL,
    PRIMARY KEY (user_id, device_id, algorithm, key_id)
);

-- One fallback key per device and algorithm, handed out when no one-time key is left.
CREATE TABLE hs_fallback_keys (
    user_id VARCHAR(255) NOT NULL,
    device_id VARCHAR(255) NOT NULL,
    algorithm VARCHAR(255) NOT NULL,
    key_id VARCHAR(255) NOT NULL,
    key_json VARCHAR NOT NULL,
    used BOOLEAN NOT NULL,
    PRIMARY KEY (user_id, device_id, algorithm)
);

-- A user's cross-signing keys: key_type is master, self_signing or user_signing.
CREATE TABLE hs_cross_signing_keys (
    user_id VARCHAR(255) NOT NULL,
    key_type VARCHAR(32) NOT NULL,
    key_json VARCHAR NOT NULL,
    PRIMARY KEY (user_id, key_type)
);

-- Signatures uploaded with /keys/signatures/upload: target_key_id is a device ID or the public
-- part of a cross-signing key.
CREATE TABLE hs_key_signatures (
    target_user_id VARCHAR(255) NOT NULL,
    target_key_id VARCHAR(255) NOT NULL,
    signer_user_id VARCHAR(255) NOT NULL,
    signer_key_id VARCHAR(255) NOT NULL,
    signature VARCHAR(1024) NOT NULL,
    PRIMARY KEY (target_user_id, target_key_id, signer_user_id, signer_key_id)
);

-- To-device messages not yet acknowledged by their device (a sync with a later since token).
CREATE TABLE hs_device_inbox (
    stream_position BIGINT NOT NULL,
    user_id VARCHAR(255) NOT NULL,
    device_id VARCHAR(255) NOT NULL,
    message_json VARCHAR NOT NULL,
    PRIMARY KEY (user_id, device_id, stream_position)
);

-- Users whose device list or keys changed, at a position of the devices stream.
CREATE TABLE hs_device_list_changes (
    stream_position BIGINT NOT NULL,
    user_id VARCHAR(255) NOT NULL,
    PRIMARY KEY (stream_position, user_id)
);
CREATE INDEX hs_device_list_changes_user ON hs_device_list_changes (user_id, stream_position);
