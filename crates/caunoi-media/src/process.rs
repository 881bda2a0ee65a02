//! From uploaded bytes to stripped, oriented, resized web variants, refusing anything unsafe
//! before it costs memory.

use std::fmt;
use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::codecs::webp::WebPEncoder;
use image::error::ImageError;
use image::imageops::FilterType;
use image::metadata::Orientation;
use image::{DynamicImage, ImageBuffer, ImageDecoder, ImageReader, Pixel};
use sha2::{Digest, Sha256};

use crate::kind::describe_unsupported;
use crate::{ImageKind, Limits, MediaError, sniff};

/// Widest "desktop" variant, in pixels.
pub const DESKTOP_MAX_WIDTH: u32 = 1280;
/// Widest "phone" variant, in pixels.
pub const PHONE_MAX_WIDTH: u32 = 640;
/// Names of the variants [`process`] makes, in order; also the only names the store accepts.
pub const VARIANT_NAMES: [&str; 3] = ["original", "desktop", "phone"];

/// JPEG quality for every JPEG written: visually clean for photos at about a third of the size
/// of quality 95.
const JPEG_QUALITY: u8 = 85;
/// Lanczos3 keeps text and fine lines in downscaled council photos and scans legible.
const RESIZE_FILTER: FilterType = FilterType::Lanczos3;

/// One encoded output file.
#[derive(Clone, PartialEq, Eq)]
pub struct Variant {
    /// `"original"`, `"desktop"` or `"phone"`.
    pub name: &'static str,
    pub width: u32,
    pub height: u32,
    pub kind: ImageKind,
    pub bytes: Vec<u8>,
}

impl fmt::Debug for Variant {
    // The bytes would flood logs and test output; their length is what a reader wants.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Variant")
            .field("name", &self.name)
            .field("width", &self.width)
            .field("height", &self.height)
            .field("kind", &self.kind)
            .field("bytes", &format_args!("<{} bytes>", self.bytes.len()))
            .finish()
    }
}

/// An accepted upload and its variants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Processed {
    /// Lowercase hex SHA-256 of the uploaded bytes: the same upload twice is stored once.
    pub sha256: String,
    /// The type found in the bytes.
    pub kind: ImageKind,
    /// Size as displayed, i.e. after EXIF orientation.
    pub width: u32,
    pub height: u32,
    /// `original`, `desktop`, `phone`, in that order.
    pub variants: Vec<Variant>,
}

impl Processed {
    /// The variant called `name`, if it exists.
    pub fn variant(&self, name: &str) -> Option<&Variant> {
        self.variants.iter().find(|v| v.name == name)
    }
}

/// Checks, decodes, orients and re-encodes an upload.
///
/// Order matters for safety: byte size first (nothing parsed yet), then the type from magic
/// bytes, then the header's dimensions, and only then the full decode.
///
/// Output kinds: JPEG in → JPEG out (quality 85); PNG in → PNG out (alpha kept); WebP in →
/// lossless WebP out, the only WebP encoder `image` has without C libraries. Every variant is a
/// fresh encode of decoded pixels, so EXIF (including GPS), XMP, ICC profiles and comments of the
/// upload never reach the output. 16-bit images become 8-bit, which is all browsers show.
///
/// CPU-bound: run it on a blocking thread.
pub fn process(bytes: &[u8], limits: &Limits) -> Result<Processed, MediaError> {
    if bytes.len() > limits.max_bytes {
        return Err(MediaError::TooLarge {
            max_bytes: limits.max_bytes,
        });
    }
    let kind = sniff(bytes).ok_or_else(|| MediaError::Unsupported {
        detected: describe_unsupported(bytes),
    })?;
    // The JPEG decoder in `image` runs in lenient mode and paints missing data grey, so an
    // interrupted upload would be published as half an image unless we check for the end.
    if kind == ImageKind::Jpeg && !jpeg_reaches_end_marker(bytes) {
        return Err(MediaError::Corrupt(
            "the JPEG data stops before its end marker; the upload may be incomplete".into(),
        ));
    }

    let image = decode(bytes, kind, limits)?;
    let (width, height) = (image.width(), image.height());
    let variants = make_variants(image, kind)?;
    Ok(Processed {
        sha256: hex::encode(Sha256::digest(bytes)),
        kind,
        width,
        height,
        variants,
    })
}

