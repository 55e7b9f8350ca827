//! One loaded face: the font program, what matching needs (names, weight, style), the
//! metrics the line breaker needs, and a shaper.
//!
//! Faces live for the whole process (`&'static`): layout copies face handles into every
//! glyph run, across threads, and a handle that borrows from a per-run book would tie
//! every layout type to that book's lifetime. The registry below keeps one copy per
//! distinct font program (by content hash), so a preview server that reloads the same
//! files on every save does not grow; what stays is bounded by the distinct fonts used.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

use rustybuzz::ttf_parser;
use sha2::{Digest, Sha256};

use super::sparse::Sparse;

/// A face ready for layout and embedding.
///
/// What matching needs (names, weight, slant) is read when the file is loaded; the
/// metrics and the shaper only when layout first asks for them ([`Metrics`]): a
/// `lettertypen` folder of eight faces of which a letter sets two costs the other six
/// only their name table.
pub struct FontFace {
    /// From the program's bytes and face index: the same font is the same key on every
    /// run and machine, so it orders and names PDF fonts deterministically.
    pub key: u64,
    pub index: u32,
    /// The bytes the face was matched from: the whole program, or for a font file only
    /// the parts matching reads ([`sparse`](super::sparse)).
    read: &'static [u8],
    /// The table directory parsed from `read`.
    tables: ttf_parser::Face<'static>,
    /// The font file, when `read` is only part of it.
    file: Option<&'static Sparse>,
    /// The program of a font file as layout reads it (every table but the outlines,
    /// [`Sparse::layout`]) and its tables, read on first use; `None` when the file
    /// changed since it was matched.
    whole: OnceLock<Option<(&'static [u8], ttf_parser::Face<'static>)>>,
    metrics: OnceLock<Metrics>,
    /// The name users know it by (typographic family, else the legacy family).
    pub family: String,
    /// Every family name the face answers to, lowercased.
    pub names: Vec<String>,
    pub postscript_name: String,
    /// 100 (thin) to 900 (black); 400 regular, 700 bold.
    pub weight: u16,
    pub italic: bool,
    /// Where the face came from, for messages: a path or "ingebouwd".
    pub origin: String,
}

/// What layout reads of a face it sets text in, made once on first use.
struct Metrics {
    shaper: rustybuzz::Face<'static>,
    /// Latin, left to right, Dutch: planned once, as planning is the slow part.
    latin_plan: rustybuzz::ShapePlan,
    units_per_em: f64,
    ascent: f64,
    descent: f64,
    cap_height: f64,
    /// Advance width per glyph id, read once so the hot loop is an index.
    advances: Vec<u16>,
    /// Glyph ids of U+0000..U+0250 (Latin), looked up once: nearly all Dutch text.
    latin: Vec<u16>,
}

/// A glyph of a shaped piece of text, in font units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShapedGlyph {
    pub gid: u16,
    /// Byte offset in the shaped text of the first character this glyph stands for.
    pub cluster: u32,
    /// The pen advance after this glyph, kerning included.
    pub advance: i32,
}

impl std::fmt::Debug for FontFace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.postscript_name, self.origin)
    }
}

