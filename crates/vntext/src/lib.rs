//! Vietnamese text handling without IO: Unicode normalisation, tone-mark placement styles,
//! accent folding, URL slugs, name collation, and legacy encodings (TCVN3, VNI-Windows,
//! Windows-1258, VIQR).
//!
//! All functions take any input without panicking; text they return is NFC.
//!
//! ```
//! use vntext::{LegacyEncoding, ToneStyle};
//!
//! // Search: accent-insensitive and placement-insensitive forms.
//! assert_eq!(vntext::fold("Thành Uỷ Hà Nội"), "thanh uy ha noi");
//! assert_eq!(vntext::canonical("Thành ủy"), vntext::canonical("THÀNH UỶ"));
//!
//! // Tone-mark placement: old (hòa, thủy) and new (hoà, thuỷ) styles.
//! assert_eq!(vntext::to_tone_style("hòa thủy", ToneStyle::New), "hoà thuỷ");
//!
//! // URLs.
//! assert_eq!(vntext::slug("Cầu nối giữa đại biểu HĐND"), "cau-noi-giua-dai-bieu-hdnd");
//!
//! // Names sort by given name, in Vietnamese alphabet order.
//! let mut names = vec!["Phạm Thị Em", "Lê Văn Đức", "Nguyễn Văn An", "Trần Thị Bình"];
//! names.sort_by(|a, b| vntext::compare_names(a, b));
//! assert_eq!(names, ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Đức", "Phạm Thị Em"]);
//!
//! // Old documents: "Hµ Néi" is how .VnTime (TCVN3) text looks when read as Latin-1.
//! let old = b"H\xB5 N\xE9i";
//! assert_eq!(vntext::detect_legacy(old), Some(LegacyEncoding::Tcvn3));
//! assert_eq!(vntext::decode_any(old), "Hà Nội");
//! ```

#![warn(missing_docs)]

mod collate;
mod legacy;
mod letter;
mod normalize;
mod slug;
mod syllable;
mod tone;

pub use collate::{compare_names, name_sort_key};
pub use legacy::{LegacyEncoding, decode_any, decode_legacy, detect_legacy, encode_legacy};
pub use normalize::{canonical, fold, is_nfc, nfc};
pub use slug::{SLUG_MAX_LEN, slug};
pub use syllable::{ToneStyle, is_syllable};
pub use tone::to_tone_style;
