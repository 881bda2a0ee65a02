//! Photos on the online petition form: reading the multipart form (the plain form still works,
//! for clients that send no files) and serving a photo only to those allowed to see it.

use super::petitions::SubmitForm;
use crate::AppState;
use crate::routes::common::form_rejection;
use crate::viewer::Viewer;
use axum::Form;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
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

/// Reads the form, multipart (with `photos`) or URL-encoded (without).
pub(crate) async fn read_submission(
    state: &AppState,
    req: Request,
) -> Result<(SubmitForm, Vec<PhotoUpload>), Response> {
    let multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().starts_with("multipart/form-data"));
    if !multipart {
        return match Form::<SubmitForm>::from_request(req, state).await {
            Ok(Form(f)) => Ok((f, Vec::new())),
            Err(r) => Err(form_rejection(r)),
        };
    }
    let mut mp = Multipart::from_request(req, state)
        .await
        .map_err(|r| upload_failed(r.status()))?;
    let mut text: HashMap<String, String> = HashMap::new();
    let mut photos = Vec::new();
    loop {
        match mp.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or("").to_owned();
                let file_name = field.file_name().unwrap_or("").to_owned();
                let bytes = field.bytes().await.map_err(|e| upload_failed(e.status()))?;
                if name == "photos" {
                    // A file input left empty still sends a part, with no bytes.
                    if !bytes.is_empty() {
                        photos.push(PhotoUpload {
                            file_name,
                            bytes: bytes.to_vec(),
                        });
                    }
                } else {
                    text.insert(name, String::from_utf8_lossy(&bytes).into_owned());
                }
            }
            Ok(None) => break,
            Err(e) => return Err(upload_failed(e.status())),
        }
    }
    // Every field of the form is text (or an optional text): the map is the form.
    let form: SubmitForm = serde_json::to_value(text)
        .and_then(serde_json::from_value)
        .map_err(|_| upload_failed(StatusCode::BAD_REQUEST))?;
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
