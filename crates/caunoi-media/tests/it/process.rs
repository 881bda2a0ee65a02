//! `process` through its front door: what an uploader sends and what the portal would publish.

use caunoi_media::{ImageKind, Limits, MediaError, Processed, process, sniff};
use image::{DynamicImage, GenericImageView, Rgba};

use crate::alloc::largest_allocation;
use crate::fixtures::*;

fn ok(bytes: &[u8]) -> Processed {
    process(bytes, &Limits::default()).expect("upload should be accepted")
}

fn sizes(p: &Processed) -> Vec<(&str, u32, u32)> {
    p.variants
        .iter()
        .map(|v| (v.name, v.width, v.height))
        .collect()
}

#[test]
fn exif_with_gps_never_reaches_any_variant() {
    let tiff = exif_tiff(Some(1), true);
    let upload = with_exif(&jpeg(&gradient(64, 48)), &tiff);
    // Also an XMP packet and a comment, the other places phones and editors leave location.
    let upload = insert_jpeg_segment(
        &upload,
        0xE1,
        b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><exif:GPSLatitude>21,1.47N</exif:GPSLatitude></x:xmpmeta>",
    );
    let upload = insert_jpeg_segment(&upload, 0xFE, "Nhà riêng của phóng viên".as_bytes());
    let gps_bytes = rationals_be(&GPS_LATITUDE);
    // The fixture must really carry what we look for, or the assertions below prove nothing.
    assert!(contains(&upload, b"Exif\0\0") && contains(&upload, &gps_bytes));

    let p = ok(&upload);
    assert_eq!(p.variants.len(), 3);
    for v in &p.variants {
        for needle in [
            &b"Exif"[..],
            b"MM\0\x2a",
            &gps_bytes,
            &rationals_be(&GPS_LONGITUDE),
            b"GPSLatitude",
            b"xmpmeta",
            "phóng viên".as_bytes(),
        ] {
            assert!(!contains(&v.bytes, needle), "{} leaks {needle:?}", v.name);
        }
        assert_eq!(sniff(&v.bytes), Some(ImageKind::Jpeg));
    }
}

#[test]
fn exif_orientation_6_turns_a_landscape_photo_upright() {
    let upload = with_exif(
        &jpeg(&red_left_blue_right(40, 20)),
        &exif_tiff(Some(6), true),
    );
    let p = ok(&upload);
    assert_eq!((p.width, p.height), (20, 40));
    assert_eq!(
        sizes(&p),
        [("original", 20, 40), ("desktop", 20, 40), ("phone", 20, 40)]
    );

    // Rotating 90° clockwise brings the stored left edge (red) to the top.
    let out = decode(&p.variants[0].bytes);
    assert_eq!(out.dimensions(), (20, 40));
    let top = out.get_pixel(10, 5);
    let bottom = out.get_pixel(10, 35);
    assert!(
        top[0] > 150 && top[2] < 100,
        "top should be red, got {top:?}"
    );
    assert!(
        bottom[2] > 150 && bottom[0] < 100,
        "bottom should be blue, got {bottom:?}"
    );
}

#[test]
fn png_exif_chunk_is_applied_and_dropped() {
    let base = png(&DynamicImage::ImageRgb8(red_left_blue_right(40, 20)));
    let upload = insert_png_chunk(&base, b"eXIf", &exif_tiff(Some(6), true));
    let p = ok(&upload);
    assert_eq!((p.width, p.height), (20, 40));
    for v in &p.variants {
        assert!(!contains(&v.bytes, b"eXIf"), "{}", v.name);
        assert!(
            !contains(&v.bytes, &rationals_be(&GPS_LATITUDE)),
            "{}",
            v.name
        );
    }
}

#[test]
fn png_keeps_its_alpha_channel_exactly() {
    let source = solid_rgba(64, 32, |x, y| Rgba([30, 120, 200, (x * 4 + y) as u8]));
    let p = ok(&png(&DynamicImage::ImageRgba8(source.clone())));
    assert_eq!(p.kind, ImageKind::Png);
    for v in &p.variants {
        assert_eq!(v.kind, ImageKind::Png);
        assert!(decode(&v.bytes).color().has_alpha(), "{}", v.name);
    }
    assert_eq!(
        decode(&p.variants[0].bytes).to_rgba8(),
        source,
        "PNG is lossless"
    );
}

