//! Apple's "CgBI" PNGs: Xcode rewrites an app's PNGs (pngcrush `-iphone`) with a `CgBI` chunk
//! first, the image data as raw deflate (no zlib header and checksum) and the pixels as BGRA
//! with premultiplied alpha. No standard decoder reads them, so the icon of an `.ipa` built by
//! Xcode would be unreadable. [`to_standard_png`] rewrites one as an ordinary PNG: the data
//! inflated (bounded by the image's size), red and blue swapped back, alpha un-premultiplied,
//! and the PNG encoded again by the `image` crate.
//!
//! Layout: <https://theapplewiki.com/wiki/PNG_CgBI_Format> (the chunk, the raw deflate, BGRA,
//! premultiplication); PNG filtering as in the PNG specification §9.

use std::io::Read;

/// The largest icon side read (an app icon is at most 1024 px).
const MAX_SIDE: u32 = 4096;

/// A standard PNG for a CgBI one; `None` when `png` is not a CgBI PNG of 8-bit RGBA or RGB, or
/// is damaged.
pub(crate) fn to_standard_png(png: &[u8]) -> Option<Vec<u8>> {
    let body = png.strip_prefix(b"\x89PNG\r\n\x1a\n")?;
    let mut chunks = Chunks(body);
    let (first, _) = chunks.next()?;
    if first != *b"CgBI" {
        return None;
    }
    let (mut width, mut height, mut channels) = (0u32, 0u32, 0usize);
    let mut idat: Vec<u8> = Vec::new();
    for (kind, data) in chunks {
        match &kind {
            b"IHDR" if data.len() == 13 => {
                width = u32::from_be_bytes(data[0..4].try_into().ok()?);
                height = u32::from_be_bytes(data[4..8].try_into().ok()?);
                // 8-bit samples, colour type 6 (RGBA) or 2 (RGB), no interlace.
                channels = match (data[8], data[9], data[12]) {
                    (8, 6, 0) => 4,
                    (8, 2, 0) => 3,
                    _ => return None,
                };
            }
            b"IDAT" => idat.extend_from_slice(data),
            b"IEND" => break,
            _ => {}
        }
    }
    if width == 0 || height == 0 || width > MAX_SIDE || height > MAX_SIDE || channels == 0 {
        return None;
    }
    let stride = width as usize * channels;
    let expected = (stride + 1) * height as usize;
    let mut filtered = Vec::with_capacity(expected);
    flate2::read::DeflateDecoder::new(idat.as_slice()).take(expected as u64 + 1).read_to_end(&mut filtered).ok()?;
    if filtered.len() != expected {
        return None;
    }
    let pixels = unfilter(&filtered, stride, channels)?;
    let image = if channels == 4 {
        let mut rgba = pixels;
        for p in rgba.chunks_exact_mut(4) {
            let (b, g, r, a) = (p[0], p[1], p[2], p[3]);
            let un = |c: u8| {
                if a == 0 { 0 } else { ((u32::from(c) * 255 + u32::from(a) / 2) / u32::from(a)).min(255) as u8 }
            };
            p.copy_from_slice(&[un(r), un(g), un(b), a]);
        }
        image::DynamicImage::ImageRgba8(image::RgbaImage::from_raw(width, height, rgba)?)
    } else {
        let mut rgb = pixels;
        for p in rgb.chunks_exact_mut(3) {
            p.swap(0, 2);
        }
        image::DynamicImage::ImageRgb8(image::RgbImage::from_raw(width, height, rgb)?)
    };
    let mut out = std::io::Cursor::new(Vec::new());
    image.write_to(&mut out, image::ImageFormat::Png).ok()?;
    Some(out.into_inner())
}

/// The chunks of a PNG after its signature: (type, data); stops at the first malformed one.
struct Chunks<'a>(&'a [u8]);

impl<'a> Iterator for Chunks<'a> {
    type Item = ([u8; 4], &'a [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        let len = u32::from_be_bytes(self.0.get(0..4)?.try_into().ok()?) as usize;
        let kind: [u8; 4] = self.0.get(4..8)?.try_into().ok()?;
        let data = self.0.get(8..8usize.checked_add(len)?)?;
        // The CRC is not checked: a damaged chunk fails the inflate or the size check.
        self.0 = self.0.get(8 + len + 4..)?;
        Some((kind, data))
    }
}

