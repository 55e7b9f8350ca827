//! Handlebars templates: the letter formats and the samenwerkingsdocument, as Markdown.
//!
//! A new letter format is a template, not Rust: the letterhead, the metadata block, the
//! sections and the page furniture are all written in `templates/*.md.hbs`. The built-in
//! templates are embedded in the binary; `raadsbrief templates export DIR` writes them
//! out and `--templates DIR` uses a user's edited copies (any missing file falls back
//! to the built-in one). Values are escaped for Markdown on the way in, so nothing from
//! YAML can change the structure a template gives a document.

pub mod context;
pub mod helpers;

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
    /// Where each template came from, for messages: a user's path or "(built-in)".
    origins: Vec<(String, String)>,
    /// Each template's text, to tell which context fields it uses.
    sources: Vec<(String, String)>,
}

impl Templates {
    pub fn builtin() -> Result<Templates> {
        Templates::load(None)
    }

    /// Compiles the templates, taking each from `dir` when it has that file.
    pub fn load(dir: Option<&Path>) -> Result<Templates> {
        if let Some(dir) = dir {
            if !dir.is_dir() {
                return Err(Error::failed(
                    format!("template folder {} does not exist", dir.display()),
                    "create it with `raadsbrief templates export DIR`, then edit the copies",
                ));
            }
        }
        let mut registry = Handlebars::new();
        registry.set_strict_mode(true);
        registry.register_escape_fn(crate::markup::escape);
        helpers::register(&mut registry);
        let mut origins = Vec::new();
        let mut sources = Vec::new();
        for (name, builtin) in BUILTIN {
            let user = dir.map(|d| d.join(format!("{name}{EXTENSION}")));
            let (origin, text) = match user.filter(|p| p.is_file()) {
                Some(path) => {
                    let text = std::fs::read_to_string(&path)
                        .map_err(|e| Error::io("read template", &path, &e))?;
                    (path.display().to_string(), text)
                }
                None => (
                    format!("templates/{name}{EXTENSION} (built-in)"),
                    builtin.to_owned(),
                ),
            };
            registry
                .register_template_string(name, &text)
                .map_err(|e| template_error(&origin, e.pos(), &reason_text(&e.to_string())))?;
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
            template_error(self.origin(name), pos, &reason_text(&e.to_string()))
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

/// Handlebars prefixes its messages with the template name and position, which our
/// finding already shows; keep only the reason.
fn reason_text(message: &str) -> String {
    match message.rfind(": ") {
        Some(i)
            if message.starts_with("Error rendering") || message.starts_with("Template error") =>
        {
            message[i + 2..].trim().to_owned()
        }
        _ => message.lines().next().unwrap_or(message).trim().to_owned(),
    }
}

/// A template problem as a finding: the user's template is input they can fix.
pub fn template_error(origin: &str, pos: Option<(usize, usize)>, reason: &str) -> Error {
    let (line, column) = pos.unwrap_or((1, 1));
    Error::Invalid(vec![Finding::new(
        Severity::Error,
        "template",
        origin,
        (line, column),
        String::new(),
        format!("template error: {reason}"),
        "check the Handlebars syntax ({{…}}, {{#if}}…{{/if}}) and the field names; `raadsbrief templates export DIR` writes the built-in templates as a working example",
    )])
}

/// Writes the built-in templates to `dir`, refusing to overwrite edited copies.
pub fn export(dir: &Path, force: bool) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, &e))?;
    let paths: Vec<PathBuf> = BUILTIN
        .iter()
        .map(|(name, _)| dir.join(format!("{name}{EXTENSION}")))
        .collect();
    if !force {
        if let Some(existing) = paths.iter().find(|p| p.exists()) {
            return Err(Error::failed(
                format!("{} already exists", existing.display()),
                "export to an empty folder, or add --force to overwrite your copies",
            ));
        }
    }
    for ((_, text), path) in BUILTIN.iter().zip(&paths) {
        crate::output::write_atomic(path, text.as_bytes())?;
    }
    Ok(paths)
}
