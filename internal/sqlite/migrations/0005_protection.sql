-- +goose Up
-- Data protection: retention purges and subject erasure (store.Protection).
-- content_purged marks a post whose text, payload, author name, media and
-- versions were blanked, so a purge counts each post once and an export
-- can say the content is gone rather than empty.

ALTER TABLE posts ADD COLUMN content_purged INTEGER NOT NULL DEFAULT 0;
CREATE INDEX posts_received ON posts (practice_id, received_at);
CREATE INDEX posts_author ON posts (practice_id, author_id);
CREATE INDEX evidence_captured ON evidence (practice_id, captured_at);
CREATE INDEX evidence_media_captured ON evidence_media (practice_id, captured_at);
CREATE INDEX findings_post ON findings (post_id);

-- +goose Down
DROP INDEX findings_post;
DROP INDEX evidence_media_captured;
DROP INDEX evidence_captured;
DROP INDEX posts_author;
DROP INDEX posts_received;
ALTER TABLE posts DROP COLUMN content_purged;