/// PNG scanline filters undone (PNG §9.2): `filtered` holds `stride + 1` bytes per row, the
/// first the filter type.
fn unfilter(filtered: &[u8], stride: usize, bpp: usize) -> Option<Vec<u8>> {
    let rows = filtered.len() / (stride + 1);
    let mut out = vec![0u8; rows * stride];
    for y in 0..rows {
        let line = &filtered[y * (stride + 1)..(y + 1) * (stride + 1)];
        let (kind, src) = (line[0], &line[1..]);
        let (done, rest) = out.split_at_mut(y * stride);
        let prev: &[u8] = if y == 0 { &[] } else { &done[(y - 1) * stride..] };
        let cur = &mut rest[..stride];
        for x in 0..stride {
            let a = if x >= bpp { cur[x - bpp] } else { 0 };
            let b = prev.get(x).copied().unwrap_or(0);
            let c = if x >= bpp { prev.get(x - bpp).copied().unwrap_or(0) } else { 0 };
            let predictor = match kind {
                0 => 0,
                1 => a,
                2 => b,
                3 => ((u16::from(a) + u16::from(b)) / 2) as u8,
                4 => paeth(a, b, c),
                _ => return None,
            };
            cur[x] = src[x].wrapping_add(predictor);
        }
    }
    Some(out)
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let (pa, pb, pc) = ((p - i16::from(a)).abs(), (p - i16::from(b)).abs(), (p - i16::from(c)).abs());
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::io::Write;

    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(data);
        out.extend_from_slice(&crc.sum().to_be_bytes());
    }

    /// A CgBI PNG of `rgba` as Xcode writes one: BGRA premultiplied, each row with its own filter
    /// (all five kinds), raw deflate.
    fn crushed(width: u32, height: u32, rgba: &[u8]) -> Vec<u8> {
        let stride = width as usize * 4;
        let bgra: Vec<u8> = rgba
            .chunks_exact(4)
            .flat_map(|p| {
                let pre = |c: u8| ((u32::from(c) * u32::from(p[3]) + 127) / 255) as u8;
                [pre(p[2]), pre(p[1]), pre(p[0]), p[3]]
            })
            .collect();
        let mut filtered = Vec::new();
        for y in 0..height as usize {
            let kind = (y % 5) as u8;
            filtered.push(kind);
            let cur = &bgra[y * stride..(y + 1) * stride];
            let prev = if y == 0 { None } else { Some(&bgra[(y - 1) * stride..y * stride]) };
            for x in 0..stride {
                let a = if x >= 4 { cur[x - 4] } else { 0 };
                let b = prev.map_or(0, |p| p[x]);
                let c = if x >= 4 { prev.map_or(0, |p| p[x - 4]) } else { 0 };
                let predictor = match kind {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => ((u16::from(a) + u16::from(b)) / 2) as u8,
                    _ => paeth(a, b, c),
                };
                filtered.push(cur[x].wrapping_sub(predictor));
            }
        }
        let mut deflate = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        deflate.write_all(&filtered).unwrap();
        let idat = deflate.finish().unwrap();
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        chunk(&mut out, b"CgBI", &[0x50, 0x00, 0x20, 0x02]);
        let mut ihdr = Vec::new();
        ihdr.extend_from_slice(&width.to_be_bytes());
        ihdr.extend_from_slice(&height.to_be_bytes());
        ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
        chunk(&mut out, b"IHDR", &ihdr);
        chunk(&mut out, b"IDAT", &idat);
        chunk(&mut out, b"IEND", &[]);
        out
    }

    #[test]
    fn a_crushed_png_reads_back_as_its_pixels() {
        let (w, h) = (37u32, 23u32);
        let rgba: Vec<u8> = (0..w * h)
            .flat_map(|i| {
                let (x, y) = (i % w, i / w);
                // Opaque, with a translucent band at the bottom.
                let a = if y > 18 { 128 } else { 255 };
                [(x * 7) as u8, (y * 11) as u8, ((x * y) % 256) as u8, a]
            })
            .collect();
        let png = crushed(w, h, &rgba);
        assert!(image::load_from_memory(&png).is_err(), "no standard decoder reads a CgBI PNG");
        let standard = to_standard_png(&png).expect("rewritten");
        let back = image::load_from_memory(&standard).unwrap().to_rgba8();
        assert_eq!((back.width(), back.height()), (w, h));
        for (got, want) in back.pixels().zip(rgba.chunks_exact(4)) {
            if want[3] == 255 {
                assert_eq!(got.0, [want[0], want[1], want[2], 255]);
            } else {
                // Premultiplying at half alpha loses the lowest bit.
                for k in 0..3 {
                    assert!(got.0[k].abs_diff(want[k]) <= 2, "{:?} vs {:?}", got.0, want);
                }
            }
        }
    }

    #[test]
    fn an_ordinary_png_or_a_damaged_one_is_left_alone() {
        let mut plain = std::io::Cursor::new(Vec::new());
        image::RgbaImage::new(4, 4).write_to(&mut plain, image::ImageFormat::Png).unwrap();
        assert_eq!(to_standard_png(plain.get_ref()), None);
        let mut png = crushed(8, 8, &[200u8; 8 * 8 * 4]);
        let cut = png.len() - 20;
        png.truncate(cut);
        assert_eq!(to_standard_png(&png), None);
        assert_eq!(to_standard_png(b"not a png"), None);
        // A huge declared size is refused before anything is inflated.
        let mut huge = b"\x89PNG\r\n\x1a\n".to_vec();
        chunk(&mut huge, b"CgBI", &[0; 4]);
        let mut ihdr = 100_000u32.to_be_bytes().to_vec();
        ihdr.extend_from_slice(&100_000u32.to_be_bytes());
        ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
        chunk(&mut huge, b"IHDR", &ihdr);
        chunk(&mut huge, b"IEND", &[]);
        assert_eq!(to_standard_png(&huge), None);
    }
}
