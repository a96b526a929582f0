//! A small, bounds-checked reader of `resources.arsc`, after AOSP `ResourceTypes.h`
//! (`ResTable_header`, `ResTable_package`, `ResTable_type`, `ResTable_entry`, `Res_value`,
//! `ResTable_config`): just enough to resolve the manifest's `@string/…` label and
//! `@mipmap/…` icon references to their values in every configuration.

use crate::axml::StringPool;
use crate::le::{u16_at, u32_at};

const RES_STRING_POOL: u16 = 0x0001;
const RES_TABLE: u16 = 0x0002;
const RES_TABLE_PACKAGE: u16 = 0x0200;
const RES_TABLE_TYPE: u16 = 0x0201;
const TYPE_FLAG_SPARSE: u8 = 0x01;
const TYPE_FLAG_OFFSET16: u8 = 0x02;
const ENTRY_FLAG_COMPLEX: u16 = 0x0001;
const ENTRY_FLAG_COMPACT: u16 = 0x0008;
const NO_ENTRY: u32 = u32::MAX;
const TYPE_REFERENCE: u8 = 0x01;
const TYPE_STRING: u8 = 0x03;

/// A value of a resource in one configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Resolved {
    Str(String),
    Ref(u32),
}

/// One configuration's value: its language (`""` for the default), density (0 default,
/// 0xfffe nodpi, 0xffff anydpi) and the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Candidate {
    pub language: String,
    pub density: u16,
    pub value: Resolved,
}

/// The parsed table: the global string pool and every package chunk.
pub(crate) struct Table<'a> {
    strings: Option<StringPool<'a>>,
    packages: Vec<(u32, &'a [u8])>,
}

impl<'a> Table<'a> {
    pub(crate) fn parse(b: &'a [u8]) -> Option<Self> {
        if u16_at(b, 0)? != RES_TABLE {
            return None;
        }
        let mut o = u16_at(b, 2)? as usize;
        let end = (u32_at(b, 4)? as usize).min(b.len());
        let mut t = Table { strings: None, packages: Vec::new() };
        while o.checked_add(8)? <= end {
            let ty = u16_at(b, o)?;
            let size = u32_at(b, o + 4)? as usize;
            if size < 8 || o.checked_add(size)? > end {
                return None;
            }
            let chunk = &b[o..o + size];
            match ty {
                RES_STRING_POOL if t.strings.is_none() => t.strings = StringPool::parse(chunk),
                RES_TABLE_PACKAGE => t.packages.push((u32_at(chunk, 8)?, chunk)),
                _ => {}
            }
            o += size;
        }
        Some(t)
    }

    /// Every configuration's value of resource `id` (`0xPPTTEEEE`).
    pub(crate) fn candidates(&self, id: u32) -> Vec<Candidate> {
        let (pkg, ty, entry) = (id >> 24, ((id >> 16) & 0xff) as u8, (id & 0xffff) as usize);
        let mut out = Vec::new();
        for &(pid, chunk) in &self.packages {
            if pid == pkg {
                self.scan_package(chunk, ty, entry, &mut out);
            }
        }
        out
    }

    fn scan_package(&self, p: &[u8], ty: u8, entry: usize, out: &mut Vec<Candidate>) -> Option<()> {
        let mut o = u16_at(p, 2)? as usize;
        while o.checked_add(8)? <= p.len() {
            let kind = u16_at(p, o)?;
            let size = u32_at(p, o + 4)? as usize;
            if size < 8 || o.checked_add(size)? > p.len() {
                return None;
            }
            let chunk = &p[o..o + size];
            if kind == RES_TABLE_TYPE
                && chunk.get(8) == Some(&ty)
                && let Some(c) = self.entry_in_type(chunk, entry)
            {
                out.push(c);
            }
            o += size;
        }
        Some(())
    }

