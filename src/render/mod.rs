//! Renderers: one per output format, each reading only [`crate::document::Document`].
//!
//! Each format is a value implementing [`Renderer`], so the batch hands documents to
//! whichever renderers were asked for without knowing what a format needs: options
//! (the PDF profile) live in the renderer value, not in the caller.

pub mod deflate;
pub mod docx;
pub mod html;
pub mod pdf;

use crate::document::Document;
use crate::error::Result;

/// One document rendered in one format.
#[derive(Debug, Clone)]
pub struct Output {
    pub bytes: Vec<u8>,
    /// The page count, when the renderer paginated the document itself. `None` for
    /// formats whose pages are decided by another program (Word lays out a DOCX) or
    /// that have none (HTML).
    pub pages: Option<usize>,
    /// What the user should know about this file (a substituted character, a table
    /// too narrow for its words), one line each.
    pub warnings: Vec<String>,
}

/// Turns a document into the bytes of one file. `Sync`, so one renderer serves every
/// thread of a parallel batch.
pub trait Renderer: Sync {
    fn render(&self, doc: &Document) -> Result<Output>;
}
