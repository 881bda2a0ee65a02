//! A content-addressed folder of processed images: `root/{sha[0..2]}/{sha}/{variant}.{ext}`.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::io::AsyncWriteExt;

use crate::{ImageKind, Processed, VARIANT_NAMES};

/// `Cache-Control` for served variants: a file's address is the hash of its upload, so the bytes
/// behind an address never change.
pub const CACHE_CONTROL: &str = "public, max-age=31536000, immutable";

/// Stores and reads processed images under one folder.
#[derive(Debug, Clone)]
pub struct MediaStore {
    root: PathBuf,
}

impl MediaStore {
    /// A store rooted at `root`; the folder is created on the first `put`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Writes every variant. An upload already stored (same SHA-256) is left as it is, so
    /// duplicate uploads cost no writes. Each file appears whole or not at all.
    pub async fn put(&self, processed: &Processed) -> io::Result<()> {
        let dir = self.dir_for(&processed.sha256).ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                "sha256 is not 64 lowercase hex digits",
            )
        })?;
        tokio::fs::create_dir_all(&dir).await?;
        for variant in &processed.variants {
            if !VARIANT_NAMES.contains(&variant.name) {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("unknown variant name {:?}", variant.name),
                ));
            }
            let path = dir.join(file_name(variant.name, variant.kind));
            if tokio::fs::try_exists(&path).await? {
                continue;
            }
            write_atomically(&dir, &path, &variant.bytes).await?;
        }
        Ok(())
    }

    /// Reads one variant. Returns `Ok(None)` when it is not stored, and also when `sha256` is not
    /// 64 lowercase hex digits or `variant` is not a known name: such strings come from URLs and
    /// must never become paths.
    pub async fn get(
        &self,
        sha256: &str,
        variant: &str,
    ) -> io::Result<Option<(ImageKind, Vec<u8>)>> {
        let (Some(dir), true) = (self.dir_for(sha256), VARIANT_NAMES.contains(&variant)) else {
            return Ok(None);
        };
        // The kind of a variant follows the upload's kind, which the URL does not carry.
        for kind in ImageKind::ALL {
            match tokio::fs::read(dir.join(file_name(variant, kind))).await {
                Ok(bytes) => return Ok(Some((kind, bytes))),
                Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                Err(e) => return Err(e),
            }
        }
        Ok(None)
    }

    /// `root/{sha[0..2]}/{sha}`, only for a well-formed hash.
    fn dir_for(&self, sha256: &str) -> Option<PathBuf> {
        is_sha256_hex(sha256).then(|| self.root.join(&sha256[..2]).join(sha256))
    }
}

fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

fn file_name(variant: &str, kind: ImageKind) -> String {
    format!("{variant}.{}", kind.extension())
}

/// Writes to a temporary name in the same folder, syncs, then renames, so a reader or a crash
/// never leaves a half-written image at the final path.
async fn write_atomically(dir: &Path, path: &Path, bytes: &[u8]) -> io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let unique = COUNTER.fetch_add(1, Ordering::Relaxed);
    let tmp = dir.join(format!(".tmp-{}-{unique}", std::process::id()));
    let result = async {
        let mut file = tokio::fs::File::create(&tmp).await?;
        file.write_all(bytes).await?;
        file.sync_all().await?;
        drop(file);
        tokio::fs::rename(&tmp, path).await
    }
    .await;
    if result.is_err() {
        // Best effort: the original error is the one worth reporting.
        let _ = tokio::fs::remove_file(&tmp).await;
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_lowercase_64_hex_is_a_hash() {
        let good = "ab".repeat(32);
        assert!(is_sha256_hex(&good));
        assert!(!is_sha256_hex(&good.to_uppercase()));
        assert!(!is_sha256_hex(&good[..63]));
        assert!(!is_sha256_hex(&format!("{good}0")));
        assert!(!is_sha256_hex(&format!("../{}", &good[3..])));
        // Multi-byte text of the right byte length must not slip through.
        assert!(!is_sha256_hex(&"đ".repeat(32)));
    }

    #[test]
    fn layout_is_two_level() {
        let store = MediaStore::new("/srv/media");
        let sha = format!("0f{}", "1".repeat(62));
        assert_eq!(
            store.dir_for(&sha).unwrap(),
            Path::new("/srv/media").join("0f").join(&sha)
        );
    }
}
