//! The one store interface: every operation the rest of the workspace performs on a store, whatever
//! engine holds it.
//!
//! Callers hold a [`Store`](crate::Store), which derefs to `dyn Engine`: they write
//! `store.create_filing(…)` on a `Store`, a `&mut Store` or a guard of one, and need not name this
//! trait (a trait object's own methods are found without importing it). The use-case layer, the CLI,
//! the print views, the hand-off and the shell therefore run unchanged over any engine. Today there
//! is one, [`SqliteStore`](crate::SqliteStore) (the single desk's file); the team engine on
//! PostgreSQL is to be the second.
//!
//! What each method promises is said here, once; an engine's `impl Engine` blocks say only what is
//! particular to that engine. `tests/contract.rs` runs one suite of tests against every engine.
//!
//! What is not here is engine-specific and reached through [`Store::sqlite`](crate::Store::sqlite):
//! the SQLite file's path and pragmas, its online backup, and `beian doctor`'s checks of the file.
//!
//! Object-safe on purpose (no generic methods, no `Self` by value): a `Store` derefs to
//! `dyn Engine`. `Send`, so that a store can sit behind a `Mutex` shared by threads.
//!
//! One interface, declared here in rooms: [`Engine`] is the store itself and has one supertrait
//! per room of the store (filings, workflow, attachments, audit, printing, demo), so that each
//! engine implements a room in that room's file. Callers see them as one: every supertrait's
//! method is callable on a `dyn Engine`, and through it on a `Store`.
//!
//! A `&Store` does not coerce to `&dyn Engine` by itself (the compiler tries to unsize `Store`,
//! which is not an engine): write `&**store` where a `&dyn Engine` is wanted.

use beian_core::calendar::Calendar;
use beian_core::filing_type::Registry;
use beian_core::model::{FilingDocument, FilingType};
use beian_core::product::ProductUse;
use beian_core::schedule::StatusChange;
use beian_core::workflow::ActionRequest;
use beian_scan::Processed;
use jiff::Timestamp;

use crate::attachments::{Attachment, Completeness};
use crate::audit::{AuditEntry, ChainVerdict, NewAuditEntry};
use crate::error::StoreError;
use crate::filings::{FilingEvent, FilingRecord, ListQuery, ListResult};
use crate::workflow::Checked;

/// The one store interface (see the module documentation): the store itself here, and its rooms'
/// operations in the supertraits, one per room ([`FilingOps`], [`WorkflowOps`], [`AttachmentOps`],
/// [`AuditOps`], [`PrintOps`], [`DemoOps`]), so that an engine implements each room in that room's
/// file (Rust allows one `impl` block per trait and type). Every write is one transaction: all of
/// it or nothing.
pub trait Engine: FilingOps + WorkflowOps + AttachmentOps + AuditOps + PrintOps + DemoOps + Send {
    /// The business-day calendar in force for this store (the built-in years plus the data
    /// directory's `calendar/*.toml`).
    fn calendar(&self) -> &Calendar;

    /// The schema version of the open database.
    fn schema_version(&self) -> Result<i64, StoreError>;
}

/// Filings: create, read, update, list and search, and their history (`filings.rs`).
pub trait FilingOps {
    /// Creates a draft filing from `doc`; returns it with its new order number
    /// (`BA<China date>-<nnnn>`, counted per China day).
    fn create_filing(&mut self, doc: &FilingDocument, now: Timestamp) -> Result<FilingRecord, StoreError>;

    /// Creates several draft filings in one transaction: all of them or none. `event` names the
    /// history entry (`created`, `imported`).
    fn create_filings(&mut self, docs: &[FilingDocument], now: Timestamp, event: &str) -> Result<Vec<i64>, StoreError>;

    /// Reads one filing.
    fn get_filing(&self, id: i64) -> Result<FilingRecord, StoreError>;

    /// Finds a filing by its order number.
    fn find_by_order_no(&self, order_no: &str) -> Result<Option<i64>, StoreError>;

    /// Replaces a filing's document. `expected_revision` is the revision the editor loaded; a filing
    /// changed since is refused with [`StoreError::Conflict`] rather than silently overwritten, and a
    /// filing whose status no longer allows editing with [`StoreError::NotEditable`].
    fn update_filing(
        &mut self,
        id: i64,
        doc: &FilingDocument,
        expected_revision: i64,
        now: Timestamp,
    ) -> Result<FilingRecord, StoreError>;

    /// The filings list: filtered, most urgent first (then most recently changed), paged, with
    /// counts per status. Every path is served by an index: the cost does not grow with the store.
    fn list_filings(&self, q: &ListQuery) -> Result<ListResult, StoreError>;

