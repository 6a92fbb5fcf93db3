-- An owner's duty lines in parts: a push appends its new facts' lines as a
-- new part instead of rewriting one row holding all of them (which made a
-- push cost grow with everything its owner had synced before). An owner with
-- a fact changed or removed, or with many parts, has their lines written
-- again as part 0. The dashboard reads every part of each owner.
CREATE TABLE duty_fact_line_parts (
    owner_id TEXT NOT NULL REFERENCES users (id),
    part     INTEGER NOT NULL CHECK (part >= 0),
    lines    TEXT NOT NULL,
    PRIMARY KEY (owner_id, part)
);

INSERT INTO duty_fact_line_parts (owner_id, part, lines)
SELECT owner_id, 0, lines FROM duty_fact_lines;

DROP TABLE duty_fact_lines;
