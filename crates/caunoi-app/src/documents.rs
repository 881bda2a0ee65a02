//! Files attached to sessions and resolutions (PDF or DOCX): checked from their bytes, stored
//! once per content hash, their text extracted for search and reading. A draft document is
//! seen only by delegates and staff of the council until it is released.

use crate::record::{self, Change};
use crate::{App, AppError, AppResult, Ctx};
use caunoi_domain::{Action, Target, UnitCode};
use caunoi_import::Budget;
use caunoi_import::doctext::{self, DocKind};
use caunoi_store::documents::{self, Document, NewDocument};
use caunoi_store::{Tx, now, units};
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use tokio::sync::Semaphore;

/// The largest file accepted (council documents with scanned annexes can be big).
pub const MAX_BYTES: usize = 20 * 1024 * 1024;

/// Where a document's bytes live: `media_dir/files/{sha[0..2]}/{sha}` (council documents and
/// petition answer files alike).
pub(crate) fn path_for(app: &App, sha256: &str) -> Option<PathBuf> {
    (sha256.len() == 64 && sha256.bytes().all(|b| b.is_ascii_hexdigit())).then(|| {
        app.settings
            .media_dir
            .join("files")
            .join(&sha256[..2])
            .join(sha256)
    })
}

/// Readers of uploaded files (documents, sheets) running at once: one per core, so that
/// uploads cannot take every blocking thread, whatever their number.
fn reader_permits() -> Arc<Semaphore> {
    static PERMITS: OnceLock<Arc<Semaphore>> = OnceLock::new();
    PERMITS
        .get_or_init(|| {
            let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
            Arc::new(Semaphore::new(cores))
        })
        .clone()
}

/// Runs `read` over an uploaded file off the async threads, in the bounded pool of
/// [`reader_permits`], with a fresh default [`Budget`] (its clock starts when a permit is
/// free). The permit goes with the thread: a cancelled request does not free it early.
pub(crate) async fn read_untrusted<T: Send + 'static>(
    read: impl FnOnce(&mut Budget) -> T + Send + 'static,
) -> AppResult<T> {
    let permit = reader_permits()
        .acquire_owned()
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    tokio::task::spawn_blocking(move || {
        let read = read(&mut Budget::default());
        drop(permit);
        read
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))
}

/// A PDF or DOCX file checked from its bytes: its text, its hash and the name it is served as.
pub(crate) struct CheckedFile {
    pub sha256: String,
    pub content_type: &'static str,
    /// The uploaded name's stem as a slug (`fallback` when nothing is left), with the
    /// extension of what the bytes are.
    pub file_name: String,
    /// Extracted text; empty for a scan, which is still kept.
    pub text: String,
    pub path: PathBuf,
}

/// Checks an upload is a PDF or DOCX by its bytes (not its name), extracts its text off the
/// async threads within a budget (a file too complex to read is refused with a 422 on
/// `file`), and works out its hash, type and name.
pub(crate) async fn check_file(
    app: &App,
    bytes: &[u8],
    file_name: &str,
    fallback: &str,
) -> AppResult<CheckedFile> {
    let Some(kind) = doctext::sniff(bytes) else {
        return Err(AppError::invalid(
            "file",
            "Chỉ nhận tệp PDF hoặc DOCX (Word). Tệp này không phải PDF hay DOCX.",
            "Only PDF or DOCX (Word) files are accepted; this file is neither.",
        ));
    };
    let extracted = {
        let bytes = bytes.to_vec();
        read_untrusted(move |budget| doctext::extract_within(&bytes, budget)).await?
    };
    let text = match extracted {
        Ok(t) => t.text,
        Err(doctext::DocTextError::NoText) => String::new(),
        Err(e) => return Err(AppError::invalid("file", &e.message_vi(), &e.to_string())),
    };
    let sha256 = hex::encode(Sha256::digest(bytes));
    let (content_type, ext) = match kind {
        DocKind::Pdf => ("application/pdf", "pdf"),
        DocKind::Docx => (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
        ),
    };
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or("");
    let stem = vntext::slug(base.rsplit_once('.').map(|(s, _)| s).unwrap_or(base));
    let file_name = format!("{}.{ext}", if stem.is_empty() { fallback } else { &stem });
    let path = path_for(app, &sha256).ok_or_else(|| AppError::Internal("bad hash".into()))?;
    Ok(CheckedFile {
        sha256,
        content_type,
        file_name,
        text,
        path,
    })
}

