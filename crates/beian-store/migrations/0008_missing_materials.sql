-- The filings list shows how many required materials each filing still lacks, read with the list's
-- one query (schema 8). The count is derived, like the other dashboard columns: every write that
-- can change it (the document, an attachment) sets it to NULL in its own transaction, and the store
-- computes it again right after (Store::refresh_missing); a NULL left by a crash in between is
-- computed when the store is next opened, so the column is never wrong, at worst briefly unknown.
ALTER TABLE filings ADD COLUMN missing_materials INTEGER;
