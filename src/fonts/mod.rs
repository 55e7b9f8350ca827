//! The fonts a run sets its text in: the files a region names (`lettertypen`), a folder
//! given with `--lettertypen`, the system's installed fonts, and the embedded
//! Liberation Sans that is always there as the fallback.
//!
//! [`FontBook`] finds a family (in that order, see [`book`]); a [`Family`] holds a face
//! per style; a [`Face`] is the handle layout carries (family and style); a
//! [`FontFace`] is one font program with its metrics and shaper, which the PDF embeds.

pub mod book;
pub mod embedded;
pub mod face;
pub mod family;
pub mod files;
mod sparse;

pub use book::{FontBook, FontOptions, SYSTEM_FONTS_ENV};
pub use face::{FontFace, ShapedGlyph};
pub use family::{Face, Family};
pub use files::MAX_FONT_BYTES;
