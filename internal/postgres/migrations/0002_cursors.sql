-- +goose Up
-- Where each poller got to, per practice (store.Cursors).

CREATE TABLE cursors (
    practice_id text NOT NULL REFERENCES practices (id),
    key         text NOT NULL,
    value       text NOT NULL,
    PRIMARY KEY (practice_id, key)
);

-- +goose Down
DROP TABLE cursors;
