-- Similar matters (issue 5, PostgreSQL's 0008): each matter's bigram sketch,
-- the at most 32 codes of liaison_core::matter::similar::sketch over the
-- content of the card it was made from, one row a code. Candidates for
-- "possibly the same" are the matters of the organisation sharing the most
-- codes with a matter's sketch; the core scores them.
--
-- `organisation_id` and `suggestable` (neither merged nor closed) are copies of
-- the matter's, rewritten when a change moves them, so the search reads this
-- index only; the core checks both again on the matter itself. Made with the
-- matter; matters older than this migration get theirs at the first start-up
-- after it, which then writes the row of `matter_sketches_backfilled`.
CREATE TABLE matter_sketches (
    matter_id       TEXT NOT NULL REFERENCES matters (id),
    -- A bigram code (a u32).
    code            BIGINT NOT NULL,
    organisation_id TEXT NOT NULL,
    -- True while the matter may be suggested, false once merged or closed.
    suggestable     BOOLEAN NOT NULL,
    PRIMARY KEY (matter_id, code)
);
CREATE INDEX matter_sketches_by_code ON matter_sketches (organisation_id, suggestable, code, matter_id);

-- One row once every matter made before this migration has its sketch: later
-- start-ups skip the backfill.
CREATE TABLE matter_sketches_backfilled (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1)
);
