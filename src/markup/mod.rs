//! Markup-capable fields from YAML: a small Markdown subset with `{…}` placeholders.
//!
//! The subset is what a letter needs and a policy officer can type: paragraphs,
//! `*cursief*`, `**vet**`, numbered and bulleted lists (nested by indenting), links
//! `[tekst](https://…)` and hard line breaks. Anything else (headings, HTML, code, images,
//! tables) is shown as plain text and reported by `validate` as a warning.
//!
//! Placeholders put data into shared text, so one text serves every municipality:
//! inline `{gemeente}`, `{regio}`, `{samenwerkingsdocument}`, `{portefeuillehouder}`,
//! `{aanspreekpunt}`; and, on a line of their own, generated lists `{afspraken}`,
//! `{basisfuncties}`, `{brondocumenten}`, `{gemeenten}`. A `.` or `;` before the closing
//! brace applies Dutch enumeration punctuation (`{basisfuncties;}` ends every item with
//! `;` and the last with `.`). `\{` writes a literal brace.
//!
//! This module is the language and nothing else: what a field may contain, how a value
//! is escaped, what a placeholder becomes, which links are kept and how template output
//! stands in for a field. It knows the document types its values end up in and no
//! stage: `validate` checks fields with it, `templates` escapes values and fills
//! placeholders, `compose` turns fields into blocks, each from here.

mod check;
mod escape;
mod links;
mod placeholders;
mod subset;
mod tokens;

pub use check::{check, FieldKind, Issue};
pub use escape::escape;
pub use links::{is_allowed_link, LINK_SCHEMES};
pub use placeholders::{expand, fill, Lists, Values, INLINE_PLACEHOLDERS, LIST_PLACEHOLDERS};
pub use subset::{demote_unsupported, field_options};
pub use tokens::{
    find_image_token, image_token, scrub, FieldTokens, ToBlocks, TOKEN_END, TOKEN_START,
};