impl FontFace {
    /// Reads face `index` of `data` as far as matching needs; `None` when it is not a
    /// usable font.
    fn parse(
        data: &'static [u8],
        file: Option<&'static Sparse>,
        index: u32,
        key: u64,
        origin: String,
    ) -> Option<FontFace> {
        let tables = ttf_parser::Face::parse(data, index).ok()?;
        if tables.units_per_em() == 0 || tables.number_of_glyphs() == 0 {
            return None;
        }
        let mut names: Vec<String> = Vec::new();
        let mut typographic = None;
        let mut legacy = None;
        let mut postscript_name = String::new();
        for name in tables.names() {
            let wanted = matches!(
                name.name_id,
                ttf_parser::name_id::TYPOGRAPHIC_FAMILY
                    | ttf_parser::name_id::FAMILY
                    | ttf_parser::name_id::POST_SCRIPT_NAME
            );
            if !wanted {
                continue;
            }
            let Some(text) = name.to_string() else {
                continue;
            };
            let text = text.trim().to_owned();
            if text.is_empty() {
                continue;
            }
            match name.name_id {
                ttf_parser::name_id::TYPOGRAPHIC_FAMILY => {
                    typographic.get_or_insert_with(|| text.clone());
                }
                ttf_parser::name_id::FAMILY => {
                    legacy.get_or_insert_with(|| text.clone());
                }
                _ => {
                    if postscript_name.is_empty() {
                        postscript_name = text;
                    }
                    continue;
                }
            }
            let lower = text.to_lowercase();
            if !names.contains(&lower) {
                names.push(lower);
            }
        }
        let family = typographic.or(legacy)?;
        if postscript_name.is_empty() {
            postscript_name = family.replace(' ', "");
        }
        Some(FontFace {
            key,
            read: data,
            file,
            whole: OnceLock::new(),
            index,
            weight: tables.weight().to_number(),
            italic: tables.style() != ttf_parser::Style::Normal,
            tables,
            metrics: OnceLock::new(),
            family,
            names,
            postscript_name,
            origin,
        })
    }

    /// The program layout reads and its tables: for a font file every table but the
    /// outlines, read now, on first use. A file that changed since it was matched is not used: its face keeps what was
    /// read of it (no glyphs, no advances) and says [`changed`](FontFace::changed), so
    /// the run can refuse what was laid out with it.
    fn program(&self) -> (&'static [u8], &ttf_parser::Face<'static>) {
        let Some(file) = self.file else {
            return (self.read, &self.tables);
        };
        let whole = self.whole.get_or_init(|| {
            let data = file.layout()?;
            Some((data, ttf_parser::Face::parse(data, self.index).ok()?))
        });
        match whole {
            Some((data, tables)) => (data, tables),
            None => (self.read, &self.tables),
        }
    }

    /// Whether the whole program was asked for and could not be used, without asking.
    fn failed(&self) -> bool {
        matches!(self.whole.get(), Some(None))
    }

