//! The processing pipeline: sniff, decode under limits, orient, flatten, resize, encode, thumbnail,
//! quality warnings. See the crate documentation for the target and the reasons.

use std::io::{Cursor, Read};
use std::path::Path;

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits, RgbImage};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use specta::Type;

use crate::error::ScanError;
use crate::quality::{self, Warning};
use crate::{
    JPEG_QUALITY, MAX_ALLOC_BYTES, MAX_INPUT_BYTES, MAX_SIDE, TARGET_MAX_SIDE, THUMB_QUALITY, THUMB_SIDE, pdf,
};

/// What a stored attachment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// An image, re-encoded as JPEG.
    Image,
    /// A PDF, stored byte for byte.
    Pdf,
}

/// The formats accepted on input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceFormat {
    Jpeg,
    Png,
    Bmp,
    WebP,
    Tiff,
    Pdf,
}

impl SourceFormat {
    pub fn label(self) -> &'static str {
        match self {
            SourceFormat::Jpeg => "JPEG",
            SourceFormat::Png => "PNG",
            SourceFormat::Bmp => "BMP",
            SourceFormat::WebP => "WebP",
            SourceFormat::Tiff => "TIFF",
            SourceFormat::Pdf => "PDF",
        }
    }
}

/// A processed scan, ready to be stored.
#[derive(Debug, Clone)]
pub struct Processed {
    pub kind: Kind,
    pub source_format: SourceFormat,
    /// `image/jpeg` or `application/pdf`.
    pub mime: &'static str,
    /// The bytes to store: the normalised JPEG, or the PDF as it came.
    pub bytes: Vec<u8>,
    /// Lower-case hex SHA-256 of `bytes`: the file's name in the store.
    pub sha256: String,
    /// Pixel size of the stored image (after orientation and resizing); for a PDF, of its preview.
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// Pixel size of the input as it would be displayed (EXIF orientation applied).
    pub source_width: Option<u32>,
    pub source_height: Option<u32>,
    /// The EXIF orientation found (1–8; 1 when none).
    pub orientation: u8,
    /// JPEG, longest side [`THUMB_SIDE`]; a placeholder for a PDF that cannot be rendered.
    pub thumbnail: Vec<u8>,
    /// A PDF's first page as JPEG (longest side [`crate::PDF_PREVIEW_SIDE`]), when it can be rendered.
    pub preview: Option<Vec<u8>>,
    /// Number of pages of a PDF.
    pub pages: Option<u32>,
    pub warnings: Vec<Warning>,
}

/// Reads a file, refusing one larger than [`MAX_INPUT_BYTES`] before reading it.
pub fn read_limited(path: &Path) -> Result<Vec<u8>, ScanError> {
    let file = std::fs::File::open(path).map_err(|e| ScanError::read(path, e))?;
    let meta = file.metadata().map_err(|e| ScanError::read(path, e))?;
    if !meta.is_file() {
        return Err(ScanError::read(path, std::io::Error::other("不是普通文件")));
    }
    if meta.len() > MAX_INPUT_BYTES {
        return Err(ScanError::FileTooLarge { size: meta.len() });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes).map_err(|e| ScanError::read(path, e))?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(ScanError::FileTooLarge { size: bytes.len() as u64 });
    }
    Ok(bytes)
}

/// Reads and processes the file at `path`.
pub fn process_file(path: &Path) -> Result<Processed, ScanError> {
    process(read_limited(path)?)
}

/// What the content is, by its first bytes (never by the file name).
pub fn sniff(input: &[u8]) -> Option<SourceFormat> {
    if pdf::is_pdf(input) {
        return Some(SourceFormat::Pdf);
    }
    match image::guess_format(input).ok()? {
        ImageFormat::Jpeg => Some(SourceFormat::Jpeg),
        ImageFormat::Png => Some(SourceFormat::Png),
        ImageFormat::Bmp => Some(SourceFormat::Bmp),
        ImageFormat::WebP => Some(SourceFormat::WebP),
        ImageFormat::Tiff => Some(SourceFormat::Tiff),
        _ => None,
    }
}