#[test]
fn transparent_edges_do_not_darken_when_downscaled() {
    // Invisible pixels are black, as many editors save them; visible ones are white. Resizing
    // without premultiplied alpha would blend the black into a grey fringe.
    let source = solid_rgba(2000, 8, |x, _| {
        if x < 1000 {
            Rgba([0, 0, 0, 0])
        } else {
            Rgba([255, 255, 255, 255])
        }
    });
    let p = ok(&png(&DynamicImage::ImageRgba8(source)));
    let desktop = decode(&p.variants[1].bytes).to_rgba8();
    assert_eq!(desktop.width(), 1280);
    let fringe: Vec<_> = desktop
        .pixels()
        .filter(|px| px[3] > 16 && px[3] < 255)
        .collect();
    assert!(!fringe.is_empty(), "the edge should be soft after Lanczos");
    for px in fringe {
        assert!(
            px[0] >= 250 && px[1] >= 250 && px[2] >= 250,
            "grey fringe {px:?}"
        );
    }
}

#[test]
fn webp_stays_webp_losslessly() {
    let source = solid_rgba(1500, 10, |x, y| {
        Rgba([(x % 256) as u8, (y * 20) as u8, 7, 200])
    });
    let p = ok(&webp_lossless(&source));
    assert_eq!(p.kind, ImageKind::WebP);
    assert_eq!(
        sizes(&p),
        [
            ("original", 1500, 10),
            ("desktop", 1280, 9),
            ("phone", 640, 4)
        ]
    );
    for v in &p.variants {
        assert_eq!(v.kind, ImageKind::WebP);
        assert_eq!(sniff(&v.bytes), Some(ImageKind::WebP));
    }
    assert_eq!(decode(&p.variants[0].bytes).to_rgba8(), source);
}

#[test]
fn the_file_name_plays_no_part() {
    // The API takes no name at all: a PNG uploaded as "anh-hoi-nghi.jpg" is a PNG, and a text
    // file uploaded as "bieu-do.png" is text.
    let (_named, bytes) = (
        "anh-hoi-nghi.jpg",
        png(&DynamicImage::ImageRgb8(gradient(10, 10))),
    );
    let p = ok(&bytes);
    assert_eq!(p.kind, ImageKind::Png);
    assert!(p.variants.iter().all(|v| v.kind.mime() == "image/png"));

    let (_named, bytes) = ("bieu-do.png", "Biểu đồ ngân sách 2024".as_bytes());
    assert_eq!(
        process(bytes, &Limits::default()),
        Err(MediaError::Unsupported {
            detected: Some("text".into())
        })
    );
}

#[test]
fn text_html_svg_and_other_formats_are_unsupported() {
    let cases: [(&[u8], &str); 6] = [
        (
            b"<!DOCTYPE html><html><script>alert(1)</script></html>",
            "HTML",
        ),
        (
            b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>",
            "SVG",
        ),
        (b"GIF89a\x01\x00\x01\x00\x80\x00\x00", "GIF"),
        (b"\0\0\0\x18ftypheic\0\0\0\0mif1heic", "HEIC"),
        (b"just some notes", "text"),
        (b"%PDF-1.4\n", "PDF"),
    ];
    for (bytes, what) in cases {
        let err = process(bytes, &Limits::default()).unwrap_err();
        assert_eq!(
            err,
            MediaError::Unsupported {
                detected: Some(what.into())
            }
        );
        assert_eq!(err.http_status(), 415);
    }
    assert_eq!(
        process(&[0x00, 0x13, 0x37], &Limits::default()),
        Err(MediaError::Unsupported { detected: None })
    );
}

#[test]
fn truncated_images_are_corrupt() {
    let pixels = noise(64, 64);
    let jpeg_bytes = jpeg(&DynamicImage::ImageRgba8(pixels.clone()).to_rgb8());
    let png_bytes = png(&DynamicImage::ImageRgba8(pixels.clone()));
    let webp_bytes = webp_lossless(&pixels);
    for (name, bytes) in [
        ("jpeg", jpeg_bytes),
        ("png", png_bytes),
        ("webp", webp_bytes),
    ] {
        assert!(process(&bytes, &Limits::default()).is_ok(), "{name} whole");
        assert!(bytes.len() > 200, "{name} too small to cut meaningfully");
        // Cuts inside the pixel data, as an interrupted upload leaves them.
        for cut in [bytes.len() / 2, bytes.len() * 9 / 10] {
            let result = process(&bytes[..cut], &Limits::default());
            assert!(
                matches!(result, Err(MediaError::Corrupt(_))),
                "{name} cut at {cut}: {result:?}"
            );
        }
    }
}

