-- The office's dispatch table: which responsible unit usually handles each
-- category of its organisation (the dispatch form suggests it). The deadline
-- policy beside it is `deadline_policy` (0006).
CREATE TABLE dispatch_units (
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    -- The category's code (the organisation's list may drop it later; the line stays).
    category        TEXT NOT NULL,
    unit_id         TEXT NOT NULL REFERENCES organisations (id),
    updated_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organisation_id, category)
);
