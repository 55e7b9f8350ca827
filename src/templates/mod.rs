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
pub mod uses;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

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

/// The templates of a run: each one's text and origin, compiled on first use.
///
/// Handlebars' compiler costs more than composing a letter (its parser locates every
/// token by scanning the template from its start), so a run compiles only the templates
/// it renders: a letter run of one `soort` needs one, `--alleen brieven` never needs the
/// samenwerkingsdocument's. Each template has a registry of its own, so that compiling
/// one needs no lock on the others while rayon renders.
pub struct Templates {
    entries: Vec<Entry>,
    /// What the folder survey said about files it did not use, kept so that every
    /// command that opens the folder can show it (`bekijk` has no terminal to print to).
    folder_warnings: Vec<crate::diagnostics::Finding>,
}

struct Entry {
    name: &'static str,
    /// A user's path or "…, ingebouwd", for messages.
    origin: String,
    /// The text, to compile and to tell which context fields it uses.
    text: String,
    compiled: OnceLock<std::result::Result<Handlebars<'static>, Box<Finding>>>,
    /// What the compiled template can reach, worked out once.
    uses: OnceLock<uses::Uses>,
}

impl Templates {
    /// The built-in templates, every one compiled.
    pub fn builtin() -> Result<Templates> {
        Templates::load(None)
    }

    /// Reads the templates and compiles every one, so that a mistake in any of them is
    /// said now, also in one this run would not use (`validate`, `bekijk`).
    pub fn load(dir: Option<&Path>) -> Result<Templates> {
        let templates = Templates::open(dir)?;
        templates.prepare(BUILTIN.iter().map(|(name, _)| *name))?;
        Ok(templates)
    }

    /// Reads the templates, taking each from `dir` when it has that file under its exact
    /// name (see [`folder::survey`], which also says what it did not use); each is
    /// compiled when first rendered or [`prepare`](Templates::prepare)d.
    pub fn open(dir: Option<&Path>) -> Result<Templates> {
        let survey = match dir {
            Some(dir) => folder::survey(dir)?,
            None => folder::Survey::default(),
        };
        let folder_warnings = survey.warnings;
        let mut used = survey.used;
        let entries = BUILTIN
            .into_iter()
            .map(|(name, builtin)| {
                let (origin, text) = match used.iter().position(|(n, ..)| *n == name) {
                    Some(i) => {
                        let (_, path, text) = used.swap_remove(i);
                        (path.display().to_string(), text)
                    }
                    None => (
                        format!("templates/{name}{EXTENSION}, ingebouwd"),
                        builtin.to_owned(),
                    ),
                };
                Entry {
                    name,
                    origin,
                    text,
                    compiled: OnceLock::new(),
                    uses: OnceLock::new(),
                }
            })
            .collect();
        Ok(Templates {
            entries,
            folder_warnings,
        })
    }

    /// The folder's files that are not used as a template, each with its fix.
    pub fn folder_warnings(&self) -> &[crate::diagnostics::Finding] {
        &self.folder_warnings
    }

    /// Compiles the named templates now, in the order of [`BUILTIN`], and fails with the
    /// first that does not compile: a run says a broken template once, before it
    /// composes anything, rather than once per document that uses it.
    pub fn prepare<'a>(&self, names: impl IntoIterator<Item = &'a str>) -> Result<()> {
        let names: Vec<&str> = names.into_iter().collect();
        for entry in self.entries.iter().filter(|e| names.contains(&e.name)) {
            entry.registry()?;
        }
        Ok(())
    }

    /// Renders template `name` with `context` to Markdown.
    pub fn render(&self, name: &str, context: &Value) -> Result<String> {
        self.entry(name)?
            .registry()?
            .render(name, context)
            .map_err(|e| {
                let pos = e.line_no.zip(e.column_no);
                let reason = reason::render(e.reason());
                template_finding(self.origin(name), pos, reason.message, reason.help)
            })
    }

    /// Which context fields template `name` can reach (see [`uses`]), compiling it if
    /// it was not yet: a context need not carry what its template never shows.
    pub fn uses(&self, name: &str) -> Result<&uses::Uses> {
        let entry = self.entry(name)?;
        let registry = entry.registry()?;
        Ok(entry.uses.get_or_init(|| {
            registry
                .get_template(entry.name)
                .map_or_else(uses::Uses::everything, uses::Uses::of)
        }))
    }

    fn entry(&self, name: &str) -> Result<&Entry> {
        self.entries.iter().find(|e| e.name == name).ok_or_else(|| {
            template_error(
                name,
                None,
                &format!("raadsbrief kent geen sjabloon `{name}`"),
            )
        })
    }

    /// Whether template `name` mentions the context field `key` (`kennisnemen_van`) at
    /// all: a field it never names cannot reach the document. A word match in the text,
    /// so `brief.kennisnemen_van`, `{{#with brief}}{{kennisnemen_van}}` and a comment all
    /// count: it errs towards "used" and never warns about a field that is used.
    pub fn mentions(&self, name: &str, key: &str) -> bool {
        let is_word = |c: char| c.is_alphanumeric() || c == '_';
        self.entries
            .iter()
            .filter(|e| e.name == name)
            .any(|Entry { text, .. }| {
                text.match_indices(key).any(|(at, _)| {
                    let before = text[..at].chars().next_back();
                    let after = text[at + key.len()..].chars().next();
                    !before.is_some_and(is_word) && !after.is_some_and(is_word)
                })
            })
    }

    /// Where template `name` came from, for messages.
    pub fn origin<'a>(&'a self, name: &'a str) -> &'a str {
        self.entries
            .iter()
            .find(|e| e.name == name)
            .map_or(name, |e| e.origin.as_str())
    }
}