/// Processes one scan held in memory.
pub fn process(input: Vec<u8>) -> Result<Processed, ScanError> {
    if input.is_empty() {
        return Err(ScanError::Empty);
    }
    if input.len() as u64 > MAX_INPUT_BYTES {
        return Err(ScanError::FileTooLarge { size: input.len() as u64 });
    }
    let format = sniff(&input).ok_or(ScanError::UnknownFormat)?;
    match format {
        SourceFormat::Pdf => pdf::process_pdf(input),
        _ => process_image(&input, format),
    }
}

fn image_format(f: SourceFormat) -> ImageFormat {
    match f {
        SourceFormat::Jpeg => ImageFormat::Jpeg,
        SourceFormat::Png => ImageFormat::Png,
        SourceFormat::Bmp => ImageFormat::Bmp,
        SourceFormat::WebP => ImageFormat::WebP,
        SourceFormat::Tiff | SourceFormat::Pdf => ImageFormat::Tiff,
    }
}

fn corrupt(e: image::ImageError) -> ScanError {
    ScanError::Corrupt { detail: e.to_string() }
}

fn decode_limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC_BYTES);
    limits
}

/// Checks a header's dimensions against the limits: before any pixel is decoded.
pub fn check_dimensions(width: u32, height: u32, bytes_per_pixel: u64) -> Result<(), ScanError> {
    if width == 0 || height == 0 {
        return Err(ScanError::ZeroSize);
    }
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(ScanError::TooManyPixels { width, height });
    }
    let needed = u64::from(width) * u64::from(height) * bytes_per_pixel;
    if needed > MAX_ALLOC_BYTES {
        return Err(ScanError::TooMuchMemory { width, height, needed });
    }
    Ok(())
}

fn truncated_jpeg() -> ScanError {
    ScanError::Corrupt { detail: "JPEG 数据在图像结束标记（EOI）之前中断，文件不完整".into() }
}

/// Decodes under the limits: the header is read first and its dimensions checked, so an
/// oversized image is refused without decoding (or allocating for) a single pixel.
pub(crate) fn decode(input: &[u8], format: SourceFormat) -> Result<(DynamicImage, Orientation), ScanError> {
    if format == SourceFormat::Jpeg && !jpeg_is_complete(input) {
        return Err(truncated_jpeg());
    }
    // A PNG's size is in its first chunk: checked before the decoder looks any further (it would
    // otherwise stop at a missing IDAT before saying how big the image claims to be).
    if let Some((width, height)) = header_dimensions(input, format) {
        check_dimensions(width, height, 1)?;
    }
    let mut reader = ImageReader::with_format(Cursor::new(input), image_format(format));
    // The header is read under the allocation limit only, so that a too-large image is reported
    // with its dimensions.
    let mut header_limits = Limits::default();
    header_limits.max_alloc = Some(MAX_ALLOC_BYTES);
    reader.limits(header_limits);
    let mut decoder = reader.into_decoder().map_err(|e| match e {
        image::ImageError::Limits(_) => header_dimensions(input, format)
            .map(|(width, height)| ScanError::TooManyPixels { width, height })
            .unwrap_or(ScanError::Corrupt { detail: e.to_string() }),
        e => corrupt(e),
    })?;
    let (width, height) = decoder.dimensions();
    check_dimensions(width, height, u64::from(decoder.color_type().bytes_per_pixel()))?;
    decoder.set_limits(decode_limits()).map_err(corrupt)?;
    // A broken EXIF block is not worth refusing a scan for: no orientation then.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let image = DynamicImage::from_decoder(decoder).map_err(corrupt)?;
    Ok((image, orientation))
}

/// Width and height from a PNG's IHDR, for the message when the decoder refuses the header itself.
fn header_dimensions(input: &[u8], format: SourceFormat) -> Option<(u32, u32)> {
    if format != SourceFormat::Png || input.len() < 24 || &input[12..16] != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes(input[16..20].try_into().ok()?);
    let h = u32::from_be_bytes(input[20..24].try_into().ok()?);
    Some((w, h))
}

