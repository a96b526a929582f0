-- The audit trail: who revealed, exported, printed, backed up or restored clients' full personal
-- data, and when. Append-only: triggers refuse UPDATE and DELETE, and every row carries a hash
-- chain (hash = SHA-256(previous row's hash ‖ this row's content), the first row chained to 64
-- zeros; computed by the store, see src/audit.rs), so that a row changed or removed behind the
-- triggers' back is found by `beian doctor`. No foreign key to filings: the trail outlives them.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT    NOT NULL,
    actor     TEXT    NOT NULL,
    via       TEXT    NOT NULL,
    action    TEXT    NOT NULL,
    filing_id INTEGER,
    detail    TEXT    NOT NULL DEFAULT '',
    prev_hash TEXT    NOT NULL CHECK (length(prev_hash) = 64),
    hash      TEXT    NOT NULL UNIQUE CHECK (length(hash) = 64)
) STRICT;

CREATE INDEX audit_log_filing ON audit_log (filing_id, id) WHERE filing_id IS NOT NULL;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be changed');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be deleted');
END;
