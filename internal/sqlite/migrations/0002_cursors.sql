-- +goose Up
-- Where each poller got to, per practice (store.Cursors).

CREATE TABLE cursors (
    practice_id TEXT NOT NULL REFERENCES practices (id),
    key         TEXT NOT NULL,
    value       TEXT NOT NULL,
    PRIMARY KEY (practice_id, key)
) STRICT;

-- +goose Down
DROP TABLE cursors;
