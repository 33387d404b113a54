-- Rooms a user forgot after leaving them (POST /rooms/{roomId}/forget): the membership event
-- they forgot. A later membership event in the room is a new membership, not forgotten.
-- Portable SQL: runs on H2 2.x and PostgreSQL.
CREATE TABLE hs_forgotten_rooms (
    user_id VARCHAR(255) NOT NULL,
    room_id VARCHAR(255) NOT NULL,
    event_id VARCHAR(255) NOT NULL,
    PRIMARY KEY (user_id, room_id)
);
