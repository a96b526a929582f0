-- The team store on PostgreSQL, at schema 8: the SQLite store's tables (migrations/0001–0008) in
-- PostgreSQL's dialect, in schema `beian`. From here on both engines get the same numbers (0009…);
-- tests/pg_schema.rs checks that both lists end at SCHEMA_VERSION and that the tables and columns
-- match up to the differences named there.
--
-- Differences from SQLite, each deliberate (../shared/design/team-mode.md §1):
-- - ids are identities; `audit_log.id` stays explicit and gapless (the chain requires it);
-- - `document` is jsonb; booleans are boolean;
-- - every text sort key is COLLATE "C", so that urgency ('~' after every timestamp), order
--   numbers and times sort exactly as SQLite's binary collation sorts them;
-- - search: `filing_search.haystack` (the fields lower-cased in Rust, joined by U+001F) under a
--   pg_trgm GIN index for terms of three characters or more; the same bigram table as SQLite for
--   one and two (pg_trgm cannot serve '%张三%' from its index);
-- - who: `filing_events.actor` and `filings.updated_by` are the database login, set by the server
--   (triggers below), and an audit row must name the session user or it is refused;
-- - the audit trail cannot be updated, deleted or truncated (triggers, and no such privilege);
-- - `filings.document_masked`: what a viewer reads instead of `document` (see team/roles.rs);
-- - `filings.legacy_order_no`: the number a filing had on the desk it was imported from, when that
--   number was taken in the team store already (`beian team import-desk`, src/team/import_desk.rs),
--   found by search like its own; and `imported_audit`, each imported desk's audit trail, kept
--   as a read-only archive.
--
-- Who may do what (the group roles beian_viewer, beian_staff, beian_admin and their grants) is not
-- here: roles belong to the cluster, and `beian team init` grants them (src/team/roles.rs).

CREATE TABLE schema_meta (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    version   bigint  NOT NULL
);
INSERT INTO schema_meta (version) VALUES (8);

CREATE TABLE filings (
    id                bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_no          text    COLLATE "C" NOT NULL UNIQUE,
    status            text    COLLATE "C" NOT NULL DEFAULT 'draft',
    filing_type       text    COLLATE "C",
    subject_name      text    COLLATE "C" NOT NULL DEFAULT '',
    province          text    COLLATE "C" NOT NULL DEFAULT '',
    primary_domain    text    COLLATE "C" NOT NULL DEFAULT '',
    document          jsonb   NOT NULL,
    -- The document with every ID number, phone and e-mail masked (beian_core::mask, written by the
    -- store with the document): all a viewer may read.
    document_masked   jsonb   NOT NULL DEFAULT '{}',
    revision          bigint  NOT NULL DEFAULT 1,
    created_at        text    COLLATE "C" NOT NULL,
    updated_at        text    COLLATE "C" NOT NULL,
    next_due          text    COLLATE "C",
    next_due_kind     text    COLLATE "C",
    urgency           text    COLLATE "C" NOT NULL DEFAULT '~',
    cert_number       text    COLLATE "C" NOT NULL DEFAULT '',
    original_id       bigint  REFERENCES filings (id),
    missing_materials integer,
    updated_by        text    NOT NULL DEFAULT session_user,
    -- The desk's order number of a filing renumbered on import (its own was taken here already).
    legacy_order_no   text    COLLATE "C"
);

CREATE INDEX filings_status_updated ON filings (status, updated_at DESC);
CREATE INDEX filings_updated ON filings (updated_at DESC);
CREATE INDEX filings_urgency ON filings (urgency, updated_at DESC, id DESC);
CREATE INDEX filings_status_urgency ON filings (status, urgency, updated_at DESC, id DESC);
CREATE INDEX filings_province_urgency ON filings (province, urgency, updated_at DESC, id DESC);
CREATE INDEX filings_type_urgency ON filings (filing_type, urgency, updated_at DESC, id DESC);
CREATE INDEX filings_cert_number ON filings (cert_number) WHERE cert_number <> '';
CREATE INDEX filings_original ON filings (original_id) WHERE original_id IS NOT NULL;
CREATE INDEX filings_legacy_order_no ON filings (legacy_order_no) WHERE legacy_order_no IS NOT NULL;

CREATE TABLE filing_domains (
    filing_id bigint NOT NULL REFERENCES filings (id) ON DELETE CASCADE,
    domain    text   COLLATE "C" NOT NULL,
    PRIMARY KEY (filing_id, domain)
);
CREATE INDEX filing_domains_domain ON filing_domains (domain);

CREATE TABLE filing_events (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    filing_id   bigint NOT NULL REFERENCES filings (id) ON DELETE CASCADE,
    at          text   COLLATE "C" NOT NULL,
    kind        text   COLLATE "C" NOT NULL,
    from_status text   COLLATE "C",
    to_status   text   COLLATE "C",
    note        text   NOT NULL DEFAULT '',
    actor       text   NOT NULL DEFAULT session_user
);
CREATE INDEX filing_events_filing ON filing_events (filing_id, id);