impl Entry {
    /// The compiled template, compiling it on the first call (once, whichever thread
    /// asks first).
    fn registry(&self) -> Result<&Handlebars<'static>> {
        self.compiled
            .get_or_init(|| {
                let mut registry = Handlebars::new();
                registry.set_strict_mode(true);
                registry.register_escape_fn(crate::markup::escape);
                helpers::register(&mut registry);
                registry
                    .register_template_string(self.name, &self.text)
                    .map_err(|e| Box::new(compile_error(&self.origin, &self.text, &e)))?;
                Ok(registry)
            })
            .as_ref()
            .map_err(|finding| Error::Invalid(vec![(**finding).clone()]))
    }
}

/// A template that does not compile, at the place the author must change: for a block
/// left open, where it was opened (Handlebars points at the end of the template).
fn compile_error(origin: &str, source: &str, e: &handlebars::TemplateError) -> Finding {
    use blocks::BlockProblem;
    let unclosed = matches!(
        e.reason(),
        handlebars::TemplateErrorReason::InvalidSyntax(_)
            | handlebars::TemplateErrorReason::MismatchingClosedHelper(..)
            | handlebars::TemplateErrorReason::MismatchingClosedDecorator(..)
    );
    match blocks::block_problem(source).filter(|_| unclosed) {
        Some(BlockProblem::Unclosed { name, line, column }) => finding(
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
        }) => finding(
            origin,
            Some((open_line, open_column)),
            format!("het blok `{{{{#{open}}}}}` dat hier begint, is nog open als `{{{{/{closing}}}}}` op regel {line}, kolom {column} komt"),
            format!("zet `{{{{/{open}}}}}` vóór `{{{{/{closing}}}}}`, zodat elk blok sluit binnen het blok waarin het begon"),
        ),
        None => {
            let reason = reason::compile(e.reason());
            finding(origin, e.pos(), reason.message, reason.help)
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
    Error::Invalid(vec![finding(origin, pos, message, help)])
}

fn finding(origin: &str, pos: Option<(usize, usize)>, message: String, help: String) -> Finding {
    let (line, column) = pos.unwrap_or((1, 1));
    Finding::new(
        Severity::Error,
        "template",
        origin,
        (line, column),
        String::new(),
        format!("fout in het sjabloon: {message}"),
        help,
    )
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

#[cfg(test)]
mod tests {
    use super::*;

    fn compiled(templates: &Templates) -> Vec<&'static str> {
        templates
            .entries
            .iter()
            .filter(|e| e.compiled.get().is_some())
            .map(|e| e.name)
            .collect()
    }

    #[test]
    fn every_builtin_template_compiles() {
        let templates = Templates::builtin().unwrap();
        let names: Vec<&str> = BUILTIN.iter().map(|(n, _)| *n).collect();
        assert_eq!(compiled(&templates), names);
    }

    #[test]
    fn a_template_is_compiled_only_when_a_run_needs_it() {
        let templates = Templates::open(None).unwrap();
        assert!(compiled(&templates).is_empty());
        assert!(templates.mentions("raadsinformatiebrief", "brief"));
        assert!(
            compiled(&templates).is_empty(),
            "reading the text compiles nothing"
        );
        templates.prepare(["raadsinformatiebrief"]).unwrap();
        assert_eq!(compiled(&templates), ["raadsinformatiebrief"]);
        let context = serde_json::json!({});
        let _ = templates.render("actieve-raadsinformatie", &context);
        assert_eq!(
            compiled(&templates),
            ["raadsinformatiebrief", "actieve-raadsinformatie"]
        );
    }

    #[test]
    fn a_broken_template_fails_only_the_runs_that_use_it_with_the_same_finding() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("samenwerkingsdocument.md.hbs"),
            "---\ntitel: x\n---\n{{#if regio.naam}}\nopen\n",
        )
        .unwrap();
        let templates = Templates::open(Some(dir.path())).unwrap();
        templates
            .prepare(["raadsinformatiebrief", "actieve-raadsinformatie"])
            .unwrap();
        let Err(Error::Invalid(lazy)) = templates.prepare(["samenwerkingsdocument"]) else {
            panic!("the broken template is refused when it is needed");
        };
        let Err(Error::Invalid(eager)) = Templates::load(Some(dir.path())) else {
            panic!("and by a load that compiles every template");
        };
        assert_eq!(lazy.len(), 1);
        assert_eq!(
            (
                lazy[0].line,
                lazy[0].column,
                &lazy[0].message,
                &lazy[0].file
            ),
            (
                eager[0].line,
                eager[0].column,
                &eager[0].message,
                &eager[0].file
            )
        );
        assert_eq!((lazy[0].line, lazy[0].column), (4, 1));
    }
}