    /// The program as layout reads it: for a font file every table but the outlines
    /// ([`Sparse::layout`]); the PDF's font metrics are read here too.
    pub fn tables_data(&self) -> &'static [u8] {
        self.program().0
    }

    /// The whole font program, for embedding it whole.
    pub fn data(&self) -> &'static [u8] {
        match self.file {
            Some(file) if !self.changed() => file.whole().unwrap_or(self.read),
            _ => self.program().0,
        }
    }

    /// The program with the outlines of `glyphs` (and of `.notdef`, glyph 0, which
    /// every subset holds) in it: what a subset of them reads. `None` when the face's
    /// file changed since it was matched.
    pub fn outlines_for(
        &self,
        glyphs: impl IntoIterator<Item = u16>,
    ) -> Option<std::borrow::Cow<'static, [u8]>> {
        match self.file {
            None => Some(std::borrow::Cow::Borrowed(self.read)),
            Some(_) if self.changed() => None,
            Some(file) => file.outlines(self.index, std::iter::once(0).chain(glyphs)),
        }
    }

    /// Whether the face's file changed (or went) between matching and its first use:
    /// what was made with it is wrong.
    pub fn changed(&self) -> bool {
        self.program();
        self.failed()
    }

    /// Makes the metrics and shaper now, on a thread with nothing else to do, rather
    /// than on the first question of the layout.
    pub fn prepare(&self) {
        self.metrics();
    }

    /// Whether the metrics and shaper are made ([`prepare`](FontFace::prepare)).
    #[cfg(test)]
    pub fn is_prepared(&self) -> bool {
        self.metrics.get().is_some()
    }

    /// The metrics and shaper, made on the first question layout asks of this face.
    fn metrics(&self) -> &Metrics {
        self.metrics.get_or_init(|| {
            let shaper = rustybuzz::Face::from_face(self.program().1.clone());
            let hhea = shaper.tables().hhea;
            let ascent = f64::from(hhea.ascender);
            let advances = (0..shaper.number_of_glyphs())
                .map(|g| {
                    shaper
                        .glyph_hor_advance(ttf_parser::GlyphId(g))
                        .unwrap_or(0)
                })
                .collect();
            let latin = (0u32..0x250)
                .map(|cp| {
                    char::from_u32(cp)
                        .and_then(|c| shaper.glyph_index(c))
                        .map_or(0, |g| g.0)
                })
                .collect();
            let language = "nl".parse::<rustybuzz::Language>().ok();
            let latin_plan = rustybuzz::ShapePlan::new(
                &shaper,
                rustybuzz::Direction::LeftToRight,
                Some(rustybuzz::script::LATIN),
                language.as_ref(),
                &[],
            );
            Metrics {
                cap_height: shaper.capital_height().map_or(ascent * 0.7, f64::from),
                descent: f64::from(hhea.descender).abs(),
                ascent,
                units_per_em: f64::from(shaper.units_per_em()),
                advances,
                latin,
                latin_plan,
                shaper,
            }
        })
    }

    /// Whether the face answers to `family` (case-insensitive).
    pub fn is_family(&self, family: &str) -> bool {
        let wanted = family.trim().to_lowercase();
        self.names.contains(&wanted)
    }

    pub fn is_bold(&self) -> bool {
        self.weight >= 600
    }

    /// The glyph for `c`, or `None` when the face lacks it (glyph 0 is `.notdef`).
    pub fn glyph(&self, c: char) -> Option<u16> {
        let m = self.metrics();
        let gid = match m.latin.get(c as usize) {
            Some(&g) => g,
            None => m.shaper.glyph_index(c).map_or(0, |g| g.0),
        };
        (gid != 0).then_some(gid)
    }

    pub fn advance(&self, gid: u16) -> u16 {
        self.metrics()
            .advances
            .get(usize::from(gid))
            .copied()
            .unwrap_or(0)
    }

    pub fn glyph_count(&self) -> usize {
        self.metrics().advances.len()
    }

    pub fn units_per_em(&self) -> f64 {
        self.metrics().units_per_em
    }

    /// Height above the baseline (`hhea`), font units.
    pub fn ascent(&self) -> f64 {
        self.metrics().ascent
    }

    /// Depth below the baseline as a positive number, font units.
    pub fn descent(&self) -> f64 {
        self.metrics().descent
    }

    pub fn cap_height(&self) -> f64 {
        self.metrics().cap_height
    }

    /// Shapes `text` with the font's own rules: GPOS kerning (the `kern` table where
    /// there is no GPOS), standard ligatures, Dutch forms. Font units; clusters are
    /// byte offsets into `text`, in order (left to right).
    pub fn shape(&self, text: &str) -> Vec<ShapedGlyph> {
        let m = self.metrics();
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        if let Ok(nl) = "nl".parse::<rustybuzz::Language>() {
            buffer.set_language(nl);
        }
        buffer.guess_segment_properties();
        let latin = buffer.direction() == rustybuzz::Direction::LeftToRight
            && matches!(
                buffer.script(),
                rustybuzz::script::LATIN | rustybuzz::script::UNKNOWN
            );
        let glyphs = if latin {
            buffer.set_script(rustybuzz::script::LATIN);
            rustybuzz::shape_with_plan(&m.shaper, &m.latin_plan, buffer)
        } else {
            rustybuzz::shape(&m.shaper, &[], buffer)
        };
        let mut out: Vec<ShapedGlyph> = glyphs
            .glyph_infos()
            .iter()
            .zip(glyphs.glyph_positions())
            .map(|(info, pos)| ShapedGlyph {
                gid: u16::try_from(info.glyph_id).unwrap_or(0),
                cluster: info.cluster,
                advance: pos.x_advance,
            })
            .collect();
        // Right-to-left text comes back in visual order; keep logical order, which is
        // what the line breaker and text extraction work in.
        if buffer_is_rtl(&out) {
            out.reverse();
        }
        out
    }

    /// Width of `text` at `size` points, shaped, for short labels (numbers, bullets).
    pub fn text_width(&self, text: &str, size: f64) -> f64 {
        let units: i64 = self.shape(text).iter().map(|g| i64::from(g.advance)).sum();
        units as f64 * size / self.units_per_em()
    }
}

