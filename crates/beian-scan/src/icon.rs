//! App icons (APP图标): an image of at most [`MAX_ICON_BYTES`] (`app-filing.md` §2.2 APP图标
//! [N8][F2]). An icon that already fits, as PNG or JPEG, is kept byte for byte; any other image
//! is shrunk — PNG (transparency kept), longest side stepping down from 512 px — until it fits.
//! The same pipeline serves an icon staff upload and one read from an installation package.

use std::io::Cursor;

use fast_image_resize::PixelType;
use image::{DynamicImage, ImageFormat, RgbaImage};

use crate::MAX_INPUT_BYTES;
use crate::error::ScanError;
use crate::process::{Kind, Processed, SourceFormat, decode, fit, flatten_rgba, resize, sha256_hex, thumbnail};

/// Largest icon a filing accepts: 100 KB (taken as 100 × 1024 bytes).
pub const MAX_ICON_BYTES: usize = 100 * 1024;

/// Longest sides tried, largest first, when an icon must be shrunk.
const SIDES: [u32; 9] = [512, 384, 256, 192, 144, 128, 96, 72, 48];

/// An icon ready for a filing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Icon {
    /// `image/png` or `image/jpeg`.
    pub mime: &'static str,
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
    /// Whether the bytes were re-encoded smaller than the input.
    pub shrunk: bool,
    /// The size of the input, in bytes.
    pub original_bytes: usize,
}

/// Checks an icon and shrinks it under [`MAX_ICON_BYTES`] when needed. Refused: an empty file, a
/// file that is not an image (a PDF included), a broken or oversized image.
pub fn app_icon(input: &[u8]) -> Result<Icon, ScanError> {
    read_icon(input).map(|(icon, _, _)| icon)
}

/// [`app_icon`], with the input's format and the icon's pixels (for a thumbnail without decoding
/// the icon a second time).
fn read_icon(input: &[u8]) -> Result<(Icon, SourceFormat, DynamicImage), ScanError> {
    if input.is_empty() {
        return Err(ScanError::Empty);
    }
    if input.len() as u64 > MAX_INPUT_BYTES {
        return Err(ScanError::FileTooLarge { size: input.len() as u64 });
    }
    let format = match crate::sniff(input) {
        Some(SourceFormat::Pdf) | None => return Err(ScanError::IconNotImage),
        Some(f) => f,
    };
    let (image, orientation) = decode(input, format)?;
    let mut image = image;
    image.apply_orientation(orientation);
    let (w, h) = (image.width(), image.height());
    let keep = matches!(format, SourceFormat::Png | SourceFormat::Jpeg)
        && orientation == image::metadata::Orientation::NoTransforms;
    if keep && input.len() <= MAX_ICON_BYTES {
        let mime = if format == SourceFormat::Png { "image/png" } else { "image/jpeg" };
        let icon =
            Icon { mime, bytes: input.to_vec(), width: w, height: h, shrunk: false, original_bytes: input.len() };
        return Ok((icon, format, image));
    }
    let rgba = image.to_rgba8();
    drop(image);
    let longest = w.max(h);
    for side in SIDES.into_iter().filter(|&s| s <= longest.max(SIDES[SIDES.len() - 1])) {
        let (dw, dh) = fit(w, h, side);
        let small = resize(rgba.as_raw(), w, h, PixelType::U8x4, dw, dh)?;
        let small = RgbaImage::from_raw(dw, dh, small).ok_or_else(|| ScanError::Encode("缓冲区大小不符".into()))?;
        let png = encode_png(&small)?;
        if png.len() <= MAX_ICON_BYTES {
            let icon = Icon {
                mime: "image/png",
                bytes: png,
                width: dw,
                height: dh,
                shrunk: true,
                original_bytes: input.len(),
            };
            return Ok((icon, format, DynamicImage::ImageRgba8(small)));
        }
    }
    Err(ScanError::IconTooLarge)
}

fn encode_png(img: &RgbaImage) -> Result<Vec<u8>, ScanError> {
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Png).map_err(|e| ScanError::Encode(e.to_string()))?;
    Ok(out.into_inner())
}

/// An icon as an attachment: the icon's own bytes (never the scan pipeline's 2480 px JPEG), a
/// JPEG thumbnail on white.
pub fn process_icon(input: &[u8]) -> Result<Processed, ScanError> {
    let (icon, format, pixels) = read_icon(input)?;
    let rgb = flatten_rgba(pixels.to_rgba8().as_raw());
    let thumbnail = thumbnail(&rgb, icon.width, icon.height)?;
    Ok(Processed {
        kind: Kind::Image,
        source_format: format,
        mime: icon.mime,
        sha256: sha256_hex(&icon.bytes),
        width: Some(icon.width),
        height: Some(icon.height),
        source_width: Some(icon.width),
        source_height: Some(icon.height),
        orientation: 1,
        bytes: icon.bytes,
        thumbnail,
        preview: None,
        pages: None,
        warnings: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Noise does not compress: a large noisy PNG is far over 100 KB.
    fn noisy_png(side: u32) -> Vec<u8> {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let img = RgbaImage::from_fn(side, side, |_, _| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let [a, b, c, _, ..] = seed.to_le_bytes();
            image::Rgba([a, b, c, 255])
        });
        let mut out = Cursor::new(Vec::new());
        DynamicImage::ImageRgba8(img).write_to(&mut out, ImageFormat::Png).expect("png");
        out.into_inner()
    }

    #[test]
    fn a_small_png_is_kept_and_a_large_one_shrunk_under_the_limit() {
        let small = noisy_png(64);
        assert!(small.len() <= MAX_ICON_BYTES);
        let kept = app_icon(&small).expect("icon");
        assert_eq!((kept.bytes.as_slice(), kept.shrunk, kept.width), (small.as_slice(), false, 64));

        let large = noisy_png(1024);
        assert!(large.len() > MAX_ICON_BYTES, "{}", large.len());
        let shrunk = app_icon(&large).expect("icon");
        assert!(shrunk.shrunk && shrunk.bytes.len() <= MAX_ICON_BYTES, "{}", shrunk.bytes.len());
        assert_eq!(shrunk.width, shrunk.height);
        assert!(shrunk.width < 1024 && shrunk.width >= 48);
        let back = image::load_from_memory(&shrunk.bytes).expect("decodes");
        assert_eq!((back.width(), back.height()), (shrunk.width, shrunk.height));
        assert_eq!(shrunk.original_bytes, large.len());
    }

    #[test]
    fn what_is_not_an_image_is_refused() {
        assert!(matches!(app_icon(b""), Err(ScanError::Empty)));
        assert!(matches!(app_icon(b"%PDF-1.4\n%\xe2\xe3\n1 0 obj"), Err(ScanError::IconNotImage)));
        assert!(matches!(app_icon(b"hello, not an image"), Err(ScanError::IconNotImage)));
        let png = noisy_png(32);
        assert!(app_icon(&png[..png.len() / 2]).is_err(), "a truncated PNG");
    }
}
