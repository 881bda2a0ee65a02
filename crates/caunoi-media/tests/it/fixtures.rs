//! Test images built in code: pixels, encodings, and hand-assembled metadata blocks.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::webp::WebPEncoder;
use image::{DynamicImage, ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};

/// A smooth colour gradient, `width` × `height`.
pub fn gradient(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        Rgb([
            (x * 255 / width.max(1)) as u8,
            (y * 255 / height.max(1)) as u8,
            128,
        ])
    })
}

/// Deterministic noise: incompressible enough that cutting the file cuts pixel data.
pub fn noise(width: u32, height: u32) -> RgbaImage {
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    RgbaImage::from_fn(width, height, |_, _| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let [r, g, b, ..] = state.to_le_bytes();
        Rgba([r, g, b, 255])
    })
}

pub fn jpeg(image: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    image
        .write_with_encoder(JpegEncoder::new_with_quality(&mut out, 90))
        .unwrap();
    out
}

pub fn png(image: &DynamicImage) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, ImageFormat::Png).unwrap();
    out.into_inner()
}

pub fn webp_lossless(image: &RgbaImage) -> Vec<u8> {
    let mut out = Vec::new();
    image
        .write_with_encoder(WebPEncoder::new_lossless(&mut out))
        .unwrap();
    out
}

/// Left half red, right half blue: shows where the left edge went after a rotation.
pub fn red_left_blue_right(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, _| {
        if x < width / 2 {
            Rgb([220, 20, 20])
        } else {
            Rgb([20, 20, 220])
        }
    })
}

pub fn decode(bytes: &[u8]) -> DynamicImage {
    image::load_from_memory(bytes).unwrap()
}

/// GPS latitude 21° 1' 28.30" as three big-endian RATIONALs: the bytes a leak would carry.
pub const GPS_LATITUDE: [u32; 6] = [21, 1, 1, 1, 2830, 100];
pub const GPS_LONGITUDE: [u32; 6] = [105, 1, 51, 1, 1234, 100];

pub fn rationals_be(values: &[u32]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_be_bytes()).collect()
}

/// A big-endian TIFF block as found after "Exif\0\0": IFD0 with an optional Orientation tag and
/// an optional GPS IFD pointer; the GPS IFD holds latitude and longitude with their refs.
pub fn exif_tiff(orientation: Option<u16>, gps: bool) -> Vec<u8> {
    // (tag, type, count, value-or-offset) entries; types: 2 ASCII, 3 SHORT, 4 LONG, 5 RATIONAL.
    let ifd0_count = usize::from(orientation.is_some()) + usize::from(gps);
    let ifd0_len = 2 + 12 * ifd0_count + 4;
    let gps_ifd_offset = 8 + ifd0_len;
    let gps_ifd_len = 2 + 12 * 4 + 4;
    let gps_data_offset = gps_ifd_offset + gps_ifd_len;

    let mut t = Vec::new();
    t.extend_from_slice(b"MM\0\x2a");
    t.extend_from_slice(&8u32.to_be_bytes());

    let entry = |t: &mut Vec<u8>, tag: u16, typ: u16, count: u32, value: [u8; 4]| {
        t.extend_from_slice(&tag.to_be_bytes());
        t.extend_from_slice(&typ.to_be_bytes());
        t.extend_from_slice(&count.to_be_bytes());
        t.extend_from_slice(&value);
    };
    let offset = |o: usize| (o as u32).to_be_bytes();

    t.extend_from_slice(&(ifd0_count as u16).to_be_bytes());
    if let Some(o) = orientation {
        let [a, b] = o.to_be_bytes();
        entry(&mut t, 0x0112, 3, 1, [a, b, 0, 0]);
    }
    if gps {
        entry(&mut t, 0x8825, 4, 1, offset(gps_ifd_offset));
    }
    t.extend_from_slice(&0u32.to_be_bytes()); // no IFD1
    if gps {
        assert_eq!(t.len(), gps_ifd_offset);
        t.extend_from_slice(&4u16.to_be_bytes());
        entry(&mut t, 0x0001, 2, 2, *b"N\0\0\0");
        entry(&mut t, 0x0002, 5, 3, offset(gps_data_offset));
        entry(&mut t, 0x0003, 2, 2, *b"E\0\0\0");
        entry(&mut t, 0x0004, 5, 3, offset(gps_data_offset + 24));
        t.extend_from_slice(&0u32.to_be_bytes());
        assert_eq!(t.len(), gps_data_offset);
        t.extend_from_slice(&rationals_be(&GPS_LATITUDE));
        t.extend_from_slice(&rationals_be(&GPS_LONGITUDE));
    }
    t
}

/// Inserts a marker segment (`FF marker len payload`) right after SOI.
pub fn insert_jpeg_segment(jpeg: &[u8], marker: u8, payload: &[u8]) -> Vec<u8> {
    assert_eq!(&jpeg[..2], &[0xFF, 0xD8]);
    let len = u16::try_from(payload.len() + 2).unwrap();
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, marker]);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(payload);
    out.extend_from_slice(&jpeg[2..]);
    out
}

pub fn with_exif(jpeg: &[u8], tiff: &[u8]) -> Vec<u8> {
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend_from_slice(tiff);
    insert_jpeg_segment(jpeg, 0xE1, &payload)
}

pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

pub fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    let mut body = kind.to_vec();
    body.extend_from_slice(data);
    out.extend_from_slice(&body);
    out.extend_from_slice(&crc32(&body).to_be_bytes());
    out
}

/// A well-formed PNG signature and IHDR (8-bit RGBA) claiming any size, followed by a token
/// IDAT and IEND: what a decompression bomb looks like up to the point a decoder allocates.
pub fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut ihdr = width.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend(png_chunk(b"IHDR", &ihdr));
    out.extend(png_chunk(
        b"IDAT",
        &[0x78, 0x01, 0x01, 0x00, 0x00, 0xFF, 0xFF],
    ));
    out.extend(png_chunk(b"IEND", &[]));
    out
}

/// Inserts a chunk right after IHDR (signature 8 bytes + IHDR 25 bytes).
pub fn insert_png_chunk(png: &[u8], kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    assert_eq!(&png[12..16], b"IHDR");
    let mut out = png[..33].to_vec();
    out.extend(png_chunk(kind, data));
    out.extend_from_slice(&png[33..]);
    out
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

pub fn solid_rgba(width: u32, height: u32, f: impl Fn(u32, u32) -> Rgba<u8>) -> RgbaImage {
    RgbaImage::from_fn(width, height, f)
}
