-- Duties on the server (issue 6): what the office's dashboard evaluates, kept
-- beside the synced records so that evaluating every representative reads a
-- small row per record instead of parsing every card. One row per reception
-- card, opinion card and contact a user synced, with only what the core's
-- duty evaluation reads; written in the sync transaction with the record
-- (a tombstone removes it), and filled once at the first start-up after this
-- migration for records synced before (then the row of
-- `duty_facts_backfilled` is written).
CREATE TABLE duty_facts (
    -- reception_card, opinion_card or contact (liaison-sync's codes).
    collection  TEXT NOT NULL,
    id          TEXT NOT NULL,
    owner_id    TEXT NOT NULL REFERENCES users (id),
    -- A reception card's start, an opinion card's collection time; NULL for a contact.
    at          TIMESTAMPTZ,
    -- An opinion card: when the server first received it (reported upward).
    reported_at TIMESTAMPTZ,
    -- A reception card: its activity kind; a contact: member or public.
    kind        TEXT NOT NULL,
    -- A reception card: the liaison point it was held at, if any.
    point       TEXT,
    -- A reception card: the contacts who attended; a contact: its tags.
    -- Codes or ids separated by spaces.
    items       TEXT NOT NULL,
    PRIMARY KEY (collection, id)
);
CREATE INDEX duty_facts_by_owner ON duty_facts (owner_id);

CREATE TABLE duty_facts_backfilled (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1)
);
