//! The four embedded Liberation Sans faces.
//!
//! The fonts ship inside the binary (`include_bytes!`) so a letter in the default style
//! comes out the same on every machine, whatever is installed. Liberation Sans is
//! metric-compatible with Arial, which the DOCX names, so Word and our PDF break lines
//! alike; the same holds for Helvetica and Arimo.

use std::sync::OnceLock;

use super::face::{static_faces, FontFace};
use super::family::Family;

/// The family every default-style document is set in, and every other one falls back
/// to.
pub const NAME: &str = "Liberation Sans";

const FILES: [&[u8]; 4] = [
    include_bytes!("../../fonts/LiberationSans-Regular.ttf"),
    include_bytes!("../../fonts/LiberationSans-Bold.ttf"),
    include_bytes!("../../fonts/LiberationSans-Italic.ttf"),
    include_bytes!("../../fonts/LiberationSans-BoldItalic.ttf"),
];

/// Liberation Sans, parsed once per process.
pub fn family() -> &'static Family {
    static FAMILY: OnceLock<&'static Family> = OnceLock::new();
    FAMILY.get_or_init(|| {
        let faces: Vec<&'static FontFace> = FILES.iter().flat_map(|d| static_faces(d)).collect();
        match super::family::fill(&faces) {
            Some((slots, _)) => Family::intern(NAME, slots),
            // The files are compiled in and tested; without them nothing can be set.
            None => unreachable_fonts(),
        }
    })
}

/// Parses the faces and makes the shapers of the regular and bold face, which every
/// letter in the built-in style sets: a build does this on the second core while the
/// file is validated (`cli::build`), instead of at the start of the first layout.
pub fn prepare() {
    let family = family();
    family.font(false, false).prepare();
    family.font(true, false).prepare();
}

#[cold]
fn unreachable_fonts() -> ! {
    // A build defect (the embedded files are checked by the unit tests below); there is
    // no text to set without them.
    std::process::abort()
}

/// Whether a font named by the house style sets text exactly as Liberation Sans does
/// (same widths): those names are served by the embedded faces, never by the system,
/// so the default output is identical on every machine. An empty name is the default.
pub fn is_metric_compatible(family: &str) -> bool {
    let f = family.trim().to_lowercase();
    matches!(
        f.as_str(),
        "" | "arial" | "liberation sans" | "helvetica" | "arimo"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faces_load_with_latin_glyphs() {
        let family = family();
        for (i, font) in family.fonts().iter().enumerate() {
            assert_eq!(font.is_bold(), i % 2 == 1, "{font:?}");
            assert_eq!(font.italic, i >= 2, "{font:?}");
            assert!(font.units_per_em() > 0.0);
            for c in "Aa’‘€–•ëïé'sHertogenbosch Súdwest-Fryslân".chars() {
                assert!(font.glyph(c).is_some(), "{font:?} lacks {c}");
            }
            assert!(font.glyph('😀').is_none());
            assert!(font.is_family("liberation sans"));
        }
    }

    #[test]
    fn arial_compatible_advance() {
        // Arial's "n" is 1139/2048 em; Liberation Sans matches it exactly.
        let m = family().font(false, false);
        let n = m.glyph('n').unwrap_or(0);
        assert_eq!(m.advance(n), 1139);
    }

    #[test]
    fn shaping_kerns_av() {
        let m = family().font(false, false);
        let shaped = m.shape("AV");
        let a = m.glyph('A').unwrap_or(0);
        assert_eq!(shaped.len(), 2);
        assert!(shaped[0].advance < i32::from(m.advance(a)), "{shaped:?}");
    }
}