/// Reads the header, refuses over-limit dimensions, then decodes and applies EXIF orientation.
fn decode(bytes: &[u8], kind: ImageKind, limits: &Limits) -> Result<DynamicImage, MediaError> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), kind.format());
    let mut decoder_limits = image::Limits::default();
    // Width and height are checked below rather than here: the PNG decoder applies those limits
    // while reading its header and then cannot tell us the dimensions for the message.
    decoder_limits.max_alloc = Some(limits.decoder_alloc_budget());
    reader.limits(decoder_limits);
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| decode_error(e, kind, None))?;

    let (width, height) = decoder.dimensions();
    if width == 0 || height == 0 {
        return Err(MediaError::Corrupt("the image has no pixels".into()));
    }
    // The decompression-bomb gate: nothing proportional to the pixel count is allocated before it.
    if !limits.allows_dimensions(width, height) {
        return Err(MediaError::TooManyPixels { width, height });
    }
    // A broken EXIF block should not cost the uploader the image; it is dropped anyway.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder)
        .map_err(|e| decode_error(e, kind, Some((width, height))))?;
    image.apply_orientation(orientation);
    Ok(image)
}

fn decode_error(err: ImageError, kind: ImageKind, dims: Option<(u32, u32)>) -> MediaError {
    match (err, dims) {
        (ImageError::Limits(_), Some((width, height))) => {
            MediaError::TooManyPixels { width, height }
        }
        (ImageError::Unsupported(_), _) => MediaError::Unsupported {
            detected: Some(format!("{} variant", kind.name())),
        },
        (err, _) => MediaError::Corrupt(err.to_string()),
    }
}

/// Encodes `original`, `desktop` and `phone`. Narrow images reuse the larger variant's bytes
/// instead of being upscaled or re-encoded.
fn make_variants(image: DynamicImage, kind: ImageKind) -> Result<Vec<Variant>, MediaError> {
    let image = to_web_pixels(image, kind);
    let (width, height) = (image.width(), image.height());
    let original = encode(&image, kind)?;

    // Resizing straight-alpha pixels lets the colour of invisible pixels (often black) bleed
    // into edges; premultiplying first is what browsers do too.
    let premultiplied = has_translucency(&image);
    let mut source = if premultiplied {
        premultiply(image)
    } else {
        image
    };

    let mut variants = vec![Variant {
        name: VARIANT_NAMES[0],
        width,
        height,
        kind,
        bytes: original,
    }];
    for (name, max_width) in [
        (VARIANT_NAMES[1], DESKTOP_MAX_WIDTH),
        (VARIANT_NAMES[2], PHONE_MAX_WIDTH),
    ] {
        let previous = variants.last().expect("original is always present");
        if source.width() <= max_width {
            let same = Variant {
                name,
                ..previous.clone()
            };
            variants.push(same);
            continue;
        }
        // The height comes from the original's aspect ratio, not the previous variant's, so
        // rounding errors do not add up from desktop to phone.
        let scaled_height =
            (u64::from(height) * u64::from(max_width) + u64::from(width) / 2) / u64::from(width);
        let scaled_height = u32::try_from(scaled_height.max(1)).unwrap_or(u32::MAX);
        source = source.resize_exact(max_width, scaled_height, RESIZE_FILTER);
        let bytes = if premultiplied {
            encode(&unpremultiply(source.clone()), kind)?
        } else {
            encode(&source, kind)?
        };
        variants.push(Variant {
            name,
            width: max_width,
            height: scaled_height,
            kind,
            bytes,
        });
    }
    Ok(variants)
}

