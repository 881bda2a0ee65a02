//! Why an export cannot be imported, in English for logs and in Vietnamese for the office.

/// An export that cannot be read as an article. Each error names the line (1-based) where
/// the expected part was missing or unreadable, so the person importing can fix the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// The publication time line is not where it should be (first line, or after a stray
    /// marker line).
    #[error(
        "line {line}: expected the publication time in Vietnam time, such as `09:56 | 12/10/2017`, but found {}",
        found_en(.found)
    )]
    MissingTime {
        /// Line where the time was expected.
        line: usize,
        /// Start of what is there instead; `None` at the end of the file.
        found: Option<String>,
    },
    /// The time line is there but is not a valid time and date.
    #[error(
        "line {line}: cannot read the publication time “{text}”: expected hour:minute and day/month/year in Vietnam time, such as `09:56 | 12/10/2017`"
    )]
    BadTime {
        /// Line of the time.
        line: usize,
        /// The line as written.
        text: String,
    },
    /// The file ends (or reaches its source line) before the category and the title.
    #[error(
        "line {line}: expected the article title (the time line is followed by the category line, then the title)"
    )]
    MissingTitle {
        /// Line where the title (or the category before it) was expected.
        line: usize,
    },
    /// The file has no text at all.
    #[error(
        "line 1: the file is empty; expected an article export starting with a time line such as `09:56 | 12/10/2017`"
    )]
    Empty,
}

impl ImportError {
    /// The line (1-based) the error is about.
    pub fn line(&self) -> usize {
        match self {
            ImportError::MissingTime { line, .. }
            | ImportError::BadTime { line, .. }
            | ImportError::MissingTitle { line } => *line,
            ImportError::Empty => 1,
        }
    }

    /// The message for Vietnamese readers (the office staff who run imports).
    pub fn message_vi(&self) -> String {
        match self {
            ImportError::MissingTime { line, found } => format!(
                "Dòng {line}: cần dòng thời gian đăng bài theo giờ Việt Nam, ví dụ “09:56 | 12/10/2017”, nhưng gặp {}.",
                match found {
                    Some(text) => format!("“{}”", excerpt(text)),
                    None => "hết tệp".to_owned(),
                }
            ),
            ImportError::BadTime { line, text } => format!(
                "Dòng {line}: không đọc được thời gian “{text}”; cần giờ:phút và ngày/tháng/năm theo giờ Việt Nam, ví dụ “09:56 | 12/10/2017”."
            ),
            ImportError::MissingTitle { line } => format!(
                "Dòng {line}: thiếu tiêu đề bài viết (sau dòng thời gian là dòng chuyên mục, rồi đến dòng tiêu đề)."
            ),
            ImportError::Empty => {
                "Tệp trống: dòng 1 cần là dòng thời gian đăng bài, ví dụ “09:56 | 12/10/2017”."
                    .to_owned()
            }
        }
    }
}

fn found_en(found: &Option<String>) -> String {
    match found {
        Some(text) => format!("“{}”", excerpt(text)),
        None => "the end of the file".to_owned(),
    }
}

/// Enough of a line to recognise it; a whole paragraph would drown the message.
fn excerpt(text: &str) -> String {
    const MAX_CHARS: usize = 60;
    if text.chars().count() <= MAX_CHARS {
        text.to_owned()
    } else {
        let mut short: String = text.chars().take(MAX_CHARS).collect();
        short.push('…');
        short
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_found_text_is_cut_in_both_languages() {
        let err = ImportError::MissingTime {
            line: 2,
            found: Some("x".repeat(500)),
        };
        assert!(err.to_string().len() < 250, "{err}");
        assert!(err.message_vi().contains("…"));
        assert!(err.message_vi().starts_with("Dòng 2:"));
    }
}
