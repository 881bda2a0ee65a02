//! Files (PDF or DOCX) attached to an agency's answer: checked from their bytes like council
//! documents (see `crate::documents`), their text extracted, shown to the public only once the
//! answer is published, and always to the petition's staff.

use super::public::public;
use super::{find, process::roles_over};
use crate::documents::{CheckedFile, check_file, path_for, write_file};
use crate::record::{self, Change};
use crate::{App, AppError, AppResult, Ctx};
use caunoi_domain::Action;
use caunoi_store::petition_photos::{self as store, AnswerFile, NewAnswerFile};
use caunoi_store::petitions::Petition;
use caunoi_store::{Tx, now};

/// The largest answer file accepted (an agency's signed reply with annexes).
pub const MAX_ANSWER_FILE_BYTES: usize = 20 * 1024 * 1024;

/// States in which the answer is being prepared (before it is published).
const OPEN_FOR_FILES: [&str; 2] = ["forwarded", "answered"];

/// Whether the office has published the answer (the petition may since have been closed or
/// reopened): from then on only the office changes its files, and says why.
fn answer_released(p: &Petition) -> bool {
    matches!(p.state.as_str(), "published" | "closed" | "reopened")
}

/// Whether the answer is published, the only time its files are public.
pub(crate) fn answer_published(p: &Petition) -> bool {
    public(p) && answer_released(p)
}

/// Whether the actor may answer this petition (its agency's responders and the office).
async fn may_answer(tx: &mut Tx, ctx: &Ctx, p: &Petition) -> AppResult<bool> {
    let roles = roles_over(tx, ctx, p).await?;
    Ok(roles
        .iter()
        .any(|r| Action::AnswerPetitions.roles().contains(r)))
}

/// Whether the actor may add files to this petition's answer now.
pub(crate) async fn may_attach(tx: &mut Tx, ctx: &Ctx, p: &Petition) -> AppResult<bool> {
    Ok(ctx.actor.is_signed_in()
        && OPEN_FOR_FILES.contains(&p.state.as_str())
        && may_answer(tx, ctx, p).await?)
}

/// Whether the actor may remove a file from this petition's answer now: `Some(false)` without a
/// reason (the answer is not yet published: its agency's responders and the office),
/// `Some(true)` with a reason (published: the office only), `None` not at all.
pub(crate) async fn removal_right(tx: &mut Tx, ctx: &Ctx, p: &Petition) -> AppResult<Option<bool>> {
    if !ctx.actor.is_signed_in() {
        return Ok(None);
    }
    let roles = roles_over(tx, ctx, p).await?;
    let (action, needs_reason) = if answer_released(p) {
        (Action::ProcessPetitions, true)
    } else {
        (Action::AnswerPetitions, false)
    };
    Ok(roles
        .iter()
        .any(|r| action.roles().contains(r))
        .then_some(needs_reason))
}

/// Refuses, before an upload is read, those who may not answer petition `id`.
pub async fn check_answer_file_right(app: &App, ctx: &Ctx, id: i64) -> AppResult<()> {
    if !ctx.actor.is_signed_in() {
        return Err(AppError::Unauthenticated);
    }
    let mut tx = app.db.read().await?;
    let p = find(&mut tx, id).await?;
    if !may_answer(&mut tx, ctx, &p).await? {
        return Err(crate::accounts::deny(ctx));
    }
    Ok(())
}

