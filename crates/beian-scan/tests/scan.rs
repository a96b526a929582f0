//! The pipeline on real files made here: bad input refused with a clear message, orientation,
//! metadata stripped, warnings, PDF, limits and their speed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use beian_scan::{Kind, ScanError, WarningCode, process};
use image::{Rgb, RgbImage};

fn jpeg(img: &RgbImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality).encode_image(img).unwrap();
    out
}

fn png(img: &RgbImage) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// A colourful, busy picture (so that it is neither blank nor gray).
fn colourful(w: u32, h: u32) -> RgbImage {
    RgbImage::from_fn(w, h, |x, y| Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, ((x ^ y) & 0xFF) as u8]))
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut c = (data.len() as u32).to_be_bytes().to_vec();
    c.extend(kind);
    c.extend(data);
    let mut body = kind.to_vec();
    body.extend(data);
    c.extend(crc32(&body).to_be_bytes());
    c
}

/// A PNG that is only a header claiming `w`×`h` (valid signature, IHDR with its CRC, IEND).
fn png_header_only(w: u32, h: u32, color_type: u8) -> Vec<u8> {
    let mut f = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, color_type, 0, 0, 0]);
    f.extend(png_chunk(b"IHDR", &ihdr));
    f.extend(png_chunk(b"IDAT", &[0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]));
    f.extend(png_chunk(b"IEND", &[]));
    f
}

