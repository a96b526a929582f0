-- The kinds of internet information service of each filing, for the list (schema 9; see the
-- SQLite migration 0009): derived from the document on every write.
ALTER TABLE filings ADD COLUMN services text NOT NULL DEFAULT '';
UPDATE filings SET services = coalesce(
    (SELECT string_agg(coalesce(w.value->>'service_type', 'website'), ',' ORDER BY w.ordinality)
     FROM jsonb_array_elements(filings.document->'websites') WITH ORDINALITY AS w(value, ordinality)),
    '');