/// Attaches a PDF or DOCX to the answer of petition `id`.
pub async fn attach_answer_file(
    app: &App,
    ctx: &Ctx,
    id: i64,
    title: &str,
    file_name: &str,
    bytes: Vec<u8>,
) -> AppResult<i64> {
    check_answer_file_right(app, ctx, id).await?;
    let title = vntext::nfc(title.trim());
    if title.is_empty() || title.chars().count() > 300 {
        return Err(AppError::invalid(
            "title",
            "Tên tệp đính kèm là bắt buộc (tối đa 300 ký tự), ví dụ “Công văn trả lời số 123/SXD”.",
            "A title is required (at most 300 characters).",
        ));
    }
    if bytes.is_empty() {
        return Err(AppError::invalid(
            "file",
            "Hãy chọn tệp PDF hoặc DOCX (Word) để đính kèm.",
            "Choose a PDF or DOCX (Word) file to attach.",
        ));
    }
    if bytes.len() > MAX_ANSWER_FILE_BYTES {
        return Err(AppError::invalid(
            "file",
            "Tệp tối đa 20 MB. Chỉ nhận tệp PDF hoặc DOCX (Word).",
            "At most 20 MB. Only PDF or DOCX (Word) files are accepted.",
        ));
    }
    // A scan has no text: the file is still the agency's answer.
    let CheckedFile {
        sha256: sha,
        content_type,
        file_name,
        text,
        path,
    } = check_file(app, &bytes, file_name, "tra-loi").await?;
    let fresh = !tokio::fs::try_exists(&path).await.unwrap_or(false);
    if fresh {
        write_file(&path, &sha, &bytes).await?;
    }
    let result = store_row(
        app,
        ctx,
        id,
        title,
        file_name,
        content_type,
        &sha,
        bytes.len(),
        text,
    )
    .await;
    match &result {
        Err(_) if fresh => {
            // Nothing points at the file: it goes with the refused transaction.
            let _ = tokio::fs::remove_file(&path).await;
        }
        // The bytes were there already; a removal of their last other user may have deleted
        // them meanwhile: the new row must not point at nothing.
        Ok(_) if !fresh && !tokio::fs::try_exists(&path).await.unwrap_or(true) => {
            write_file(&path, &sha, &bytes).await?;
        }
        _ => {}
    }
    result
}

