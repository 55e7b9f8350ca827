//! Handlebars templates: the letter formats and the samenwerkingsdocument, as Markdown.
//!
//! A new letter format is a template, not Rust: the letterhead, the metadata block, the
//! sections and the page furniture are all written in `templates/*.md.hbs`. The built-in
//! templates are embedded in the binary; `raadsbrief templates export DIR` writes them
//! out and `--templates DIR` uses a user's edited copies (any missing file falls back
//! to the built-in one). Values are escaped for Markdown on the way in, so nothing from
//! YAML can change the structure a template gives a document.

mod blocks;
pub mod context;
pub mod folder;
pub mod helpers;
mod reason;

use std::path::{Path, PathBuf};

use handlebars::Handlebars;
use serde_json::Value;

use crate::diagnostics::{Finding, Severity};
use crate::error::{Error, Result};

/// Template names and their built-in text. The file name is `<name>.md.hbs`.
pub const BUILTIN: [(&str, &str); 3] = [
    (
        "raadsinformatiebrief",
        include_str!("../../templates/raadsinformatiebrief.md.hbs"),
    ),
    (
        "actieve-raadsinformatie",
        include_str!("../../templates/actieve-raadsinformatie.md.hbs"),
    ),
    (
        "samenwerkingsdocument",
        include_str!("../../templates/samenwerkingsdocument.md.hbs"),
    ),
];

pub const EXTENSION: &str = ".md.hbs";

/// A ready registry: every template compiled, helpers and escaping installed.
pub struct Templates {
    registry: Handlebars<'static>,
    /// Where each template came from, for messages: a user's path or "…, ingebouwd".
    origins: Vec<(String, String)>,
    /// Each template's text, to tell which context fields it uses.
    sources: Vec<(String, String)>,
}

impl Templates {
    pub fn builtin() -> Result<Templates> {
        Templates::load(None)
    }

    /// Compiles the templates, taking each from `dir` when it has that file under its
    /// exact name (see [`folder::survey`], which also says what it did not use).
    pub fn load(dir: Option<&Path>) -> Result<Templates> {
        let survey = match dir {
            Some(dir) => folder::survey(dir)?,
            None => folder::Survey::default(),
        };
        let mut registry = Handlebars::new();
        registry.set_strict_mode(true);
        registry.register_escape_fn(crate::markup::escape);
        helpers::register(&mut registry);
        let mut origins = Vec::new();
        let mut sources = Vec::new();
        for (name, builtin) in BUILTIN {
            let user = survey.used.iter().find(|(n, ..)| *n == name);
            let (origin, text) = match user {
                Some((_, path, text)) => (path.display().to_string(), text.clone()),
                None => (
                    format!("templates/{name}{EXTENSION}, ingebouwd"),
                    builtin.to_owned(),
                ),
            };
            registry
                .register_template_string(name, &text)
                .map_err(|e| compile_error(&origin, &text, &e))?;
            origins.push((name.to_owned(), origin));
            sources.push((name.to_owned(), text));
        }
        Ok(Templates {
            registry,
            origins,
            sources,
        })
    }

    /// Renders template `name` with `context` to Markdown.
    pub fn render(&self, name: &str, context: &Value) -> Result<String> {
        self.registry.render(name, context).map_err(|e| {
            let pos = e.line_no.zip(e.column_no);
            let reason = reason::render(e.reason());
            template_finding(self.origin(name), pos, reason.message, reason.help)
        })
    }

    /// Whether template `name` mentions the context field `key` (`kennisnemen_van`) at
    /// all: a field it never names cannot reach the document. A word match in the text,
    /// so `brief.kennisnemen_van`, `{{#with brief}}{{kennisnemen_van}}` and a comment all
    /// count: it errs towards "used" and never warns about a field that is used.
    pub fn mentions(&self, name: &str, key: &str) -> bool {
        let is_word = |c: char| c.is_alphanumeric() || c == '_';
        self.sources
            .iter()
            .filter(|(n, _)| n == name)
            .any(|(_, text)| {
                text.match_indices(key).any(|(at, _)| {
                    let before = text[..at].chars().next_back();
                    let after = text[at + key.len()..].chars().next();
                    !before.is_some_and(is_word) && !after.is_some_and(is_word)
                })
            })
    }