/// Writes a file's bytes where [`path_for`] puts them, through a temporary name, so a reader
/// never sees half a file.
pub(crate) async fn write_file(path: &std::path::Path, sha: &str, bytes: &[u8]) -> AppResult<()> {
    let fail = |e: std::io::Error| AppError::Internal(format!("storing file: {e}"));
    let dir = path.parent().map(PathBuf::from).unwrap_or_default();
    tokio::fs::create_dir_all(&dir).await.map_err(fail)?;
    let tmp = dir.join(format!(".{sha}.{}.tmp", rand::random::<u64>()));
    tokio::fs::write(&tmp, bytes).await.map_err(fail)?;
    tokio::fs::rename(&tmp, path).await.map_err(fail)
}

/// What the owner of a document is, for the permission check and the audit row.
pub(crate) struct Owner {
    pub kind: &'static str,
    pub id: i64,
    pub unit_id: i64,
}

async fn ancestry(tx: &mut Tx, unit_id: i64) -> AppResult<Vec<UnitCode>> {
    Ok(units::ancestry(tx, unit_id)
        .await?
        .iter()
        .filter_map(|c| UnitCode::parse(c).ok())
        .collect())
}

/// True when the actor may read this council's documents that are not yet released.
pub(crate) async fn may_see_drafts(tx: &mut Tx, ctx: &Ctx, unit_id: i64) -> AppResult<bool> {
    let a = ancestry(tx, unit_id).await?;
    Ok(ctx
        .actor
        .may(Action::ViewDraftDocuments, &Target::Unit { ancestry: &a }))
}