#[test]
fn oversized_upload_is_refused_before_decoding() {
    // Valid JPEG magic, then 12 MiB of zeros: decoding would say Corrupt, and the JPEG decoder's
    // first act is to copy the input, so a 12 MiB allocation would show it had started.
    let mut bytes = vec![0u8; 12 * 1024 * 1024];
    bytes[..4].copy_from_slice(&[0xFF, 0xD8, 0xFF, 0xE0]);
    let (result, largest) = largest_allocation(|| process(&bytes, &Limits::default()));
    let err = result.unwrap_err();
    assert_eq!(
        err,
        MediaError::TooLarge {
            max_bytes: 10 * 1024 * 1024
        }
    );
    assert_eq!(err.http_status(), 413);
    assert_eq!(err.message_vi(), "Ảnh quá lớn: tối đa 10 MB.");
    assert!(largest < 1024 * 1024, "allocated {largest} bytes");
}

#[test]
fn decompression_bomb_header_is_refused_without_allocating_pixels() {
    let bomb = png_claiming(50_000, 50_000);
    assert!(bomb.len() < 100);
    let (result, largest) = largest_allocation(|| process(&bomb, &Limits::default()));
    assert_eq!(
        result,
        Err(MediaError::TooManyPixels {
            width: 50_000,
            height: 50_000
        })
    );
    // 50000² RGBA would be 10 GB; the header parse needs only small buffers.
    assert!(largest < 1024 * 1024, "allocated {largest} bytes");
}

#[test]
fn one_overlong_side_is_refused_even_with_few_pixels() {
    let strip = png_claiming(20_000, 1);
    assert_eq!(
        process(&strip, &Limits::default()),
        Err(MediaError::TooManyPixels {
            width: 20_000,
            height: 1
        })
    );
    let tight = Limits {
        max_pixels: 99,
        ..Limits::default()
    };
    assert_eq!(
        process(&png(&DynamicImage::ImageRgb8(gradient(10, 10))), &tight),
        Err(MediaError::TooManyPixels {
            width: 10,
            height: 10
        })
    );
}

#[test]
fn wide_images_get_1280_and_640_variants_keeping_aspect() {
    let p = ok(&jpeg(&gradient(3000, 30)));
    assert_eq!((p.width, p.height), (3000, 30));
    assert_eq!(
        sizes(&p),
        [
            ("original", 3000, 30),
            ("desktop", 1280, 13),
            ("phone", 640, 6)
        ]
    );
    for v in &p.variants {
        assert_eq!(v.kind, ImageKind::Jpeg);
        assert_eq!(
            decode(&v.bytes).dimensions(),
            (v.width, v.height),
            "{}",
            v.name
        );
    }
}

#[test]
fn narrow_images_are_never_upscaled() {
    let p = ok(&jpeg(&gradient(300, 200)));
    assert_eq!(
        sizes(&p),
        [
            ("original", 300, 200),
            ("desktop", 300, 200),
            ("phone", 300, 200)
        ]
    );
    assert!(p.variants.iter().all(|v| v.bytes == p.variants[0].bytes));

    // Between the two widths: desktop is the original, phone is scaled.
    let p = ok(&jpeg(&gradient(1000, 500)));
    assert_eq!(
        sizes(&p),
        [
            ("original", 1000, 500),
            ("desktop", 1000, 500),
            ("phone", 640, 320)
        ]
    );
}

#[test]
fn sha256_identifies_the_upload_bytes() {
    let bytes = jpeg(&gradient(16, 16));
    let a = ok(&bytes);
    assert_eq!(a.sha256.len(), 64);
    assert!(
        a.sha256
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    );
    assert_eq!(ok(&bytes).sha256, a.sha256, "same upload, same id");
    let other = with_exif(&bytes, &exif_tiff(Some(1), false));
    assert_ne!(ok(&other).sha256, a.sha256, "different bytes, different id");
    assert_eq!(
        a.sha256,
        sha256_hex(&bytes),
        "hash of the upload, not of a variant"
    );
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(bytes))
}

#[test]
fn grayscale_jpeg_stays_grayscale() {
    let gray = image::GrayImage::from_fn(32, 32, |x, _| image::Luma([(x * 8) as u8]));
    let mut upload = Vec::new();
    gray.write_with_encoder(image::codecs::jpeg::JpegEncoder::new(&mut upload))
        .unwrap();
    let p = ok(&upload);
    assert!(!decode(&p.variants[0].bytes).color().has_color());
}