/// Inserts an EXIF APP1 segment (orientation + a GPS IFD with a latitude reference) after SOI.
fn with_exif(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    // TIFF, little endian. IFD0 at 8: 2 entries (orientation, GPS IFD pointer); GPS IFD at 38.
    let mut t = b"II*\0".to_vec();
    t.extend(8u32.to_le_bytes());
    t.extend(2u16.to_le_bytes());
    t.extend([0x12, 0x01, 3, 0]); // 0x0112 Orientation, SHORT
    t.extend(1u32.to_le_bytes());
    t.extend(orientation.to_le_bytes());
    t.extend([0, 0]);
    t.extend([0x25, 0x88, 4, 0]); // 0x8825 GPSInfo, LONG
    t.extend(1u32.to_le_bytes());
    t.extend(38u32.to_le_bytes());
    t.extend(0u32.to_le_bytes()); // no next IFD
    assert_eq!(t.len(), 38);
    t.extend(1u16.to_le_bytes());
    t.extend([0x01, 0x00, 2, 0]); // GPSLatitudeRef, ASCII, 2
    t.extend(2u32.to_le_bytes());
    t.extend(*b"N\0\0\0");
    t.extend(0u32.to_le_bytes());
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(&t);
    let mut out = jpeg[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(((app1.len() + 2) as u16).to_be_bytes());
    out.extend(&app1);
    out.extend(&jpeg[2..]);
    out
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn refused(input: Vec<u8>) -> ScanError {
    match process(input) {
        Ok(p) => panic!("accepted: {:?} {:?}", p.kind, p.warnings),
        Err(e) => e,
    }
}

#[test]
fn an_empty_file_is_refused() {
    let e = refused(Vec::new());
    assert!(matches!(e, ScanError::Empty), "{e}");
    assert!(e.to_string().contains("空"), "{e}");
}

#[test]
fn a_text_file_named_jpg_is_refused() {
    let e = refused(b"Dear client, please find the scan attached.\n".to_vec());
    assert!(matches!(e, ScanError::UnknownFormat), "{e}");
    assert!(e.to_string().contains("不是可识别的图片"), "{e}");
}

#[test]
fn a_truncated_jpeg_is_refused() {
    let full = jpeg(&colourful(800, 600), 90);
    assert!(process(full.clone()).is_ok());
    for cut in [full.len() / 2, full.len() - 2, 300] {
        let e = refused(full[..cut].to_vec());
        assert!(matches!(e, ScanError::Corrupt { .. }), "cut at {cut}: {e}");
        assert!(e.to_string().contains("不完整") || e.to_string().contains("损坏"), "{e}");
    }
}

#[test]
fn a_truncated_png_is_refused() {
    let full = png(&colourful(300, 300));
    let e = refused(full[..full.len() / 2].to_vec());
    assert!(matches!(e, ScanError::Corrupt { .. }), "{e}");
}

#[test]
fn a_png_claiming_60000_square_is_refused_fast() {
    let bomb = png_header_only(60_000, 60_000, 2);
    let start = Instant::now();
    let e = refused(bomb);
    let took = start.elapsed();
    assert!(took < Duration::from_secs(1), "took {took:?}");
    assert!(matches!(e, ScanError::TooManyPixels { width: 60_000, height: 60_000 }), "{e}");
    assert!(e.to_string().contains("60000×60000") && e.to_string().contains("12000"), "{e}");
}

#[test]
fn an_image_within_the_sides_but_over_the_memory_limit_is_refused() {
    // 12000 × 12000 RGBA = 549 MiB.
    let start = Instant::now();
    let e = refused(png_header_only(12_000, 12_000, 6));
    assert!(start.elapsed() < Duration::from_secs(1));
    assert!(matches!(e, ScanError::TooMuchMemory { .. }), "{e}");
    assert!(e.to_string().contains("256 MiB"), "{e}");
}

#[test]
fn exif_orientation_6_is_applied_and_metadata_is_gone() {
    // 400×200, top-left quadrant red, the rest blue. Orientation 6: rotate 90° clockwise to display,
    // so the red corner ends up top-right of a 200×400 picture.
    let img = RgbImage::from_fn(400, 200, |x, y| if x < 200 && y < 100 { Rgb([220, 0, 0]) } else { Rgb([0, 0, 220]) });
    let input = with_exif(&jpeg(&img, 95), 6);
    assert!(contains(&input, b"Exif\0\0"));
    let p = process(input).unwrap();
    assert_eq!(p.orientation, 6);
    assert_eq!((p.width, p.height), (Some(200), Some(400)), "sides swapped");
    assert_eq!((p.source_width, p.source_height), (Some(200), Some(400)));
    let out = image::load_from_memory(&p.bytes).unwrap().to_rgb8();
    assert_eq!(out.dimensions(), (200, 400));
    let red = |px: &Rgb<u8>| px[0] > 150 && px[2] < 80;
    assert!(red(out.get_pixel(150, 50)), "top-right is red: {:?}", out.get_pixel(150, 50));
    assert!(!red(out.get_pixel(50, 50)), "top-left is blue: {:?}", out.get_pixel(50, 50));
    assert!(!red(out.get_pixel(150, 350)));
    // No EXIF, no GPS tags, no APP1 at all.
    assert!(!contains(&p.bytes, b"Exif"), "EXIF stripped");
    assert!(!contains(&p.bytes, &[0x25, 0x88, 4, 0]), "no GPSInfo tag");
    assert!(!contains(&p.bytes, b"II*\0") && !contains(&p.bytes, b"MM\0*"), "no TIFF structure left");
    assert!(!contains(&p.bytes, &[0xFF, 0xE1]), "no APP1 segment");
    assert_eq!(&p.bytes[..4], &[0xFF, 0xD8, 0xFF, 0xE0], "JFIF header only");
}

#[test]
fn big_images_are_normalised_to_the_target() {
    let p = process(jpeg(&colourful(4000, 3000), 90)).unwrap();
    assert_eq!(p.kind, Kind::Image);
    assert_eq!(p.mime, "image/jpeg");
    assert_eq!((p.width, p.height), (Some(2480), Some(1860)));
    let thumb = image::load_from_memory(&p.thumbnail).unwrap();
    assert_eq!((thumb.width(), thumb.height()), (256, 192));
    assert_eq!(p.sha256.len(), 64);
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    // PNG input comes out as JPEG too, and small images are not enlarged.
    let p = process(png(&colourful(1200, 800))).unwrap();
    assert_eq!((p.width, p.height, p.mime), (Some(1200), Some(800), "image/jpeg"));
}

#[test]
fn processing_is_deterministic() {
    let input = jpeg(&colourful(1500, 1000), 90);
    assert_eq!(process(input.clone()).unwrap().sha256, process(input).unwrap().sha256);
}

#[test]
fn quality_warnings_for_tiny_gray_and_blank_images() {
    // Every warning in both languages: the English names the same figures, without Chinese
    // (beyond the guide's own words it quotes).
    let codes = |p: beian_scan::Processed| {
        for w in &p.warnings {
            let en: String = w.message_en.replace("证件照片或证件彩色扫描件", "");
            assert!(!en.is_empty() && en.chars().all(|c| !('\u{3000}'..='\u{9fff}').contains(&c)), "{w:?}");
        }
        p.warnings.iter().map(|w| w.code).collect::<Vec<_>>()
    };
    let tiny = process(jpeg(&colourful(320, 200), 90)).unwrap();
    assert!(tiny.warnings[0].message_en.contains("320×200"), "{:?}", tiny.warnings);
    assert_eq!(codes(tiny), [WarningCode::TooSmall]);

    // A gray scan: text lines on paper, no colour.
    let gray = RgbImage::from_fn(1200, 800, |x, y| {
        if y % 40 < 4 && x % 300 < 250 { Rgb([35, 35, 35]) } else { Rgb([235, 235, 235]) }
    });
    let p = process(jpeg(&gray, 90)).unwrap();
    assert_eq!(codes(p.clone()), [WarningCode::NotColour]);
    assert!(p.warnings[0].message.contains("彩色"));

    let blank = RgbImage::from_fn(1200, 800, |x, y| Rgb([250 - ((x + y) % 3) as u8, 250, 249]));
    assert_eq!(codes(process(jpeg(&blank, 90)).unwrap()), [WarningCode::Blank]);

    let scan = colourful(1200, 800);
    assert!(process(jpeg(&scan, 90)).unwrap().warnings.is_empty());
}

/// A one-page PDF with a red rectangle, with a correct cross-reference table.
fn tiny_pdf() -> Vec<u8> {
    let content = b"1 0 0 rg 50 50 400 300 re f 0 0 1 rg 100 500 200 100 re f";
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{}\nendstream", content.len(), String::from_utf8_lossy(content)),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for off in offsets {
        out.extend(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    out
}

#[test]
fn a_pdf_is_kept_as_is_with_a_first_page_preview() {
    let input = tiny_pdf();
    let p = process(input.clone()).unwrap();
    assert_eq!(p.kind, Kind::Pdf);
    assert_eq!(p.mime, "application/pdf");
    assert_eq!(p.bytes, input, "stored byte for byte");
    assert_eq!(p.pages, Some(1));
    let preview = image::load_from_memory(p.preview.as_ref().expect("rendered")).unwrap().to_rgb8();
    assert_eq!(preview.height(), 1600);
    // The red rectangle sits at the bottom left (PDF y grows upwards).
    let px = preview.get_pixel(preview.width() / 4, preview.height() - 300);
    assert!(px[0] > 200 && px[1] < 60, "{px:?}");
    assert!(image::load_from_memory(&p.thumbnail).unwrap().height() == 256);
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
}

#[test]
fn a_truncated_or_garbled_pdf_is_refused() {
    let full = tiny_pdf();
    let e = refused(full[..full.len() / 2].to_vec());
    assert!(matches!(e, ScanError::CorruptPdf { .. }), "{e}");
    let e = refused(b"%PDF-1.4\nthis is not really a pdf\n%%EOF\n".to_vec());
    assert!(matches!(e, ScanError::CorruptPdf { .. }), "{e}");
}

#[test]
fn the_placeholder_thumbnail_is_a_jpeg() {
    let t = beian_scan::pdf::placeholder_thumbnail().unwrap();
    assert_eq!(image::load_from_memory(&t).unwrap().height(), 256);
}
