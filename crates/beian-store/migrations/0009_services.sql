-- The filings list shows what kinds of internet information service each filing holds (网站, APP,
-- 小程序, 快应用), read with the list's one query (schema 9): the kinds' codes in the document's
-- order, comma-separated, derived from the document on every write like the other list columns.
ALTER TABLE filings ADD COLUMN services TEXT NOT NULL DEFAULT '';
UPDATE filings SET services = coalesce(
    (SELECT group_concat(coalesce(json_extract(w.value, '$.service_type'), 'website'), ',')
     FROM json_each(filings.document, '$.websites') AS w),
    '');