    /// Substring search done the naive way, scanning every row: the peer the dashboard benchmark
    /// measures the indexed search against. Not used by the app.
    #[doc(hidden)]
    fn naive_like_search(&self, term: &str) -> Result<Vec<i64>, StoreError>;

    /// A filing's history, oldest first.
    fn filing_events(&self, id: i64) -> Result<Vec<FilingEvent>, StoreError>;

    /// Every filing id, oldest first (for export).
    fn all_filing_ids(&self) -> Result<Vec<i64>, StoreError>;
}

/// A filing's life: status transitions with their history, expiry, what the filing-type and
/// product checks read, follow-up filings (`workflow.rs`).
pub trait WorkflowOps {
    /// Applies a workflow action to a filing: checks it against the state machine, records it in
    /// the history, and recomputes the next deadline. One transaction.
    ///
    /// `checked` says what the caller's check of the stored document found: its error count (a
    /// submission needs zero, and an explicit confirmation) and the revision it checked. The store
    /// does not judge the document itself — the one check is the use-case layer's
    /// (`beian_usecases::check_filing`: rules, products and quotas, change rules, materials) —
    /// but it refuses the action as a conflict when the filing changed after it was checked.
    fn apply_action(
        &mut self,
        id: i64,
        request: ActionRequest,
        checked: Checked,
        now: Timestamp,
    ) -> Result<FilingRecord, StoreError>;

    /// Moves every order whose 45 days have run out to 已过期, with a history entry. Returns the
    /// order numbers it expired.
    fn expire_lapsed(&mut self, now: Timestamp) -> Result<Vec<String>, StoreError>;

    /// The filing's status changes, oldest first.
    fn status_changes(&self, id: i64) -> Result<Vec<StatusChange>, StoreError>;

    /// Every filing that has moved at least once and matches `filter`, with its status changes
    /// (oldest first), in id order: what reminders (the filings still open) and the review-time
    /// statistics (one province and provider, or all) read, in one query rather than one per filing.
    fn timelines(&self, filter: &crate::workflow::TimelineFilter)
    -> Result<Vec<crate::workflow::Timeline>, StoreError>;

    /// What this store knows that the filing-type check needs: other filings of the same subject
    /// (certificate number) or with any of the same domains (compared by their key: `www.a.cn` is
    /// `a.cn`).
    fn registry_for(&self, current_order_no: Option<&str>, doc: &FilingDocument) -> Result<Registry, StoreError>;

    /// The other filings' uses of the instances and service numbers this document names.
    fn product_uses_for(
        &self,
        current_order_no: Option<&str>,
        doc: &FilingDocument,
    ) -> Result<Vec<ProductUse>, StoreError>;

    /// The order number of a filing id, if it exists.
    fn order_no_of(&self, id: i64) -> Result<Option<String>, StoreError>;

    /// Starts a change, cancel-access or deregister filing from an approved one: a new draft that
    /// copies the original's data, names its type, and remembers the original. Refused, with the
    /// reasons, when the original is not approved or another order of the subject is open.
    fn start_follow_up(
        &mut self,
        original_id: i64,
        filing_type: FilingType,
        now: Timestamp,
    ) -> Result<FilingRecord, StoreError>;

    /// The approved filing a follow-up filing started from.
    fn original_of(&self, id: i64) -> Result<Option<FilingRecord>, StoreError>;
}

/// Which bytes of a stored scan: the file itself, its thumbnail, its preview.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlobPart {
    File,
    Thumbnail,
    Preview,
}

/// Attachments of a filing's materials, their files, and the completeness of its materials
/// (`attachments.rs`). Where the bytes live is the engine's: the single desk's content-addressed
/// file store beside its database (`beian_scan::FileStore`, each file written atomically before its
/// row), the team store's blobs (written in the row's own transaction). Callers store and read them
/// through [`AttachmentOps::put_files`] and [`AttachmentOps::file`], never from a folder.
pub trait AttachmentOps {
    /// Makes the processed file's bytes (the file, its thumbnail, its preview) safe in the store
    /// before its row is written (SQLite: into the file store; an engine that writes them with the
    /// row does nothing here).
    fn put_files(&self, p: &Processed) -> Result<(), StoreError>;

    /// The bytes of a stored file, its thumbnail or its preview (`None` when there are none, e.g.
    /// a PDF that could not be rendered, or a store that keeps no files).
    fn file(&self, sha256: &str, part: BlobPart) -> Result<Option<Vec<u8>>, StoreError>;

