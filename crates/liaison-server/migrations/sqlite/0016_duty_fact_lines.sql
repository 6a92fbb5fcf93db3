-- The office's duty dashboard reads one short row per representative
-- instead of grouping every duty fact at each request: `duty_fact_lines`
-- holds, per owner, their facts as lines (`collection|id|at|reported_at|
-- kind|point|items`, newline-separated), exactly what aggregating
-- `duty_facts` by owner gives. It is rewritten for the owners whose facts a
-- transaction wrote or removed, in that transaction, and filled here from
-- the facts already stored.
CREATE TABLE duty_fact_lines (
    owner_id TEXT PRIMARY KEY REFERENCES users (id),
    lines    TEXT NOT NULL
);

INSERT INTO duty_fact_lines (owner_id, lines)
SELECT f.owner_id,
       group_concat(f.collection || '|' || f.id || '|' || COALESCE(f.at, '') || '|' || COALESCE(f.reported_at, '')
                    || '|' || f.kind || '|' || COALESCE(f.point, '') || '|' || f.items, char(10))
FROM duty_facts f
GROUP BY f.owner_id;
