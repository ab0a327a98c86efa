-- +goose Up
-- Photos attached to posts, kept with every byte of metadata stripped
-- (store.MediaLocker). The same image is kept once per post.

CREATE TABLE evidence_media (
    id           INTEGER PRIMARY KEY,
    practice_id  TEXT NOT NULL REFERENCES practices (id),
    post_id      INTEGER NOT NULL REFERENCES posts (id),
    idx          INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    data         BLOB NOT NULL,
    sha256       TEXT NOT NULL,
    captured_at  TEXT NOT NULL,
    UNIQUE (practice_id, post_id, sha256)
) STRICT;

-- +goose Down
DROP TABLE evidence_media;
