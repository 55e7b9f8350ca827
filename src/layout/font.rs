//! The four embedded Liberation Sans faces and the metrics the line breaker needs.
//!
//! The fonts ship inside the binary (`include_bytes!`) so a letter comes out the same
//! on every machine, whatever is installed. Liberation Sans is metric-compatible with
//! Arial, which the DOCX names, so Word and our PDF break lines alike.
//!
//! Parsing goes through printpdf's own parser (the one it subsets with), so there is
//! one font stack in the build. Only the legacy `kern` table is read by hand: the
//! parser keeps it but offers no pair lookup, and format 0 is a sorted array of pairs.

use std::collections::HashMap;
use std::sync::OnceLock;

/// One of the four embedded faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Face {
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

impl Face {
    pub const ALL: [Face; 4] = [Face::Regular, Face::Bold, Face::Italic, Face::BoldItalic];

    pub fn from_style(bold: bool, italic: bool) -> Face {
        match (bold, italic) {
            (false, false) => Face::Regular,
            (true, false) => Face::Bold,
            (false, true) => Face::Italic,
            (true, true) => Face::BoldItalic,
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn is_bold(self) -> bool {
        matches!(self, Face::Bold | Face::BoldItalic)
    }

    pub fn is_italic(self) -> bool {
        matches!(self, Face::Italic | Face::BoldItalic)
    }

    /// The TrueType file of this face, as shipped in `fonts/`.
    pub fn bytes(self) -> &'static [u8] {
        match self {
            Face::Regular => include_bytes!("../../fonts/LiberationSans-Regular.ttf"),
            Face::Bold => include_bytes!("../../fonts/LiberationSans-Bold.ttf"),
            Face::Italic => include_bytes!("../../fonts/LiberationSans-Italic.ttf"),
            Face::BoldItalic => include_bytes!("../../fonts/LiberationSans-BoldItalic.ttf"),
        }
    }
}

/// What layout needs from a face: glyph lookup, advances, kerning, vertical metrics.
/// All values are in font units; [`FontMetrics::units_per_em`] converts.
pub struct FontMetrics {
    parsed: Option<printpdf::ParsedFont>,
    units_per_em: f64,
    ascent: f64,
    descent: f64,
    cap_height: f64,
    /// Advance width per glyph id, read once so the hot loop is an index.
    advances: Vec<u16>,
    /// Glyph ids of U+0000..U+0250 (Latin), looked up once: nearly all Dutch text.
    latin: Vec<u16>,
    /// Kerning pairs from the `kern` table, sorted by left then right glyph, and for
    /// each left glyph where its pairs start: a lookup is a short binary search, which
    /// matters because every adjacent letter pair asks.
    kern_pairs: Vec<(u16, i16)>,
    kern_start: Vec<u32>,
}

impl FontMetrics {
    fn load(face: Face) -> FontMetrics {
        let mut warnings = Vec::new();
        let parsed = printpdf::ParsedFont::from_bytes(face.bytes(), 0, &mut warnings);
        let Some(font) = parsed else {
            // The files are compiled in, so this is a build defect; keep going with
            // empty metrics (every character reported missing) rather than panic.
            return FontMetrics::empty();
        };
        let m = font.font_metrics;
        let upm = f64::from(m.units_per_em.max(1));
        let advances = (0..font.num_glyphs)
            .map(|gid| font.get_horizontal_advance(gid))
            .collect();
        let latin = (0u32..0x250)
            .map(|cp| font.lookup_glyph_index(cp).unwrap_or(0))
            .collect();
        let ascent = f64::from(m.ascent);
        let descent = f64::from(m.descent).abs();
        let cap_height = m.cap_height.map(f64::from).unwrap_or(ascent * 0.7);
        let (kern_pairs, kern_start) = kern_index(read_kern_table(face.bytes()), font.num_glyphs);
        FontMetrics {
            kern_pairs,
            kern_start,
            parsed: Some(font),
            units_per_em: upm,
            ascent,
            descent,
            cap_height,
            advances,
            latin,
        }
    }

    fn empty() -> FontMetrics {
        FontMetrics {
            parsed: None,
            units_per_em: 1000.0,
            ascent: 800.0,
            descent: 200.0,
            cap_height: 700.0,
            advances: Vec::new(),
            latin: Vec::new(),
            kern_pairs: Vec::new(),
            kern_start: Vec::new(),
        }
    }

    /// The glyph for `c`, or `None` when the face lacks it (glyph 0 is `.notdef`).
    pub fn glyph(&self, c: char) -> Option<u16> {
        let cp = c as u32;
        let gid = match self.latin.get(cp as usize) {
            Some(&g) => g,
            None => self
                .parsed
                .as_ref()
                .and_then(|f| f.lookup_glyph_index(cp))
                .unwrap_or(0),
        };
        (gid != 0).then_some(gid)
    }

    pub fn advance(&self, gid: u16) -> u16 {
        self.advances.get(usize::from(gid)).copied().unwrap_or(0)
    }

    /// Pair adjustment between two glyphs (negative pulls them together).
    pub fn kern(&self, left: u16, right: u16) -> i16 {
        let l = usize::from(left);
        let (Some(&from), Some(&to)) = (self.kern_start.get(l), self.kern_start.get(l + 1)) else {
            return 0;
        };
        let pairs = self
            .kern_pairs
            .get(from as usize..to as usize)
            .unwrap_or(&[]);
        match pairs.binary_search_by_key(&right, |&(r, _)| r) {
            Ok(i) => pairs.get(i).map_or(0, |&(_, v)| v),
            Err(_) => 0,
        }
    }

    pub fn units_per_em(&self) -> f64 {
        self.units_per_em
    }

