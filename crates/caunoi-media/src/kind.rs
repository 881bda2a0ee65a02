//! Image type detection from magic bytes: the only evidence trusted about what an upload is.

use std::fmt;

/// The image types the portal accepts and serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImageKind {
    Jpeg,
    Png,
    WebP,
}

impl ImageKind {
    /// Every kind, in the order the store probes file extensions.
    pub const ALL: [ImageKind; 3] = [ImageKind::Jpeg, ImageKind::Png, ImageKind::WebP];

    /// The `Content-Type` to serve this kind with.
    pub fn mime(&self) -> &'static str {
        match self {
            ImageKind::Jpeg => "image/jpeg",
            ImageKind::Png => "image/png",
            ImageKind::WebP => "image/webp",
        }
    }

    /// File extension used by the store (without the dot).
    pub fn extension(&self) -> &'static str {
        match self {
            ImageKind::Jpeg => "jpg",
            ImageKind::Png => "png",
            ImageKind::WebP => "webp",
        }
    }

    /// Short human name, as used in messages ("JPEG", "PNG", "WebP").
    pub fn name(&self) -> &'static str {
        match self {
            ImageKind::Jpeg => "JPEG",
            ImageKind::Png => "PNG",
            ImageKind::WebP => "WebP",
        }
    }

    pub(crate) fn format(self) -> image::ImageFormat {
        match self {
            ImageKind::Jpeg => image::ImageFormat::Jpeg,
            ImageKind::Png => image::ImageFormat::Png,
            ImageKind::WebP => image::ImageFormat::WebP,
        }
    }
}

impl fmt::Display for ImageKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// Detects an accepted image type from the first bytes alone. File names and client-sent
/// `Content-Type` are never consulted: both are whatever the uploader says they are.
pub fn sniff(bytes: &[u8]) -> Option<ImageKind> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(ImageKind::Jpeg)
    } else if bytes.starts_with(PNG_SIGNATURE) {
        Some(ImageKind::Png)
    } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some(ImageKind::WebP)
    } else {
        None
    }
}

/// Names what a refused upload looks like, so the message can say "this is a GIF" rather than
/// just "no". Best effort: `None` when nothing recognisable is found.
pub(crate) fn describe_unsupported(bytes: &[u8]) -> Option<String> {
    let named = |s: &str| Some(s.to_owned());
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        return named("GIF");
    }
    if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        return named("TIFF");
    }
    if bytes.starts_with(b"BM") && bytes.len() >= 14 {
        return named("BMP");
    }
    if bytes.starts_with(b"%PDF") {
        return named("PDF");
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return named("ZIP");
    }
    if bytes.starts_with(&[0xFF, 0x0A]) || bytes.starts_with(b"\0\0\0\x0cJXL ") {
        return named("JPEG XL");
    }
    // ISO base media files (HEIC, AVIF, MP4) carry an `ftyp` box whose brand says which.
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        return match &bytes[8..12] {
            b"heic" | b"heix" | b"hevc" | b"hevx" | b"heim" | b"heis" | b"mif1" | b"msf1" => {
                named("HEIC")
            }
            b"avif" | b"avis" => named("AVIF"),
            _ => named("video"),
        };
    }
    describe_text(bytes)
}

fn describe_text(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(4096)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    // A cut inside a multi-byte character must not make UTF-8 text look binary.
    let text = match std::str::from_utf8(head) {
        Ok(t) => t,
        Err(e) if e.error_len().is_none() => std::str::from_utf8(&head[..e.valid_up_to()]).ok()?,
        Err(_) => return None,
    };
    if text.is_empty() || text.chars().any(|c| c.is_control() && !c.is_whitespace()) {
        return None;
    }
    let lower = text.trim_start().to_ascii_lowercase();
    if lower.contains("<svg") {
        Some("SVG".to_owned())
    } else if lower.starts_with("<!doctype html") || lower.contains("<html") {
        Some("HTML".to_owned())
    } else {
        Some("text".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_the_three_accepted_kinds() {
        assert_eq!(sniff(b"\xFF\xD8\xFF\xE0rest"), Some(ImageKind::Jpeg));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\nrest"), Some(ImageKind::Png));
        assert_eq!(sniff(b"RIFF\x10\0\0\0WEBPVP8L"), Some(ImageKind::WebP));
    }

    #[test]
    fn refuses_near_misses() {
        assert_eq!(sniff(b""), None);
        assert_eq!(sniff(b"\xFF\xD8"), None, "SOI alone is not a JPEG");
        assert_eq!(sniff(b"\x89PNG\r\n"), None, "cut signature");
        assert_eq!(sniff(b"RIFF\x10\0\0\0WAVEfmt "), None, "RIFF audio");
        assert_eq!(
            sniff(b"\x89png\r\n\x1a\n"),
            None,
            "case matters in magic bytes"
        );
    }

    #[test]
    fn names_common_refused_types() {
        let cases: [(&[u8], Option<&str>); 9] = [
            (b"GIF89a\x01\0\x01\0", Some("GIF")),
            (b"\0\0\0\x18ftypheic\0\0\0\0", Some("HEIC")),
            (b"\0\0\0\x1cftypavif\0\0\0\0", Some("AVIF")),
            (
                b"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
                Some("SVG"),
            ),
            (b"\xEF\xBB\xBF<!DOCTYPE html><html></html>", Some("HTML")),
            ("Xin chào, đây là văn bản".as_bytes(), Some("text")),
            (b"%PDF-1.7", Some("PDF")),
            (b"\0\x01\x02\x03binary", None),
            (b"", None),
        ];
        for (bytes, want) in cases {
            assert_eq!(describe_unsupported(bytes).as_deref(), want, "{bytes:?}");
        }
    }

    #[test]
    fn mime_and_extension_agree_with_the_kind() {
        let pairs: Vec<_> = ImageKind::ALL
            .iter()
            .map(|k| (k.mime(), k.extension()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("image/jpeg", "jpg"),
                ("image/png", "png"),
                ("image/webp", "webp")
            ]
        );
    }
}
