-- Change, cancel-access and deregister filings start from an approved filing (rules-digest.md §1):
-- the filing they follow up.
ALTER TABLE filings ADD COLUMN original_id INTEGER REFERENCES filings (id);

CREATE INDEX filings_original ON filings (original_id) WHERE original_id IS NOT NULL;
