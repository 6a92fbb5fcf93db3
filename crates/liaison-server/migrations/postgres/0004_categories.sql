-- The opinion categories an organisation's cards choose from (OrgRecord v2),
-- in the order forms list them (SQLite's 0004). Loading an organisation
-- replaces its list.
CREATE TABLE categories (
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    position        BIGINT NOT NULL,
    code            TEXT NOT NULL,
    name_zh         TEXT NOT NULL,
    -- Empty when the category has no English name.
    name_en         TEXT NOT NULL,
    PRIMARY KEY (organisation_id, code)
);
CREATE INDEX categories_by_organisation ON categories (organisation_id, position);
