//! Photos on online petitions: checked from their bytes, decoded and re-encoded (so EXIF and GPS
//! from a citizen's phone never reach the disk), kept under `media_dir/petitions`, shown to the
//! public only while the petition itself is public, and deleted with the citizen's data.

use super::public::public;
use super::{find, process::roles_over};
use crate::{App, AppError, AppResult, Ctx};
use caunoi_domain::{FieldError, Role};
use caunoi_media::{Limits, MediaStore, Processed};
use caunoi_store::petition_photos::{self, NewPhoto, Photo};
use std::path::PathBuf;

/// Photos one petition may carry.
pub const MAX_PHOTOS: usize = 3;
/// Largest photo accepted, in bytes.
pub const MAX_PHOTO_BYTES: usize = 5 * 1024 * 1024;
/// Variants kept: the re-encoded original is not, so what is stored is bounded to the desktop
/// width (1280 px) whatever the phone took.
pub const PHOTO_VARIANTS: [&str; 2] = ["desktop", "phone"];

/// The field each photo's refusal names (`photos[0]` is the first): the API's own names; the
/// form shows them all beside its one `photos` input.
pub const PHOTO_FIELDS: [&str; MAX_PHOTOS] = ["photos[0]", "photos[1]", "photos[2]"];
/// Types a photo may be declared as (the bytes decide what it really is).
const PHOTO_TYPES: [&str; 3] = ["image/jpeg", "image/png", "image/webp"];

/// One photo as sent.
#[derive(Debug, Clone)]
pub enum PhotoUpload {
    /// A file from a multipart form (the site's form, Open311's `media`).
    File { file_name: String, bytes: Vec<u8> },
    /// A photo in a JSON body (the API): its declared type and base64 data, decoded only after
    /// the sender's limits are checked.
    Base64 { content_type: String, data: String },
}

impl PhotoUpload {
    fn name(&self) -> &str {
        match self {
            PhotoUpload::File { file_name, .. } => file_name,
            PhotoUpload::Base64 { .. } => "",
        }
    }

    /// The bytes, or why there are none (Vietnamese, English).
    fn into_bytes(self) -> Result<Vec<u8>, (String, String)> {
        use base64::Engine;
        let (content_type, data) = match self {
            PhotoUpload::File { bytes, .. } => return Ok(bytes),
            PhotoUpload::Base64 { content_type, data } => (content_type, data),
        };
        let declared = content_type.trim().to_ascii_lowercase();
        if !PHOTO_TYPES.contains(&declared.as_str()) {
            return Err((
                format!(
                    "content_type “{}” không được nhận; ghi image/jpeg, image/png hoặc image/webp.",
                    content_type.trim()
                ),
                format!(
                    "content_type “{}” is not accepted; use image/jpeg, image/png or image/webp.",
                    content_type.trim()
                ),
            ));
        }
        // A data: URI is accepted as well as bare base64; line breaks are ignored.
        let data = data.trim();
        let data = data
            .strip_prefix("data:")
            .and_then(|d| d.split_once(";base64,").map(|(_, b)| b))
            .unwrap_or(data);
        let data: String = data.chars().filter(|c| !c.is_ascii_whitespace()).collect();
        // Four base64 characters per three bytes: longer text cannot decode to 5 MB or less.
        if data.len() > MAX_PHOTO_BYTES.div_ceil(3) * 4 {
            return Err(too_large());
        }
        base64::engine::general_purpose::STANDARD
            .decode(data.as_bytes())
            .map_err(|_| {
                (
                    "data không phải base64 hợp lệ; gửi nội dung tệp ảnh mã hóa base64 (RFC 4648)."
                        .to_owned(),
                    "data is not valid base64; send the image file encoded as base64 (RFC 4648)."
                        .to_owned(),
                )
            })
    }
}

fn too_large() -> (String, String) {
    (
        "tệp lớn hơn 5 MB.".to_owned(),
        "the file is larger than 5 MB.".to_owned(),
    )
}

fn refused(errors: &mut Vec<FieldError>, n: usize, name: &str, why_vi: &str, why_en: &str) {
    let which = if name.is_empty() {
        format!("{n}")
    } else {
        format!("{n} ({name})")
    };
    errors.push(FieldError::new(
        PHOTO_FIELDS[n - 1],
        format!(
            "Ảnh {which}: {why_vi} Chỉ nhận tối đa {MAX_PHOTOS} ảnh JPEG, PNG hoặc WebP, mỗi ảnh không quá 5 MB."
        ),
        format!(
            "Photo {which}: {why_en} Up to {MAX_PHOTOS} JPEG, PNG or WebP images of at most 5 MB each are accepted."
        ),
    ));
}

