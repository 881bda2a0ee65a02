//! Uploaded images made safe and web-ready: the type is sniffed from the bytes, size and pixel
//! limits are enforced before any full decode, EXIF orientation is applied, and every output file
//! is a fresh encode so no metadata (EXIF, GPS, XMP, ICC, comments) survives.
//!
//! [`process`] is CPU-bound (decode, resize, encode): call it from `tokio::task::spawn_blocking`.
//! [`MediaStore`] keeps the results in a content-addressed folder.
//!
//! ```no_run
//! # async fn demo(upload: Vec<u8>) -> Result<(), Box<dyn std::error::Error>> {
//! use caunoi_media::{Limits, MediaStore, process};
//!
//! let processed = process(&upload, &Limits::default())?;
//! let store = MediaStore::new("/var/lib/caunoi/media");
//! store.put(&processed).await?;
//! let (kind, bytes) = store.get(&processed.sha256, "phone").await?.expect("just stored");
//! # let _ = (kind, bytes); Ok(()) }
//! ```

mod error;
mod kind;
mod limits;
mod process;
mod store;

pub use error::MediaError;
pub use kind::{ImageKind, sniff};
pub use limits::Limits;
pub use process::{DESKTOP_MAX_WIDTH, PHONE_MAX_WIDTH, Processed, VARIANT_NAMES, Variant, process};
pub use store::{CACHE_CONTROL, MediaStore};
