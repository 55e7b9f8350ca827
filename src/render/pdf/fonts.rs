//! The embedded faces: which glyphs a document uses, the codes our content streams
//! show them by, and the PDF font objects that make those codes drawable and
//! extractable.
//!
//! Every used face becomes a Type0 font (Identity-H) over a CID font whose CIDs are
//! the glyph ids of a subset made by `subsetter`. We number the subset's glyphs
//! ourselves (.notdef first, then the used glyphs in glyph-id order), so the codes are
//! known before any content stream is written. The /W widths are the glyphs' advances
//! in thousandths of an em to three decimals, and the ToUnicode map gives each glyph
//! the text it stands for (a ligature all its letters: "fi" extracts as f + i).
//!
//! The subset tag (`ABCDEF+`) and the resource name come from a hash of the face and
//! the glyphs used (what the tag is for), so the same letter always yields the same
//! bytes.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::sync::{Arc, Mutex, OnceLock};

use lopdf::{Dictionary, Object, Stream};
use rustybuzz::ttf_parser;
use sha2::{Digest, Sha256};
use subsetter::GlyphRemapper;

use crate::error::{Error, Result};
use crate::fonts::FontFace;
use crate::layout::{Face, GlyphKind, ItemKind, Layout};

use super::deflating::Deflating;

/// What the FontDescriptor says about a face, in thousandths of an em. Read once per
/// face per process (a batch embeds the same faces in every letter).
#[derive(Debug, Clone, Copy)]
struct Metrics {
    bbox: [i64; 4],
    ascent: i64,
    descent: i64,
    cap_height: i64,
    italic_angle: i64,
    flags: i64,
    stem_v: i64,
    /// TrueType outlines (`glyf`), the only kind embedded whole when subsetting fails.
    truetype: bool,
}

fn metrics(font: &FontFace) -> Option<Metrics> {
    static KNOWN: OnceLock<Mutex<HashMap<u64, Option<Metrics>>>> = OnceLock::new();
    let mut known = KNOWN.get_or_init(Mutex::default).lock().ok()?;
    *known.entry(font.key).or_insert_with(|| read_metrics(font))
}

fn read_metrics(font: &FontFace) -> Option<Metrics> {
    let face = ttf_parser::Face::parse(font.tables_data(), font.index).ok()?;
    let upm = f64::from(face.units_per_em());
    if upm <= 0.0 {
        return None;
    }
    let scale = |v: i16| (f64::from(v) * 1000.0 / upm).round() as i64;
    let b = face.global_bounding_box();
    let ascent = scale(face.ascender());
    let italic_angle = f64::from(face.italic_angle()).round() as i64;
    // ISO 32000-1, table 123: FixedPitch 1, Nonsymbolic 32 (Latin text), Italic 64.
    let mut flags = 32;
    if face.is_monospaced() {
        flags |= 1;
    }
    if italic_angle != 0 || face.is_italic() {
        flags |= 64;
    }
    // No table holds the stem width; the usual estimate from the weight class: about
    // 88 at regular (400), 166 at bold (700).
    let weight = f64::from(face.weight().to_number());
    let stem_v = 50 + (weight / 65.0).powi(2).round() as i64;
    Some(Metrics {
        bbox: [
            scale(b.x_min),
            scale(b.y_min),
            scale(b.x_max),
            scale(b.y_max),
        ],
        ascent,
        descent: scale(face.descender()),
        cap_height: face.capital_height().map_or(ascent, scale),
        italic_angle,
        flags,
        stem_v,
        truetype: face.tables().glyf.is_some(),
    })
}

/// The font program as embedded.
#[derive(Clone)]
enum Program {
    /// TrueType outlines: /FontFile2 under a CIDFontType2.
    TrueType(Arc<Packed>),
    /// CFF outlines in their OpenType wrapper: /FontFile3 /OpenType under a
    /// CIDFontType0. `subsetter` makes the CFF CID-keyed with CID = glyph id. The
    /// wrapper, not the bare CFF table, because its `hmtx` carries the widths: the
    /// subset's charstrings do not, and validators compare those with /W.
    OpenType(Arc<Packed>),
}