/// Checks and re-encodes the photos; what is wrong goes into `errors` under `photos` (too many)
/// or the photo's own field (`photos[0]`…). CPU work runs on blocking threads.
pub(crate) async fn check(
    uploads: Vec<PhotoUpload>,
    errors: &mut Vec<FieldError>,
) -> AppResult<Vec<Processed>> {
    if uploads.len() > MAX_PHOTOS {
        errors.push(FieldError::new(
            "photos",
            format!(
                "Đã chọn {} ảnh. Chỉ nhận tối đa {MAX_PHOTOS} ảnh JPEG, PNG hoặc WebP, mỗi ảnh không quá 5 MB.",
                uploads.len()
            ),
            format!(
                "{} photos were chosen. Up to {MAX_PHOTOS} JPEG, PNG or WebP images of at most 5 MB each are accepted.",
                uploads.len()
            ),
        ));
        return Ok(Vec::new());
    }
    let limits = Limits {
        max_bytes: MAX_PHOTO_BYTES,
        ..Limits::default()
    };
    let mut out = Vec::new();
    for (i, up) in uploads.into_iter().enumerate() {
        let n = i + 1;
        let name = up.name().to_owned();
        let bytes = match up.into_bytes() {
            Ok(b) if b.len() > MAX_PHOTO_BYTES => Err(too_large()),
            other => other,
        };
        let bytes = match bytes {
            Ok(b) => b,
            Err((vi, en)) => {
                refused(errors, n, &name, &vi, &en);
                continue;
            }
        };
        let result = tokio::task::spawn_blocking(move || caunoi_media::process(&bytes, &limits))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?;
        match result {
            Ok(mut p) => {
                p.variants.retain(|v| PHOTO_VARIANTS.contains(&v.name));
                out.push(p);
            }
            Err(e) => refused(errors, n, &name, &e.message_vi(), &e.to_string()),
        }
    }
    Ok(out)
}

fn store(app: &App) -> MediaStore {
    MediaStore::new(app.settings.media_dir.join("petitions"))
}

fn dir_of(app: &App, sha256: &str) -> PathBuf {
    store(app).root().join(&sha256[..2]).join(sha256)
}

/// Files written ahead of a commit: the folders this call created, to remove if the commit fails.
#[derive(Debug, Default)]
pub(crate) struct Written {
    created: Vec<PathBuf>,
}

/// Writes the photos' files before the transaction that records them (a row must never point
/// at a missing file); returns the rows to insert and what to undo on failure.
pub(crate) async fn write(app: &App, photos: &[Processed]) -> AppResult<(Vec<NewPhoto>, Written)> {
    let mut written = Written::default();
    let mut rows = Vec::new();
    for (i, p) in photos.iter().enumerate() {
        let dir = dir_of(app, &p.sha256);
        // An image already there belongs to another petition too: it must survive a failure here.
        let existed = tokio::fs::try_exists(&dir).await.unwrap_or(true);
        if let Err(e) = store(app).put(p).await {
            discard(written).await;
            return Err(AppError::Internal(format!("storing photo: {e}")));
        }
        if !existed {
            written.created.push(dir);
        }
        rows.push(NewPhoto {
            position: i as i64 + 1,
            sha256: p.sha256.clone(),
            kind: p.kind.extension().to_owned(),
            width: i64::from(p.width),
            height: i64::from(p.height),
        });
    }
    Ok((rows, written))
}

/// Removes files written for a transaction that did not commit.
pub(crate) async fn discard(written: Written) {
    for dir in written.created {
        // Best effort: the error that made us discard is the one the caller reports.
        let _ = tokio::fs::remove_dir_all(&dir).await;
    }
}

/// Removes the files of images no row uses any more (after the deleting commit).
pub(crate) async fn remove_files(app: &App, orphans: &[String]) {
    for sha in orphans {
        if sha.len() == 64 && sha.bytes().all(|b| b.is_ascii_hexdigit()) {
            // Best effort: a leftover file is unreachable once its row is gone.
            let _ = tokio::fs::remove_dir_all(dir_of(app, sha)).await;
        }
    }
}

/// The photos of a public petition (none is shown before approval, nor on a rejected one).
pub async fn public_photos(app: &App, petition_id: i64) -> AppResult<Vec<Photo>> {
    let mut tx = app.db.read().await?;
    let p = find(&mut tx, petition_id).await?;
    if !public(&p) {
        return Err(AppError::NotFound("petition"));
    }
    Ok(petition_photos::of_petition(&mut tx, petition_id).await?)
}

/// Whether the actor works on this petition (clerks, the council's admins, its agency).
async fn is_staff(
    tx: &mut caunoi_store::Tx,
    ctx: &Ctx,
    p: &caunoi_store::petitions::Petition,
) -> AppResult<bool> {
    let roles = roles_over(tx, ctx, p).await?;
    Ok(roles.iter().any(|r| {
        matches!(
            r,
            Role::Clerk | Role::CouncilAdmin | Role::Admin | Role::Agency
        )
    }))
}

