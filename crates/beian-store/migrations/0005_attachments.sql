-- Attachments: the scans of a filing's materials. The file itself lives in the content-addressed
-- store (`attachments/ab/cdef…`, named by the SHA-256 of its bytes, see beian-scan), written
-- atomically before its row: a row never names a missing file. The original file name is text
-- only. Removal is soft (`deleted_at`) so that it can be undone; a replaced attachment is removed
-- and names its replacement (`replaced_by`), so that restoring it undoes the replacement.
CREATE TABLE attachments (
    id            INTEGER PRIMARY KEY,
    filing_id     INTEGER NOT NULL REFERENCES filings (id) ON DELETE CASCADE,
    material_code TEXT    NOT NULL,
    sha256        TEXT    NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
    mime          TEXT    NOT NULL,
    width         INTEGER,
    height        INTEGER,
    byte_size     INTEGER NOT NULL,
    pages         INTEGER,
    original_name TEXT    NOT NULL,
    warnings      TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(warnings)),
    has_preview   INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT    NOT NULL,
    deleted_at    TEXT,
    replaced_by   INTEGER REFERENCES attachments (id)
) STRICT;

CREATE INDEX attachments_filing ON attachments (filing_id, material_code, id);

-- The same content once per filing among the attachments in force.
CREATE UNIQUE INDEX attachments_live_hash ON attachments (filing_id, sha256) WHERE deleted_at IS NULL;
