-- Filings: the document is the source of truth (JSON, beian-filing/1); the other columns are
-- derived from it on every write, for the dashboard's filters and search.
CREATE TABLE filings (
    id              INTEGER PRIMARY KEY,
    order_no        TEXT    NOT NULL UNIQUE,
    status          TEXT    NOT NULL DEFAULT 'draft',
    filing_type     TEXT,
    subject_name    TEXT    NOT NULL DEFAULT '',
    province        TEXT    NOT NULL DEFAULT '',
    primary_domain  TEXT    NOT NULL DEFAULT '',
    document        TEXT    NOT NULL CHECK (json_valid(document)),
    revision        INTEGER NOT NULL DEFAULT 1,
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL
) STRICT;

CREATE INDEX filings_status_updated ON filings (status, updated_at DESC);
CREATE INDEX filings_updated ON filings (updated_at DESC);

-- Every domain of every website of a filing, normalised to lower case, for search and blockers.
CREATE TABLE filing_domains (
    filing_id INTEGER NOT NULL REFERENCES filings (id) ON DELETE CASCADE,
    domain    TEXT    NOT NULL,
    PRIMARY KEY (filing_id, domain)
) STRICT, WITHOUT ROWID;

CREATE INDEX filing_domains_domain ON filing_domains (domain);

-- The filing's history: creation, edits, status changes, each with its time and a note.
CREATE TABLE filing_events (
    id          INTEGER PRIMARY KEY,
    filing_id   INTEGER NOT NULL REFERENCES filings (id) ON DELETE CASCADE,
    at          TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    from_status TEXT,
    to_status   TEXT,
    note        TEXT    NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX filing_events_filing ON filing_events (filing_id, id);

-- Order numbers are BA + the CST date + a per-day sequence: BA20261128-0001.
CREATE TABLE order_counters (
    day  TEXT    PRIMARY KEY,
    last INTEGER NOT NULL
) STRICT;