    /// Where template `name` came from, for messages.
    pub fn origin<'a>(&'a self, name: &'a str) -> &'a str {
        self.origins
            .iter()
            .find(|(n, _)| n == name)
            .map_or(name, |(_, o)| o.as_str())
    }
}

/// A template that does not compile, at the place the author must change: for a block
/// left open, where it was opened (Handlebars points at the end of the template).
fn compile_error(origin: &str, source: &str, e: &handlebars::TemplateError) -> Error {
    use blocks::BlockProblem;
    let unclosed = matches!(
        e.reason(),
        handlebars::TemplateErrorReason::InvalidSyntax(_)
            | handlebars::TemplateErrorReason::MismatchingClosedHelper(..)
            | handlebars::TemplateErrorReason::MismatchingClosedDecorator(..)
    );
    match blocks::block_problem(source).filter(|_| unclosed) {
        Some(BlockProblem::Unclosed { name, line, column }) => template_finding(
            origin,
            Some((line, column)),
            format!("het blok `{{{{#{name}}}}}` dat hier begint, wordt nergens gesloten: `{{{{/{name}}}}}` ontbreekt"),
            format!("zet `{{{{/{name}}}}}` op de plek waar het blok moet eindigen; elk `{{{{#{name} …}}}}` heeft zijn eigen `{{{{/{name}}}}}`"),
        ),
        Some(BlockProblem::Mismatched {
            open,
            open_line,
            open_column,
            closing,
            line,
            column,
        }) => template_finding(
            origin,
            Some((open_line, open_column)),
            format!("het blok `{{{{#{open}}}}}` dat hier begint, is nog open als `{{{{/{closing}}}}}` op regel {line}, kolom {column} komt"),
            format!("zet `{{{{/{open}}}}}` vóór `{{{{/{closing}}}}}`, zodat elk blok sluit binnen het blok waarin het begon"),
        ),
        None => {
            let reason = reason::compile(e.reason());
            template_finding(origin, e.pos(), reason.message, reason.help)
        }
    }
}

/// A template problem as a finding: the user's template is input they can fix.
pub fn template_error(origin: &str, pos: Option<(usize, usize)>, reason: &str) -> Error {
    template_finding(
        origin,
        pos,
        reason.to_owned(),
        "controleer de Handlebars-opmaak ({{…}}, {{#if}}…{{/if}}), de blokopdrachten en de veldnamen; `raadsbrief templates export MAP` schrijft de ingebouwde sjablonen als werkend voorbeeld".to_owned(),
    )
}

fn template_finding(
    origin: &str,
    pos: Option<(usize, usize)>,
    message: String,
    help: String,
) -> Error {
    let (line, column) = pos.unwrap_or((1, 1));
    Error::Invalid(vec![Finding::new(
        Severity::Error,
        "template",
        origin,
        (line, column),
        String::new(),
        format!("fout in het sjabloon: {message}"),
        help,
    )])
}

/// Writes the built-in templates to `dir`, refusing to overwrite edited copies.
pub fn export(dir: &Path, force: bool) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io("maken", dir, &e))?;
    let paths: Vec<PathBuf> = BUILTIN
        .iter()
        .map(|(name, _)| dir.join(format!("{name}{EXTENSION}")))
        .collect();
    if !force {
        if let Some(existing) = paths.iter().find(|p| p.exists()) {
            return Err(Error::failed(
                format!("{} bestaat al", existing.display()),
                "kies een lege map, of voeg --force toe om uw kopieën te overschrijven",
            ));
        }
    }
    for ((_, text), path) in BUILTIN.iter().zip(&paths) {
        crate::output::write_atomic(path, text.as_bytes())?;
    }
    Ok(paths)
}