    /// Height above the baseline, font units.
    pub fn ascent(&self) -> f64 {
        self.ascent
    }

    /// Depth below the baseline as a positive number, font units.
    pub fn descent(&self) -> f64 {
        self.descent
    }

    pub fn cap_height(&self) -> f64 {
        self.cap_height
    }

    /// Width of `text` at `size` points, kerned, for short labels (numbers, bullets).
    /// Characters the face lacks count as nothing; callers only pass known text.
    pub fn text_width(&self, text: &str, size: f64) -> f64 {
        let mut units = 0.0;
        let mut prev: Option<u16> = None;
        for c in text.chars() {
            if let Some(g) = self.glyph(c) {
                if let Some(p) = prev {
                    units += f64::from(self.kern(p, g));
                }
                units += f64::from(self.advance(g));
                prev = Some(g);
            }
        }
        units * size / self.units_per_em
    }
}

/// Whether a font named by the house style sets text exactly as Liberation Sans does
/// (same widths), so the PDF breaks lines as the DOCX does. An empty name means the
/// default.
pub fn is_metric_compatible(family: &str) -> bool {
    let f = family.trim().to_ascii_lowercase();
    matches!(
        f.as_str(),
        "" | "arial" | "liberation sans" | "helvetica" | "arimo"
    )
}

/// The metrics of `face`, parsed once per process and shared by all threads.
pub fn metrics(face: Face) -> &'static FontMetrics {
    static FACES: OnceLock<[FontMetrics; 4]> = OnceLock::new();
    let all = FACES.get_or_init(|| Face::ALL.map(FontMetrics::load));
    &all[face.index()]
}

/// Sorts `pairs` into per-left-glyph runs: `start[l]..start[l + 1]` indexes the
/// right glyphs (ascending) and values of left glyph `l`.
fn kern_index(pairs: HashMap<u32, i16>, glyphs: u16) -> (Vec<(u16, i16)>, Vec<u32>) {
    let mut sorted: Vec<(u32, i16)> = pairs
        .into_iter()
        .filter(|(key, _)| (key >> 16) < u32::from(glyphs))
        .collect();
    sorted.sort_unstable();
    let mut start = vec![0u32; usize::from(glyphs) + 2];
    for &(key, _) in &sorted {
        if let Some(s) = start.get_mut((key >> 16) as usize + 1) {
            *s += 1;
        }
    }
    for i in 1..start.len() {
        start[i] += start[i - 1];
    }
    let pairs = sorted
        .into_iter()
        .map(|(key, v)| ((key & 0xFFFF) as u16, v))
        .collect();
    (pairs, start)
}

/// Reads the format-0 subtables of a TrueType `kern` table. Any malformed or
/// unexpected structure yields fewer pairs, never a panic: kerning is a refinement.
fn read_kern_table(font: &[u8]) -> HashMap<u32, i16> {
    let mut pairs = HashMap::new();
    let Some(table) = find_table(font, b"kern") else {
        return pairs;
    };
    let (Some(version), Some(count)) = (be_u16(table, 0), be_u16(table, 2)) else {
        return pairs;
    };
    if version != 0 {
        return pairs; // Apple's version 1 table: not used by our fonts.
    }
    let mut offset = 4usize;
    for _ in 0..count {
        let (Some(length), Some(coverage)) = (be_u16(table, offset + 2), be_u16(table, offset + 4))
        else {
            break;
        };
        let format = coverage >> 8;
        let horizontal = coverage & 1 == 1;
        let cross_stream = coverage & 4 != 0;
        if format == 0 && horizontal && !cross_stream {
            let n = be_u16(table, offset + 6).unwrap_or(0);
            for i in 0..usize::from(n) {
                let at = offset + 14 + i * 6;
                if let (Some(l), Some(r), Some(v)) = (
                    be_u16(table, at),
                    be_u16(table, at + 2),
                    be_u16(table, at + 4),
                ) {
                    pairs.insert((u32::from(l) << 16) | u32::from(r), v as i16);
                }
            }
        }
        offset += usize::from(length.max(6));
    }
    pairs
}

fn find_table<'a>(font: &'a [u8], tag: &[u8; 4]) -> Option<&'a [u8]> {
    let n = usize::from(be_u16(font, 4)?);
    (0..n).find_map(|i| {
        let rec = 12 + 16 * i;
        if font.get(rec..rec + 4)? != tag {
            return None;
        }
        let off = be_u32(font, rec + 8)? as usize;
        let len = be_u32(font, rec + 12)? as usize;
        font.get(off..off.checked_add(len)?)
    })
}

fn be_u16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*b.get(at)?, *b.get(at + 1)?]))
}

fn be_u32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes([
        *b.get(at)?,
        *b.get(at + 1)?,
        *b.get(at + 2)?,
        *b.get(at + 3)?,
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faces_load_with_latin_glyphs_and_kerning() {
        for face in Face::ALL {
            let m = metrics(face);
            assert!(m.units_per_em() > 0.0);
            for c in "Aa’‘€–•ëïé'sHertogenbosch Súdwest-Fryslân".chars() {
                assert!(m.glyph(c).is_some(), "{face:?} lacks {c}");
            }
            assert!(m.glyph('😀').is_none());
            // "AV" is kerned in every Arial-compatible face.
            let (a, v) = (m.glyph('A').unwrap_or(0), m.glyph('V').unwrap_or(0));
            assert!(m.kern(a, v) < 0, "{face:?} has no AV kerning");
        }
    }

    #[test]
    fn arial_compatible_advance() {
        // Arial's "n" is 1139/2048 em; Liberation Sans matches it exactly.
        let m = metrics(Face::Regular);
        let n = m.glyph('n').unwrap_or(0);
        assert_eq!(m.advance(n), 1139);
    }
}