/// A JPEG is complete when an EOI marker (`FF D9`) follows the start of its first scan. The
/// segments before the scan are skipped by their lengths, so an EOI inside an EXIF thumbnail does
/// not count. (JPEG decoders tolerate truncation by painting the missing part gray; a truncated
/// certificate scan must be refused instead.)
pub fn jpeg_is_complete(input: &[u8]) -> bool {
    if input.len() < 4 || input[0] != 0xFF || input[1] != 0xD8 {
        return false;
    }
    let mut i = 2;
    while i + 4 <= input.len() {
        if input[i] != 0xFF {
            return false;
        }
        let marker = input[i + 1];
        match marker {
            0xFF => {
                i += 1;
                continue;
            }
            0xD8 | 0x01 | 0xD0..=0xD7 => {
                i += 2;
                continue;
            }
            0xD9 => return false,
            _ => {}
        }
        let len = usize::from(u16::from_be_bytes([input[i + 2], input[i + 3]]));
        let next = i + 2 + len;
        if marker == 0xDA {
            return next <= input.len() && input[next..].windows(2).any(|w| w == [0xFF, 0xD9]);
        }
        i = next;
    }
    false
}

/// Pixels in 8-bit gray or RGB, alpha flattened onto white.
enum Pixels {
    Gray(Vec<u8>),
    Rgb(Vec<u8>),
}

pub(crate) fn flatten_rgba(rgba: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(rgba.len() / 4 * 3);
    for px in rgba.chunks_exact(4) {
        let a = u16::from(px[3]);
        for &c in &px[..3] {
            // c·a + 255·(1 − a), rounded.
            out.push(((u16::from(c) * a + 255 * (255 - a) + 127) / 255) as u8);
        }
    }
    out
}

fn to_pixels(image: DynamicImage) -> Pixels {
    match image {
        DynamicImage::ImageLuma8(buf) => Pixels::Gray(buf.into_raw()),
        DynamicImage::ImageRgb8(buf) => Pixels::Rgb(buf.into_raw()),
        img if img.color().has_alpha() => Pixels::Rgb(flatten_rgba(img.to_rgba8().as_raw())),
        img if !img.color().has_color() => Pixels::Gray(img.to_luma8().into_raw()),
        img => Pixels::Rgb(img.to_rgb8().into_raw()),
    }
}

/// The size that fits `width`×`height` into a `max`×`max` box (never enlarged).
pub fn fit(width: u32, height: u32, max: u32) -> (u32, u32) {
    let longest = width.max(height);
    if longest <= max {
        return (width, height);
    }
    let scale = f64::from(max) / f64::from(longest);
    let w = ((f64::from(width) * scale).round() as u32).clamp(1, max);
    let h = ((f64::from(height) * scale).round() as u32).clamp(1, max);
    (w, h)
}

/// Lanczos3 resize (the filter ImageMagick's `-resize` uses when shrinking).
pub(crate) fn resize(buf: &[u8], w: u32, h: u32, pixel: PixelType, dw: u32, dh: u32) -> Result<Vec<u8>, ScanError> {
    if (w, h) == (dw, dh) {
        return Ok(buf.to_vec());
    }
    let src = ImageRef::new(w, h, buf, pixel).map_err(|e| ScanError::Encode(e.to_string()))?;
    let mut dst = Image::new(dw, dh, pixel);
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    Resizer::new().resize(&src, &mut dst, &options).map_err(|e| ScanError::Encode(e.to_string()))?;
    Ok(dst.into_vec())
}

fn gray_to_rgb(gray: &[u8]) -> Vec<u8> {
    gray.iter().flat_map(|&g| [g, g, g]).collect()
}

