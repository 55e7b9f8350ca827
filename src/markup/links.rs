//! The link policy: which targets a link in a document may have.

/// The link targets a document may carry. A region file is edited by many hands, and
/// a link in a council letter gets clicked: `file:` (on Windows a `file://server/…`
/// link hands the reader's credentials to that server), `javascript:`, `data:` or a
/// relative path (which Word resolves next to the document) are not links a letter
/// needs. Their text stays; `validate` warns.
pub const LINK_SCHEMES: [&str; 3] = ["https", "http", "mailto"];

/// Whether `url` starts with one of [`LINK_SCHEMES`] (any case) and a colon.
pub fn is_allowed_link(url: &str) -> bool {
    let url = url.trim_start();
    url.split_once(':')
        .is_some_and(|(scheme, _)| LINK_SCHEMES.iter().any(|s| scheme.eq_ignore_ascii_case(s)))
}
