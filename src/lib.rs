//! raadsbrief turns one YAML file describing a Dutch youth-care region's arrangements
//! under the VNG *Norm voor Opdrachtgeverschap* into finished council documents — the
//! college-to-raad letter and the samenwerkingsdocument appendix — as DOCX, PDF and
//! HTML, for every municipality of the region in one run.
//!
//! The crate is a pipeline; each module is one stage and the folder layout follows it.
//! The data flows
//!
//! ```text
//! region.yaml ─▶ parse ─▶ validate ─▶ model ─▶ templates ─▶ compose ─▶ render ─▶ batch
//! ```
//!
//! and no module uses one after it. Here an arrow reads "uses"; most modules also use
//! the leaves `diagnostics` and `error` (README's "How it works" lists the edges not
//! drawn):
//!
//! ```text
//! cli ─▶ batch ─┬─▶ compose ─┬─▶ templates ─┬─▶ markup ─▶ document ─▶ model
//!               │            └──────────────┘      ▲        ▲  ▲
//!               ├─▶ validate ─┬─▶ parse            │        │  │
//!               │             └────────────────────┘        │  │
//!               └─▶ render ─┬─▶ layout ─────────────────────┘  │
//!                   docx    └──────────────────────────────────┘
//!                   pdf
//!                   html
//! ```
//!
//! `tests/module_graph.rs` keeps it so.
//!
//! Errors a user can fix are [`diagnostics::Finding`]s with `file:line:column`, the field
//! and a fix; everything else is an [`error::Error::Failed`]. Neither ever panics.

pub mod alongside;
pub mod batch;
pub mod cli;
pub mod compose;
pub mod diagnostics;
pub mod document;
pub mod error;
pub mod fonts;
pub mod layout;
pub mod markup;
pub mod model;
pub mod output;
pub mod parse;
pub mod preview;
pub mod render;
pub mod templates;
pub mod validate;
pub mod word_template;
