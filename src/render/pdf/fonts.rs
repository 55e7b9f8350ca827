//! The embedded faces as printpdf fonts, under names that depend only on the text.
//!
//! printpdf names fonts with random ids and takes the subset tag (`ABCDEF+`) from the
//! id, so by default every save differs. We choose the ids ourselves: six capitals
//! derived from the glyphs used (what the tag is for: different subsets, different
//! tags) plus the face, so the same letter always yields the same bytes.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use printpdf::{FontId, ParsedFont, PdfFont};
use sha2::{Digest, Sha256};

use crate::layout::{Face, ItemKind, Layout};

/// The parsed faces printpdf embeds from, parsed once per process.
fn parsed(face: Face) -> Option<&'static ParsedFont> {
    static FACES: OnceLock<[Option<ParsedFont>; 4]> = OnceLock::new();
    FACES
        .get_or_init(|| Face::ALL.map(|f| ParsedFont::from_bytes(f.bytes(), 0, &mut Vec::new())))
        .get(face.index())
        .and_then(Option::as_ref)
}

/// For each face the layout uses: its printpdf id, and the text each glyph stands
/// for (first use wins, so a glyph shared by two characters maps consistently).
pub struct FontTable {
    pub ids: BTreeMap<Face, FontId>,
    pub glyph_text: BTreeMap<(Face, u16), String>,
}

impl FontTable {
    pub fn new(layout: &Layout) -> FontTable {
        let mut glyph_text: BTreeMap<(Face, u16), String> = BTreeMap::new();
        for page in &layout.pages {
            for item in &page.items {
                if let ItemKind::Text(run) = &item.kind {
                    for g in &run.glyphs {
                        glyph_text
                            .entry((run.face, g.gid))
                            .or_insert_with(|| g.ch.to_string());
                    }
                }
            }
        }
        let mut ids = BTreeMap::new();
        for face in Face::ALL {
            let mut hash = Sha256::new();
            hash.update([face.index() as u8]);
            let mut used = false;
            for (_, gid) in glyph_text.keys().filter(|(f, _)| *f == face) {
                hash.update(gid.to_be_bytes());
                used = true;
            }
            if used {
                let digest = hash.finalize();
                let tag: String = digest
                    .iter()
                    .take(6)
                    .map(|b| char::from(b'A' + b % 26))
                    .collect();
                ids.insert(face, FontId(format!("{tag}{}", face.index())));
            }
        }
        FontTable { ids, glyph_text }
    }

    /// Registers the used faces with the document; faces that fail to parse are
    /// reported and left out (their text would then be missing, so this is an error).
    pub fn register(&self, doc: &mut printpdf::PdfDocument) -> crate::error::Result<()> {
        for (face, id) in &self.ids {
            let Some(font) = parsed(*face) else {
                return Err(crate::error::Error::failed(
                    format!("the embedded font {:?} could not be read", face),
                    "this is a defect in raadsbrief; please report it",
                ));
            };
            doc.resources
                .fonts
                .map
                .insert(id.clone(), PdfFont::new(font.clone()));
        }
        Ok(())
    }

    /// The text recorded for a glyph, for the ToUnicode map.
    pub fn text(&self, face: Face, gid: u16) -> Option<String> {
        self.glyph_text.get(&(face, gid)).cloned()
    }

    /// The glyph's advance as the PDF viewer computes it: the /W width, which printpdf
    /// writes as whole thousandths of an em, rounded down.
    pub fn pdf_advance(face: Face, gid: u16) -> f64 {
        match parsed(face) {
            Some(f) => {
                let upm = f32::from(f.pdf_font_metrics.units_per_em.max(1));
                let w = f32::from(f.get_horizontal_advance(gid));
                f64::from((w * (1000.0 / upm)) as i64 as f32)
            }
            None => 0.0,
        }
    }
}
