//! The one error type of the use-case layer; the web layer turns it into a page or problem+json.

use caunoi_domain::FieldError;
use caunoi_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Not signed in where a signed-in person is needed.
    #[error("sign-in required")]
    Unauthenticated,
    /// Signed in, but the role does not allow it here.
    #[error("not allowed")]
    Forbidden,
    #[error("{0} not found")]
    NotFound(&'static str),
    /// Input refused; each error names its field.
    #[error("invalid input: {}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldError>),
    /// The same e-mail and password answer for unknown accounts and wrong passwords.
    #[error("wrong e-mail or password")]
    BadCredentials,
    /// The upload is larger than allowed (413); the text says the limit.
    #[error("too large: {0}")]
    TooLarge(String),
    #[error("too many attempts; retry in {retry_after_secs} s")]
    TooManyAttempts { retry_after_secs: u64 },
    #[error("store: {0}")]
    Store(#[from] StoreError),
    #[error("internal: {0}")]
    Internal(String),
}

impl From<FieldError> for AppError {
    fn from(e: FieldError) -> Self {
        AppError::Invalid(vec![e])
    }
}

impl AppError {
    pub fn invalid(field: &'static str, vi: &str, en: &str) -> Self {
        AppError::Invalid(vec![FieldError::new(field, vi, en)])
    }
}