impl Program {
    fn packed(&self) -> &Arc<Packed> {
        match self {
            Program::TrueType(p) | Program::OpenType(p) => p,
        }
    }
}

/// A font program and, once a PDF has needed it, its deflated bytes.
struct Packed {
    data: Vec<u8>,
    deflated: OnceLock<Option<Vec<u8>>>,
}

impl Packed {
    fn new(data: Vec<u8>) -> Arc<Packed> {
        Arc::new(Packed {
            data,
            deflated: OnceLock::new(),
        })
    }

    /// The program deflated as the renderer deflates every stream
    /// (`super::deflate`), or `None` where that would not make it smaller.
    fn deflated(&self) -> Option<&[u8]> {
        self.deflated
            .get_or_init(|| super::deflate_bytes(&self.data))
            .as_deref()
    }

    /// Puts the program's bytes in its stream: deflated, where that is smaller.
    fn fill(&self, stream: &mut Stream) {
        let deflated = self.deflated().map(<[u8]>::to_vec);
        super::set_deflated(stream, deflated, || self.data.clone());
    }
}

/// Subsets made in this run, by the digest of their face and glyphs (the subset tag's):
/// the letters of a region mostly set the same glyphs of the same faces (in the Gooi
/// sample six of eight letters share their bold subset and five their regular), and
/// subsetting and deflating a program was the largest part of a letter's PDF after
/// its layout. Bounded, so a run of thousands of municipalities with ever new glyph
/// sets keeps its memory: past [`SUBSET_CACHE_BYTES`] of programs, new ones are made
/// and not kept.
struct Subsets {
    programs: HashMap<[u8; 32], Program>,
    bytes: usize,
}

const SUBSET_CACHE_BYTES: usize = 2 << 20;

fn subsets() -> std::sync::MutexGuard<'static, Subsets> {
    static SUBSETS: OnceLock<Mutex<Subsets>> = OnceLock::new();
    let lock = SUBSETS.get_or_init(|| {
        Mutex::new(Subsets {
            programs: HashMap::new(),
            bytes: 0,
        })
    });
    // A panic while holding it cannot leave a half-made entry: insertion is one call.
    lock.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// One face as used by one document.
pub struct FaceFont {
    /// The resource name content streams select the font by.
    pub resource: String,
    /// /BaseFont: the PostScript name, with the subset tag when subset.
    base_font: String,
    /// Used glyph ids, sorted, each with the text it stands for (first use wins, so a
    /// glyph shared by two characters maps consistently).
    glyphs: BTreeMap<u16, String>,
    /// Original glyph id → code in the embedded font, and the glyph's width as the
    /// viewer takes it from /W. Indexed by glyph id: the content writer asks once per
    /// glyph.
    codes: Vec<u16>,
    widths: Vec<f64>,
    /// The space glyph, always in the subset: content streams end lines with it.
    space: Option<u16>,
    program: Program,
    metrics: Metrics,
}

impl FaceFont {
    pub fn space(&self) -> Option<u16> {
        self.space
    }

    pub fn code(&self, gid: u16) -> u16 {
        self.codes.get(usize::from(gid)).copied().unwrap_or(0)
    }

    pub fn width(&self, gid: u16) -> f64 {
        self.widths.get(usize::from(gid)).copied().unwrap_or(0.0)
    }
}

/// A glyph's /W width: its advance in thousandths of an em, to three decimals. Whole
/// thousandths (as before session 13) left a difference of up to one thousandth that
/// each line's `TJ` put back after nearly every glyph: the content streams were more
/// than twice as long, and a letter 0.3 ms slower to write and deflate them.
fn pdf_width(m: &FontFace, gid: u16) -> f64 {
    let milli = f64::from(m.advance(gid)) * 1_000_000.0 / m.units_per_em();
    milli.round() / 1000.0
}