/// Stores an uploaded file and attaches it; `public` false keeps it a draft.
pub(crate) async fn attach(
    app: &App,
    ctx: &Ctx,
    owner: Owner,
    title: &str,
    file_name: &str,
    bytes: Vec<u8>,
    public: bool,
) -> AppResult<i64> {
    let title = vntext::nfc(title.trim());
    if title.is_empty() || title.chars().count() > 300 {
        return Err(AppError::invalid(
            "title",
            "Tên tài liệu là bắt buộc (tối đa 300 ký tự).",
            "A document title is required (at most 300 characters).",
        ));
    }
    if bytes.len() > MAX_BYTES {
        return Err(AppError::TooLarge("Tệp tối đa 20 MB.".into()));
    }
    {
        let mut tx = app.db.read().await?;
        super::registry::check_unit(&mut tx, ctx, owner.unit_id).await?;
    }
    // A scan has no text: the file is kept, and staff can paste the text into the page.
    let CheckedFile {
        sha256: sha,
        content_type,
        file_name,
        text,
        path,
    } = check_file(app, &bytes, file_name, "tai-lieu").await?;
    if !tokio::fs::try_exists(&path).await.unwrap_or(false) {
        write_file(&path, &sha, &bytes).await?;
    }
    let t = now();
    let mut tx = app.db.write().await?;
    let id = documents::insert(
        &mut tx,
        &NewDocument {
            owner_kind: owner.kind,
            owner_id: owner.id,
            title: title.clone(),
            file_name,
            content_type: content_type.into(),
            sha256: sha.clone(),
            size: bytes.len() as i64,
            text,
            public,
        },
        t,
    )
    .await?;
    record::change(
        &mut tx,
        ctx,
        t,
        Change {
            action: "attached",
            target_kind: "document",
            target_id: Some(id.to_string()),
            unit_id: Some(owner.unit_id),
            details: serde_json::json!({ "owner": owner.kind, "owner_id": owner.id, "title": title, "public": public, "sha256": sha }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The owner of a stored document, for permission checks.
async fn owner_unit(tx: &mut Tx, d: &Document) -> AppResult<(i64, bool)> {
    match d.owner_kind.as_str() {
        "event" => {
            let e = caunoi_store::events::find(tx, d.owner_id)
                .await?
                .ok_or(AppError::NotFound("document"))?;
            let c = caunoi_store::councils::find(tx, e.council_id)
                .await?
                .ok_or(AppError::NotFound("document"))?;
            Ok((c.unit_id, e.state == "published"))
        }
        "resolution" => {
            let r = caunoi_store::resolutions::find(tx, d.owner_id)
                .await?
                .ok_or(AppError::NotFound("document"))?;
            let c = caunoi_store::councils::find(tx, r.council_id)
                .await?
                .ok_or(AppError::NotFound("document"))?;
            Ok((c.unit_id, r.state == "published"))
        }
        _ => Err(AppError::NotFound("document")),
    }
}

/// Releases a draft document to the public.
pub async fn release(app: &App, ctx: &Ctx, id: i64) -> AppResult<()> {
    let mut tx = app.db.write().await?;
    let d = documents::find(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound("document"))?;
    let (unit_id, _) = owner_unit(&mut tx, &d).await?;
    super::registry::check_unit(&mut tx, ctx, unit_id).await?;
    let t = now();
    documents::release(&mut tx, id, t).await?;
    record::change(
        &mut tx,
        ctx,
        t,
        Change {
            action: "released",
            target_kind: "document",
            target_id: Some(id.to_string()),
            unit_id: Some(unit_id),
            details: serde_json::json!({ "title": d.title, "owner": d.owner_kind, "owner_id": d.owner_id }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Removes a document from its owner (the stored bytes stay; other records may share them).
pub async fn remove(app: &App, ctx: &Ctx, id: i64) -> AppResult<()> {
    let mut tx = app.db.write().await?;
    let d = documents::find(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound("document"))?;
    let (unit_id, _) = owner_unit(&mut tx, &d).await?;
    super::registry::check_unit(&mut tx, ctx, unit_id).await?;
    documents::delete(&mut tx, id).await?;
    record::change(
        &mut tx,
        ctx,
        now(),
        Change {
            action: "removed",
            target_kind: "document",
            target_id: Some(id.to_string()),
            unit_id: Some(unit_id),
            details: serde_json::json!({ "title": d.title, "owner": d.owner_kind, "owner_id": d.owner_id }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A document for download: public ones of published records to anyone; drafts (or documents of
/// unpublished records) only to those who may see drafts — to anyone else it does not exist.
pub async fn file(app: &App, ctx: &Ctx, id: i64) -> AppResult<(Document, Vec<u8>)> {
    let mut tx = app.db.read().await?;
    let mut d = documents::find(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound("document"))?;
    let (unit_id, owner_public) = owner_unit(&mut tx, &d).await?;
    let public = d.public && owner_public;
    // What the caller sees as `public` is whether anyone may read it: a released document of
    // an unpublished event is still private (and must not be kept by shared caches).
    d.public = public;
    if !public && !may_see_drafts(&mut tx, ctx, unit_id).await? {
        return Err(AppError::NotFound("document"));
    }
    drop(tx);
    let path = path_for(app, &d.sha256).ok_or(AppError::NotFound("document"))?;
    let bytes = tokio::fs::read(&path).await.map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            AppError::NotFound("document")
        } else {
            AppError::Internal(format!("reading document: {e}"))
        }
    })?;
    Ok((d, bytes))
}

/// Documents of a record as this actor may see them.
pub(crate) async fn visible(
    tx: &mut Tx,
    ctx: &Ctx,
    kind: &str,
    id: i64,
    unit_id: i64,
) -> AppResult<Vec<Document>> {
    let drafts = may_see_drafts(tx, ctx, unit_id).await?;
    Ok(documents::of(tx, kind, id, drafts).await?)
}