/// 8-bit pixels in a layout the target encoder takes: JPEG has no alpha, and nothing on the web
/// shows more than 8 bits per channel.
fn to_web_pixels(image: DynamicImage, kind: ImageKind) -> DynamicImage {
    let color = image.color();
    let (gray, alpha) = (
        !color.has_color(),
        color.has_alpha() && kind != ImageKind::Jpeg,
    );
    match (gray, alpha) {
        (true, false) if matches!(image, DynamicImage::ImageLuma8(_)) => image,
        (true, false) => DynamicImage::ImageLuma8(image.into_luma8()),
        (true, true) if matches!(image, DynamicImage::ImageLumaA8(_)) => image,
        (true, true) => DynamicImage::ImageLumaA8(image.into_luma_alpha8()),
        (false, false) if matches!(image, DynamicImage::ImageRgb8(_)) => image,
        (false, false) => DynamicImage::ImageRgb8(image.into_rgb8()),
        (false, true) if matches!(image, DynamicImage::ImageRgba8(_)) => image,
        (false, true) => DynamicImage::ImageRgba8(image.into_rgba8()),
    }
}

fn encode(image: &DynamicImage, kind: ImageKind) -> Result<Vec<u8>, MediaError> {
    let mut out = Vec::new();
    let result = match kind {
        ImageKind::Jpeg => {
            image.write_with_encoder(JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY))
        }
        ImageKind::Png => image.write_with_encoder(PngEncoder::new_with_quality(
            &mut out,
            CompressionType::Default,
            PngFilter::Adaptive,
        )),
        ImageKind::WebP => image.write_with_encoder(WebPEncoder::new_lossless(&mut out)),
    };
    // Every pixel layout handed over is one the encoder takes, so a failure here means the image
    // itself cannot be represented (e.g. beyond a format's size limit).
    result.map_err(|e| MediaError::Corrupt(format!("could not re-encode the image: {e}")))?;
    Ok(out)
}

fn has_translucency(image: &DynamicImage) -> bool {
    match image {
        DynamicImage::ImageRgba8(b) => b.pixels().any(|p| p[3] != u8::MAX),
        DynamicImage::ImageLumaA8(b) => b.pixels().any(|p| p[1] != u8::MAX),
        _ => false,
    }
}

fn premultiply(image: DynamicImage) -> DynamicImage {
    map_alpha_pixels(image, |colour, alpha| {
        // Rounded division by 255, exact for all u8 inputs.
        let v = u32::from(colour) * u32::from(alpha) + 128;
        ((v + (v >> 8)) >> 8) as u8
    })
}

fn unpremultiply(image: DynamicImage) -> DynamicImage {
    map_alpha_pixels(image, |colour, alpha| match alpha {
        0 => 0,
        a => ((u32::from(colour) * 255 + u32::from(a) / 2) / u32::from(a)).min(255) as u8,
    })
}

fn map_alpha_pixels(image: DynamicImage, f: impl Fn(u8, u8) -> u8) -> DynamicImage {
    fn apply<P: Pixel<Subpixel = u8>>(
        mut buffer: ImageBuffer<P, Vec<u8>>,
        f: &impl Fn(u8, u8) -> u8,
    ) -> ImageBuffer<P, Vec<u8>> {
        for pixel in buffer.pixels_mut() {
            let channels = pixel.channels_mut();
            let (colours, alpha) = channels.split_at_mut(channels.len() - 1);
            for c in colours {
                *c = f(*c, alpha[0]);
            }
        }
        buffer
    }
    match image {
        DynamicImage::ImageRgba8(b) => DynamicImage::ImageRgba8(apply(b, &f)),
        DynamicImage::ImageLumaA8(b) => DynamicImage::ImageLumaA8(apply(b, &f)),
        other => other,
    }
}

