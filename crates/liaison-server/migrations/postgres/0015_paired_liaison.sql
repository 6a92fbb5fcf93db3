-- Paired liaison (对口联系, seed 002): government departments (organisations
-- of the tree) paired with a democratic party's branch or the federation of
-- commerce, the events recorded against each pairing (joint meetings,
-- leaders' visits, document exchanges), and each organisation's own rules
-- for them (the core's PairedRulesRecordV1; an organisation without a row
-- takes the nearest one above, or the seed's preset). Records are the core's
-- frozen JSON; the columns beside them are what the queries find by.
-- Kept apart from the representatives' duty policy (0013) on purpose.
CREATE TABLE pairings (
    id            TEXT PRIMARY KEY,
    department_id TEXT NOT NULL REFERENCES organisations (id),
    partner_kind  TEXT NOT NULL,
    partner_name  TEXT NOT NULL,
    record        TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    created_by    TEXT NOT NULL REFERENCES users (id),
    UNIQUE (department_id, partner_kind, partner_name)
);

CREATE TABLE paired_events (
    id          TEXT PRIMARY KEY,
    pairing_id  TEXT NOT NULL REFERENCES pairings (id),
    held_on     TEXT NOT NULL,
    record      TEXT NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX paired_events_by_day ON paired_events (held_on, pairing_id);

CREATE TABLE paired_rules (
    organisation_id TEXT PRIMARY KEY REFERENCES organisations (id),
    record          TEXT NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    updated_by      TEXT NOT NULL REFERENCES users (id)
);
