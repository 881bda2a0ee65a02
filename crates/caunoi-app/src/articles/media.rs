//! Image uploads for articles: checked from the bytes, stripped of metadata, resized for
//! phones and desktops, stored once per content hash.

use crate::accounts::deny;
use crate::record::{self, Change};
use crate::{App, AppError, AppResult, Ctx};
use caunoi_domain::{Action, Target};
use caunoi_media::{Limits, MediaStore};
use caunoi_store::{articles, now};

#[derive(Debug, Clone)]
pub struct Uploaded {
    pub sha256: String,
    pub width: u32,
    pub height: u32,
    /// The line to paste into the article body.
    pub markdown: String,
}

/// Processes an upload and, when `article_id` is given, attaches it with its caption.
pub async fn upload(
    app: &App,
    ctx: &Ctx,
    article_id: Option<i64>,
    caption: &str,
    bytes: Vec<u8>,
) -> AppResult<Uploaded> {
    let caption = vntext::nfc(caption.trim());
    if caption.chars().count() > 300 {
        return Err(AppError::invalid(
            "caption",
            "Chú thích ảnh tối đa 300 ký tự.",
            "A caption has at most 300 characters.",
        ));
    }
    // Check the right to upload before spending CPU on the image.
    let council_id = {
        let mut tx = app.db.read().await?;
        let council_id = match article_id {
            Some(id) => {
                articles::find(&mut tx, id)
                    .await?
                    .ok_or(AppError::NotFound("article"))?
                    .council_id
            }
            None => {
                caunoi_store::councils::primary(&mut tx)
                    .await?
                    .ok_or(AppError::NotFound("council"))?
                    .id
            }
        };
        let (_, ancestry) = super::council_ancestry(&mut tx, council_id).await?;
        if !ctx.actor.may(
            Action::WriteArticles,
            &Target::Unit {
                ancestry: &ancestry,
            },
        ) {
            return Err(deny(ctx));
        }
        council_id
    };
    let processed = process_and_store(app, bytes).await?;
    let t = now();
    let mut tx = app.db.write().await?;
    let media_id = articles::upsert_media(
        &mut tx,
        &articles::NewMedia {
            sha256: &processed.sha256,
            kind: processed.kind.extension(),
            width: i64::from(processed.width),
            height: i64::from(processed.height),
            council_id,
            uploaded_by: &ctx.actor.label,
            at: t,
        },
    )
    .await?;
    if let Some(id) = article_id {
        // Attaching changes the article, so the same rules as editing apply.
        let desk_view = super::desk::view(app, ctx, id).await?;
        if !desk_view.can_edit {
            return Err(AppError::Forbidden);
        }
        articles::attach_image(&mut tx, id, media_id, &caption).await?;
    }
    record::change(
        &mut tx,
        ctx,
        t,
        Change {
            action: "uploaded",
            target_kind: "media",
            target_id: Some(processed.sha256.clone()),
            unit_id: None,
            details: serde_json::json!({ "article_id": article_id, "width": processed.width, "height": processed.height }),
        },
    )
    .await?;
    tx.commit().await?;
    let alt = if caption.is_empty() {
        "Ảnh".to_owned()
    } else {
        caption.replace(['[', ']'], "")
    };
    Ok(Uploaded {
        markdown: format!("![{alt}](/media/{}/desktop)", processed.sha256),
        sha256: processed.sha256,
        width: processed.width,
        height: processed.height,
    })
}

/// Checks an image from its bytes, strips its metadata, makes the phone and desktop variants and
/// stores them; the caller has already checked the right to upload.
async fn process_and_store(app: &App, bytes: Vec<u8>) -> AppResult<caunoi_media::Processed> {
    let limits = Limits::default();
    let processed = tokio::task::spawn_blocking(move || caunoi_media::process(&bytes, &limits))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(|e| match e {
            caunoi_media::MediaError::TooLarge { .. } => AppError::TooLarge(e.message_vi()),
            other => AppError::invalid("image", &other.message_vi(), &other.to_string()),
        })?;
    MediaStore::new(&app.settings.media_dir)
        .put(&processed)
        .await
        .map_err(|e| AppError::Internal(format!("storing media: {e}")))?;
    Ok(processed)
}

/// Stores an image (a delegate's photo) and returns its SHA-256 address under `/media/`.
pub(crate) async fn store_image(app: &App, bytes: Vec<u8>) -> AppResult<String> {
    Ok(process_and_store(app, bytes).await?.sha256)
}

/// A stored image variant for serving: (content type, bytes).
pub async fn file(app: &App, sha256: &str, variant: &str) -> AppResult<(&'static str, Vec<u8>)> {
    match MediaStore::new(&app.settings.media_dir)
        .get(sha256, variant)
        .await
    {
        Ok(Some((kind, bytes))) => Ok((kind.mime(), bytes)),
        Ok(None) => Err(AppError::NotFound("image")),
        Err(e) => Err(AppError::Internal(format!("reading media: {e}"))),
    }
}