/// Baseline JPEG, 4:2:0 below quality 90; no metadata segments at all (JFIF header only).
pub(crate) fn encode_jpeg(rgb: &[u8], w: u32, h: u32, quality: u8) -> Result<Vec<u8>, ScanError> {
    let (w16, h16) = (u16::try_from(w), u16::try_from(h));
    let (Ok(w16), Ok(h16)) = (w16, h16) else {
        return Err(ScanError::Encode(format!("{w}×{h} 超出 JPEG 尺寸范围")));
    };
    let mut out = Vec::with_capacity(rgb.len() / 8);
    jpeg_encoder::Encoder::new(&mut out, quality)
        .encode(rgb, w16, h16, jpeg_encoder::ColorType::Rgb)
        .map_err(|e| ScanError::Encode(e.to_string()))?;
    Ok(out)
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// A JPEG thumbnail of an RGB image, longest side [`THUMB_SIDE`].
pub(crate) fn thumbnail(rgb: &[u8], w: u32, h: u32) -> Result<Vec<u8>, ScanError> {
    let (tw, th) = fit(w, h, THUMB_SIDE);
    let small = resize(rgb, w, h, PixelType::U8x3, tw, th)?;
    encode_jpeg(&small, tw, th, THUMB_QUALITY)
}

fn exif_value(o: Orientation) -> u8 {
    match o {
        Orientation::NoTransforms => 1,
        Orientation::FlipHorizontal => 2,
        Orientation::Rotate180 => 3,
        Orientation::FlipVertical => 4,
        Orientation::Rotate90FlipH => 5,
        Orientation::Rotate90 => 6,
        Orientation::Rotate270FlipH => 7,
        Orientation::Rotate270 => 8,
    }
}

fn swaps_sides(o: Orientation) -> bool {
    matches!(
        o,
        Orientation::Rotate90 | Orientation::Rotate270 | Orientation::Rotate90FlipH | Orientation::Rotate270FlipH
    )
}

/// A decoded image, its EXIF orientation, and the full size it was stored at.
type Decoded = (DynamicImage, Orientation, (u32, u32));

/// A JPEG decoded at the smallest DCT scale (1, 1/2, 1/4 or 1/8) whose result still covers the
/// size that fits `max` (libvips' shrink-on-load): the image, its orientation, and the full size.
/// `None` for what this decoder does not take (CMYK, 12- and 16-bit): those go the general way.
/// The header's dimensions are checked before a pixel is decoded, as [`decode`] does.
fn decode_jpeg_scaled(input: &[u8], max: u32) -> Result<Option<Decoded>, ScanError> {
    use jpeg_decoder::PixelFormat;
    if !jpeg_is_complete(input) {
        return Err(truncated_jpeg());
    }
    let bad = |e: jpeg_decoder::Error| ScanError::Corrupt { detail: e.to_string() };
    // The decoder is an outside crate reading hostile bytes: a panic in it is a corrupt file.
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut decoder = jpeg_decoder::Decoder::new(Cursor::new(input));
        decoder.set_max_decoding_buffer_size(MAX_ALLOC_BYTES as usize);
        decoder.read_info().map_err(bad)?;
        let Some(info) = decoder.info() else { return Ok(None) };
        let bytes_per_pixel = match info.pixel_format {
            PixelFormat::L8 => 1,
            PixelFormat::RGB24 => 3,
            PixelFormat::L16 | PixelFormat::CMYK32 => return Ok(None),
        };
        let (width, height) = (u32::from(info.width), u32::from(info.height));
        check_dimensions(width, height, bytes_per_pixel)?;
        let (dw, dh) = fit(width, height, max);
        // Both fit in u16: a JPEG's sides are u16, and the fit never enlarges.
        let (sw, sh) = decoder.scale(dw as u16, dh as u16).map_err(bad)?;
        let pixels = decoder.decode().map_err(bad)?;
        let orientation =
            decoder.exif_data().and_then(Orientation::from_exif_chunk).unwrap_or(Orientation::NoTransforms);
        let (sw, sh) = (u32::from(sw), u32::from(sh));
        let wrong = || ScanError::Corrupt { detail: "JPEG 解码结果的大小与文件头不符".into() };
        let image = match bytes_per_pixel {
            1 => DynamicImage::ImageLuma8(image::GrayImage::from_raw(sw, sh, pixels).ok_or_else(wrong)?),
            _ => DynamicImage::ImageRgb8(RgbImage::from_raw(sw, sh, pixels).ok_or_else(wrong)?),
        };
        Ok(Some((image, orientation, (width, height))))
    }));
    run.unwrap_or_else(|_| Err(ScanError::Corrupt { detail: "JPEG 数据无法解码".into() }))
}

/// The image decoded for a target of `max` pixels on the longest side — a JPEG already scaled
/// down (see [`decode_jpeg_scaled`]), anything else at full size — with its orientation and the
/// full size it was stored at.
pub(crate) fn decode_for(input: &[u8], format: SourceFormat, max: u32) -> Result<Decoded, ScanError> {
    if format == SourceFormat::Jpeg
        && let Some(scaled) = decode_jpeg_scaled(input, max)?
    {
        return Ok(scaled);
    }
    let (image, orientation) = decode(input, format)?;
    let full = (image.width(), image.height());
    Ok((image, orientation, full))
}

