-- The dashboard at 100,000 filings: indexed search, O(1) status counts, urgency order.

-- Substring search over order number, subject, domains and certificate number: an FTS5 trigram
-- index (terms of 3 characters or more). rowid = filings.id. Maintained by the store on every write.
CREATE VIRTUAL TABLE filing_search USING fts5 (
    order_no, subject_name, domains, cert_number,
    tokenize = 'trigram case_sensitive 0'
);

-- Two-character terms (most Chinese personal names: 张三) are below the trigram's reach: every
-- two-character window of the same text, indexed.
CREATE TABLE filing_bigrams (
    gram      TEXT    NOT NULL,
    filing_id INTEGER NOT NULL REFERENCES filings (id) ON DELETE CASCADE,
    PRIMARY KEY (gram, filing_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX filing_bigrams_filing ON filing_bigrams (filing_id);

-- Counts per status, kept by triggers, so the status chips cost nothing at any size.
CREATE TABLE status_counts (
    status TEXT    PRIMARY KEY,
    count  INTEGER NOT NULL
) STRICT;

INSERT INTO status_counts (status, count) SELECT status, count(*) FROM filings GROUP BY status;

CREATE TRIGGER filings_count_insert AFTER INSERT ON filings BEGIN
    INSERT INTO status_counts (status, count) VALUES (NEW.status, 1)
        ON CONFLICT (status) DO UPDATE SET count = count + 1;
END;

CREATE TRIGGER filings_count_delete AFTER DELETE ON filings BEGIN
    UPDATE status_counts SET count = count - 1 WHERE status = OLD.status;
END;

CREATE TRIGGER filings_count_status AFTER UPDATE OF status ON filings WHEN OLD.status <> NEW.status BEGIN
    UPDATE status_counts SET count = count - 1 WHERE status = OLD.status;
    INSERT INTO status_counts (status, count) VALUES (NEW.status, 1)
        ON CONFLICT (status) DO UPDATE SET count = count + 1;
END;

-- Urgency: the next deadline (UTC timestamp) and what it is, computed by the core on every write.
-- `urgency` is the sort key: the deadline, or '~' (after every timestamp) when there is none, so
-- that an index serves "most urgent first" without sorting.
ALTER TABLE filings ADD COLUMN next_due TEXT;
ALTER TABLE filings ADD COLUMN next_due_kind TEXT;
ALTER TABLE filings ADD COLUMN urgency TEXT NOT NULL DEFAULT '~';
ALTER TABLE filings ADD COLUMN cert_number TEXT NOT NULL DEFAULT '';

CREATE INDEX filings_urgency ON filings (urgency, updated_at DESC, id DESC);
CREATE INDEX filings_status_urgency ON filings (status, urgency, updated_at DESC, id DESC);
CREATE INDEX filings_province_urgency ON filings (province, urgency, updated_at DESC, id DESC);
CREATE INDEX filings_type_urgency ON filings (filing_type, urgency, updated_at DESC, id DESC);
