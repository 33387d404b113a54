-- The media repository's metadata; the bytes are files in the media store (homeserver.media.store-path).
-- A row with upload_ts NULL is a media ID reserved by POST /_matrix/media/v1/create and not yet
-- uploaded. Thumbnails are rows of hs_media_thumbnails, their bytes files next to the media's.
-- Portable SQL: runs on H2 2.x and PostgreSQL.
CREATE TABLE hs_media (
    media_id VARCHAR(255) NOT NULL PRIMARY KEY,
    user_id VARCHAR(255) NOT NULL,
    created_ts BIGINT NOT NULL,
    upload_ts BIGINT,
    content_type VARCHAR(255),
    upload_name VARCHAR(1024),
    media_length BIGINT,
    quarantined_by VARCHAR(255)
);
CREATE INDEX hs_media_user_upload ON hs_media (user_id, upload_ts);

CREATE TABLE hs_media_thumbnails (
    media_id VARCHAR(255) NOT NULL,
    width INT NOT NULL,
    height INT NOT NULL,
    method VARCHAR(16) NOT NULL,
    content_type VARCHAR(255) NOT NULL,
    thumbnail_length BIGINT NOT NULL,
    PRIMARY KEY (media_id, width, height, method)
);
