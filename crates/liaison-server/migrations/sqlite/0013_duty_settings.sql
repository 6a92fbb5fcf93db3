-- Duties (issue 6): what an administrator sets. Each organisation's own
-- policy (the core's PolicyRecordV1 as JSON: versions of its rules by
-- effective date, terms, congress dates; an organisation without a row
-- inherits everything from the one above), and each representative's
-- profile (RepresentativeProfileRecordV1: provincial or below, a member of
-- the leadership or not, the liaison points assigned and for which days).
-- Both are replaced whole; who changed them last and when is kept.
CREATE TABLE duty_policies (
    organisation_id TEXT PRIMARY KEY REFERENCES organisations (id),
    record          TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    updated_by      TEXT NOT NULL REFERENCES users (id)
);

CREATE TABLE representative_profiles (
    user_id    TEXT PRIMARY KEY REFERENCES users (id),
    record     TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL REFERENCES users (id)
);
