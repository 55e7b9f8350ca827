//! Helpers for the validation tests and bench: the samples, targeted edits whose
//! positions are computed from the edited text (so no line number goes stale when a
//! sample changes), shortcuts around `validate_source`, and a region generator.
//!
//! Included by path (`#[path = "common/regions.rs"] mod regions;`) from
//! tests/validate.rs, tests/cli_validate.rs and benches/validate.rs; each uses a
//! different subset.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use raadsbrief::diagnostics::{Finding, Help, Severity};
use raadsbrief::error::Error;
use raadsbrief::parse::Source;
use raadsbrief::validate::{validate_source, Validated};

/// The name test sources carry; findings must repeat it in `file`.
pub const NAME: &str = "test-region.yaml";

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn samples_dir() -> PathBuf {
    root().join("samples")
}

pub fn sample(file: &str) -> String {
    let path = samples_dir().join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The Regio Gooi en Vechtstreek sample every bad input is derived from, ready to be
/// written anywhere: its Word templates (`sjabloon: sjablonen/…`), fonts and signature
/// images are named by absolute path, so a copy in a temp folder still finds them.
pub fn gooi() -> String {
    portable(&sample("gooi-en-vechtstreek.yaml"))
}

/// `text` with the sample's relative template, font and signature paths made absolute,
/// so that a copy written anywhere finds them.
pub fn portable(text: &str) -> String {
    let samples = samples_dir();
    text.replace(
        "sjabloon: sjablonen/",
        &format!("sjabloon: {}/", samples.join("sjablonen").display()),
    )
    .replace(
        "lettertypen: lettertypen/",
        &format!("lettertypen: {}/", samples.join("lettertypen").display()),
    )
    .replace(
        "afbeelding: handtekeningen/",
        &format!("afbeelding: {}/", samples.join("handtekeningen").display()),
    )
}

/// Every `*.yaml` file in samples/, sorted.
pub fn sample_paths() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(samples_dir())
        .expect("samples/ exists")
        .map(|e| e.expect("readable samples/ entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "samples/ holds no YAML files");
    paths
}

/// `text` with the one occurrence of `from` replaced by `to`. Fails loudly when `from`
/// is missing or ambiguous, so a changed sample breaks the fixture visibly instead of
/// silently testing something else.
pub fn edit(text: &str, from: &str, to: &str) -> String {
    let n = text.matches(from).count();
    assert_eq!(
        n, 1,
        "fixture edit: expected exactly one occurrence of {from:?} in the sample, found {n}"
    );
    text.replacen(from, to, 1)
}

/// 1-based line and column (in characters) of byte offset `at` in `text`.
pub fn pos_at(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// Position of the only occurrence of `needle`.
pub fn pos_of(text: &str, needle: &str) -> (usize, usize) {
    let n = text.matches(needle).count();
    assert_eq!(
        n, 1,
        "expected exactly one {needle:?} in the text, found {n}"
    );
    pos_at(text, text.find(needle).expect("counted above"))
}

/// Position of `needle` inside the only occurrence of `context`, e.g. the value `ja`
/// in `openbaar: ja`.
pub fn pos_in(text: &str, context: &str, needle: &str) -> (usize, usize) {
    let n = text.matches(context).count();
    assert_eq!(
        n, 1,
        "expected exactly one {context:?} in the text, found {n}"
    );
    let start = text.find(context).expect("counted above");
    let offset = context
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} is not inside {context:?}"));
    pos_at(text, start + offset)
}

/// Position of the `nth` (0-based) occurrence of `needle`.
pub fn pos_of_nth(text: &str, needle: &str, nth: usize) -> (usize, usize) {
    let (at, _) = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("there is no occurrence #{nth} of {needle:?}"));
    pos_at(text, at)
}

pub fn source(text: &str) -> Source {
    Source {
        name: NAME.to_owned(),
        dir: samples_dir(),
        text: text.to_owned(),
    }
}

/// Validates `text`, expecting it to be valid; panics with the findings otherwise.
pub fn valid(text: &str) -> Validated {
    match validate_source(source(text)) {
        Ok(v) => {
            assert_own_help(&v.warnings);
            v
        }
        Err(Error::Invalid(findings)) => panic!("expected valid, got:\n{}", show(&findings)),
        Err(e) => panic!("expected valid, got a failure: {e}"),
    }
}

/// Validates `text`, expecting findings (a user error, not a failure of the tool).
pub fn findings(text: &str) -> Vec<Finding> {
    expect_invalid(validate_source(source(text)))
}

pub fn expect_invalid(result: raadsbrief::error::Result<Validated>) -> Vec<Finding> {
    match result {
        Ok(v) => panic!(
            "expected findings, but the input validated (warnings: {})",
            show(&v.warnings)
        ),
        Err(Error::Invalid(findings)) => {
            assert!(!findings.is_empty(), "Error::Invalid without findings");
            assert_own_help(&findings);
            findings
        }
        Err(e) => panic!("expected findings, got a failure: {e}"),
    }
}

/// Every finding a test meets says how to fix it in its own words. A finding whose code
/// offered a blank help carries `Help::MISSING` instead (the type allows nothing
/// emptier), and that is a bug this catches for every rule the tests reach.
#[track_caller]
pub fn assert_own_help(findings: &[Finding]) {
    let missing: Vec<Finding> = findings
        .iter()
        .filter(|f| f.help == Help::MISSING)
        .cloned()
        .collect();
    assert!(
        missing.is_empty(),
        "findings without their own help:\n{}",
        show(&missing)
    );
}

/// The only finding; fails when there are more (a bad input of one class must not
/// drag follow-up errors along).
pub fn single(findings: &[Finding]) -> &Finding {
    assert_eq!(
        findings.len(),
        1,
        "expected exactly one finding, got:\n{}",
        show(findings)
    );
    &findings[0]
}

pub fn errors(findings: &[Finding]) -> Vec<&Finding> {
    findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect()
}

/// Checks one finding completely: rule, place, field and a key part of the message,
/// and that it says how to fix it.
#[track_caller]
pub fn assert_finding(
    f: &Finding,
    rule: &str,
    (line, column): (usize, usize),
    field: &str,
    message_part: &str,
) {
    let all = show(std::slice::from_ref(f));
    assert_eq!(f.rule, rule, "rule of\n{all}");
    assert_eq!((f.line, f.column), (line, column), "line:column of\n{all}");
    assert_eq!(f.field, field, "field of\n{all}");
    assert!(
        f.message.contains(message_part),
        "message should contain {message_part:?}:\n{all}"
    );
    assert!(
        !f.help.is_empty(),
        "every finding says how to fix it:\n{all}"
    );
}

pub fn show(findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|f| {
            format!(
                "  {:?} [{}] {}:{}:{} field={:?}: {} (help: {})",
                f.severity, f.rule, f.file, f.line, f.column, f.field, f.message, f.help
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A region text with `n` municipalities: the Gooi sample's eight entries repeated with
/// the names and CBS codes of real municipalities (see [`generate_region`]).
pub fn region_with(n: usize) -> String {
    generate_region(&gooi(), n)
}

/// `sample` with its `gemeenten:` block replaced by `n` entries cycled from the
/// original ones, each given the name and code of the next municipality on the CBS list
/// that exists on the Gooi letter's date (2021-11-16): at most 352, every municipality
/// of the Netherlands then. Beyond that the entries are named `Gemeente NNNN` with a
/// code that does not exist, which validation refuses.
pub fn generate_region(sample: &str, n: usize) -> String {
    let start = sample.find("\ngemeenten:\n").expect("`gemeenten:` block") + 1;
    let body_start = start + "gemeenten:\n".len();
    let end = body_start
        + sample[body_start..]
            .find("\n\n")
            .expect("blank line after the gemeenten block");
    let block = &sample[body_start..=end];
    let mut entries: Vec<&str> = Vec::new();
    let mut rest = block;
    while let Some(next) = rest[1..].find("\n  - ").map(|i| i + 2) {
        entries.push(&rest[..next]);
        rest = &rest[next..];
    }
    entries.push(rest);
    let mut out = String::with_capacity(sample.len() + n * 200);
    out.push_str(&sample[..body_start]);
    let real = raadsbrief::validate::cbs::valid_on(
        raadsbrief::model::Date::parse_iso("2021-11-16").expect("a date"),
    );
    for i in 0..n {
        let entry = entries[i % entries.len()];
        let mut lines = entry.lines();
        let _naam = lines.next();
        let (naam, code) = match real.get(i) {
            Some(m) => (m.name.to_owned(), m.code.to_owned()),
            None => (
                format!("Gemeente {:04}", i + 1),
                format!("GM9{:03}", i % 1000),
            ),
        };
        out.push_str(&format!("  - naam: \"{naam}\"\n"));
        for line in lines {
            if line.trim_start().starts_with("cbs:") {
                out.push_str(&format!("    cbs: {code}\n"));
            } else {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out.push_str(&sample[end + 1..]);
    out
}

pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    let bytes = bytes.as_ref();
    std::fs::write(&path, bytes).expect("write fixture");
    // A sample whose house style names the bundled fonts takes them along, as a copy
    // of the sample folder would.
    let fonts = dir.join("lettertypen");
    if String::from_utf8_lossy(bytes).contains("lettertypen: lettertypen/") && !fonts.exists() {
        std::fs::create_dir(&fonts).expect("font folder");
        for entry in std::fs::read_dir("samples/lettertypen")
            .expect("sample fonts")
            .flatten()
        {
            std::fs::copy(entry.path(), fonts.join(entry.file_name())).expect("copy font");
        }
    }
    path
}

/// The Gooi sample as a final letter: status definitief and every open field
/// (`[in te vullen: …]`) filled with a marked example value, so that it builds files
/// without `-concept`.
pub fn gooi_definitief() -> String {
    let mut text = edit(&gooi(), "  status: concept", "  status: definitief");
    while let Some(at) = text.find("[in te vullen: ") {
        let end = at + text[at..].find(']').expect("open field closes") + 1;
        let inner = text[at + "[in te vullen: ".len()..end - 1].to_owned();
        text.replace_range(at..end, &format!("Voorbeeld {inner}"));
    }
    text
}