pub struct FontTable {
    /// By the font's key: the order (and so the bytes) never depends on which thread
    /// loaded a font first.
    faces: BTreeMap<u64, FaceFont>,
}

impl FontTable {
    /// The used faces of `layout`, each subset (or, if that fails for a TrueType
    /// face, embedded whole); an error names a face that cannot be embedded at all.
    pub fn new(layout: &Layout) -> Result<FontTable> {
        let mut faces = BTreeMap::new();
        let used = used_glyphs(layout);
        // A font file read whole only when first used (`fonts::sparse`) may have changed
        // since it was matched; what was laid out with it is then refused, not shown.
        if let Some((font, _)) = used.values().find(|(font, _)| font.changed()) {
            return Err(Error::failed(
                format!(
                    "het lettertype {} ({}) is tijdens de build veranderd of verwijderd",
                    font.postscript_name, font.origin
                ),
                "start de build opnieuw als het lettertypebestand niet meer verandert",
            ));
        }
        for (key, (font, table)) in used {
            faces.insert(key, embed(font, table)?);
        }
        Ok(FontTable { faces })
    }

    pub fn face(&self, face: Face) -> Option<&FaceFont> {
        self.faces.get(&face.font().key)
    }

    /// Has the helper of `deflating`, if there is one, deflate every face's program
    /// (each once per run) while the pages are written.
    pub fn deflate_beside(&self, deflating: &Deflating) {
        if !deflating.is_beside() {
            return;
        }
        for font in self.faces.values() {
            let packed = Arc::clone(font.program.packed());
            if packed.deflated.get().is_none() {
                deflating.run(move || {
                    packed.deflated();
                });
            }
        }
    }

    /// Adds every face's objects to `lo`; returns the /Font resource dictionary.
    pub fn write(&self, lo: &mut lopdf::Document, deflating: &mut Deflating) -> Dictionary {
        let mut resources = Dictionary::new();
        for font in self.faces.values() {
            let id = write_font(lo, font, deflating);
            resources.set(font.resource.as_bytes().to_vec(), Object::Reference(id));
        }
        resources
    }
}

