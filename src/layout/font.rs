//! The faces layout sets text in and the metrics the line breaker needs.
//!
//! Faces come from [`crate::fonts`]: a [`Face`] is a family in a style, resolved once
//! per document from the house style's family names ([`DocFonts`]); its [`FontFace`]
//! has the metrics and the shaper.

use std::path::PathBuf;

use crate::document::style::{FamilyId, HouseStyle, TextRole};
use crate::fonts::FontBook;

pub use crate::fonts::{Face, FontFace};

/// The metrics of the font that draws `face`.
pub fn metrics(face: Face) -> &'static FontFace {
    face.font()
}

/// The families of one document's house style, resolved: index `i` is
/// `HouseStyle::families[i]` in its regular style.
#[derive(Debug, Clone)]
pub struct DocFonts {
    families: Vec<Face>,
}

impl DocFonts {
    /// Resolves every family of `style`, looking first in `sources` (the house style's
    /// `lettertypen`).
    pub fn resolve(style: &HouseStyle, sources: &[PathBuf], book: &FontBook) -> DocFonts {
        DocFonts {
            families: style
                .families
                .iter()
                .map(|name| book.family(name, sources).regular())
                .collect(),
        }
    }

    /// The embedded Liberation Sans for every family (tests of layout alone).
    pub fn embedded() -> DocFonts {
        DocFonts {
            families: vec![Face::from_style(false, false)],
        }
    }

    /// The face of family `id` in a style; an unknown id is the body family.
    pub fn face(&self, id: FamilyId, bold: bool, italic: bool) -> Face {
        self.families
            .get(usize::from(id.0))
            .or_else(|| self.families.first())
            .copied()
            .unwrap_or_else(|| Face::from_style(false, false))
            .with_style(bold, italic)
    }

    /// The face a role's text starts in.
    pub fn role(&self, role: &TextRole) -> Face {
        self.face(role.family, role.bold, role.italic)
    }

    /// The body family in a style.
    pub fn body(&self, bold: bool, italic: bool) -> Face {
        self.face(FamilyId::BODY, bold, italic)
    }
}
