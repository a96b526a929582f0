//! A small, bounds-checked reader of Android binary XML (AXML), after AOSP `ResourceTypes.h`:
//! just enough for `<manifest package versionName>` and `<application label icon>`.

use crate::le::{u16_at, u32_at};
/// An attribute value: an inline string or a resource reference (`@0x7f...`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Value {
    Str(String),
    Ref(u32),
}

#[derive(Debug, Default)]
pub(crate) struct Manifest {
    pub package: Option<String>,
    pub version_name: Option<String>,
    pub label: Option<Value>,
    #[allow(dead_code)]
    pub icon: Option<Value>,
}

const RES_STRING_POOL: u16 = 0x0001;
const RES_XML: u16 = 0x0003;
const RES_XML_START_ELEMENT: u16 = 0x0102;
const RES_XML_RESOURCE_MAP: u16 = 0x0180;
const UTF8_FLAG: u32 = 0x100;

/// A string pool chunk (`ResStringPool_header`), strings decoded lazily.
pub(crate) struct StringPool<'a> {
    chunk: &'a [u8],
    count: usize,
    offsets_at: usize,
    strings_at: usize,
    utf8: bool,
}

impl<'a> StringPool<'a> {
    pub(crate) fn parse(chunk: &'a [u8]) -> Option<Self> {
        let header = u16_at(chunk, 2)? as usize;
        let count = u32_at(chunk, 8)? as usize;
        let flags = u32_at(chunk, 16)?;
        let strings_at = u32_at(chunk, 20)? as usize;
        if count.checked_mul(4)?.checked_add(header)? > chunk.len() {
            return None;
        }
        Some(Self { chunk, count, offsets_at: header, strings_at, utf8: flags & UTF8_FLAG != 0 })
    }

    pub(crate) fn get(&self, i: u32) -> Option<String> {
        let i = i as usize;
        if i >= self.count {
            return None;
        }
        let off = u32_at(self.chunk, self.offsets_at + i * 4)? as usize;
        let at = self.strings_at.checked_add(off)?;
        let b = self.chunk;
        if self.utf8 {
            // utf16 length (1 or 2 bytes), then utf8 length (1 or 2 bytes), then the bytes.
            let skip = |o: usize| -> Option<(usize, usize)> {
                let x = *b.get(o)? as usize;
                if x & 0x80 != 0 {
                    Some((((x & 0x7f) << 8) | *b.get(o + 1)? as usize, o + 2))
                } else {
                    Some((x, o + 1))
                }
            };
            let (_, o) = skip(at)?;
            let (n, o) = skip(o)?;
            let bytes = b.get(o..o.checked_add(n)?)?;
            Some(String::from_utf8_lossy(bytes).into_owned())
        } else {
            let x = u16_at(b, at)? as usize;
            let (n, o) = if x & 0x8000 != 0 {
                ((((x & 0x7fff) << 16) | u16_at(b, at + 2)? as usize), at + 4)
            } else {
                (x, at + 2)
            };
            let raw = b.get(o..o.checked_add(n.checked_mul(2)?)?)?;
            let units: Vec<u16> = raw.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
            Some(String::from_utf16_lossy(&units))
        }
    }
}

const ATTR_LABEL: u32 = 0x0101_0001;
const ATTR_ICON: u32 = 0x0101_0002;
const ATTR_VERSION_NAME: u32 = 0x0101_021c;

/// Reads the manifest's package, versionName and application label/icon.
pub(crate) fn parse_manifest(b: &[u8]) -> Option<Manifest> {
    if u16_at(b, 0)? != RES_XML {
        return None;
    }
    let mut o = u16_at(b, 2)? as usize;
    let end = (u32_at(b, 4)? as usize).min(b.len());
    let mut pool: Option<StringPool<'_>> = None;
    let mut res_map: Vec<u32> = Vec::new();
    let mut m = Manifest::default();
    while o.checked_add(8)? <= end {
        let ty = u16_at(b, o)?;
        let header = u16_at(b, o + 2)? as usize;
        let size = u32_at(b, o + 4)? as usize;
        if size < 8 || o.checked_add(size)? > end {
            return None;
        }
        let chunk = &b[o..o + size];
        match ty {
            RES_STRING_POOL => pool = StringPool::parse(chunk),
            RES_XML_RESOURCE_MAP => {
                res_map = chunk[header.min(size)..]
                    .chunks_exact(4)
                    .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                    .collect();
            }
            RES_XML_START_ELEMENT => {
                let p = pool.as_ref()?;
                let ext = header;
                let el = p.get(u32_at(chunk, ext + 4)?).unwrap_or_default();
                let attr_start = u16_at(chunk, ext + 8)? as usize;
                let attr_size = (u16_at(chunk, ext + 10)? as usize).max(20);
                let count = u16_at(chunk, ext + 12)? as usize;
                for k in 0..count {
                    let a = ext + attr_start + k * attr_size;
                    let name_i = u32_at(chunk, a + 4)?;
                    let raw = u32_at(chunk, a + 8)?;
                    let data_type = *chunk.get(a + 15)?;
                    let data = u32_at(chunk, a + 16)?;
                    let res_id = res_map.get(name_i as usize).copied().unwrap_or(0);
                    let name = p.get(name_i).unwrap_or_default();
                    let value = if raw != u32::MAX {
                        p.get(raw).map(Value::Str)
                    } else if data_type == 0x03 {
                        p.get(data).map(Value::Str)
                    } else if data_type == 0x01 {
                        Some(Value::Ref(data))
                    } else {
                        None
                    };
                    let as_str = |v: &Option<Value>| match v {
                        Some(Value::Str(s)) => Some(s.clone()),
                        _ => None,
                    };
                    match el.as_str() {
                        "manifest" if name == "package" => m.package = as_str(&value),
                        "manifest" if res_id == ATTR_VERSION_NAME || name == "versionName" => {
                            m.version_name = as_str(&value)
                        }
                        "application" if res_id == ATTR_LABEL || name == "label" => m.label = value,
                        "application" if res_id == ATTR_ICON || name == "icon" => m.icon = value,
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        o += size;
    }
    Some(m)
}
