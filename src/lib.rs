//! raadsbrief turns one YAML file describing a Dutch youth-care region's arrangements
//! under the VNG *Norm voor Opdrachtgeverschap* into finished council documents — the
//! college-to-raad letter and the samenwerkingsdocument appendix — as DOCX and PDF, for
//! every municipality of the region in one run.
//!
//! The crate is a pipeline; each module is one stage and the folder layout follows it:
//!
//! ```text
//! region.yaml ─▶ parse ─▶ validate ─▶ model ─▶ templates ─▶ document ─▶ render (docx, pdf)
//!                (spans)   (schema +    (typed)   (Handlebars   (format-   (layout is the
//!                           NvO rules)             → Markdown)   neutral)   PDF's engine)
//! ```
//!
//! Errors a user can fix are [`diagnostics::Finding`]s with `file:line:column`, the field
//! and a fix; everything else is an [`error::Error::Failed`]. Neither ever panics.

pub mod batch;
pub mod cli;
pub mod compose;
pub mod diagnostics;
pub mod document;
pub mod error;
pub mod layout;
pub mod markup;
pub mod model;
pub mod output;
pub mod parse;
pub mod render;
pub mod templates;
pub mod validate;
