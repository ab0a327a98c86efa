-- +goose Up
-- Times are TEXT in store.FormatTime's fixed-width UTC form ('' for none),
-- so they sort as text and read the same in any SQLite tool.

CREATE TABLE practices (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    profile    BLOB NOT NULL DEFAULT x'',
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE posts (
    id          INTEGER PRIMARY KEY,
    practice_id TEXT NOT NULL REFERENCES practices (id),
    channel     TEXT NOT NULL,
    external_id TEXT NOT NULL,
    parent_id   TEXT NOT NULL DEFAULT '',
    author_id   TEXT NOT NULL DEFAULT '',
    author_name TEXT NOT NULL DEFAULT '',
    text        TEXT NOT NULL DEFAULT '',
    media       TEXT NOT NULL DEFAULT '[]',
    permalink   TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL DEFAULT '',
    received_at TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('visible', 'hidden', 'deleted', 'held')),
    raw         BLOB NOT NULL DEFAULT x'',
    UNIQUE (practice_id, channel, external_id)
) STRICT;
CREATE INDEX posts_practice_received ON posts (practice_id, received_at DESC, id DESC);

CREATE TABLE post_versions (
    post_id  INTEGER NOT NULL REFERENCES posts (id),
    version  INTEGER NOT NULL,
    text     TEXT NOT NULL,
    raw      BLOB NOT NULL DEFAULT x'',
    replaced TEXT NOT NULL,
    PRIMARY KEY (post_id, version)
) STRICT;

CREATE TABLE decisions (
    id          INTEGER PRIMARY KEY,
    practice_id TEXT NOT NULL REFERENCES practices (id),
    post_id     INTEGER NOT NULL REFERENCES posts (id),
    labels      TEXT NOT NULL DEFAULT '[]',
    actions     TEXT NOT NULL DEFAULT '[]',
    shadow      INTEGER NOT NULL DEFAULT 0,
    decided_by  TEXT NOT NULL,
    decided_at  TEXT NOT NULL
) STRICT;
CREATE INDEX decisions_post ON decisions (practice_id, post_id);

CREATE TABLE findings (
    id          INTEGER PRIMARY KEY,
    decision_id INTEGER NOT NULL REFERENCES decisions (id),
    practice_id TEXT NOT NULL,
    post_id     INTEGER NOT NULL,
    category    TEXT NOT NULL,
    clause      TEXT NOT NULL DEFAULT '',
    span_start  INTEGER NOT NULL DEFAULT 0,
    span_end    INTEGER NOT NULL DEFAULT 0,
    score       REAL NOT NULL DEFAULT 0,
    reason      TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX findings_decision ON findings (decision_id);

CREATE TABLE actions (
    id          INTEGER PRIMARY KEY,
    practice_id TEXT NOT NULL REFERENCES practices (id),
    decision_id INTEGER NOT NULL REFERENCES decisions (id),
    post_id     INTEGER NOT NULL REFERENCES posts (id),
    kind        TEXT NOT NULL,
    role        TEXT NOT NULL DEFAULT '',
    text        TEXT NOT NULL DEFAULT '',
    category    TEXT NOT NULL DEFAULT '',
    urgent      INTEGER NOT NULL DEFAULT 0,
    state       TEXT NOT NULL CHECK (state IN ('pending', 'running', 'done', 'failed', 'dead', 'skipped', 'shadow')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT NOT NULL DEFAULT '',
    done_at     TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX actions_post ON actions (practice_id, post_id);
CREATE INDEX actions_state ON actions (practice_id, state);

CREATE TABLE evidence (
    id          INTEGER PRIMARY KEY,
    practice_id TEXT NOT NULL REFERENCES practices (id),
    post_id     INTEGER NOT NULL REFERENCES posts (id),
    captured_at TEXT NOT NULL,
    text        TEXT NOT NULL DEFAULT '',
    author_id   TEXT NOT NULL DEFAULT '',
    author_name TEXT NOT NULL DEFAULT '',
    permalink   TEXT NOT NULL DEFAULT '',
    raw         BLOB NOT NULL DEFAULT x'',
    fresh       BLOB NOT NULL DEFAULT x'',
    sha256      TEXT NOT NULL
) STRICT;
CREATE INDEX evidence_post ON evidence (practice_id, post_id);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name          TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL,
    created_at    TEXT NOT NULL
) STRICT;

CREATE TABLE user_practices (
    user_id     INTEGER NOT NULL REFERENCES users (id),
    practice_id TEXT NOT NULL REFERENCES practices (id),
    PRIMARY KEY (user_id, practice_id)
) STRICT;

-- One hash chain per practice: an information-governance lead can verify
-- their practice's export without seeing anyone else's.
CREATE TABLE audit (
    practice_id TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    time        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    subject     TEXT NOT NULL DEFAULT '',
    actor       TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL,
    PRIMARY KEY (practice_id, seq)
) STRICT;

CREATE TABLE dedupe (
    practice_id TEXT NOT NULL,
    key         TEXT NOT NULL,
    seen_at     TEXT NOT NULL,
    PRIMARY KEY (practice_id, key)
) STRICT;
CREATE INDEX dedupe_seen ON dedupe (seen_at);

-- +goose Down
DROP TABLE dedupe;
DROP TABLE audit;
DROP TABLE user_practices;
DROP TABLE users;
DROP TABLE evidence;
DROP TABLE actions;
DROP TABLE findings;
DROP TABLE decisions;
DROP TABLE post_versions;
DROP TABLE posts;
DROP TABLE practices;
