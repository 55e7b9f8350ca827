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

use std::collections::BTreeMap;
use std::sync::OnceLock;

use printpdf::{Codepoint, FontId, Op, ParsedFont, PdfFont, PdfFontHandle, Pt, TextItem};
use sha2::{Digest, Sha256};

use crate::layout::font::metrics;
use crate::layout::{Face, ItemKind, Layout};

/// The parsed faces printpdf embeds from, parsed once per process.
fn parsed(face: Face) -> Option<&'static ParsedFont> {
    static FACES: OnceLock<[Option<ParsedFont>; 4]> = OnceLock::new();
    FACES
        .get_or_init(|| Face::ALL.map(|f| ParsedFont::from_bytes(f.bytes(), 0, &mut Vec::new())))
        .get(face.index())
        .and_then(Option::as_ref)
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
fn pdf_width(face: Face, gid: u16) -> f64 {
    let m = metrics(face);
    let upm = m.units_per_em() as f32;
    let w = f32::from(m.advance(gid));
    f64::from((w * (1000.0 / upm)) as i64 as f32)
}

pub struct FontTable {
    faces: BTreeMap<Face, FaceFont>,
}

impl FontTable {
    pub fn new(layout: &Layout) -> FontTable {
        // First character seen per glyph and face; '\0' marks an unused glyph.
        let mut seen: [Vec<char>; 4] = Default::default();
        for page in &layout.pages {
            for item in &page.items {
                if let ItemKind::Text(run) = &item.kind {
                    let Some(table) = seen.get_mut(run.face.index()) else {
                        continue;
                    };
                    for g in &run.glyphs {
                        let i = usize::from(g.gid);
                        if i >= table.len() {
                            table.resize(i + 1, '\0');
                        }
                        if table[i] == '\0' {
                            table[i] = g.ch;
                        }
                    }
                }
            }
        }
        let faces = Face::ALL
            .into_iter()
            .zip(seen)
            .filter(|(_, table)| table.iter().any(|&c| c != '\0'))
            .map(|(face, mut table)| {
                // The space, for the word break at the end of every line (see
                // `content`), even when the face shows none itself.
                let space = metrics(face).glyph(' ').filter(|&g| g != 0);
                if let Some(g) = space {
                    let i = usize::from(g);
                    if i >= table.len() {
                        table.resize(i + 1, '\0');
                    }
                    if table[i] == '\0' {
                        table[i] = ' ';
                    }
                }
                let glyphs: BTreeMap<u16, String> = table
                    .iter()
                    .enumerate()
                    .filter(|(_, &c)| c != '\0')
                    .map(|(gid, c)| (gid as u16, c.to_string()))
                    .collect();
                let mut hash = Sha256::new();
                hash.update([face.index() as u8]);
                for gid in glyphs.keys() {
                    hash.update(gid.to_be_bytes());
                }
                let digest = hash.finalize();
                let tag: String = digest
                    .iter()
                    .take(6)
                    .map(|b| char::from(b'A' + b % 26))
                    .collect();
                let resource = format!("{tag}{}", face.index());
                // .notdef is glyph 0 of every subset; the used glyphs follow in order.
                let mut codes = vec![0u16; table.len()];
                for (i, &g) in glyphs.keys().filter(|&&g| g != 0).enumerate() {
                    if let Some(c) = codes.get_mut(usize::from(g)) {
                        *c = (i + 1) as u16;
                    }
                }
                let widths = (0..table.len())
                    .map(|g| pdf_width(face, g as u16))
                    .collect();
                let font = FaceFont {
                    id: FontId(resource.clone()),
                    resource,
                    glyphs,
                    codes,
                    widths,
                    space,
                };
                (face, font)
            })
            .collect();
        FontTable { faces }
    }

    pub fn face(&self, face: Face) -> Option<&FaceFont> {
        self.faces.get(&face)
    }

    /// Registers the used faces with printpdf.
    pub fn register(&self, doc: &mut printpdf::PdfDocument) -> crate::error::Result<()> {
        for (face, font) in &self.faces {
            let Some(parsed) = parsed(*face) else {
                return Err(crate::error::Error::failed(
                    format!("the embedded font {face:?} could not be read"),
                    "this is a defect in raadsbrief; please report it",
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
        for font in self.faces.values() {
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
        for font in self.faces.values_mut() {
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