fn buffer_is_rtl(glyphs: &[ShapedGlyph]) -> bool {
    glyphs.len() > 1 && glyphs.first().map(|g| g.cluster) > glyphs.last().map(|g| g.cluster)
}

/// The faces of every program loaded in this process: by content, and for a font file
/// read only in part also by its path, since its whole program is read from there.
type Registry = HashMap<(u64, Option<PathBuf>), Vec<&'static FontFace>>;

fn registry() -> &'static Mutex<Registry> {
    static REGISTRY: OnceLock<Mutex<Registry>> = OnceLock::new();
    REGISTRY.get_or_init(|| Mutex::new(HashMap::new()))
}

/// The faces of a font program (one, or several for a collection); empty when none of
/// them parses. A program seen before returns the faces made then.
pub fn faces_of(bytes: Vec<u8>, origin: &str) -> Vec<&'static FontFace> {
    intern(program_key(&bytes), None, origin, || {
        (Box::leak(bytes.into_boxed_slice()), None)
    })
}

/// The faces of a font file of which only what matching needs was read; the whole
/// program is read when a face is first used.
pub fn file_faces(file: Sparse, origin: &str) -> Vec<&'static FontFace> {
    let program = program_key(&file.bytes);
    let path = file.path.clone();
    intern(program, Some(path), origin, || {
        let file: &'static Sparse = Box::leak(Box::new(file));
        (&file.bytes, Some(file))
    })
}

/// Faces of a font program compiled into the binary.
pub fn static_faces(data: &'static [u8]) -> Vec<&'static FontFace> {
    intern(program_key(data), None, "ingebouwd", || (data, None))
}

/// A font program's identity: SHA-256 of its length and its first 4 KiB. The start of
/// an OpenType file is its table directory, which holds a checksum of every table, so
/// two different programs differ there; hashing all of it (megabytes per face, in
/// software SHA-256) cost half of a one-letter run's instructions.
fn program_key(bytes: &[u8]) -> u64 {
    const PREFIX: usize = 4096;
    let mut hasher = Sha256::new();
    hasher.update((bytes.len() as u64).to_be_bytes());
    hasher.update(&bytes[..bytes.len().min(PREFIX)]);
    let digest = hasher.finalize();
    let mut key = [0u8; 8];
    key.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(key)
}

/// The faces of `program`, made once. A font file's faces are those of the same program
/// known whole (built in, or a system font), else those of that file, made anew when
/// its file had changed when a face was first used, so that a preview server recovers
/// once the file is back.
fn intern(
    program: u64,
    path: Option<PathBuf>,
    origin: &str,
    data: impl FnOnce() -> (&'static [u8], Option<&'static Sparse>),
) -> Vec<&'static FontFace> {
    let Ok(mut known) = registry().lock() else {
        return Vec::new();
    };
    if let Some(faces) = known.get(&(program, None)) {
        return faces.clone();
    }
    if let Some(faces) = known.get(&(program, path.clone())) {
        if !faces.iter().any(|f| f.failed()) {
            return faces.clone();
        }
    }
    let (data, file) = data();
    let count = ttf_parser::fonts_in_collection(data).unwrap_or(1).min(64);
    let faces: Vec<&'static FontFace> = (0..count)
        .filter_map(|i| {
            let key = program.wrapping_add(u64::from(i));
            FontFace::parse(data, file, i, key, origin.to_owned())
        })
        .map(|f| &*Box::leak(Box::new(f)))
        .collect();
    known.insert((program, path), faces.clone());
    faces
}