CREATE TABLE order_counters (
    day  text   COLLATE "C" PRIMARY KEY,
    last bigint NOT NULL
);

CREATE TABLE filing_search (
    filing_id bigint PRIMARY KEY REFERENCES filings (id) ON DELETE CASCADE,
    haystack  text   NOT NULL
);
CREATE INDEX filing_search_trgm ON filing_search USING gin (haystack gin_trgm_ops);

CREATE TABLE filing_bigrams (
    gram      text   COLLATE "C" NOT NULL,
    filing_id bigint NOT NULL REFERENCES filings (id) ON DELETE CASCADE,
    PRIMARY KEY (gram, filing_id)
);
CREATE INDEX filing_bigrams_filing ON filing_bigrams (filing_id);

CREATE TABLE status_counts (
    status text   COLLATE "C" PRIMARY KEY,
    count  bigint NOT NULL
);

-- One row per status from the start, so that a change can lock both of its rows before it
-- touches either.
INSERT INTO status_counts (status, count) VALUES
    ('draft', 0), ('materials', 0), ('ready_to_confirm', 0), ('submitted', 0), ('mail_papers', 0),
    ('sms_verification', 0), ('to_bureau', 0), ('bureau_review', 0), ('approved', 0), ('rejected', 0),
    ('withdrawn', 0), ('expired', 0);

CREATE FUNCTION filings_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- A status change locks its two counters in one order (by status): draft → materials on one
    -- desk and materials → draft on another would otherwise each hold one and wait for the other
    -- (a deadlock, found by the team benchmark at 10 desks).
    IF TG_OP = 'UPDATE' THEN
        PERFORM 1 FROM status_counts WHERE status IN (OLD.status, NEW.status) ORDER BY status FOR UPDATE;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE status_counts SET count = count - 1 WHERE status = OLD.status;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO status_counts (status, count) VALUES (NEW.status, 1)
            ON CONFLICT (status) DO UPDATE SET count = status_counts.count + 1;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER filings_count_insert AFTER INSERT OR DELETE ON filings
    FOR EACH ROW EXECUTE FUNCTION filings_count();
CREATE TRIGGER filings_count_status AFTER UPDATE OF status ON filings
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION filings_count();

CREATE TABLE filing_products (
    filing_id      bigint NOT NULL REFERENCES filings (id) ON DELETE CASCADE,
    website        bigint NOT NULL,
    product        text   NOT NULL,
    instance_id    text   COLLATE "C",
    service_number text   COLLATE "C",
    PRIMARY KEY (filing_id, website)
);
CREATE INDEX filing_products_instance ON filing_products (instance_id) WHERE instance_id IS NOT NULL;
CREATE INDEX filing_products_service ON filing_products (service_number) WHERE service_number IS NOT NULL;

-- Scans: the bytes are here too (blobs, content-addressed, chunked), written in the attachment
-- row's transaction, so that a row never names a missing file.
CREATE TABLE blobs (
    sha256    text   COLLATE "C" PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    byte_size bigint NOT NULL
);
CREATE TABLE blob_chunks (
    sha256 text   COLLATE "C" NOT NULL REFERENCES blobs (sha256),
    seq    integer NOT NULL,
    bytes  bytea  NOT NULL,
    PRIMARY KEY (sha256, seq)
);
-- Thumbnails and previews of a blob (`thumbnail`, `preview`).
CREATE TABLE blob_derived (
    sha256 text  COLLATE "C" NOT NULL REFERENCES blobs (sha256),
    kind   text  COLLATE "C" NOT NULL,
    bytes  bytea NOT NULL,
    PRIMARY KEY (sha256, kind)
);

CREATE TABLE attachments (
    id            bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    filing_id     bigint  NOT NULL REFERENCES filings (id) ON DELETE CASCADE,
    material_code text    COLLATE "C" NOT NULL,
    sha256        text    COLLATE "C" NOT NULL REFERENCES blobs (sha256) CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    mime          text    NOT NULL,
    width         bigint,
    height        bigint,
    byte_size     bigint  NOT NULL,
    pages         bigint,
    original_name text    NOT NULL,
    warnings      jsonb   NOT NULL DEFAULT '[]',
    has_preview   boolean NOT NULL DEFAULT false,
    created_at    text    COLLATE "C" NOT NULL,
    deleted_at    text    COLLATE "C",
    replaced_by   bigint  REFERENCES attachments (id),
    created_by    text    NOT NULL DEFAULT session_user
);
CREATE INDEX attachments_filing ON attachments (filing_id, material_code, id);
CREATE UNIQUE INDEX attachments_live_hash ON attachments (filing_id, sha256) WHERE deleted_at IS NULL;

