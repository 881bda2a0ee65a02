//! `MediaStore`: round trips in a temporary folder, and URL-shaped attacks on `get`.

use std::path::Path;

use caunoi_media::{ImageKind, Limits, MediaStore, Processed, VARIANT_NAMES, process};
use image::DynamicImage;

use crate::fixtures::*;

fn sample(kind: ImageKind) -> Processed {
    let bytes = match kind {
        ImageKind::Jpeg => jpeg(&gradient(700, 20)),
        ImageKind::Png => png(&DynamicImage::ImageRgb8(gradient(700, 20))),
        ImageKind::WebP => webp_lossless(&DynamicImage::ImageRgb8(gradient(700, 20)).to_rgba8()),
    };
    process(&bytes, &Limits::default()).unwrap()
}

fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path.display().to_string());
        }
    }
    out.sort();
    out
}

#[tokio::test]
async fn put_then_get_returns_every_variant() {
    let tmp = tempfile::tempdir().unwrap();
    let store = MediaStore::new(tmp.path().join("media"));
    for kind in ImageKind::ALL {
        let p = sample(kind);
        store.put(&p).await.unwrap();
        for v in &p.variants {
            let (got_kind, bytes) = store.get(&p.sha256, v.name).await.unwrap().unwrap();
            assert_eq!(got_kind, v.kind);
            assert_eq!(bytes, v.bytes, "{kind:?} {}", v.name);
            let on_disk = tmp
                .path()
                .join("media")
                .join(&p.sha256[..2])
                .join(&p.sha256)
                .join(format!("{}.{}", v.name, v.kind.extension()));
            assert!(on_disk.is_file(), "{}", on_disk.display());
        }
    }
}

#[tokio::test]
async fn storing_the_same_upload_twice_is_harmless() {
    let tmp = tempfile::tempdir().unwrap();
    let store = MediaStore::new(tmp.path());
    let p = sample(ImageKind::Jpeg);
    store.put(&p).await.unwrap();
    let before = files_under(tmp.path());
    store.put(&p).await.unwrap();
    assert_eq!(
        files_under(tmp.path()),
        before,
        "no duplicates, no temp files left"
    );
    assert_eq!(before.len(), VARIANT_NAMES.len());
}

#[tokio::test]
async fn missing_image_is_none() {
    let tmp = tempfile::tempdir().unwrap();
    let store = MediaStore::new(tmp.path());
    assert_eq!(store.get(&"0".repeat(64), "original").await.unwrap(), None);
}

#[tokio::test]
async fn path_tricks_never_read_outside_the_root() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("media");
    let store = MediaStore::new(&root);
    let p = sample(ImageKind::Jpeg);
    store.put(&p).await.unwrap();
    let sha = p.sha256.as_str();

    // Bait: files a naive `root/{sha[..2]}/{sha}/{variant}.{ext}` join would reach.
    let bait = p.variants[0].bytes.clone();
    std::fs::write(tmp.path().join("secret.jpg"), &bait).unwrap();
    std::fs::create_dir_all(tmp.path().join("etc")).unwrap();
    std::fs::write(tmp.path().join("etc/passwd.jpg"), &bait).unwrap();

    let upper = sha.to_uppercase();
    let attempts: Vec<(String, &str)> = vec![
        ("../../etc/passwd".into(), "original"),
        (sha.into(), "../../../secret"),
        (sha.into(), "../../../etc/passwd"),
        (format!("../{}", &sha[3..]), "original"),
        (upper, "original"),
        (sha[..63].into(), "original"),
        (format!("{sha}0"), "original"),
        (format!("{}/..", &sha[..61]), "original"),
        (format!("{}\0", &sha[..63]), "original"),
        (sha.into(), "thumbnail"),
        (sha.into(), "original.jpg"),
        (sha.into(), "Original"),
        (sha.into(), ""),
        (String::new(), ""),
    ];
    for (s, v) in &attempts {
        let got = store.get(s, v).await;
        assert!(
            matches!(got, Ok(None) | Err(_)),
            "{s:?} {v:?} returned a file"
        );
    }
    // The real one is still served, so the refusals above are not a broken store.
    assert!(store.get(sha, "original").await.unwrap().is_some());
}

#[tokio::test]
async fn put_refuses_a_forged_hash() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("media");
    let store = MediaStore::new(&root);
    let mut p = sample(ImageKind::Png);
    p.sha256 = "../../escaped".into();
    let err = store.put(&p).await.unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
    assert!(!tmp.path().join("escaped").exists());
    assert!(!root.exists(), "nothing written at all");
}