    fn entry_in_type(&self, t: &[u8], entry: usize) -> Option<Candidate> {
        let header = u16_at(t, 2)? as usize;
        let flags = *t.get(9)?;
        let count = u32_at(t, 12)? as usize;
        let entries_start = u32_at(t, 16)? as usize;
        // ResTable_config starts at 20: size, mcc, mnc, language[2], country[2], orientation,
        // touchscreen, density.
        let cfg = 20;
        let lang = t.get(cfg + 8..cfg + 10)?;
        let language = if lang == [0, 0] { String::new() } else { String::from_utf8_lossy(lang).into_owned() };
        let density = u16_at(t, cfg + 14)?;
        let offset = if flags & TYPE_FLAG_SPARSE != 0 {
            // (entry index u16, offset/4 u16) pairs, sorted by index.
            (0..count).find_map(|k| {
                let at = header + k * 4;
                (u16_at(t, at)? as usize == entry).then(|| u16_at(t, at + 2).map(|v| v as u32 * 4))?
            })?
        } else if entry >= count {
            return None;
        } else if flags & TYPE_FLAG_OFFSET16 != 0 {
            let v = u16_at(t, header + entry * 2)?;
            if v == 0xffff { NO_ENTRY } else { u32::from(v) * 4 }
        } else {
            u32_at(t, header + entry * 4)?
        };
        if offset == NO_ENTRY {
            return None;
        }
        let e = entries_start.checked_add(offset as usize)?;
        let size = u16_at(t, e)?;
        let eflags = u16_at(t, e + 2)?;
        let (data_type, data) = if eflags & ENTRY_FLAG_COMPACT != 0 {
            ((eflags >> 8) as u8, u32_at(t, e + 4)?)
        } else if eflags & ENTRY_FLAG_COMPLEX != 0 {
            return None;
        } else {
            let v = e.checked_add(size as usize)?;
            (*t.get(v + 3)?, u32_at(t, v + 4)?)
        };
        let value = match data_type {
            TYPE_STRING => Resolved::Str(self.strings.as_ref()?.get(data)?),
            TYPE_REFERENCE => Resolved::Ref(data),
            _ => return None,
        };
        Some(Candidate { language, density, value })
    }

    /// The string a reference ends in, following at most a few references; the default
    /// configuration preferred, then Chinese, then any.
    pub(crate) fn label(&self, id: u32) -> Option<String> {
        self.follow(id, 4, |c| match c.language.as_str() {
            "" => 0,
            "zh" => 1,
            _ => 2,
        })
    }

    /// The file the icon reference ends in: the densest raster (PNG, WebP, JPEG) among the
    /// configurations.
    pub(crate) fn icon_file(&self, id: u32) -> Option<String> {
        let mut files: Vec<(u16, String)> = Vec::new();
        self.collect_files(id, 4, &mut files);
        files.retain(|(_, f)| {
            let f = f.to_ascii_lowercase();
            f.ends_with(".png") || f.ends_with(".webp") || f.ends_with(".jpg") || f.ends_with(".jpeg")
        });
        // anydpi (0xffff) and nodpi (0xfffe) hold vectors or fixed images: rank them lowest.
        files.sort_by_key(|(d, _)| std::cmp::Reverse(if *d >= 0xfffe { 0 } else { *d }));
        files.into_iter().next().map(|(_, f)| f)
    }

    fn collect_files(&self, id: u32, depth: u8, out: &mut Vec<(u16, String)>) {
        if depth == 0 {
            return;
        }
        for c in self.candidates(id) {
            match c.value {
                Resolved::Str(s) => out.push((c.density, s)),
                Resolved::Ref(r) => self.collect_files(r, depth - 1, out),
            }
        }
    }

    fn follow(&self, id: u32, depth: u8, rank: impl Fn(&Candidate) -> u8 + Copy) -> Option<String> {
        if depth == 0 {
            return None;
        }
        let mut cands = self.candidates(id);
        cands.sort_by_key(rank);
        cands.into_iter().find_map(|c| match c.value {
            Resolved::Str(s) => Some(s),
            Resolved::Ref(r) => self.follow(r, depth - 1, rank),
        })
    }
}