CREATE TABLE audit_log (
    id        bigint PRIMARY KEY,
    at        text   COLLATE "C" NOT NULL,
    actor     text   NOT NULL,
    via       text   NOT NULL,
    action    text   NOT NULL,
    filing_id bigint,
    detail    text   NOT NULL DEFAULT '',
    prev_hash text   NOT NULL CHECK (length(prev_hash) = 64),
    hash      text   NOT NULL UNIQUE CHECK (length(hash) = 64)
);
CREATE INDEX audit_log_filing ON audit_log (filing_id, id) WHERE filing_id IS NOT NULL;

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: rows cannot be changed or removed', TG_TABLE_NAME;
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- An audit row names the person logged in (a desk cannot write one in someone else's name) and
-- continues the chain: the next id after the newest row, linked to its hash. (The hash itself is
-- computed in Rust and checked by doctor: SQL would print the JSON differently.)
CREATE FUNCTION audit_log_actor() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE prev text;
BEGIN
    IF NEW.actor IS DISTINCT FROM session_user::text THEN
        RAISE EXCEPTION 'audit actor must be the session user (%), not %', session_user, NEW.actor
            USING ERRCODE = '42501';
    END IF;
    IF NEW.id = 1 THEN
        prev := repeat('0', 64);
    ELSE
        SELECT hash INTO prev FROM audit_log WHERE id = NEW.id - 1;
    END IF;
    IF prev IS NULL OR prev <> NEW.prev_hash THEN
        RAISE EXCEPTION 'audit row % does not continue the chain', NEW.id USING ERRCODE = '23514';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER audit_log_actor BEFORE INSERT ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_actor();

-- The audit trails of the desks imported (`beian team import-desk`), each verified before it came
-- and kept row for row as the desk wrote it: `desk` names the desk, `desk_filing_id` is the
-- desk's own filing id (what the row's hash covers, so that each archived chain still verifies),
-- `filing_id` the filing's id here (NULL when the desk had no such filing). Read-only: the same
-- guards as audit_log, and only admins may read it (team/roles.rs). The team's own chain names
-- each archived head in its `import_desk` row.
CREATE TABLE imported_audit (
    desk           text   COLLATE "C" NOT NULL,
    id             bigint NOT NULL,
    at             text   COLLATE "C" NOT NULL,
    actor          text   NOT NULL,
    via            text   NOT NULL,
    action         text   NOT NULL,
    desk_filing_id bigint,
    filing_id      bigint,
    detail         text   NOT NULL DEFAULT '',
    prev_hash      text   NOT NULL CHECK (length(prev_hash) = 64),
    hash           text   NOT NULL CHECK (length(hash) = 64),
    PRIMARY KEY (desk, id)
);
CREATE INDEX imported_audit_hash ON imported_audit (hash);
CREATE TRIGGER imported_audit_no_update BEFORE UPDATE OR DELETE ON imported_audit
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER imported_audit_no_truncate BEFORE TRUNCATE ON imported_audit
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- History and the filing's last writer are the login, whatever the desk sends.
CREATE FUNCTION set_actor() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'filing_events' THEN
        NEW.actor := session_user;
    ELSIF TG_TABLE_NAME = 'attachments' THEN
        IF TG_OP = 'INSERT' THEN NEW.created_by := session_user; ELSE NEW.created_by := OLD.created_by; END IF;
    ELSE
        NEW.updated_by := session_user;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER filing_events_actor BEFORE INSERT OR UPDATE ON filing_events
    FOR EACH ROW EXECUTE FUNCTION set_actor();
CREATE TRIGGER filings_updated_by BEFORE INSERT OR UPDATE ON filings
    FOR EACH ROW EXECUTE FUNCTION set_actor();
CREATE TRIGGER attachments_created_by BEFORE INSERT OR UPDATE ON attachments
    FOR EACH ROW EXECUTE FUNCTION set_actor();

-- Live refresh: every committed change of a filing or its attachments, to every listening desk.
-- Ids, revisions and logins only: any role that may LISTEN reads the payload.
CREATE FUNCTION notify_filing() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'filings' THEN
        PERFORM pg_notify('beian_filings', json_build_object('id', NEW.id, 'rev', NEW.revision,
            'status', NEW.status, 'by', session_user::text, 'pid', pg_backend_pid())::text);
    ELSE
        PERFORM pg_notify('beian_filings', json_build_object('id', NEW.filing_id, 'rev', NULL,
            'status', NULL, 'by', session_user::text, 'pid', pg_backend_pid())::text);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER filings_notify AFTER INSERT OR UPDATE ON filings
    FOR EACH ROW EXECUTE FUNCTION notify_filing();
CREATE TRIGGER attachments_notify AFTER INSERT OR UPDATE ON attachments
    FOR EACH ROW EXECUTE FUNCTION notify_filing();
CREATE TRIGGER filing_events_notify AFTER INSERT ON filing_events
    FOR EACH ROW EXECUTE FUNCTION notify_filing();
