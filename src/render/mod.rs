//! Renderers: one per output format, each reading only [`crate::document::Document`].

pub mod docx;
pub mod html;
pub mod pdf;