/// The text of each used glyph per font: the first character seen, and the
/// characters joined to it (a ligature's). Empty marks an unused glyph.
fn used_glyphs(layout: &Layout) -> BTreeMap<u64, (&'static FontFace, Vec<String>)> {
    let mut seen: BTreeMap<u64, (&'static FontFace, Vec<String>)> = BTreeMap::new();
    for page in &layout.pages {
        for item in &page.items {
            let ItemKind::Text(run) = &item.kind else {
                continue;
            };
            let font = run.face.font();
            let (_, table) = seen.entry(font.key).or_insert_with(|| (font, Vec::new()));
            let mut current: Option<usize> = None;
            for g in &run.glyphs {
                if g.kind == GlyphKind::Joined {
                    // Only while the glyph's text is being made, so a ligature seen
                    // again does not grow.
                    if let Some(text) = current.and_then(|i| table.get_mut(i)) {
                        text.push(g.ch);
                    }
                    continue;
                }
                let i = usize::from(g.gid);
                if i >= table.len() {
                    table.resize(i + 1, String::new());
                }
                if table[i].is_empty() {
                    table[i].push(g.ch);
                    current = Some(i);
                } else {
                    current = None;
                }
            }
        }
    }
    seen.retain(|_, (_, table)| table.iter().any(|t| !t.is_empty()));
    seen
}

fn embed(font: &'static FontFace, mut table: Vec<String>) -> Result<FaceFont> {
    let refuse = |why: String| {
        Error::failed(
            format!(
                "het lettertype {} ({}) kan niet in de PDF worden opgenomen: {why}",
                font.postscript_name, font.origin
            ),
            "gebruik een ander TTF- of OTF-bestand van dit lettertype",
        )
    };
    let metrics = metrics(font).ok_or_else(|| refuse("het bestand is onleesbaar".into()))?;
    // The space, for the word break at the end of every line (see `content`), even
    // when the face shows none itself.
    let space = font.glyph(' ').filter(|&g| g != 0);
    if let Some(g) = space {
        let i = usize::from(g);
        if i >= table.len() {
            table.resize(i + 1, String::new());
        }
        if table[i].is_empty() {
            table[i].push(' ');
        }
    }
    let glyphs: BTreeMap<u16, String> = table
        .iter()
        .enumerate()
        .filter(|(_, t)| !t.is_empty())
        .map(|(gid, t)| (gid as u16, t.clone()))
        .collect();
    let mut hash = Sha256::new();
    hash.update(font.key.to_be_bytes());
    for gid in glyphs.keys() {
        hash.update(gid.to_be_bytes());
    }
    let digest = hash.finalize();
    let tag: String = digest
        .iter()
        .take(6)
        .map(|b| char::from(b'A' + b % 26))
        .collect();
    let resource = format!("{tag}{:02X}", (font.key & 0xFF) as u8);

    // .notdef is glyph 0 of every subset; the used glyphs follow in glyph-id order.
    // Composite glyphs' parts, which the subsetter adds, come after those.
    let mut remapper = GlyphRemapper::new();
    for &gid in glyphs.keys() {
        remapper.remap(gid);
    }
    let name = postscript_name(font);
    let key: [u8; 32] = digest.into();
    let cached = subsets().programs.get(&key).cloned();
    let subset = match cached {
        Some(program) => Ok(program),
        None => {
            let program = font.outlines_for(glyphs.keys().copied()).ok_or_else(|| {
                refuse("het bestand is tijdens de build veranderd of verwijderd".into())
            })?;
            subsetter::subset(&program, font.index, &remapper).map(|subset| {
                let program = if subset.starts_with(b"OTTO") {
                    Program::OpenType(Packed::new(subset))
                } else {
                    Program::TrueType(Packed::new(subset))
                };
                let mut cache = subsets();
                let size = program.packed().data.len();
                if cache.bytes + size <= SUBSET_CACHE_BYTES {
                    cache.bytes += size;
                    cache.programs.insert(key, program.clone());
                }
                program
            })
        }
    };
    let (program, codes, base_font) = match subset {
        Ok(program) => {
            let codes = (0..table.len())
                .map(|g| remapper.get(g as u16).unwrap_or(0))
                .collect();
            (program, codes, format!("{tag}+{name}"))
        }
        // A font the subsetter cannot read may still be a sound TrueType font: then
        // it goes in whole, and the codes are its own glyph ids.
        Err(_) if metrics.truetype && !font.data().starts_with(b"ttcf") => {
            let codes = (0..table.len()).map(|g| g as u16).collect();
            (
                Program::TrueType(Packed::new(font.data().to_vec())),
                codes,
                name,
            )
        }
        Err(e) => return Err(refuse(format!("{e}"))),
    };
    let widths = (0..table.len())
        .map(|g| pdf_width(font, g as u16))
        .collect();
    Ok(FaceFont {
        resource,
        base_font,
        glyphs,
        codes,
        widths,
        space,
        program,
        metrics,
    })
}

/// The PostScript name as a PDF name may carry it: printable ASCII without the
/// delimiters PDF names cannot hold.
fn postscript_name(font: &FontFace) -> String {
    let name: String = font
        .postscript_name
        .chars()
        .filter(|c| c.is_ascii_graphic() && !"()<>[]{}/%#".contains(*c))
        .collect();
    if name.is_empty() {
        "Font".into()
    } else {
        name
    }
}

/// Writes the Type0 font of `font` with its descendant, descriptor, program and
/// ToUnicode map; returns the Type0 font's id. The program goes in deflated (once per
/// subset and run); the other streams are left uncompressed: the renderer deflates
/// what is left at the end.
fn write_font(
    lo: &mut lopdf::Document,
    font: &FaceFont,
    deflating: &mut Deflating,
) -> lopdf::ObjectId {
    let name = || Object::Name(font.base_font.clone().into_bytes());
    let m = &font.metrics;
    let packed = font.program.packed();
    let (subtype, file_key, dict) = match &font.program {
        Program::TrueType(p) => {
            let dict =
                Dictionary::from_iter(vec![("Length1", Object::Integer(p.data.len() as i64))]);
            ("CIDFontType2", "FontFile2", dict)
        }
        Program::OpenType(_) => {
            let dict = Dictionary::from_iter(vec![("Subtype", Object::Name(b"OpenType".to_vec()))]);
            ("CIDFontType0", "FontFile3", dict)
        }
    };
    // Deflated from the program's own cache, in the order `super::deflate` sets the
    // keys, so the bytes are those of a program deflated at the end with the rest; by
    // then, where a helper deflates (`deflating`), which it began in `FontTable::new`.
    let mut file = Stream::new(dict, Vec::new());
    let file = if deflating.is_beside() {
        let id = lo.add_object(file);
        let packed = Arc::clone(packed);
        deflating.later(id, move |stream| packed.fill(stream));
        id
    } else {
        packed.fill(&mut file);
        lo.add_object(file)
    };
    let descriptor = lo.add_object(Dictionary::from_iter(vec![
        ("Type", Object::Name(b"FontDescriptor".to_vec())),
        ("FontName", name()),
        ("Flags", Object::Integer(m.flags)),
        (
            "FontBBox",
            Object::Array(m.bbox.iter().map(|v| Object::Integer(*v)).collect()),
        ),
        ("ItalicAngle", Object::Integer(m.italic_angle)),
        ("Ascent", Object::Integer(m.ascent)),
        ("Descent", Object::Integer(m.descent)),
        ("CapHeight", Object::Integer(m.cap_height)),
        ("StemV", Object::Integer(m.stem_v)),
        (file_key, Object::Reference(file)),
    ]));
    let mut cid_font = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Font".to_vec())),
        ("Subtype", Object::Name(subtype.as_bytes().to_vec())),
        ("BaseFont", name()),
        (
            "CIDSystemInfo",
            Object::Dictionary(Dictionary::from_iter(vec![
                ("Registry", Object::string_literal("Adobe")),
                ("Ordering", Object::string_literal("Identity")),
                ("Supplement", Object::Integer(0)),
            ])),
        ),
        ("FontDescriptor", Object::Reference(descriptor)),
        ("W", Object::Array(widths(font))),
    ]);
    if subtype == "CIDFontType2" {
        cid_font.set("CIDToGIDMap", Object::Name(b"Identity".to_vec()));
    }
    let cid_font = lo.add_object(cid_font);
    let to_unicode = lo.add_object(Stream::new(Dictionary::new(), to_unicode(font)));
    lo.add_object(Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Font".to_vec())),
        ("Subtype", Object::Name(b"Type0".to_vec())),
        ("BaseFont", name()),
        ("Encoding", Object::Name(b"Identity-H".to_vec())),
        (
            "DescendantFonts",
            Object::Array(vec![Object::Reference(cid_font)]),
        ),
        ("ToUnicode", Object::Reference(to_unicode)),
    ]))
}