/// A photo's file for serving: (content type, bytes). The public gets it only while the
/// petition is public; staff always. Anyone else learns only that there is nothing here.
pub async fn photo_file(
    app: &App,
    ctx: &Ctx,
    photo_id: i64,
    variant: &str,
) -> AppResult<(&'static str, Vec<u8>, bool)> {
    if !PHOTO_VARIANTS.contains(&variant) {
        return Err(AppError::NotFound("photo"));
    }
    let mut tx = app.db.read().await?;
    let photo = petition_photos::find(&mut tx, photo_id)
        .await?
        .ok_or(AppError::NotFound("photo"))?;
    let p = find(&mut tx, photo.petition_id).await?;
    let is_public = public(&p);
    let allowed = is_public || (ctx.actor.is_signed_in() && is_staff(&mut tx, ctx, &p).await?);
    if !allowed {
        return Err(AppError::NotFound("photo"));
    }
    drop(tx);
    let (mime, bytes) = read_variant(app, &photo.sha256, variant).await?;
    Ok((mime, bytes, is_public))
}

async fn read_variant(
    app: &App,
    sha256: &str,
    variant: &str,
) -> AppResult<(&'static str, Vec<u8>)> {
    match store(app).get(sha256, variant).await {
        Ok(Some((kind, bytes))) => Ok((kind.mime(), bytes)),
        Ok(None) => Err(AppError::NotFound("photo")),
        Err(e) => Err(AppError::Internal(format!("reading photo: {e}"))),
    }
}

/// The first photo of each public petition among `ids`, as (petition id, photo id): what an
/// Open311 `media_url` points at. Petitions the public may not see have none.
pub async fn first_public_photos(app: &App, ids: &[i64]) -> AppResult<Vec<(i64, i64)>> {
    let mut tx = app.db.read().await?;
    let mut out = Vec::new();
    for &id in ids {
        let Some(p) = caunoi_store::petitions::find(&mut tx, id).await? else {
            continue;
        };
        if !public(&p) {
            continue;
        }
        if let Some(first) = petition_photos::of_petition(&mut tx, id).await?.first() {
            out.push((id, first.id));
        }
    }
    Ok(out)
}

/// The submitter's own photos on their tracking page (code and contact checked), also while
/// the petition awaits moderation.
pub async fn own_photos(app: &App, code: &str, contact: &str) -> AppResult<Vec<Photo>> {
    let mut tx = app.db.read().await?;
    let (p, _) = super::public::own(&mut tx, code, contact).await?;
    Ok(petition_photos::of_petition(&mut tx, p.id).await?)
}

/// A photo for its submitter's tracking page: served to whoever holds the petition's tracking
/// code (never by id alone, so a pending photo is not public). Anyone else: "not found".
pub async fn own_photo_file(
    app: &App,
    code: &str,
    photo_id: i64,
    variant: &str,
) -> AppResult<(&'static str, Vec<u8>)> {
    if !PHOTO_VARIANTS.contains(&variant) {
        return Err(AppError::NotFound("photo"));
    }
    let code =
        caunoi_domain::petition::TrackingCode::parse(code).ok_or(AppError::NotFound("photo"))?;
    let mut tx = app.db.read().await?;
    let photo = petition_photos::find(&mut tx, photo_id)
        .await?
        .ok_or(AppError::NotFound("photo"))?;
    let owner = caunoi_store::petitions::find_by_code(&mut tx, code.as_str()).await?;
    if owner.is_none_or(|p| p.id != photo.petition_id) {
        return Err(AppError::NotFound("photo"));
    }
    drop(tx);
    read_variant(app, &photo.sha256, variant).await
}

/// The submitter's photos for their data export: each as it is kept (the larger variant), as a
/// `data:` URI, so the export is whole without the photo being public.
pub(crate) async fn for_export(app: &App, photos: &[Photo]) -> AppResult<Vec<serde_json::Value>> {
    use base64::Engine;
    let mut out = Vec::new();
    for photo in photos {
        let (mime, bytes) = match store(app).get(&photo.sha256, PHOTO_VARIANTS[0]).await {
            Ok(Some((kind, bytes))) => (kind.mime(), bytes),
            Ok(None) => continue,
            Err(e) => return Err(AppError::Internal(format!("reading photo: {e}"))),
        };
        out.push(serde_json::json!({
            "position": photo.position,
            "width": photo.width,
            "height": photo.height,
            "received_at": photo.created_at,
            "data": format!(
                "data:{mime};base64,{}",
                base64::engine::general_purpose::STANDARD.encode(bytes)
            ),
        }));
    }
    Ok(out)
}
