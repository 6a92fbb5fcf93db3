-- Accounts and the devices they signed in on. A device's token is stored only
-- as its SHA-256: the token itself is shown once, to the phone that asked.
CREATE TABLE users (
    id              TEXT PRIMARY KEY,
    -- Lower-cased, 3–32 characters of a-z 0-9 _ . - (liaison-core's Login).
    login           TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    role            TEXT NOT NULL
                    CHECK (role IN ('representative', 'liaison_officer', 'office', 'unit_member', 'admin')),
    -- NULL: not attached to an organisation (an administrator made before any was loaded).
    organisation_id TEXT REFERENCES organisations (id),
    -- argon2id, as a PHC string.
    password_hash   TEXT NOT NULL,
    created_at      TEXT NOT NULL
);

CREATE TABLE devices (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id),
    name         TEXT NOT NULL,
    token_sha256 BLOB NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    -- Set once, never cleared: a revoked device signs in again as a new device.
    revoked_at   TEXT
);
CREATE INDEX devices_by_user ON devices (user_id, created_at);
