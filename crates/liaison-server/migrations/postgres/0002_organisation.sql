-- Reference data of organisations (SQLite's 0002). Ids are the UUIDs of
-- liaison-core as text, as in SQLite, so one row type reads both. Integers are
-- BIGINT, which is what SQLite's INTEGER reads as. `loaded_seq` stands in for
-- SQLite's rowid: the order organisations were first loaded in.
CREATE TABLE organisations (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    parent_id  TEXT REFERENCES organisations (id),
    loaded_at  TIMESTAMPTZ NOT NULL,
    loaded_seq BIGINT GENERATED ALWAYS AS IDENTITY
);

CREATE TABLE studios (
    id              TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    position        BIGINT NOT NULL,
    name            TEXT NOT NULL,
    address         TEXT NOT NULL,
    -- Days of the month, comma separated: "10,20".
    reception_days  TEXT NOT NULL
);
CREATE INDEX studios_by_organisation ON studios (organisation_id, position);

CREATE TABLE liaison_points (
    id              TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    position        BIGINT NOT NULL,
    name            TEXT NOT NULL,
    batch           BIGINT NOT NULL,
    period_from     TEXT NOT NULL,
    period_to       TEXT NOT NULL
);
CREATE INDEX liaison_points_by_organisation ON liaison_points (organisation_id, position);

CREATE TABLE representatives (
    id              TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    position        BIGINT NOT NULL,
    name            TEXT NOT NULL
);
CREATE INDEX representatives_by_organisation ON representatives (organisation_id, position);

CREATE TABLE shared_contacts (
    id              TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    position        BIGINT NOT NULL,
    -- The frozen ContactRecord (version 1) as JSON.
    record          TEXT NOT NULL
);
CREATE INDEX shared_contacts_by_organisation ON shared_contacts (organisation_id, position);
