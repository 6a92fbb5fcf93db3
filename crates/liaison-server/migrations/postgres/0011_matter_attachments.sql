-- The files units attached to matters (Action::AddAttachment), one row per
-- audit event that attached one: the audit log says it, this finds it. A
-- download is served only for a (matter, sha256) here; the bytes are in the
-- data directory's attachments/<sha256>, stored once however often named.
CREATE TABLE matter_attachments (
    matter_id    TEXT NOT NULL REFERENCES matters (id),
    -- The event's seq (the matter's version after it).
    seq          BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    name         TEXT NOT NULL,
    -- The core's AttachmentType code: jpeg, png, pdf, docx, xlsx.
    content_type TEXT NOT NULL,
    bytes        BIGINT NOT NULL,
    PRIMARY KEY (matter_id, seq)
);
CREATE INDEX matter_attachments_by_hash ON matter_attachments (matter_id, sha256);
