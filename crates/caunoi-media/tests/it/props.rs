//! Properties: no byte sequence makes `sniff` or `process` panic, and whatever is accepted
//! comes out as well-formed, limited variants.

use caunoi_media::{ImageKind, Limits, process, sniff};
use image::{DynamicImage, Rgba};
use proptest::prelude::*;

use crate::fixtures::*;

fn check(bytes: &[u8]) {
    let _ = sniff(bytes);
    let limits = Limits::default();
    if let Ok(p) = process(bytes, &limits) {
        assert!(limits.allows_dimensions(p.width, p.height));
        assert_eq!(p.variants.len(), 3);
        for v in &p.variants {
            assert_eq!(sniff(&v.bytes), Some(v.kind));
            assert!(v.width <= p.width.max(1) && v.width > 0 && v.height > 0);
        }
    }
}

/// Small valid images of each kind, mutated by the strategies below.
fn seeds() -> Vec<Vec<u8>> {
    let rgb = gradient(12, 9);
    vec![
        jpeg(&rgb),
        with_exif(&jpeg(&rgb), &exif_tiff(Some(6), true)),
        png(&DynamicImage::ImageRgb8(rgb.clone())),
        webp_lossless(&solid_rgba(9, 7, |x, y| {
            Rgba([x as u8 * 20, y as u8 * 30, 5, 128])
        })),
    ]
}

fn magic() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(vec![0xFF, 0xD8, 0xFF]),
        Just(b"\x89PNG\r\n\x1a\n".to_vec()),
        Just(b"RIFF\0\0\0\0WEBP".to_vec()),
        Just(Vec::new()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        check(&bytes);
    }

    #[test]
    fn bytes_behind_valid_magic_never_panic(
        head in magic(),
        tail in proptest::collection::vec(any::<u8>(), 0..1024),
    ) {
        let mut bytes = head;
        bytes.extend(tail);
        check(&bytes);
    }

    #[test]
    fn mutated_real_images_never_panic(
        seed in 0usize..4,
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        let mut bytes = seeds().swap_remove(seed);
        for (at, value) in edits {
            let i = at.index(bytes.len());
            bytes[i] = value;
        }
        if truncate {
            bytes.truncate(cut.index(bytes.len()));
        }
        check(&bytes);
    }
}

#[test]
fn seeds_are_accepted_unmutated() {
    // Otherwise the mutation property would only ever explore refusals.
    for (i, seed) in seeds().iter().enumerate() {
        let p = process(seed, &Limits::default()).unwrap_or_else(|e| panic!("seed {i}: {e}"));
        assert!(ImageKind::ALL.contains(&p.kind));
    }
}