#[allow(clippy::too_many_arguments)]
async fn store_row(
    app: &App,
    ctx: &Ctx,
    id: i64,
    title: String,
    file_name: String,
    content_type: &str,
    sha: &str,
    size: usize,
    text: String,
) -> AppResult<i64> {
    let t = now();
    let mut tx = app.db.write().await?;
    // Checked again in the writing transaction: the petition may have moved on meanwhile.
    let p = find(&mut tx, id).await?;
    if !may_attach(&mut tx, ctx, &p).await? {
        if !may_answer(&mut tx, ctx, &p).await? {
            return Err(crate::accounts::deny(ctx));
        }
        return Err(AppError::invalid(
            "file",
            "Chỉ đính kèm tệp khi kiến nghị đã chuyển cơ quan hoặc đã trả lời và chưa công khai câu trả lời.",
            "Files are attached while the answer is being prepared (forwarded or answered, not yet published).",
        ));
    }
    let file_id = store::insert_answer_file(
        &mut tx,
        &NewAnswerFile {
            petition_id: id,
            title: title.clone(),
            file_name,
            content_type: content_type.to_owned(),
            sha256: sha.to_owned(),
            size: size as i64,
            text,
            uploaded_by: ctx.actor.label.clone(),
        },
        t,
    )
    .await?;
    record::change(
        &mut tx,
        ctx,
        t,
        Change {
            action: "answer_file_attached",
            target_kind: "petition",
            target_id: Some(id.to_string()),
            unit_id: Some(p.council_unit_id),
            details: serde_json::json!({ "file_id": file_id, "title": title, "sha256": sha }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(file_id)
}

/// The answer's files on the public page: none until the answer is published.
pub async fn public_answer_files(app: &App, id: i64) -> AppResult<Vec<AnswerFile>> {
    let mut tx = app.db.read().await?;
    let p = find(&mut tx, id).await?;
    if !answer_published(&p) {
        return Ok(Vec::new());
    }
    Ok(store::answer_files(&mut tx, id).await?)
}

/// One answer file for download: the public once the answer is published, staff always.
/// Returns the file, its bytes and whether it is public.
pub async fn answer_file(
    app: &App,
    ctx: &Ctx,
    file_id: i64,
) -> AppResult<(AnswerFile, Vec<u8>, bool)> {
    let mut tx = app.db.read().await?;
    let f = store::find_answer_file(&mut tx, file_id)
        .await?
        .ok_or(AppError::NotFound("file"))?;
    let p = find(&mut tx, f.petition_id).await?;
    let is_public = answer_published(&p);
    let allowed = is_public || (ctx.actor.is_signed_in() && may_answer(&mut tx, ctx, &p).await?);
    if !allowed {
        return Err(AppError::NotFound("file"));
    }
    drop(tx);
    let path = path_for(app, &f.sha256).ok_or(AppError::NotFound("file"))?;
    let bytes = tokio::fs::read(&path)
        .await
        .map_err(|e| AppError::Internal(format!("reading answer file: {e}")))?;
    Ok((f, bytes, is_public))
}

/// A petition's answer files as the actor may see them, and whether the answer is published.
#[derive(Debug, Clone)]
pub struct AnswerFiles {
    pub files: Vec<AnswerFile>,
    pub published: bool,
}

/// The answer's files: the public's once the answer is published (none before), those who may
/// answer it always. A petition the public may not see is "not found" to anyone else.
pub async fn answer_files_for(app: &App, ctx: &Ctx, id: i64) -> AppResult<AnswerFiles> {
    let mut tx = app.db.read().await?;
    let p = find(&mut tx, id).await?;
    let published = answer_published(&p);
    let staff = ctx.actor.is_signed_in() && may_answer(&mut tx, ctx, &p).await?;
    if !public(&p) && !staff {
        return Err(AppError::NotFound("petition"));
    }
    let files = if published || staff {
        store::answer_files(&mut tx, id).await?
    } else {
        Vec::new()
    };
    Ok(AnswerFiles { files, published })
}

/// The longest reason for removing a file from a published answer.
const MAX_REASON_CHARS: usize = 500;

/// Removes a file from the answer of petition `id`: its responders and the office until the
/// answer is published, then only the office, with a reason. The audit row and the outbox event
/// are in the same transaction; the bytes go after the commit unless another record uses them.
pub async fn remove_answer_file(
    app: &App,
    ctx: &Ctx,
    id: i64,
    file_id: i64,
    reason: &str,
) -> AppResult<()> {
    if !ctx.actor.is_signed_in() {
        return Err(AppError::Unauthenticated);
    }
    let t = now();
    let mut tx = app.db.write().await?;
    let p = find(&mut tx, id).await?;
    // An agency's responder after publication, or anyone with no part in the petition.
    let Some(needs_reason) = removal_right(&mut tx, ctx, &p).await? else {
        return Err(crate::accounts::deny(ctx));
    };
    let f = store::find_answer_file(&mut tx, file_id)
        .await?
        .filter(|f| f.petition_id == id)
        .ok_or(AppError::NotFound("file"))?;
    let reason = vntext::nfc(reason.trim());
    if needs_reason && reason.is_empty() {
        return Err(AppError::invalid(
            "reason",
            "Câu trả lời đã được công khai: hãy ghi lý do gỡ tệp (tối đa 500 ký tự), ví dụ “Đính kèm nhầm công văn của kiến nghị khác”.",
            "The answer is published: give the reason for removing the file (at most 500 characters).",
        ));
    }
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(AppError::invalid(
            "reason",
            "Lý do gỡ tệp tối đa 500 ký tự; hãy viết ngắn lại.",
            "The reason has at most 500 characters; shorten it.",
        ));
    }
    store::delete_answer_file(&mut tx, file_id).await?;
    let orphan = store::file_uses(&mut tx, &f.sha256).await? == 0;
    record::change(
        &mut tx,
        ctx,
        t,
        Change {
            action: "answer_file_removed",
            target_kind: "petition",
            target_id: Some(id.to_string()),
            unit_id: Some(p.council_unit_id),
            details: serde_json::json!({
                "file_id": file_id,
                "title": f.title,
                "sha256": f.sha256,
                "answer_published": needs_reason,
                "reason": reason,
            }),
        },
    )
    .await?;
    tx.commit().await?;
    if orphan {
        remove_unused_bytes(app, &f.sha256).await?;
    }
    Ok(())
}

/// Deletes stored bytes no record points at (asked again after the commit: an upload of the
/// same file may have arrived meanwhile).
async fn remove_unused_bytes(app: &App, sha256: &str) -> AppResult<()> {
    let mut tx = app.db.read().await?;
    if store::file_uses(&mut tx, sha256).await? > 0 {
        return Ok(());
    }
    drop(tx);
    if let Some(path) = path_for(app, sha256) {
        // Best effort: an unreachable leftover is harmless once no row points at it.
        let _ = tokio::fs::remove_file(&path).await;
    }
    Ok(())
}
