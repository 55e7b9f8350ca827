//! Valid YAML that does not say what the user wrote.
//!
//! Some mistakes are no syntax error at all: `label: &Beperking van de lasten` is an
//! anchor named `Beperking` on the text "van de lasten", `kleur: #C8102E` is an empty
//! value with a comment, and `label: “Beperking”` is a text with the curly quotes in
//! it. The parser accepts each; the letter would silently lose a word or show quotes
//! the user meant as YAML's. These checks read the source around the values to catch
//! them, in the same run as every other finding.

use super::explain::{curly_inner, quoted};
use super::node::{Node, Value};
use super::{finding_at, scan, Pos, Source};
use crate::diagnostics::{Finding, Severity};

/// Every pitfall in `source`, whose tree is `root`: anchors and tags that eat the first
/// word of a text (errors) and values between curly quotes (warnings).
pub(super) fn check(source: &Source, root: &Node) -> Vec<Finding> {
    let mut findings = anchors_and_tags(source);
    curly_quotes(source, root, &mut findings);
    findings
}

/// `&woord tekst` and `!woord tekst`: YAML keeps only "tekst". An anchor that some `*`
/// refers to is meant as one and left alone.
fn anchors_and_tags(source: &Source) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (n, l) in scan::structural_lines(&source.text) {
        let Some(parts) = scan::line(l) else {
            continue;
        };
        let value = parts.value;
        let Some(first @ ('&' | '!')) = value.chars().next() else {
            continue;
        };
        let word = value.split_whitespace().next().unwrap_or(value);
        let rest = value[word.len()..].trim_start();
        let plain_text_follows =
            !rest.is_empty() && !rest.starts_with(['"', '\'', '{', '[', '|', '>', '&', '!']);
        if !plain_text_follows || value.starts_with("!!") {
            continue;
        }
        if first == '&' && source.text.contains(&format!("*{}", &word[1..])) {
            continue;
        }
        let what = if first == '&' {
            "een anker (een naam waarmee je elders met `*` naar deze waarde verwijst)"
        } else {
            "een type-aanduiding (een tag)"
        };
        findings.push(finding_at(
            &source.name,
            Pos {
                line: n,
                column: parts.value_column,
            },
            "special-first-character",
            format!(
                "een waarde die met `{first}` begint, leest YAML anders: `{word}` is dan {what}, geen tekst, en er blijft alleen ‘{rest}’ over"
            ),
            format!(
                "zet de tekst tussen aanhalingstekens: `{}`",
                parts.with_value(&quoted(value))
            ),
        ));
    }
    findings
}

/// Texts that start and end with typographic quotes typed without YAML quotes around
/// them. They may be meant (a title quoted in the letter), so this is a warning that
/// says how to keep them as well as how to lose them.
fn curly_quotes(source: &Source, node: &Node, findings: &mut Vec<Finding>) {
    match &node.value {
        Value::Str(text) => {
            let Some(inner) = curly_inner(text) else {
                return;
            };
            let line = source.text.lines().nth(node.pos.line.saturating_sub(1));
            let starts_here = line
                .and_then(|l| l.chars().nth(node.pos.column.saturating_sub(1)))
                .is_some_and(|c| text.starts_with(c));
            if !starts_here {
                // Quoted in YAML already: the curly quotes are deliberate.
                return;
            }
            let parts = line
                .and_then(scan::line)
                .filter(|p| p.value_column == node.pos.column);
            let example = |value: String| match &parts {
                Some(p) => p.with_value(&value),
                None => value,
            };
            let mut finding = finding_at(
                &source.name,
                node.pos,
                "curly-quotes",
                "deze tekst staat tussen typografische aanhalingstekens (‘ ’ of “ ”); YAML leest die niet als aanhalingstekens, dus ze komen mee in de brief".into(),
                format!(
                    "horen ze niet in de brief, typ dan rechte aanhalingstekens: `{}`; horen ze er wel in, zet dan de hele tekst tussen enkele rechte aanhalingstekens: `{}`",
                    example(quoted(inner)),
                    example(format!("'{}'", text.replace('\'', "''")))
                ),
            );
            finding.severity = Severity::Warning;
            findings.push(finding);
        }
        Value::Seq(items) => {
            for item in items {
                curly_quotes(source, item, findings);
            }
        }
        Value::Map(entries) => {
            for entry in entries {
                curly_quotes(source, &entry.value, findings);
            }
        }
        Value::Null | Value::Bool(_) | Value::Int(_) | Value::Float(_) => {}
    }
}

/// For a value the schema found empty: when the line reads `key: #…`, the `#` started a
/// comment, and that is what the user needs to hear instead of "it is empty".
pub fn comment_as_value(source: &Source, line: usize, field: &str) -> Option<Finding> {
    let text = source.text.lines().nth(line.checked_sub(1)?)?;
    let parts = scan::line(text)?;
    let key = parts.key?;
    let comment = parts.after.trim_start_matches(' ');
    if !comment.starts_with('#') {
        return None;
    }
    let meant = match comment.find(" #") {
        Some(i) => comment[..i].trim_end(),
        None => comment.trim_end(),
    };
    let mut finding = finding_at(
        &source.name,
        Pos {
            line,
            column: parts.value_column,
        },
        "comment-as-value",
        format!(
            "`#` begint in YAML een opmerking: alles vanaf `#` telt niet mee, dus `{key}` is leeg"
        ),
        format!(
            "zet de waarde tussen aanhalingstekens: `{}`",
            parts.with_value(&quoted(meant))
        ),
    );
    finding.field = field.to_owned();
    Some(finding)
}