/// Resizes to `(dw, dh)` (Lanczos3), then orients: resize first, rotate the (much smaller) result —
/// the longest side does not change with the orientation, and rotating 24 megapixels would cost a
/// second full-size buffer. Returns RGB pixels and their size.
fn shrink_and_orient(
    image: DynamicImage,
    orientation: Orientation,
    (dw, dh): (u32, u32),
) -> Result<(Vec<u8>, u32, u32), ScanError> {
    let (w, h) = (image.width(), image.height());
    let rgb = match to_pixels(image) {
        Pixels::Rgb(buf) => resize(&buf, w, h, PixelType::U8x3, dw, dh)?,
        Pixels::Gray(buf) => gray_to_rgb(&resize(&buf, w, h, PixelType::U8, dw, dh)?),
    };
    let mut oriented = DynamicImage::ImageRgb8(
        RgbImage::from_raw(dw, dh, rgb).ok_or_else(|| ScanError::Encode("缓冲区大小不符".into()))?,
    );
    oriented.apply_orientation(orientation);
    let (ow, oh) = (oriented.width(), oriented.height());
    Ok((oriented.into_rgb8().into_raw(), ow, oh))
}

fn process_image(input: &[u8], format: SourceFormat) -> Result<Processed, ScanError> {
    let (image, orientation, (fw, fh)) = decode_for(input, format, TARGET_MAX_SIDE)?;
    // The target comes from the full size (a scaled decode is at least as large).
    let (rgb, ow, oh) = shrink_and_orient(image, orientation, fit(fw, fh, TARGET_MAX_SIDE))?;
    let bytes = encode_jpeg(&rgb, ow, oh, JPEG_QUALITY)?;
    let thumbnail = thumbnail(&rgb, ow, oh)?;
    let (sw, sh) = if swaps_sides(orientation) { (fh, fw) } else { (fw, fh) };
    let mut warnings = quality::analyse(&rgb, ow, oh);
    warnings.extend(quality::size_warnings(Some((sw, sh)), bytes.len() as u64));
    Ok(Processed {
        kind: Kind::Image,
        source_format: format,
        mime: "image/jpeg",
        sha256: sha256_hex(&bytes),
        bytes,
        width: Some(ow),
        height: Some(oh),
        source_width: Some(sw),
        source_height: Some(sh),
        orientation: exif_value(orientation),
        thumbnail,
        preview: None,
        pages: None,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_keeps_the_aspect_and_never_enlarges() {
        assert_eq!(fit(6000, 4000, 2480), (2480, 1653));
        assert_eq!(fit(4000, 6000, 2480), (1653, 2480));
        assert_eq!(fit(800, 600, 2480), (800, 600));
        assert_eq!(fit(12000, 1, 2480), (2480, 1));
    }

    #[test]
    fn flattening_puts_transparency_on_white() {
        assert_eq!(
            flatten_rgba(&[0, 0, 0, 0, 10, 20, 30, 255, 0, 0, 0, 128]),
            [255, 255, 255, 10, 20, 30, 127, 127, 127]
        );
    }

    /// A 6000×4000 photo of a certificate-like page (fine print, hairlines, gradients, colour),
    /// EXIF orientation 6, as a phone takes it.
    fn phone_photo() -> Vec<u8> {
        let (w, h) = (6000u32, 4000u32);
        let mut rgb = Vec::with_capacity((w * h * 3) as usize);
        for y in 0..h {
            for x in 0..w {
                // Paper with a soft shading, "text" strokes 3–6 px wide in rows, a red seal.
                let shade = 235 - ((x / 40 + y / 60) % 20) as u8;
                let row = y % 90;
                let stroke = row > 30 && row < 70 && (x / 7 + y / 90) % 5 < 2 && (x * 7 + y * 3) % 23 > 4;
                let hair = x % 600 < 2 || y % 400 < 2;
                let (cx, cy) = (x as i64 - 4500, y as i64 - 3000);
                let seal = (cx * cx + cy * cy) < 500 * 500 && (cx * cx + cy * cy) > 440 * 440;
                let px = if seal {
                    [200, 30, 40]
                } else if stroke || hair {
                    [20, 20, 25]
                } else {
                    [shade, shade, shade.saturating_sub(8)]
                };
                rgb.extend_from_slice(&px);
            }
        }
        let jpeg = encode_jpeg(&rgb, w, h, 92).unwrap();
        // EXIF orientation 6 in an APP1 segment after SOI.
        let mut tiff = b"II*\0\x08\0\0\0".to_vec();
        tiff.extend([1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0]);
        let mut app1 = b"Exif\0\0".to_vec();
        app1.extend(tiff);
        let mut out = jpeg[..2].to_vec();
        out.extend([0xFF, 0xE1]);
        out.extend(((app1.len() + 2) as u16).to_be_bytes());
        out.extend(app1);
        out.extend(&jpeg[2..]);
        out
    }

    fn psnr(a: &[u8], b: &[u8]) -> f64 {
        let mse = a.iter().zip(b).map(|(&x, &y)| (f64::from(x) - f64::from(y)).powi(2)).sum::<f64>() / a.len() as f64;
        10.0 * (255.0 * 255.0 / mse).log10()
    }

    /// Speed is not bought with quality: the JPEG decoded at half scale and then shrunk comes out
    /// as the full-size decode shrunk the same way (the reference), oriented the same.
    #[test]
    fn a_scaled_decode_looks_like_the_full_size_reference() {
        let input = phone_photo();
        let (scaled, orientation, full) = decode_for(&input, SourceFormat::Jpeg, TARGET_MAX_SIDE).unwrap();
        assert_eq!(full, (6000, 4000));
        assert_eq!((scaled.width(), scaled.height()), (3000, 2000), "decoded at 1/2: still covers 2480");
        assert_eq!(orientation, Orientation::Rotate90);
        let target = fit(6000, 4000, TARGET_MAX_SIDE);
        let (ours, ow, oh) = shrink_and_orient(scaled, orientation, target).unwrap();
        let (reference, ref_orientation) = decode(&input, SourceFormat::Jpeg).unwrap();
        assert_eq!((reference.width(), reference.height()), (6000, 4000));
        let (theirs, rw, rh) = shrink_and_orient(reference, ref_orientation, target).unwrap();
        assert_eq!((ow, oh), (rw, rh));
        assert_eq!((ow, oh), (1653, 2480), "portrait after orientation 6");
        let db = psnr(&ours, &theirs);
        // A worst case for any shrink (1-px hairlines, hard strokes): measured 34.2 dB. On the
        // benchmark's photo, after the JPEG encoding, ours is 35.7 dB from ImageMagick's full
        // Lanczos and vipsthumbnail's (shrink-on-load too) 35.9 dB.
        eprintln!("scaled decode vs full-size reference: PSNR {db:.1} dB");
        assert!(db >= 33.0, "PSNR {db:.1} dB");
        // The test can tell: a decode one scale too small (1/4, then enlarged) is far off.
        let (too_small, o, _) = decode_for(&input, SourceFormat::Jpeg, 1240).unwrap();
        assert_eq!((too_small.width(), too_small.height()), (1500, 1000));
        let (blurred, _, _) = shrink_and_orient(too_small, o, target).unwrap();
        let worse = psnr(&blurred, &theirs);
        eprintln!("a 1/4 decode enlarged: PSNR {worse:.1} dB");
        assert!(worse < 30.0, "PSNR {worse:.1} dB");
        // And the processed scan says the photo's own size.
        let p = process(input).unwrap();
        assert_eq!(
            (p.source_width, p.source_height, p.width, p.height),
            (Some(4000), Some(6000), Some(1653), Some(2480))
        );
        assert_eq!(p.orientation, 6);
    }

    #[test]
    fn jpeg_completeness_looks_past_exif_thumbnails() {
        // SOI, APP1 whose payload contains an EOI, SOS, data, EOI.
        let mut j = vec![0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x06, 0xFF, 0xD9, 0x00, 0x00];
        j.extend([0xFF, 0xDA, 0x00, 0x02, 0x12, 0x34]);
        assert!(!jpeg_is_complete(&j), "the EOI in the APP1 segment does not count");
        j.extend([0xFF, 0xD9]);
        assert!(jpeg_is_complete(&j));
        assert!(!jpeg_is_complete(b"hello"));
    }
}
