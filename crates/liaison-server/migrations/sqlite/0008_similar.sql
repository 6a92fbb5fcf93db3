-- Similar matters (issue 5): an inverted index of each open matter's
-- bigram sketch, the at most 32 codes of liaison_core::matter::similar::sketch
-- over the content of the card it was made from. Candidates for "possibly the
-- same" are the matters of the organisation sharing the most codes with a
-- matter's sketch; the core scores them.
--
-- Kept small, since every new matter adds up to 32 rows: integers only. A
-- matter's and an organisation's key are the two halves of its UUID XORed
-- (liaison-server's store/matters.rs); two keys meeting by chance only add a
-- candidate that the core then refuses (it checks the organisation and state
-- of the matter itself). `matter_sketch_keys` leads from a key back to its
-- matter, and says where its rows are. A matter has sketch rows while it may be suggested (neither merged
-- nor closed), under its current organisation: they are written with the
-- matter, removed when it is merged or closed, written again when it is
-- reopened, moved when it is forwarded. Matters older than this migration get
-- theirs at the first start-up after it, which then writes the row of
-- `matter_sketches_backfilled`.
CREATE TABLE matter_sketch_keys (
    matter_id        TEXT PRIMARY KEY REFERENCES matters (id),
    matter_key       BIGINT NOT NULL,
    -- The organisation key its rows in `matter_sketches` are under; NULL
    -- while it has none (merged, closed, or a text with no bigram).
    organisation_key BIGINT
);
CREATE INDEX matter_sketch_keys_by_key ON matter_sketch_keys (matter_key);

CREATE TABLE matter_sketches (
    organisation_key BIGINT NOT NULL,
    -- A bigram code (a u32).
    code             BIGINT NOT NULL,
    matter_key       BIGINT NOT NULL,
    PRIMARY KEY (organisation_key, code, matter_key)
) WITHOUT ROWID;

-- One row once every matter made before this migration has its sketch: later
-- start-ups skip the backfill.
CREATE TABLE matter_sketches_backfilled (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1)
);
