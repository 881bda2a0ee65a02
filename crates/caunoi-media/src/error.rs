//! Why an upload was refused, worded for the person who sent it (English and Vietnamese).

/// A refused upload. The `Display` text is English and says what to do; [`MediaError::message_vi`]
/// is the Vietnamese text shown on the portal.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MediaError {
    #[error("image is too large: the limit is {}; compress or resize it and upload again", mb(*.max_bytes, '.'))]
    TooLarge { max_bytes: usize },

    #[error("{}only JPEG, PNG or WebP images are accepted; save the image in one of those formats and upload again", detected_en(.detected))]
    Unsupported { detected: Option<String> },

    #[error(
        "image is {width}×{height} pixels, more than the portal accepts; scale it down and upload again"
    )]
    TooManyPixels { width: u32, height: u32 },

    #[error(
        "image file is damaged or incomplete ({0}); export or save it again and upload the new file"
    )]
    Corrupt(String),
}

impl MediaError {
    /// The message for the uploader, in Vietnamese (NFC).
    pub fn message_vi(&self) -> String {
        match self {
            MediaError::TooLarge { max_bytes } => {
                format!("Ảnh quá lớn: tối đa {}.", mb(*max_bytes, ','))
            }
            MediaError::Unsupported {
                detected: Some(what),
            } => {
                format!(
                    "Chỉ nhận ảnh JPEG, PNG hoặc WebP (tệp đã gửi là {}).",
                    what_vi(what)
                )
            }
            MediaError::Unsupported { detected: None } => {
                "Chỉ nhận ảnh JPEG, PNG hoặc WebP.".to_owned()
            }
            MediaError::TooManyPixels { width, height } => format!(
                "Ảnh {width}×{height} điểm ảnh vượt quá giới hạn: hãy thu nhỏ ảnh rồi tải lên lại."
            ),
            MediaError::Corrupt(_) => {
                "Tệp ảnh bị hỏng hoặc không đầy đủ: hãy lưu lại ảnh rồi tải lên lại.".to_owned()
            }
        }
    }

    /// The HTTP status a handler should answer with: 413 for size, 415 for type, 422 for an
    /// image that is readable as a type but refused for its content.
    pub fn http_status(&self) -> u16 {
        match self {
            MediaError::TooLarge { .. } => 413,
            MediaError::Unsupported { .. } => 415,
            MediaError::TooManyPixels { .. } | MediaError::Corrupt(_) => 422,
        }
    }
}

/// Megabytes as people read them (1 MB = 1 MiB here, matching what file managers show), with
/// one decimal only when needed and the decimal mark of the language.
fn mb(bytes: usize, decimal_mark: char) -> String {
    const MIB: u128 = 1024 * 1024;
    // Rounded down: a file under the stated limit must always be accepted.
    let tenths = bytes as u128 * 10 / MIB;
    if tenths.is_multiple_of(10) {
        format!("{} MB", tenths / 10)
    } else {
        format!("{}{decimal_mark}{} MB", tenths / 10, tenths % 10)
    }
}

fn detected_en(detected: &Option<String>) -> String {
    match detected {
        Some(what) => format!("this file is {what}; "),
        None => String::new(),
    }
}

fn what_vi(what: &str) -> String {
    match what {
        "text" => "văn bản".to_owned(),
        other => match other.strip_suffix(" variant") {
            Some(kind) => format!("một dạng {kind} chưa được hỗ trợ"),
            None => other.to_owned(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_messages_match_the_catalogue() {
        assert_eq!(
            MediaError::TooLarge {
                max_bytes: 10 * 1024 * 1024
            }
            .message_vi(),
            "Ảnh quá lớn: tối đa 10 MB."
        );
        assert_eq!(
            MediaError::Unsupported { detected: None }.message_vi(),
            "Chỉ nhận ảnh JPEG, PNG hoặc WebP."
        );
        assert_eq!(
            MediaError::Unsupported {
                detected: Some("GIF".into())
            }
            .message_vi(),
            "Chỉ nhận ảnh JPEG, PNG hoặc WebP (tệp đã gửi là GIF)."
        );
        assert_eq!(
            MediaError::Unsupported {
                detected: Some("text".into())
            }
            .message_vi(),
            "Chỉ nhận ảnh JPEG, PNG hoặc WebP (tệp đã gửi là văn bản)."
        );
        assert_eq!(
            MediaError::Unsupported {
                detected: Some("JPEG variant".into())
            }
            .message_vi(),
            "Chỉ nhận ảnh JPEG, PNG hoặc WebP (tệp đã gửi là một dạng JPEG chưa được hỗ trợ)."
        );
        assert!(
            MediaError::TooManyPixels {
                width: 50_000,
                height: 50_000
            }
            .message_vi()
            .contains("50000×50000")
        );
    }

    #[test]
    fn english_messages_say_what_to_do() {
        let e = MediaError::TooLarge {
            max_bytes: 10 * 1024 * 1024,
        };
        assert_eq!(
            e.to_string(),
            "image is too large: the limit is 10 MB; compress or resize it and upload again"
        );
        let e = MediaError::Unsupported {
            detected: Some("SVG".into()),
        };
        assert_eq!(
            e.to_string(),
            "this file is SVG; only JPEG, PNG or WebP images are accepted; save the image in one of those formats and upload again"
        );
        assert!(
            MediaError::Corrupt("x".into())
                .to_string()
                .contains("upload the new file")
        );
    }

    #[test]
    fn sizes_read_naturally_in_both_languages() {
        assert_eq!(mb(1536 * 1024, '.'), "1.5 MB");
        assert_eq!(mb(1536 * 1024, ','), "1,5 MB");
        assert_eq!(mb(5 * 1024 * 1024, ','), "5 MB");
        // Rounded down, so a file under the stated limit is never refused.
        assert_eq!(mb(1_000_000, '.'), "0.9 MB");
        assert_eq!(mb(1_100_000, '.'), "1 MB");
    }

    #[test]
    fn statuses_follow_http_semantics() {
        assert_eq!(MediaError::TooLarge { max_bytes: 1 }.http_status(), 413);
        assert_eq!(
            MediaError::Unsupported { detected: None }.http_status(),
            415
        );
        assert_eq!(MediaError::Corrupt(String::new()).http_status(), 422);
    }
}
