//! Photos on the online petition form: reading the multipart form (the plain form still works,
//! for clients that send no files) and serving a photo only to those allowed to see it.

use super::petitions::SubmitForm;
use crate::AppState;
use crate::routes::common::{form_rejection, is_multipart, read_multipart};
use crate::viewer::Viewer;
use axum::Form;
use axum::extract::{FromRequest, Path, Query, Request, State};
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

/// Reads a multipart body: its text fields, and the files of the field `files` as photos. On
/// failure, the status to answer with (413 when too large).
pub(crate) async fn read_photos_multipart(
    state: &AppState,
    req: Request,
    files: &str,
) -> Result<(HashMap<String, String>, Vec<PhotoUpload>), StatusCode> {
    let body = read_multipart(state, req, files)
        .await
        .map_err(|(status, _)| status)?;
    let photos = body
        .files
        .into_iter()
        .map(|(file_name, bytes)| PhotoUpload::File { file_name, bytes })
        .collect();
    Ok((body.text, photos))
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
