-- Reception schedules (接待日程, issue 6 part 3): one row per studio and
-- month, the core's ReceptionScheduleRecordV1 as JSON (dates, theme, state,
-- the changes of published dates) with its state and organisation copied out
-- for the phone's read; `version` counts the writes, so a write made from an
-- older read is refused. Every change of a published date is also appended
-- to reception_schedule_changes in the same transaction, which refuses
-- UPDATE and DELETE.
CREATE TABLE reception_schedules (
    studio_id       TEXT NOT NULL REFERENCES studios (id),
    month           TEXT NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    state           TEXT NOT NULL,
    record          TEXT NOT NULL,
    version         BIGINT NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    updated_by      TEXT NOT NULL REFERENCES users (id),
    PRIMARY KEY (studio_id, month)
);
CREATE INDEX reception_schedules_published ON reception_schedules (organisation_id, month, state);

CREATE TABLE reception_schedule_changes (
    studio_id  TEXT NOT NULL,
    month      TEXT NOT NULL,
    seq        BIGINT NOT NULL,
    old_date   TEXT NOT NULL,
    new_date   TEXT NOT NULL,
    reason     TEXT NOT NULL,
    changed_by TEXT NOT NULL REFERENCES users (id),
    changed_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (studio_id, month, seq),
    FOREIGN KEY (studio_id, month) REFERENCES reception_schedules (studio_id, month)
);
CREATE FUNCTION reception_schedule_changes_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'reception_schedule_changes is append-only';
END $$;
CREATE TRIGGER reception_schedule_changes_no_change BEFORE UPDATE OR DELETE ON reception_schedule_changes
    FOR EACH ROW EXECUTE FUNCTION reception_schedule_changes_append_only();