/// The codes shown (with .notdef's) and their glyphs, by code.
fn by_code(font: &FaceFont) -> BTreeMap<u16, u16> {
    let mut codes: BTreeMap<u16, u16> = font.glyphs.keys().map(|&g| (font.code(g), g)).collect();
    codes.entry(0).or_insert(0);
    codes
}

/// /W: runs of consecutive codes, each `first [w1 w2 …]`.
fn widths(font: &FaceFont) -> Vec<Object> {
    let mut out = Vec::new();
    let mut run: Vec<Object> = Vec::new();
    let mut start = 0u16;
    let mut next = 0u16;
    for (code, gid) in by_code(font) {
        if !run.is_empty() && code != next {
            out.push(Object::Integer(i64::from(start)));
            out.push(Object::Array(std::mem::take(&mut run)));
        }
        if run.is_empty() {
            start = code;
        }
        let w = font.width(gid);
        run.push(if w.fract() == 0.0 {
            Object::Integer(w as i64)
        } else {
            Object::Real(w as f32)
        });
        next = code.wrapping_add(1);
    }
    if !run.is_empty() {
        out.push(Object::Integer(i64::from(start)));
        out.push(Object::Array(run));
    }
    out
}

/// The ToUnicode CMap: each code to its glyph's text, in UTF-16BE.
fn to_unicode(font: &FaceFont) -> Vec<u8> {
    let mut entries: Vec<(u16, &str)> = font
        .glyphs
        .iter()
        .map(|(&gid, text)| (font.code(gid), text.as_str()))
        .collect();
    entries.sort_unstable();
    entries.dedup_by_key(|(code, _)| *code);
    let mut s = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    // At most 100 entries per block (a limit of PostScript interpreters).
    for chunk in entries.chunks(100) {
        let _ = writeln!(s, "{} beginbfchar", chunk.len());
        for (code, text) in chunk {
            let _ = write!(s, "<{code:04X}> <");
            for unit in text.encode_utf16() {
                let _ = write!(s, "{unit:04X}");
            }
            s.push_str(">\n");
        }
        s.push_str("endbfchar\n");
    }
    s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    s.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn face(glyphs: &[(u16, &str)], codes: Vec<u16>) -> FaceFont {
        let widths = (0..codes.len()).map(|g| 500.0 + g as f64).collect();
        FaceFont {
            resource: "F".into(),
            base_font: "F".into(),
            glyphs: glyphs.iter().map(|(g, t)| (*g, t.to_string())).collect(),
            codes,
            widths,
            space: None,
            program: Program::TrueType(Packed::new(Vec::new())),
            metrics: Metrics {
                bbox: [0; 4],
                ascent: 0,
                descent: 0,
                cap_height: 0,
                italic_angle: 0,
                flags: 32,
                stem_v: 88,
                truetype: true,
            },
        }
    }

    #[test]
    fn a_ligature_maps_to_all_its_letters() {
        // Glyph 7 is the "fi" ligature, code 2; glyph 3 ("a") code 1.
        let f = face(&[(3, "a"), (7, "fi")], vec![0, 0, 0, 1, 0, 0, 0, 2]);
        let cmap = String::from_utf8(to_unicode(&f)).expect("ascii");
        assert!(cmap.contains("2 beginbfchar\n<0001> <0061>\n<0002> <00660069>\n"));
        assert!(cmap.contains("<0000> <FFFF>"));
    }

    /// Liberation Sans with every `loca` offset pointing past its `glyf` table: the
    /// shaper reads it (it needs no outlines), the subsetter cannot.
    fn unsubsettable_font() -> Vec<u8> {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fonts/LiberationSans-Regular.ttf"
        );
        let mut d = std::fs::read(path).expect("the embedded font's file");
        let be16 = |d: &[u8], at: usize| usize::from(u16::from_be_bytes([d[at], d[at + 1]]));
        let be32 = |d: &[u8], at: usize| {
            u32::from_be_bytes([d[at], d[at + 1], d[at + 2], d[at + 3]]) as usize
        };
        for i in 0..be16(&d, 4) {
            let record = 12 + 16 * i;
            if &d[record..record + 4] == b"loca" {
                let (offset, len) = (be32(&d, record + 8), be32(&d, record + 12));
                d[offset..offset + len].fill(0xFF);
                // Another checksum, so the process does not take it for the real font.
                d[record + 4..record + 8].copy_from_slice(&[0xDE, 0xAD, 0xBE, 0xEF]);
            }
        }
        d
    }

    #[test]
    fn a_truetype_face_the_subsetter_rejects_is_embedded_whole() {
        let data = unsubsettable_font();
        let len = data.len();
        let font = crate::fonts::face::faces_of(data, "kapot.ttf")[0];
        let a = font.glyph('a').expect("an a");
        let mut table = vec![String::new(); usize::from(a) + 1];
        table[usize::from(a)] = "a".into();
        let face = embed(font, table).expect("embedded whole, not refused");
        assert!(matches!(&face.program, Program::TrueType(p) if p.data.len() == len));
        assert!(!face.base_font.contains('+'), "{}", face.base_font);
        assert_eq!(face.code(a), a, "codes are the font's own glyph ids");
        let cmap = String::from_utf8(to_unicode(&face)).expect("ascii");
        assert!(cmap.contains(&format!("<{a:04X}> <0061>")), "{cmap}");
    }

    /// The same glyphs of the same face are subset once per run: the second document
    /// gets the first one's program, and its font objects are byte for byte what a
    /// program made and deflated anew gives.
    #[test]
    fn a_subset_is_made_once_and_written_alike() {
        let font = crate::fonts::face::static_faces(include_bytes!(
            "../../../fonts/LiberationSans-Regular.ttf"
        ))[0];
        // A glyph set no other test uses, so the first embed makes the subset.
        let chars = ['Q', 'ÿ', 'ß', '7'];
        let mut table = Vec::new();
        for c in chars {
            let g = usize::from(font.glyph(c).expect("in the font"));
            if g >= table.len() {
                table.resize(g + 1, String::new());
            }
            table[g] = c.to_string();
        }
        let first = embed(font, table.clone()).expect("embedded");
        let second = embed(font, table).expect("embedded");
        let (Program::TrueType(a), Program::TrueType(b)) = (&first.program, &second.program) else {
            panic!("TrueType programs");
        };
        assert!(Arc::ptr_eq(a, b), "one subset for both");
        // The first document's font with a program made anew (its own, empty cache).
        let fresh = FaceFont {
            program: Program::TrueType(Packed::new(a.data.clone())),
            resource: first.resource.clone(),
            base_font: first.base_font.clone(),
            glyphs: first.glyphs.clone(),
            codes: first.codes.clone(),
            widths: first.widths.clone(),
            ..embed(font, Vec::new()).expect("embedded")
        };
        // Deflated where it is written, or by a helper thread: the same objects.
        let written = |f: &FaceFont, beside: bool| {
            std::thread::scope(|scope| {
                let mut deflating = match beside {
                    true => Deflating::beside(scope),
                    false => Deflating::here(),
                };
                assert_eq!(deflating.is_beside(), beside);
                let mut lo = lopdf::Document::with_version("1.7");
                write_font(&mut lo, f, &mut deflating);
                deflating.finish(&mut lo);
                let mut out = Vec::new();
                lo.save_to(&mut out).expect("saves");
                out
            })
        };
        assert_eq!(written(&first, false), written(&second, false));
        assert_eq!(written(&first, false), written(&fresh, false));
        assert_eq!(written(&first, false), written(&fresh, true));
        assert_eq!(written(&second, true), written(&first, false));
        let mut plain = Stream::new(Dictionary::new(), a.data.clone());
        super::super::deflate(&mut plain);
        assert_eq!(
            a.deflated(),
            Some(plain.content.as_slice()),
            "as `deflate` does it"
        );
    }

    #[test]
    fn widths_run_over_consecutive_codes() {
        // Codes 0, 1, 2 consecutive; an embedded-whole face jumps to glyph 9.
        let f = face(&[(1, "a"), (2, "b"), (9, "c")], (0..10).collect());
        let w = widths(&f);
        let ints = |v: &[i64]| Object::Array(v.iter().map(|i| Object::Integer(*i)).collect());
        assert_eq!(
            w,
            vec![
                Object::Integer(0),
                ints(&[500, 501, 502]),
                Object::Integer(9),
                ints(&[509]),
            ]
        );
    }
}
