-- +goose Up
-- What the staff pages keep: sign-in sessions, who is reviewing each post,
-- staff feedback on decisions, page bans and each practice's policy tests.

-- A session's id is the hex SHA-256 of the cookie's token: the token itself
-- is never stored, so a copy of the database signs no one in.
CREATE TABLE sessions (
    id         TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    seen_at    TEXT NOT NULL
) STRICT;
CREATE INDEX sessions_user ON sessions (user_id);

-- One row per post a person has been assigned to or has reviewed.
CREATE TABLE reviews (
    practice_id TEXT NOT NULL,
    post_id     INTEGER NOT NULL REFERENCES posts (id),
    assigned_to INTEGER NOT NULL DEFAULT 0,
    assigned_at TEXT NOT NULL DEFAULT '',
    reviewed_by INTEGER NOT NULL DEFAULT 0,
    reviewed_at TEXT NOT NULL DEFAULT '',
    outcome     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (practice_id, post_id)
) STRICT;

-- Staff saying a decision was wrong ("not a breach"), per category, for
-- reports on the detectors' mistakes.
CREATE TABLE feedback (
    id          INTEGER PRIMARY KEY,
    practice_id TEXT NOT NULL REFERENCES practices (id),
    post_id     INTEGER NOT NULL REFERENCES posts (id),
    decision_id INTEGER NOT NULL DEFAULT 0,
    category    TEXT NOT NULL,
    verdict     TEXT NOT NULL,
    user_id     INTEGER NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX feedback_practice ON feedback (practice_id, created_at);

-- A page ban is a person's decision about a poster, never automatic.
CREATE TABLE page_bans (
    id          INTEGER PRIMARY KEY,
    practice_id TEXT NOT NULL REFERENCES practices (id),
    channel     TEXT NOT NULL,
    author_id   TEXT NOT NULL,
    author_name TEXT NOT NULL DEFAULT '',
    post_id     INTEGER NOT NULL DEFAULT 0,
    reason      TEXT NOT NULL,
    decided_by  INTEGER NOT NULL,
    decided_at  TEXT NOT NULL
) STRICT;
CREATE INDEX page_bans_author ON page_bans (practice_id, channel, author_id);

-- Example posts with the outcome the practice expects; a changed policy is
-- saved only if they all still pass.
CREATE TABLE policy_tests (
    id           INTEGER PRIMARY KEY,
    practice_id  TEXT NOT NULL REFERENCES practices (id),
    name         TEXT NOT NULL DEFAULT '',
    channel      TEXT NOT NULL DEFAULT '',
    text         TEXT NOT NULL,
    want_labels  TEXT NOT NULL DEFAULT '[]',
    want_actions TEXT NOT NULL DEFAULT '[]',
    created_by   INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX policy_tests_practice ON policy_tests (practice_id);

-- +goose Down
DROP TABLE policy_tests;
DROP TABLE page_bans;
DROP TABLE feedback;
DROP TABLE reviews;
DROP TABLE sessions;
