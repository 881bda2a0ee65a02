//! Upload limits: how many bytes and pixels an upload may have before it is refused.

/// What an upload may weigh and measure. Checked in this order: bytes (before any parsing),
/// then width, height and pixel count (after reading only the header).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest accepted upload, in bytes. Default 10 MiB.
    pub max_bytes: usize,
    /// Largest accepted width × height. Default 40 megapixels: an RGBA decode of that is
    /// 160 MB, which bounds the memory one upload can take.
    pub max_pixels: u64,
    /// Largest accepted width or height, in pixels. Default 12000: it refuses thin "strip"
    /// images whose pixel count is small but whose rows are absurdly long.
    pub max_side: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_bytes: 10 * 1024 * 1024,
            max_pixels: 40_000_000,
            max_side: 12_000,
        }
    }
}

impl Limits {
    /// Whether an image of `width` × `height` fits these limits.
    pub fn allows_dimensions(&self, width: u32, height: u32) -> bool {
        width > 0
            && height > 0
            && width <= self.max_side
            && height <= self.max_side
            && u64::from(width) * u64::from(height) <= self.max_pixels
    }

    /// The allocation budget handed to the `image` decoders: enough for the largest accepted
    /// image at 16 bits per RGBA channel, plus slack for decoder scratch buffers.
    pub(crate) fn decoder_alloc_budget(&self) -> u64 {
        self.max_pixels
            .saturating_mul(8)
            .saturating_add(64 * 1024 * 1024)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_the_documented_values() {
        let l = Limits::default();
        assert_eq!(l.max_bytes, 10_485_760);
        assert_eq!(l.max_pixels, 40_000_000);
        assert_eq!(l.max_side, 12_000);
    }

    #[test]
    fn dimensions_are_checked_per_side_and_in_total() {
        let l = Limits::default();
        assert!(l.allows_dimensions(8000, 5000));
        assert!(
            !l.allows_dimensions(8000, 5001),
            "40 000 800 pixels is over"
        );
        assert!(!l.allows_dimensions(12_001, 10), "one side too long");
        assert!(
            !l.allows_dimensions(0, 10),
            "an empty image is not an image"
        );
        assert!(!l.allows_dimensions(u32::MAX, u32::MAX), "no overflow");
    }
}
