-- The list's provider and provider-account columns (schema 10; see the SQLite migration 0010).
ALTER TABLE filings ADD COLUMN provider text NOT NULL DEFAULT 'aliyun';
ALTER TABLE filings ADD COLUMN provider_account text NOT NULL DEFAULT '';
UPDATE filings SET
    provider = coalesce(nullif(btrim(document->>'provider'), ''), 'aliyun'),
    provider_account = coalesce(btrim(document->>'provider_account'), '');
CREATE INDEX filings_provider ON filings (provider, provider_account);
