-- Product verification across filings: which website of which filing uses which instance or
-- service number, for the quota check (rules-digest.md §2). Maintained by the store on every write.
CREATE TABLE filing_products (
    filing_id      INTEGER NOT NULL REFERENCES filings (id) ON DELETE CASCADE,
    website        INTEGER NOT NULL,
    product        TEXT    NOT NULL,
    instance_id    TEXT,
    service_number TEXT,
    PRIMARY KEY (filing_id, website)
) STRICT, WITHOUT ROWID;

CREATE INDEX filing_products_instance ON filing_products (instance_id) WHERE instance_id IS NOT NULL;
CREATE INDEX filing_products_service ON filing_products (service_number) WHERE service_number IS NOT NULL;

-- Subjects by certificate number, for the filing-type check and "one open order per subject".
CREATE INDEX filings_cert_number ON filings (cert_number) WHERE cert_number <> '';