    /// One attachment, removed or not.
    fn attachment(&self, id: i64) -> Result<Attachment, StoreError>;

    /// A filing's attachments in force (with `include_removed`, the removed ones too), by material
    /// then in the order they were attached.
    fn attachments(&self, filing_id: i64, include_removed: bool) -> Result<Vec<Attachment>, StoreError>;

    /// The attachment in force of `filing_id` with this content, if any.
    fn find_duplicate(&self, filing_id: i64, sha256: &str) -> Result<Option<Attachment>, StoreError>;

    /// Records a processed file (its bytes put with [`AttachmentOps::put_files`] first). Refuses an
    /// unknown material, an unknown filing and a duplicate of a file in force on the same filing.
    fn insert_attachment(
        &mut self,
        filing_id: i64,
        material_code: &str,
        original_name: &str,
        p: &Processed,
        now: Timestamp,
    ) -> Result<Attachment, StoreError>;

    /// Removes an attachment (soft: [`AttachmentOps::restore_attachment`] undoes it).
    fn remove_attachment(&mut self, id: i64, now: Timestamp) -> Result<Attachment, StoreError>;

    /// Undoes a removal. If the attachment had been replaced and its replacement is in force, the
    /// replacement is removed in the same transaction (undoing the replacement). Refused when the
    /// same content has been attached to the filing again meanwhile.
    fn restore_attachment(&mut self, id: i64) -> Result<Attachment, StoreError>;

    /// Replaces attachment `old_id` by a processed file (already in the file store), in the same
    /// material, in one transaction. Restoring the old one undoes it.
    fn replace_attachment(
        &mut self,
        old_id: i64,
        original_name: &str,
        p: &Processed,
        now: Timestamp,
    ) -> Result<Attachment, StoreError>;

    /// The materials of a filing (by its type, subject nature, province and date: the core's
    /// `plan::materials`) with the files attached to each.
    fn material_completeness(&self, filing_id: i64, now: Timestamp) -> Result<Completeness, StoreError>;

    /// A warning at `materials.<code>` for every required material without a file, so that the
    /// diagnostics panel and the review page show what is still missing (rules-digest.md §6).
    fn material_diagnostics(&self, filing_id: i64, now: Timestamp) -> Result<Vec<beian_core::Diagnostic>, StoreError>;
}

/// The append-only, hash-chained audit trail (`audit.rs`).
pub trait AuditOps {
    /// Appends entries in one transaction (all or none), chained to the newest row. Callers record
    /// before they reveal: if recording fails, the full data is not shown.
    fn record_audit(&mut self, entries: &[NewAuditEntry], now: Timestamp) -> Result<Vec<AuditEntry>, StoreError>;

    /// The newest `limit` entries, newest first; with `filing_id`, only that filing's.
    fn audit_entries(&self, filing_id: Option<i64>, limit: u32) -> Result<Vec<AuditEntry>, StoreError>;

    /// A filing in full for someone who asked to see it (显示完整信息): the audit row (`reveal`, with
    /// `detail`) is recorded first, in the same transaction as the read, and the full document is
    /// returned only if it was. On the team store this is a viewer's only way to full data.
    fn reveal_filing(
        &mut self,
        id: i64,
        detail: &str,
        via: &'static str,
        now: Timestamp,
    ) -> Result<FilingRecord, StoreError>;

    /// Walks the whole audit chain from the first row (ids without gaps, each `prev_hash` the
    /// previous row's hash, each hash recomputed) and checks that the engine's append-only guards
    /// are still in place.
    fn verify_audit_chain(&self) -> Result<ChainVerdict, StoreError>;
}

/// A print with full personal data, recorded (`printing.rs`).
pub trait PrintOps {
    /// Records that `view` (e.g. `邮寄资料清单`) was printed with full personal data for each of
    /// `ids`, in the history and the audit trail: all of them in one transaction, or none when an
    /// id does not exist. The filings themselves (revision, status, deadlines) are not touched.
    fn record_printed_full(&mut self, ids: &[i64], view: &str, now: Timestamp) -> Result<(), StoreError>;
}

/// Synthetic filings for demos, benchmarks and crash tests (`demo.rs`).
pub trait DemoOps {
    /// Writes `count` synthetic filings, `batch` per transaction, the first made at `start`
    /// (each filing's history spread over the following weeks). Returns the ids written.
    fn write_demo(&mut self, count: usize, batch: usize, seed: u64, start: Timestamp) -> Result<Vec<i64>, StoreError>;
}
