//! Validation: a parsed tree → a typed [`Region`], or every finding at once.
//!
//! Three passes, each only when the previous one could run: the YAML tree itself
//! (duplicate keys), the JSON Schema (shapes, names, enums, patterns) together with
//! the text of every field (placeholders, the Markdown subset), then the NvO rules on
//! the typed model. All findings of a pass are reported together, so a user fixes a
//! file in one round rather than one error per run.

pub mod cbs;
mod cbs_rules;
mod json_schema;
pub mod locate;
pub mod rules;
pub mod schema;

use std::sync::atomic::{AtomicBool, Ordering};

use crate::diagnostics::{self, Finding};
use crate::error::{Error, Result};
use crate::markup;
use crate::model::Region;
use crate::parse::{Source, Tree};

pub use schema::SCHEMA_TEXT;

/// A region that passed validation, with the warnings found on the way and what is
/// needed to point back into its source.
#[derive(Debug, Clone)]
pub struct Validated {
    pub source: Source,
    pub tree: Tree,
    pub region: Region,
    /// Warnings only; a file with errors never becomes `Validated`.
    pub warnings: Vec<Finding>,
}

impl Validated {
    /// The file and line:column of the value at `pointer`, for findings of later stages
    /// about a value of the file (a template that cannot be used).
    pub fn value_place(&self, pointer: &str) -> (String, (usize, usize)) {
        let pos = self.tree.locations.value(pointer);
        (self.source.name.clone(), (pos.line, pos.column))
    }
}

/// Whether a thread has been started to make the schema and the municipality list.
static AHEAD: AtomicBool = AtomicBool::new(false);

/// Compiles the schema and reads the municipality list on a thread of their own, unless
/// one is at it or they are made.
///
/// They do not depend on the file, and they are wanted only once the file is parsed:
/// on their thread they cost the run nothing, if the thread runs by then. On this kind
/// of machine a thread started runs 0.2 to 1.5 ms later (the second core is woken
/// first), so `cli::run` starts it before it reads its arguments for a command that
/// checks a file; a validation starts it itself otherwise. The thread is not joined: a
/// run that ends before it is done loses nothing, and a check that comes first makes
/// what it needs itself (both are `OnceLock`s, made once by whichever asks first).
pub fn prepare_ahead() {
    if AHEAD.swap(true, Ordering::Relaxed) || (schema::is_compiled() && cbs::is_parsed()) {
        return;
    }
    let _ = crate::alongside::spawn(std::thread::Builder::new().name("schema".into()), || {
        let _ = schema::compiled_now();
        cbs::all();
    });
}

/// Reads, parses and validates one region file.
pub fn validate_file(path: &std::path::Path) -> Result<Validated> {
    validate_source(Source::load(path)?)
}

pub fn validate_source(source: Source) -> Result<Validated> {
    std::thread::scope(|scope| validate_with(scope, source, None::<(fn(&Source, &Tree), fn(()))>))
}

/// [`validate_file`], with work of the caller's on the second core: `wanted` takes what
/// that work needs from the file and its tree as soon as the file is parsed, and
/// `beside` does it on a thread of its own, while this one checks the tree and returns
/// (the end of `scope` waits for it; a build compiles there the handlebars templates
/// the file names and opens one letter's Word template). `beside` runs at most once,
/// and not at all when the file does not parse or no thread can be started: what it
/// makes must be something the caller makes anyway when it is missing.
pub fn validate_file_beside<'scope, T: Send + 'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    path: &std::path::Path,
    wanted: impl FnOnce(&Source, &Tree) -> T,
    beside: impl FnOnce(T) + Send + 'scope,
) -> Result<Validated> {
    validate_with(scope, Source::load(path)?, Some((wanted, beside)))
}

fn validate_with<'scope, T: Send + 'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    source: Source,
    work: Option<(
        impl FnOnce(&Source, &Tree) -> T,
        impl FnOnce(T) + Send + 'scope,
    )>,
) -> Result<Validated> {
    let (wanted, beside) = work.unzip();
    // The schema and the municipality list do not depend on the file: compiled on a
    // second core while this one parses the YAML, the largest step of a validation,
    // instead of after it (schema and list about a quarter of a letter's validation;
    // the check below waits for them if they are not done; `prepare_ahead`). A run that
    // needs neither, or cannot start a thread, does without.
    prepare_ahead();
    // The caller's work on a thread of its own, which waits for what it needs from the
    // parsed file: started before the parse, it is running on the other core by the
    // time the work is handed over (Eemnes' handlebars compile, some 0.6 ms, was waited
    // for after the check; a thread started at the parse's end ran 0.13–0.16 ms later).
    // A parse that fails drops the hand-over, and the thread ends.
    let handover = beside.map(|beside| {
        let (send, handed) = std::sync::mpsc::sync_channel::<T>(1);
        let _ = crate::alongside::spawn_scoped(
            scope,
            std::thread::Builder::new().name("beside".into()),
            move || {
                if let Ok(work) = handed.recv() {
                    beside(work);
                }
            },
        );
        send
    });
    let tree = source.parse().map_err(Error::Invalid)?;
    if let (Some(wanted), Some(send)) = (wanted, handover) {
        let _ = send.send(wanted(&source, &tree));
    }
    validate_parsed(&source, tree).map(|(tree, region, warnings)| Validated {
        source,
        tree,
        region,
        warnings,
    })
}

/// Everything after the parse; returns the tree, the model and the warnings.
fn validate_parsed(source: &Source, tree: Tree) -> Result<(Tree, Region, Vec<Finding>)> {
    let mut findings = tree.findings.clone();
    // Strings lose the private-use characters that mark field tokens in template
    // output before the schema or the model sees them, so no input can forge a token.
    let json = tree.root.to_json_with(&markup::scrub);
    findings.extend(schema::check(source, &tree, &json).map_err(|e| {
        Error::failed(
            format!("het ingebouwde schema kon niet worden geladen: {e}"),
            "dit is een fout in raadsbrief; meld het alstublieft",
        )
    })?);
    let mut texts = rules::Checker::new(source, &tree);
    rules::texts(&mut texts, &json);
    findings.extend(texts.findings);
    if findings.iter().any(Finding::is_error) {
        diagnostics::sort(&mut findings);
        return Err(Error::Invalid(findings));
    }
    let region: Region = serde_json::from_value(json).map_err(|e| {
        Error::failed(
            format!("het bestand voldoet aan het schema, maar kon niet worden gelezen: {e}"),
            "dit is een fout in raadsbrief (schema en model spreken elkaar tegen); meld het alstublieft en stuur het bestand mee",
        )
    })?;
    let mut checker = rules::Checker::new(source, &tree);
    rules::check(&mut checker, &region);
    findings.extend(checker.findings);
    diagnostics::sort(&mut findings);
    if findings.iter().any(Finding::is_error) {
        return Err(Error::Invalid(findings));
    }
    Ok((tree, region, findings))
}
