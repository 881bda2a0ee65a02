//! Conditional GET: ETag and Last-Modified on articles and feeds, so readers on weak
//! connections and feed readers only download what changed.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use time::macros::format_description;

/// An HTTP date: `Thu, 12 Oct 2017 02:56:00 GMT`.
pub fn http_date(t: OffsetDateTime) -> String {
    let fmt = format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    t.to_offset(time::UtcOffset::UTC)
        .format(&fmt)
        .unwrap_or_default()
}

/// A strong validator from whatever identifies this version of the content.
pub fn etag(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0]);
    }
    format!("\"{}\"", &hex::encode(h.finalize())[..20])
}

/// `Some(304)` when the client already has this version.
pub fn not_modified(
    headers: &HeaderMap,
    etag: &str,
    last_modified: Option<OffsetDateTime>,
) -> Option<Response> {
    if let Some(inm) = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    {
        // If-None-Match wins over If-Modified-Since when both are sent (RFC 9110).
        let hit = inm.split(',').any(|t| t.trim() == etag || t.trim() == "*");
        return hit.then(|| {
            with_validators(
                StatusCode::NOT_MODIFIED.into_response(),
                etag,
                last_modified,
            )
        });
    }
    if let (Some(ims), Some(lm)) = (
        headers
            .get(header::IF_MODIFIED_SINCE)
            .and_then(|v| v.to_str().ok()),
        last_modified,
    ) && ims == http_date(lm)
    {
        return Some(with_validators(
            StatusCode::NOT_MODIFIED.into_response(),
            etag,
            last_modified,
        ));
    }
    None
}

pub fn with_validators(
    mut r: Response,
    etag: &str,
    last_modified: Option<OffsetDateTime>,
) -> Response {
    if let Ok(v) = HeaderValue::from_str(etag) {
        r.headers_mut().insert(header::ETAG, v);
    }
    if let Some(lm) = last_modified
        && let Ok(v) = HeaderValue::from_str(&http_date(lm))
    {
        r.headers_mut().insert(header::LAST_MODIFIED, v);
    }
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=60"),
    );
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn http_dates_are_gmt() {
        assert_eq!(
            http_date(datetime!(2017-10-12 09:56 +7)),
            "Thu, 12 Oct 2017 02:56:00 GMT"
        );
    }

    #[test]
    fn matching_etag_gives_304() {
        let tag = etag(&["a", "1"]);
        let mut h = HeaderMap::new();
        h.insert(header::IF_NONE_MATCH, HeaderValue::from_str(&tag).unwrap());
        assert_eq!(not_modified(&h, &tag, None).unwrap().status(), 304);
        assert!(not_modified(&h, &etag(&["a", "2"]), None).is_none());
        assert!(not_modified(&HeaderMap::new(), &tag, None).is_none());
    }
}
