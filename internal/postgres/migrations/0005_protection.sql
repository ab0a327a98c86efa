-- +goose Up
-- Data protection: retention purges and subject erasure (store.Protection).
-- content_purged marks a post whose text, payload, author name, media and
-- versions were blanked, so a purge counts each post once.

ALTER TABLE posts ADD COLUMN content_purged boolean NOT NULL DEFAULT false;
CREATE INDEX posts_practice_author_any ON posts (practice_id, author_id);
CREATE INDEX evidence_captured ON evidence (practice_id, captured_at);
CREATE INDEX evidence_media_captured ON evidence_media (practice_id, captured_at);

-- +goose Down
DROP INDEX evidence_media_captured;
DROP INDEX evidence_captured;
DROP INDEX posts_practice_author_any;
ALTER TABLE posts DROP COLUMN content_purged;
