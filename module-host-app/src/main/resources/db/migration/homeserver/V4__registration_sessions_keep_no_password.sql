-- Registration sessions keep no password, not even its hash: the password is hashed when the
-- registration completes, from the final request, so an unfinished registration costs no bcrypt.
-- The sessions only remember whether a password was given. Portable SQL: runs on H2 2.x and
-- PostgreSQL. Sessions under way are dropped (their clients start again): they may hold hashes.
DELETE FROM hs_registration_sessions;
ALTER TABLE hs_registration_sessions DROP COLUMN password_hash;
ALTER TABLE hs_registration_sessions ADD COLUMN password_given BOOLEAN DEFAULT FALSE NOT NULL;