/// Walks the JPEG marker segments and the entropy-coded scans to the end-of-image marker.
/// Segment lengths are followed rather than searching for `FF D9`, because an EXIF thumbnail
/// inside APP1 carries its own end marker.
fn jpeg_reaches_end_marker(bytes: &[u8]) -> bool {
    let mut i = 2; // after SOI
    loop {
        // Be as lenient as decoders about junk between segments: skip to the next 0xFF.
        let Some(offset) = bytes
            .get(i..)
            .and_then(|rest| rest.iter().position(|&b| b == 0xFF))
        else {
            return false;
        };
        i += offset;
        while bytes.get(i) == Some(&0xFF) {
            i += 1; // fill bytes
        }
        let Some(&marker) = bytes.get(i) else {
            return false;
        };
        i += 1;
        match marker {
            0xD9 => return true,
            // Markers without a length field.
            0x01 | 0xD0..=0xD8 => continue,
            _ => {}
        }
        let Some(len) = bytes
            .get(i..i + 2)
            .map(|l| usize::from(u16::from_be_bytes([l[0], l[1]])))
        else {
            return false;
        };
        if len < 2 || i + len > bytes.len() {
            return false;
        }
        i += len;
        if marker == 0xDA {
            // Entropy-coded data: 0xFF is escaped as FF 00, and restart markers sit inside it.
            loop {
                let Some(offset) = bytes[i..].iter().position(|&b| b == 0xFF) else {
                    return false;
                };
                i += offset;
                match bytes.get(i + 1) {
                    None => return false,
                    Some(0x00 | 0xD0..=0xD7) => i += 2,
                    Some(0xFF) => i += 1,
                    Some(_) => break,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn premultiply_round_trips_opaque_and_clears_invisible_colour() {
        let mut buffer = image::RgbaImage::new(3, 1);
        buffer.put_pixel(0, 0, image::Rgba([200, 100, 50, 255]));
        buffer.put_pixel(1, 0, image::Rgba([200, 100, 50, 0]));
        buffer.put_pixel(2, 0, image::Rgba([255, 255, 255, 128]));
        let back = unpremultiply(premultiply(DynamicImage::ImageRgba8(buffer))).into_rgba8();
        assert_eq!(back.get_pixel(0, 0).0, [200, 100, 50, 255]);
        assert_eq!(back.get_pixel(1, 0).0, [0, 0, 0, 0]);
        assert_eq!(back.get_pixel(2, 0).0, [255, 255, 255, 128]);
    }

    #[test]
    fn premultiply_divides_by_255_exactly() {
        for colour in 0..=255u8 {
            for alpha in 0..=255u8 {
                let want = (f64::from(colour) * f64::from(alpha) / 255.0).round() as u8;
                let v = u32::from(colour) * u32::from(alpha) + 128;
                assert_eq!(((v + (v >> 8)) >> 8) as u8, want, "{colour} × {alpha}");
            }
        }
    }

    #[test]
    fn jpeg_walker_needs_the_end_marker_outside_segments() {
        // SOI, APP1 whose payload holds a fake EOI (like an EXIF thumbnail), SOS, data, EOI.
        let app1 = [0xFF, 0xE1, 0x00, 0x06, 0xFF, 0xD9, 0x00, 0x00];
        let sos = [0xFF, 0xDA, 0x00, 0x02];
        let data = [0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56];
        let mut jpeg = vec![0xFF, 0xD8];
        jpeg.extend_from_slice(&app1);
        jpeg.extend_from_slice(&sos);
        jpeg.extend_from_slice(&data);
        assert!(
            !jpeg_reaches_end_marker(&jpeg),
            "thumbnail EOI must not count"
        );
        jpeg.extend_from_slice(&[0xFF, 0xD9]);
        assert!(jpeg_reaches_end_marker(&jpeg));
        jpeg.extend_from_slice(b"trailing junk some cameras add");
        assert!(jpeg_reaches_end_marker(&jpeg));
    }

    #[test]
    fn jpeg_walker_refuses_segments_running_past_the_end() {
        assert!(!jpeg_reaches_end_marker(&[
            0xFF, 0xD8, 0xFF, 0xE0, 0x40, 0x00, 0xFF, 0xD9
        ]));
        assert!(!jpeg_reaches_end_marker(&[0xFF, 0xD8, 0xFF, 0xE0, 0x00]));
        assert!(!jpeg_reaches_end_marker(&[
            0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x01
        ]));
        assert!(!jpeg_reaches_end_marker(&[0xFF, 0xD8, 0xFF]));
    }
}
