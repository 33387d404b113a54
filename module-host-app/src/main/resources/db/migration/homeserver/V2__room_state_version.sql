-- Several instances on one database. Portable SQL: runs on H2 2.x and PostgreSQL.

-- Advanced by every transaction that changes the room's current state (state events, redactions):
-- an instance serves its cached copy of the state only while this is still the version it read.
ALTER TABLE hs_rooms ADD COLUMN state_version BIGINT DEFAULT 0 NOT NULL;
