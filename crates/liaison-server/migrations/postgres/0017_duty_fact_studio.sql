-- The studio a reception card was held at, for the studios' reception days
-- on the office's dashboard. Facts written before have none: the start-up
-- backfill runs again (its mark removed) and writes every synced card's fact
-- and every owner's lines anew, the studio included. Lines gain an eighth
-- field, the studio; lines of seven are still read.
ALTER TABLE duty_facts ADD COLUMN studio TEXT;
DELETE FROM duty_facts_backfilled;
