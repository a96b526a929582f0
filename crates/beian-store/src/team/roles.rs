//! Who may do what in the team store: one PostgreSQL login per staff member, each a member of one
//! group role, and the server enforces what each group may touch (`../shared/design/team-mode.md`
//! §3). The window hides nothing the server would allow, and allows nothing it would refuse.
//!
//! | group | may |
//! |---|---|
//! | `beian_viewer` | read the list and each filing's masked document (`document_masked`), the history and attachment rows; reveal a filing in full only through `beian.reveal`, which records the audit row in the viewer's name in the same transaction |
//! | `beian_staff` | everything a desk does: read and write filings, history, attachments and their bytes; append to the audit trail (never change or remove a row) |
//! | `beian_admin` | what staff may, plus add colleagues (`beian.add_staff`), back the store up, import a desk's store and read the imported desks' audit trails (`imported_audit`) |
//!
//! [`init`] makes the groups and their grants (idempotent) after migrating, and makes the login that
//! runs it the first admin; it needs a login that owns the database and may create roles.
//! [`add_staff`] creates a colleague's login through `beian.add_staff`, a `SECURITY DEFINER`
//! function owned by that first login and executable by admins only: it creates LOGIN roles in one
//! of the three groups, with a validated name, nothing else.

use postgres::Client;

use crate::error::StoreError;

/// A staff member's group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Viewer,
    Staff,
    Admin,
}

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Staff => "staff",
            Role::Admin => "admin",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        [Role::Viewer, Role::Staff, Role::Admin].into_iter().find(|r| r.code() == code)
    }

    /// The group role in PostgreSQL.
    pub fn group(self) -> &'static str {
        match self {
            Role::Viewer => "beian_viewer",
            Role::Staff => "beian_staff",
            Role::Admin => "beian_admin",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Role::Viewer => "只读",
            Role::Staff => "员工",
            Role::Admin => "管理员",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Role::Viewer => "Viewer",
            Role::Staff => "Staff",
            Role::Admin => "Administrator",
        }
    }

    /// Whether this role reads documents in full and writes.
    pub fn writes(self) -> bool {
        self != Role::Viewer
    }
}

/// The groups and grants; run after the migrations, idempotent. `{admin}` is replaced by the login
/// running `init` (quoted).
const GRANTS: &str = r#"
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'beian_viewer') THEN CREATE ROLE beian_viewer NOLOGIN; END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'beian_staff') THEN CREATE ROLE beian_staff NOLOGIN; END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'beian_admin') THEN CREATE ROLE beian_admin NOLOGIN; END IF;
END $$;
GRANT beian_viewer TO beian_staff;
GRANT beian_staff TO beian_admin;

REVOKE ALL ON SCHEMA beian FROM PUBLIC;
GRANT USAGE ON SCHEMA beian TO beian_viewer;
REVOKE ALL ON ALL TABLES IN SCHEMA beian FROM PUBLIC;

-- Viewers: the list, masked documents, history, attachment rows (no bytes), the audit trail's
-- head (to chain a reveal), the counts.
GRANT SELECT (id, order_no, status, filing_type, subject_name, province, primary_domain, revision, created_at,
              updated_at, next_due, next_due_kind, urgency, original_id, missing_materials, updated_by,
              document_masked, legacy_order_no, services, provider,
              provider_account) ON beian.filings TO beian_viewer;
GRANT SELECT ON beian.status_counts, beian.filing_events, beian.schema_meta, beian.audit_log, beian.filing_bigrams
    TO beian_viewer;
GRANT SELECT (id, filing_id, material_code, mime, width, height, byte_size, pages, original_name, warnings,
              has_preview, created_at, deleted_at, replaced_by, created_by, sha256) ON beian.attachments TO beian_viewer;

-- Staff: every desk's reads and writes; the audit trail append-only.
GRANT SELECT, INSERT, UPDATE ON beian.filings, beian.order_counters, beian.status_counts, beian.filing_search,
    beian.attachments, beian.blobs, beian.blob_chunks, beian.blob_derived TO beian_staff;
GRANT SELECT, INSERT, DELETE ON beian.filing_domains, beian.filing_bigrams, beian.filing_products TO beian_staff;
GRANT SELECT, INSERT ON beian.filing_events, beian.audit_log, beian.blob_derived TO beian_staff;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA beian TO beian_staff;
REVOKE UPDATE, DELETE, TRUNCATE ON beian.audit_log FROM beian_staff, beian_viewer, beian_admin;

-- Admins: the imported desks' audit trails, read-only archives (written once, by import-desk).
GRANT SELECT, INSERT ON beian.imported_audit TO beian_admin;
REVOKE UPDATE, DELETE, TRUNCATE ON beian.imported_audit FROM beian_staff, beian_viewer, beian_admin;
"#;

/// The functions only `init`'s login owns: a viewer's audited reveal, an admin's add-staff.
const FUNCTIONS: &str = r#"
-- A viewer's reveal: the audit row the desk chained (checked by audit_log's actor trigger: it must
-- name the session user, i.e. the viewer) and the full document, in one transaction.
CREATE OR REPLACE FUNCTION beian.reveal(p_filing bigint, p_id bigint, p_at text, p_via text, p_detail text,
                                        p_prev text, p_hash text)
RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET search_path = beian, pg_temp AS $$
DECLARE doc text;
BEGIN
    SELECT document::text INTO doc FROM filings WHERE id = p_filing;
    IF doc IS NULL THEN
        RAISE EXCEPTION 'no filing %', p_filing USING ERRCODE = 'P0002';
    END IF;
    INSERT INTO audit_log (id, at, actor, via, action, filing_id, detail, prev_hash, hash)
        VALUES (p_id, p_at, session_user, p_via, 'reveal', p_filing, p_detail, p_prev, p_hash);
    RETURN doc;
END $$;
REVOKE ALL ON FUNCTION beian.reveal(bigint, bigint, text, text, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION beian.reveal(bigint, bigint, text, text, text, text, text) TO beian_viewer;

-- An admin adds a colleague: a LOGIN role in one group, nothing else (no superuser, no CREATEROLE).
CREATE OR REPLACE FUNCTION beian.add_staff(p_name text, p_group text, p_password text)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = beian, pg_temp AS $$
BEGIN
    IF p_name !~ '^[a-z][a-z0-9_]{1,40}$' OR p_name LIKE 'pg\_%' OR p_name LIKE 'beian\_%' THEN
        RAISE EXCEPTION 'invalid staff login name %', p_name USING ERRCODE = '22023';
    END IF;
    IF p_group NOT IN ('beian_viewer', 'beian_staff', 'beian_admin') THEN
        RAISE EXCEPTION 'invalid group %', p_group USING ERRCODE = '22023';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_name) THEN
        RAISE EXCEPTION 'login % exists already', p_name USING ERRCODE = '42710';
    END IF;
    EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD %L IN ROLE %I',
                   p_name, p_password, p_group);
END $$;
REVOKE ALL ON FUNCTION beian.add_staff(text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION beian.add_staff(text, text, text) TO beian_admin;
"#;

/// Prepares the team store in the connected database (migrations, groups, grants, functions) and
/// makes the connected login its first admin. Idempotent: running it again changes nothing but
/// brings an older schema up. Returns the schema version and the admin's login.
pub fn init(client: &mut Client) -> Result<(i64, String), StoreError> {
    let version = super::pg::migrate(client)?;
    let mut tx = client.transaction()?;
    tx.batch_execute(GRANTS)?;
    tx.batch_execute(FUNCTIONS)?;
    let me: String = tx.query_one("SELECT session_user::text", &[])?.try_get(0)?;
    tx.batch_execute(&format!("GRANT beian_admin TO \"{}\"", me.replace('"', "\"\"")))?;
    tx.commit()?;
    Ok((version, me))
}

/// Checks a staff login name as `beian.add_staff` will (said in Chinese before the server is asked).
pub fn check_login_name(name: &str) -> Result<(), StoreError> {
    let ok = (2..=41).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !name.starts_with("pg_")
        && !name.starts_with("beian_");
    if ok {
        Ok(())
    } else {
        Err(StoreError::Invalid {
            field: "name".into(),
            message: format!(
                "登录名“{name}”不可用：请用 2–41 个小写字母、数字或下划线，以字母开头（不能以 pg_ 或 beian_ 开头），如 zhangsan"
            ),
        })
    }
}

/// Adds a colleague's login in `role`'s group with an initial password (an admin only: the server
/// refuses anyone else).
pub fn add_staff(client: &mut Client, name: &str, role: Role, password: &str) -> Result<(), StoreError> {
    check_login_name(name)?;
    if password.chars().count() < 8 {
        return Err(StoreError::Invalid { field: "password".into(), message: "初始密码至少 8 个字符".into() });
    }
    client.execute("SELECT beian.add_staff($1, $2, $3)", &[&name, &role.group(), &password]).map_err(|e| {
        match e.code().map(|c| c.code()) {
            Some("42710") => {
                StoreError::Invalid { field: "name".into(), message: format!("登录名“{name}”已存在") }
            }
            Some("42501") => StoreError::team("只有管理员可以添加同事"),
            _ => StoreError::from(e),
        }
    })?;
    Ok(())
}

/// The group of the connected login (the highest, when several), or `None` for a login in none.
/// A superuser counts as an admin.
pub fn role_of(client: &mut Client) -> Result<Option<Role>, StoreError> {
    let row = client.query_one(
        "SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = session_user),
                coalesce(array_agg(r.rolname::text), '{}')
         FROM pg_roles r
         WHERE r.rolname IN ('beian_viewer', 'beian_staff', 'beian_admin') AND pg_has_role(session_user, r.oid, 'MEMBER')",
        &[],
    )?;
    let superuser: bool = row.try_get::<_, Option<bool>>(0)?.unwrap_or(false);
    let groups: Vec<String> = row.try_get(1)?;
    let has = |g: &str| groups.iter().any(|x| x == g);
    Ok(if superuser || has("beian_admin") {
        Some(Role::Admin)
    } else if has("beian_staff") {
        Some(Role::Staff)
    } else if has("beian_viewer") {
        Some(Role::Viewer)
    } else {
        None
    })
}
