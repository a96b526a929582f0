-- The filings list filters, groups and counts by access provider (接入商) and provider account
-- (schema 10): both derived from the document on every write, like the other list columns. A
-- document written before providers existed has none and is Alibaba Cloud's (`aliyun`).
ALTER TABLE filings ADD COLUMN provider TEXT NOT NULL DEFAULT 'aliyun';
ALTER TABLE filings ADD COLUMN provider_account TEXT NOT NULL DEFAULT '';
UPDATE filings SET
    provider = coalesce(nullif(trim(json_extract(document, '$.provider')), ''), 'aliyun'),
    provider_account = coalesce(trim(json_extract(document, '$.provider_account')), '');
CREATE INDEX filings_provider ON filings (provider, provider_account);
