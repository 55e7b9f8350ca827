//! The embedded faces: which glyphs a document uses, how printpdf subsets them, and
//! the codes and widths our content streams must use for them.
//!
//! printpdf subsets a font from the glyphs shown on its pages, and writes the
//! program, the /W widths and the ToUnicode map that make text extractable. We show
//! it every used glyph once (an inventory page) and write the real pages ourselves,
//! so we must use the codes printpdf gave the glyphs: its subsetter renumbers them by
//! their position in the sorted list of used glyph ids, .notdef first (documented as
//! authoritative in printpdf's `subset_font`). If a font could not be subset,
//! printpdf embeds it whole and the codes stay the original glyph ids; `confirm`
//! detects that from the written font.
//!
//! printpdf names fonts with random ids and takes the subset tag (`ABCDEF+`) from the
//! id, so by default every save differs. The ids are chosen here: six capitals derived
//! from the glyphs used (what the tag is for) plus the face, so the same letter always
//! yields the same bytes.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, OnceLock};

use printpdf::{Codepoint, FontId, Op, ParsedFont, PdfFont, PdfFontHandle, Pt, TextItem};
use sha2::{Digest, Sha256};

use crate::fonts::FontFace;
use crate::layout::{Face, GlyphKind, ItemKind, Layout};

/// The faces printpdf embeds from, each parsed once per process (parsing reads every
/// table; a batch embeds the same faces in every letter). Kept for the process like
/// the faces themselves: one per distinct font program.
fn parsed(font: &FontFace) -> Option<&'static ParsedFont> {
    static PARSED: OnceLock<Mutex<HashMap<u64, Option<&'static ParsedFont>>>> = OnceLock::new();
    let mut known = PARSED.get_or_init(Mutex::default).lock().ok()?;
    *known.entry(font.key).or_insert_with(|| {
        ParsedFont::from_bytes(font.data, font.index as usize, &mut Vec::new())
            .map(|p| &*Box::leak(Box::new(p)))
    })
}

/// One face as used by one document.
pub struct FaceFont {
    pub id: FontId,
    /// The resource name content streams select the font by.
    pub resource: String,
    /// Used glyph ids, sorted, each with the text it stands for (first use wins, so a
    /// glyph shared by two characters maps consistently).
    glyphs: BTreeMap<u16, String>,
    /// Original glyph id → code in the embedded (subset) font, and the glyph's width
    /// as the viewer takes it from /W. Indexed by glyph id: the content writer asks
    /// once per glyph.
    codes: Vec<u16>,
    widths: Vec<f64>,
    /// The space glyph, always in the subset: content streams end lines with it.
    space: Option<u16>,
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

/// A glyph's /W width: whole thousandths of an em, rounded down, exactly as printpdf
/// computes it.
fn pdf_width(m: &FontFace, gid: u16) -> f64 {
    let upm = m.units_per_em() as f32;
    let w = f32::from(m.advance(gid));
    f64::from((w * (1000.0 / upm)) as i64 as f32)
}

pub struct FontTable {
    /// By the font's key: the order (and so the bytes) never depends on which thread
    /// loaded a font first.
    faces: BTreeMap<u64, (&'static FontFace, FaceFont)>,
}

impl FontTable {
    pub fn new(layout: &Layout) -> FontTable {
        // The text of each used glyph per font: the first character seen, and the
        // characters joined to it (a ligature's). Empty marks an unused glyph.
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
                        // Only while the glyph's text is being made, so a ligature
                        // seen again does not grow.
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
        let faces = seen
            .into_iter()
            .filter(|(_, (_, table))| table.iter().any(|t| !t.is_empty()))
            .map(|(key, (font, mut table))| {
                // The space, for the word break at the end of every line (see
                // `content`), even when the face shows none itself.
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
                hash.update(key.to_be_bytes());
                for gid in glyphs.keys() {
                    hash.update(gid.to_be_bytes());
                }
                let digest = hash.finalize();
                let tag: String = digest
                    .iter()
                    .take(6)
                    .map(|b| char::from(b'A' + b % 26))
                    .collect();
                let resource = format!("{tag}{:02X}", (key & 0xFF) as u8);
                // .notdef is glyph 0 of every subset; the used glyphs follow in order.
                let mut codes = vec![0u16; table.len()];
                for (i, &g) in glyphs.keys().filter(|&&g| g != 0).enumerate() {
                    if let Some(c) = codes.get_mut(usize::from(g)) {
                        *c = (i + 1) as u16;
                    }
                }
                let widths = (0..table.len())
                    .map(|g| pdf_width(font, g as u16))
                    .collect();
                let face = FaceFont {
                    id: FontId(resource.clone()),
                    resource,
                    glyphs,
                    codes,
                    widths,
                    space,
                };
                (key, (font, face))
            })
            .collect();
        FontTable { faces }
    }

    pub fn face(&self, face: Face) -> Option<&FaceFont> {
        self.faces.get(&face.font().key).map(|(_, f)| f)
    }

    /// Registers the used faces with printpdf.
    pub fn register(&self, doc: &mut printpdf::PdfDocument) -> crate::error::Result<()> {
        for (face, font) in self.faces.values() {
            let Some(parsed) = parsed(face) else {
                return Err(crate::error::Error::failed(
                    format!(
                        "het lettertype {} ({}) kan niet in de PDF worden opgenomen",
                        face.postscript_name, face.origin
                    ),
                    "gebruik een ander TTF- of OTF-bestand van dit lettertype",
                ));
            };
            doc.resources
                .fonts
                .map
                .insert(font.id.clone(), PdfFont::new(parsed.clone()));
        }
        Ok(())
    }

    /// Operations showing every used glyph once, with its text: from these printpdf
    /// builds each subset, its widths and its ToUnicode map.
    pub fn inventory(&self) -> Vec<Op> {
        let mut ops = vec![Op::StartTextSection];
        for (_, font) in self.faces.values() {
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(font.id.clone()),
                size: Pt(10.0),
            });
            let glyphs = font
                .glyphs
                .iter()
                .map(|(gid, text)| Codepoint::with_cid(*gid, 0.0, text.clone()))
                .collect();
            ops.push(Op::ShowText {
                items: vec![TextItem::GlyphIds(glyphs)],
            });
        }
        ops.push(Op::EndTextSection);
        ops
    }

    /// Keeps the original glyph ids as codes for any face printpdf embedded whole
    /// (its subsetter failed): such a font carries no `ABCDEF+` tag.
    pub fn confirm(&mut self, doc: &lopdf::Document, font_dict: &lopdf::Dictionary) {
        for (_, font) in self.faces.values_mut() {
            let subset = font_dict
                .get(font.resource.as_bytes())
                .and_then(lopdf::Object::as_reference)
                .and_then(|id| doc.get_dictionary(id))
                .and_then(|d| d.get(b"BaseFont"))
                .and_then(lopdf::Object::as_name)
                .is_ok_and(|name| name.contains(&b'+'));
            if !subset {
                font.codes = (0..font.codes.len()).map(|g| g as u16).collect();
            }
        }
    }
}
