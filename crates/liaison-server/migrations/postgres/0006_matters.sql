-- The handling loop (issue 5, PostgreSQL's 0006): matters made from opinion cards, the cards each
-- covers, the append-only audit log, and each organisation's deadline policy.
--
-- `record` is the core's frozen MatterRecordV1 as JSON text; the other columns
-- of `matters` are copies of its fields for finding and sorting, rewritten with
-- it at every change. Times compared in SQL are integers (Unix milliseconds).
CREATE TABLE matters (
    id              TEXT PRIMARY KEY,
    -- The organisation whose office handles it (the record's `organisation`).
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    -- The opinion card it was made from (a `sync_records` id, collection opinion_card).
    card_id         TEXT NOT NULL UNIQUE,
    -- The user whose phone synced the card: the only representative who sees it.
    collector_id    TEXT NOT NULL REFERENCES users (id),
    -- MatterState code.
    state           TEXT NOT NULL,
    -- Category code.
    category        TEXT NOT NULL,
    -- 1 urgent, 0 normal (the inbox sorts urgent first).
    urgency_rank    INTEGER NOT NULL,
    -- The unit it was last dispatched to (the record's `unit`): its members see it.
    unit_id         TEXT,
    -- The due day, YYYY-MM-DD, China time.
    due_on          TEXT,
    -- When the running clock (triage while reported, the reply while
    -- dispatched) is due; NULL when no clock runs.
    clock_due_ms    BIGINT,
    -- When the first card was collected.
    collected_ms    BIGINT NOT NULL,
    -- When the server received the first card.
    received_at     TIMESTAMPTZ NOT NULL,
    record          TEXT NOT NULL,
    -- The record's `version`: how many audit events it has.
    version         BIGINT NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
-- The inbox: urgent first, then oldest.
CREATE INDEX matters_by_organisation ON matters (organisation_id, urgency_rank DESC, collected_ms, id);
CREATE INDEX matters_by_collector ON matters (collector_id, urgency_rank DESC, collected_ms, id);
CREATE INDEX matters_by_unit ON matters (unit_id, urgency_rank DESC, collected_ms, id);

-- Which matter each opinion card became: one, for ever (a duplicate merged
-- into another matter keeps its row; the other matter lists it in its record).
CREATE TABLE matter_opinions (
    card_id   TEXT PRIMARY KEY,
    matter_id TEXT NOT NULL REFERENCES matters (id)
);

-- Every change to a matter, appended in the transaction that makes it.
CREATE TABLE audit_events (
    matter_id    TEXT NOT NULL REFERENCES matters (id),
    -- 1, 2, …: the matter's version after the event.
    seq          BIGINT NOT NULL,
    actor_id     TEXT NOT NULL REFERENCES users (id),
    device_id    TEXT,
    role         TEXT NOT NULL,
    at           TIMESTAMPTZ NOT NULL,
    before_state TEXT NOT NULL,
    after_state  TEXT NOT NULL,
    -- The core's frozen AuditEventRecordV1 as JSON text.
    record       TEXT NOT NULL,
    PRIMARY KEY (matter_id, seq)
);
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only';
END $$;
CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();

-- An organisation's DeadlinePolicy as JSON; none: the core's preset.
CREATE TABLE deadline_policy (
    organisation_id TEXT PRIMARY KEY REFERENCES organisations (id),
    policy          TEXT NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
