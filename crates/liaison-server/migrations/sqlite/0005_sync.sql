-- Sync: the records phones push, the change log, and the answers given.
--
-- The change log is this table itself: one entry per record, its latest state,
-- numbered by `seq`. Every write of a record moves it to the next number of
-- `sync_counter`, taken inside the writing transaction, so numbers become
-- visible in commit order and a device's cursor never skips a change.
CREATE TABLE sync_records (
    -- liaison-sync's collection code: opinion_card, reception_card, addendum, photo, contact.
    collection    TEXT NOT NULL,
    -- The record's id, made on the phone (a lowercase hyphenated UUID).
    id            TEXT NOT NULL,
    -- Whose record it is: only this user's devices pull it, or change it.
    owner_id      TEXT NOT NULL REFERENCES users (id),
    -- 1 when created, one more at every write.
    version       BIGINT NOT NULL CHECK (version >= 1),
    -- The core's frozen record, as JSON text (for a tombstone: its last body).
    body          TEXT NOT NULL,
    deleted       BOOLEAN NOT NULL,
    -- The record's place in the change log (the counter's value at its last write).
    seq           BIGINT NOT NULL UNIQUE,
    -- The last write was the author's own card, as sent: the author pulls it as a receipt.
    receipt       BOOLEAN NOT NULL,
    -- The device whose mutation made the last write.
    origin_device TEXT NOT NULL REFERENCES devices (id),
    -- When the server received the last write.
    received_at   TEXT NOT NULL,
    PRIMARY KEY (collection, id)
);
-- The pull: a user's records after a cursor, in number order.
CREATE INDEX sync_records_by_owner ON sync_records (owner_id, seq);

-- The answer given to each mutation, by (device, its sequence number): a
-- re-sent mutation gets it again instead of being applied twice. Kept for as
-- long as the epoch lives.
CREATE TABLE sync_outcomes (
    device_id   TEXT NOT NULL REFERENCES devices (id),
    seq         BIGINT NOT NULL,
    -- liaison-sync's Outcome, as JSON text.
    outcome     TEXT NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (device_id, seq)
);

-- The head of the change log: the last number given. Exactly one row.
CREATE TABLE sync_counter (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    seq       BIGINT NOT NULL
);
INSERT INTO sync_counter (singleton, seq) VALUES (1, 0);
