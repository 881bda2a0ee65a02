//! Photos on the online petition form: reading the multipart form (the plain form still works,
//! for clients that send no files) and serving a photo only to those allowed to see it.

use super::petitions::SubmitForm;
use crate::AppState;
use crate::routes::common::form_rejection;
use crate::viewer::Viewer;
use axum::Form;
use axum::extract::{FromRequest, Multipart, Path, Query, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use caunoi_app::petitions::{self, PhotoUpload};
use std::collections::HashMap;

/// The form with its photos: three 5 MB files plus the text and the multipart envelope.
pub(crate) const FORM_WITH_PHOTOS_LIMIT: usize = 16 * 1024 * 1024;

fn upload_failed(status: StatusCode) -> Response {
    let text = if status == StatusCode::PAYLOAD_TOO_LARGE {
        "Nội dung gửi lên quá lớn: tối đa 3 ảnh, mỗi ảnh không quá 5 MB. / Too large: at most 3 photos of 5 MB each."
    } else {
        "Không đọc được biểu mẫu gửi lên; hãy gửi lại. / The form could not be read; send it again."
    };
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

/// Whether the request carries a multipart body.
pub(crate) fn is_multipart(req: &Request) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().starts_with("multipart/form-data"))
}

/// Reads a multipart body: its text fields, and the non-empty files of the field `files`
/// (as photos). On failure, the status to answer with (413 when too large).
pub(crate) async fn read_photos_multipart(
    state: &AppState,
    req: Request,
    files: &str,
) -> Result<(HashMap<String, String>, Vec<PhotoUpload>), StatusCode> {
    let mut mp = Multipart::from_request(req, state)
        .await
        .map_err(|r| r.status())?;
    let mut text: HashMap<String, String> = HashMap::new();
    let mut photos = Vec::new();
    while let Some(field) = mp.next_field().await.map_err(|e| e.status())? {
        let name = field.name().unwrap_or("").to_owned();
        let file_name = field.file_name().unwrap_or("").to_owned();
        let bytes = field.bytes().await.map_err(|e| e.status())?;
        if name == files {
            // A file input left empty still sends a part, with no bytes.
            if !bytes.is_empty() {
                photos.push(PhotoUpload::File {
                    file_name,
                    bytes: bytes.to_vec(),
                });
            }
        } else {
            text.insert(name, String::from_utf8_lossy(&bytes).into_owned());
        }
    }
    Ok((text, photos))
}

/// Text fields read from a multipart body, as the form type they make up (every field of
/// such a form is text or an optional text).
pub(crate) fn form_of<T: serde::de::DeserializeOwned>(text: HashMap<String, String>) -> Option<T> {
    serde_json::to_value(text)
        .and_then(serde_json::from_value)
        .ok()
}

/// Reads the form, multipart (with `photos`) or URL-encoded (without).
pub(crate) async fn read_submission(
    state: &AppState,
    req: Request,
) -> Result<(SubmitForm, Vec<PhotoUpload>), Response> {
    if !is_multipart(&req) {
        return match Form::<SubmitForm>::from_request(req, state).await {
            Ok(Form(f)) => Ok((f, Vec::new())),
            Err(r) => Err(form_rejection(r)),
        };
    }
    let (text, photos) = read_photos_multipart(state, req, "photos")
        .await
        .map_err(upload_failed)?;
    let form = form_of(text).ok_or_else(|| upload_failed(StatusCode::BAD_REQUEST))?;
    Ok((form, photos))
}

/// GET /kien-nghi/anh/{id}/{variant}: a photo of a public petition, or of any petition for its
/// staff. Nothing else (a pending or rejected petition's photo is "not found" to the public).
pub async fn photo(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, variant)): Path<(i64, String)>,
) -> Response {
    match petitions::photo_file(&state.app, &viewer.ctx, id, &variant).await {
        Ok((mime, bytes, public)) => {
            // A public photo may stop being public (rejected later, data deleted): cached briefly.
            let cache = if public {
                "public, max-age=300"
            } else {
                "private, no-store"
            };
            (
                [(header::CONTENT_TYPE, mime), (header::CACHE_CONTROL, cache)],
                bytes,
            )
                .into_response()
        }
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

/// GET /kien-nghi/theo-doi/anh/{id}/{variant}?ma={code}: a photo for its submitter's tracking
/// page, to whoever holds the tracking code (also before moderation); never cached by others.
pub async fn own_photo(
    State(state): State<AppState>,
    Path((id, variant)): Path<(i64, String)>,
    Query(q): Query<super::petitions::CodeParam>,
) -> Response {
    let code = q.ma.unwrap_or_default();
    match petitions::own_photo_file(&state.app, &code, id, &variant).await {
        Ok((mime, bytes)) => (
            [
                (header::CONTENT_TYPE, mime),
                (header::CACHE_CONTROL, "private, no-store"),
            ],
            bytes,
        )
            .into_response(),
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}
