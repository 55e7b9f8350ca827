//! YAML errors explained: the parser's error → a finding a policy officer can act on.
//!
//! serde-saphyr says what it could not read and where it stopped reading. That place
//! is often not where the mistake is (an unclosed quote is reported where the next
//! quote happens to stand, a tab-indented line at the line above it, a non-breaking
//! space a line below it), and its words are a parser's. Each error gets a stable rule,
//! a Dutch message that says what YAML took the text for, and the user's own line as it
//! should be typed. The parser's wording survives only in the generic fallback, where
//! it is all there is to go on.

use super::{finding_at, invisible, scan, Pos, Source, MAX_DEPTH};
use crate::diagnostics::Finding;

/// The finding for a parse error of `source`.
pub(super) fn syntax_finding(source: &Source, err: &serde_saphyr::Error) -> Finding {
    let pos = err
        .location()
        .filter(|l| l.line() > 0)
        .map(|l| Pos {
            line: l.line() as usize,
            column: l.column().max(1) as usize,
        })
        .unwrap_or(Pos { line: 1, column: 1 });
    let raw = err.without_snippet().to_string();
    let raw = strip_location_suffix(&raw);
    let lower = raw.to_lowercase();
    let line = source.text.lines().nth(pos.line.saturating_sub(1));
    let at = |pos: Pos, rule: &'static str, message: String, help: String| {
        finding_at(&source.name, pos, rule, message, help)
    };
    if let Some((rule, message, help)) = by_kind(err.without_snippet(), raw, &lower) {
        let mut finding = at(pos, rule, message, help);
        if rule == "duplicate-key" {
            let (field, first) = key_context(&source.text, pos);
            if let Some(first) = first {
                finding
                    .message
                    .push_str(&format!(" (de eerste staat op regel {first})"));
            }
            finding.field = field;
        }
        return finding;
    }
    // Invisible characters come first: they make the parser stumble a line or two
    // later, over whatever it then sees, and the user cannot see them at all.
    if let Some(f) = invisible::finding(source, pos.line, lower.contains("bom")) {
        return f;
    }
    let tab_indent = line.is_some_and(|l| l.trim_start_matches(' ').starts_with('\t'))
        || lower
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w == "tab" || w == "tabs");
    if tab_indent {
        // The parser reports where it started the token it was reading, which for a
        // tab-indented nested line is the line above; the tab is what to point at.
        let tab = first_tab_indent(&source.text, pos.line).unwrap_or(pos);
        return at(
            tab,
            "tab-indent",
            "deze regel springt in met een tab; YAML staat alleen spaties toe voor de inspringing".into(),
            "vervang de tab vooraan deze regel door spaties, twee per niveau (in de meeste editors: ‘Inspringing omzetten naar spaties’)".into(),
        );
    }
    if lower.contains("quote") {
        // An unclosed quote runs on until the next quote character, and the parser
        // complains there; the place to fix is where the quote was opened.
        let (open, message) = match quote_spanning_to(&source.text, pos.line) {
            Some(open) => (
                open,
                format!(
                    "dit aanhalingsteken wordt op deze regel niet gesloten, dus YAML leest door tot regel {}",
                    pos.line
                ),
            ),
            None => (
                pos,
                "dit aanhalingsteken wordt niet gesloten, dus YAML leest door tot het einde van het bestand".into(),
            ),
        };
        let help = match source
            .text
            .lines()
            .nth(open.line - 1)
            .and_then(scan::line)
            .filter(|l| l.value_column == open.column)
        {
            Some(l) => {
                let q = l.value.chars().next().unwrap_or('"');
                format!(
                    "zet aan het eind van de tekst hetzelfde aanhalingsteken ({q}): `{}`",
                    l.with_value(&format!("{}{q}", l.value))
                )
            }
            None => {
                "zet aan het eind van de tekst hetzelfde aanhalingsteken als aan het begin".into()
            }
        };
        return at(open, "unclosed-quote", message, help);
    }
    let parts = line.and_then(scan::line);
    if let Some(parts) = &parts {
        if let Some((message, help)) = special_first_character(parts, pos, &lower) {
            return at(pos, "special-first-character", message, help);
        }
        let inside_value = parts.key.is_some() && pos.column > parts.value_column;
        if lower.contains("mapping values are not allowed") && inside_value {
            let (message, help) = colon_in_value(parts);
            return at(pos, "colon-in-value", message, help);
        }
    }
    at(
        pos,
        "yaml-syntax",
        format!("dit is geen geldige YAML (de YAML-lezer meldt: {raw})"),
        "controleer de inspringing (twee spaties per niveau), dat na elke `sleutel:` een spatie staat, en dat aanhalingstekens gesloten zijn".into(),
    )
}

/// `text` between quotes, so that YAML reads it as exactly this text: double quotes
/// when nothing in it has a meaning there, otherwise single quotes (inside which only
/// the single quote itself is doubled).
pub(super) fn quoted(text: &str) -> String {
    if !text.contains(['"', '\\']) {
        format!("\"{text}\"")
    } else {
        format!("'{}'", text.replace('\'', "''"))
    }
}

/// The text between typographic quotes, when `value` starts and ends with them: Word
/// turns typed quotes into these, and they look quoted to the user but not to YAML.
pub(super) fn curly_inner(value: &str) -> Option<&str> {
    let open = value.chars().next()?;
    let close = value.chars().next_back()?;
    let opens = matches!(open, '‘' | '“' | '„' | '‚');
    let closes = matches!(close, '’' | '”' | '“' | '‘');
    (opens && closes && value.chars().count() >= 2)
        .then(|| &value[open.len_utf8()..value.len() - close.len_utf8()])
}

/// A `: ` inside a plain value: YAML takes what stands before it for a key.
fn colon_in_value(parts: &scan::Line) -> (String, String) {
    let key = parts.key.unwrap_or_default();
    match curly_inner(parts.value) {
        Some(inner) => (
            format!(
                "de waarde van `{key}` staat tussen typografische aanhalingstekens (‘ ’ of “ ”), die YAML niet als aanhalingstekens leest; de dubbele punt met een spatie erna (`: `) maakt er dan een nieuwe sleutel van"
            ),
            format!(
                "typ rechte aanhalingstekens: `{}`",
                parts.with_value(&quoted(inner))
            ),
        ),
        None => (
            format!(
                "een dubbele punt met een spatie erna (`: `) in de waarde van `{key}`: YAML leest de tekst ervoor als een nieuwe sleutel"
            ),
            format!(
                "zet de tekst tussen aanhalingstekens: `{}`",
                parts.with_value(&quoted(parts.value))
            ),
        ),
    }
}

/// A value that starts with a character YAML reserves for itself. The parser names
/// the character or the construct; the user needs to hear what YAML took it for.
fn special_first_character(parts: &scan::Line, pos: Pos, lower: &str) -> Option<(String, String)> {
    if pos.column != parts.value_column {
        return None;
    }
    let value = parts.value;
    let first = value.chars().next()?;
    let word = value.split_whitespace().next().unwrap_or(value);
    let message = match first {
        '*' if lower.contains("alias") => format!(
            "een waarde die met `*` begint, leest YAML als een verwijzing naar een ander stuk van het bestand (een alias); `{word}` verwijst naar niets"
        ),
        '@' | '`' if lower.contains("unexpected character") => format!(
            "het teken ‘{first}’ is in YAML gereserveerd: een waarde zonder aanhalingstekens mag er niet mee beginnen"
        ),
        '%' if lower.contains("unexpected character") => {
            "een waarde die met `%` begint, leest YAML als een aanwijzing voor de YAML-lezer (een directive), niet als tekst".into()
        }
        '|' | '>' if lower.contains("block scalar") => format!(
            "een waarde die met `{first}` begint, kondigt in YAML een tekstblok aan dat op de volgende regel begint; achter `{first}` mag op dezelfde regel geen tekst staan"
        ),
        _ => return None,
    };
    let mut help = format!(
        "zet de tekst tussen aanhalingstekens: `{}`",
        parts.with_value(&quoted(value))
    );
    if matches!(first, '|' | '>') {
        help.push_str(&format!(
            "; of bedoel je een tekstblok: zet dan alleen `{}` op deze regel en de tekst op de regels eronder, verder ingesprongen",
            parts.with_value(&first.to_string())
        ));
    }
    Some((message, help))
}

/// Where a quoted scalar that is still open at (or closes on) `line` was opened, if it
/// was opened on an earlier line. Reads block-style YAML the way our files are written:
/// a quote opens a value right after `key:` or `- `, and block scalars (`|`, `>`) are
/// skipped.
fn quote_spanning_to(text: &str, line: usize) -> Option<Pos> {
    let mut open: Option<(Pos, char)> = None;
    let mut block_indent: Option<usize> = None;
    for (i, l) in text.lines().enumerate().take(line) {
        let indent = l.len() - l.trim_start_matches(' ').len();
        if let Some(bi) = block_indent {
            if l.trim().is_empty() || indent > bi {
                continue;
            }
            block_indent = None;
        }
        let mut prev = '\0';
        for (ci, (byte, c)) in l.char_indices().enumerate() {
            match open {
                Some((start, q)) => {
                    if c == q && !(q == '"' && prev == '\\') {
                        if i + 1 == line && start.line < line {
                            return Some(start);
                        }
                        open = None;
                    }
                }
                None => {
                    if c == '#' && (ci == 0 || prev == ' ') {
                        break;
                    }
                    let before = l[..byte].trim_end();
                    let value_start =
                        before.is_empty() || before.ends_with(':') || before.ends_with('-');
                    if (c == '"' || c == '\'') && value_start {
                        open = Some((
                            Pos {
                                line: i + 1,
                                column: ci + 1,
                            },
                            c,
                        ));
                    }
                }
            }
            prev = c;
        }
        if open.is_none()
            && (l.trim_end().ends_with(": |")
                || l.trim_end().ends_with(": >")
                || l.trim_end().ends_with(": |-")
                || l.trim_end().ends_with(": >-"))
        {
            block_indent = Some(indent);
        }
    }
    open.filter(|(start, _)| start.line < line)
        .map(|(start, _)| start)
}

/// The first line at or after `from` whose indentation contains a tab.
fn first_tab_indent(text: &str, from: usize) -> Option<Pos> {
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find_map(|(i, line)| {
            let indent: String = line
                .chars()
                .take_while(|c| *c == ' ' || *c == '\t')
                .collect();
            indent.find('\t').map(|col| Pos {
                line: i + 1,
                column: col + 1,
            })
        })
}

/// For a duplicate key at `pos`: the field path in our notation and the line of the
/// first occurrence, read from the indentation of the lines above (the parser stops at
/// the duplicate and tells neither). Block style only, which is what our files use.
fn key_context(text: &str, pos: Pos) -> (String, Option<usize>) {
    let lines: Vec<&str> = text.lines().collect();
    // (key column, starts a sequence item, key) of a line.
    let shape = |line: &str| -> Option<(usize, bool, String)> {
        let trimmed = line.trim_start_matches(' ');
        if trimmed.is_empty() || trimmed.starts_with('#') {
            return None;
        }
        let lead = line.len() - trimmed.len();
        let (item, rest, col) = match trimmed.strip_prefix("- ") {
            Some(rest) => (true, rest, lead + 2),
            None => (false, trimmed, lead),
        };
        let key = rest
            .split(": ")
            .next()?
            .trim_end_matches(':')
            .trim_matches(['"', '\'']);
        let has_key = rest.contains(": ") || rest.trim_end().ends_with(':');
        Some((
            col,
            item,
            if has_key {
                key.to_owned()
            } else {
                String::new()
            },
        ))
    };
    let Some((mut col, mut item, key)) =
        lines.get(pos.line.saturating_sub(1)).and_then(|l| shape(l))
    else {
        return (String::new(), None);
    };
    let mut first = None;
    let mut parts = vec![key.clone()];
    let mut i = pos.line - 1;
    loop {
        if item {
            // We are in a sequence item: count the items before it, then find the key
            // that holds the sequence.
            let mut index = 0;
            while i > 0 {
                i -= 1;
                match shape(lines[i]) {
                    Some((c, true, _)) if c == col => index += 1,
                    Some((c, _, _))
                        if c < col - 2
                            || (c == col - 2 && !lines[i].trim_start().starts_with("- ")) =>
                    {
                        break
                    }
                    _ => {}
                }
            }
            parts.push(format!("[{index}]"));
            match shape(lines[i]) {
                Some((c, it, k)) if c < col => {
                    parts.push(k);
                    col = c;
                    item = it;
                }
                _ => break,
            }
            continue;
        }
        if i == 0 {
            break;
        }
        i -= 1;
        match shape(lines[i]) {
            Some((c, it, k)) if c == col => {
                if parts.len() == 1 && first.is_none() && k == key {
                    first = Some(i + 1);
                }
                item = it;
            }
            Some((c, it, k)) if c < col => {
                parts.push(k);
                col = c;
                item = it;
            }
            _ => {}
        }
    }
    let mut field = String::new();
    for part in parts.iter().rev().filter(|p| !p.is_empty()) {
        if !field.is_empty() && !part.starts_with('[') {
            field.push('.');
        }
        field.push_str(part);
    }
    (field, first)
}

fn strip_location_suffix(message: &str) -> &str {
    match message.find(" at line ") {
        Some(i) => &message[..i],
        None => message.trim(),
    }
}

/// The errors the parser names by kind (duplicate keys, budgets, depth), whatever the
/// line looks like.
fn by_kind(
    err: &serde_saphyr::Error,
    raw: &str,
    lower: &str,
) -> Option<(&'static str, String, String)> {
    use serde_saphyr::budget::BudgetBreach;
    use serde_saphyr::Error as E;
    Some(match err {
        E::DuplicateMappingKey { key, .. } => (
            "duplicate-key",
            format!(
                "de sleutel `{}` staat twee keer in hetzelfde blok",
                key.as_deref().unwrap_or("?")
            ),
            "verwijder een van de twee; YAML staat dezelfde sleutel maar één keer toe, en raadsbrief raadt niet welke je bedoelt".into(),
        ),
        E::Budget {
            breach: BudgetBreach::Depth { .. },
            ..
        } => too_deep("meer niveaus dan toegestaan"),
        E::Budget {
            breach: BudgetBreach::Documents { .. },
            ..
        } => (
            "multiple-documents",
            "het bestand bevat meer dan één YAML-document".into(),
            "een regiobestand beschrijft één regio; verwijder de tweede regel `---` en wat erna komt, of zet die regio in een eigen bestand".into(),
        ),
        E::Budget { .. }
        | E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. } => too_complex(raw),
        _ if lower.contains("alias") && lower.contains("limit") || lower.contains("budget") => {
            too_complex(raw)
        }
        _ if lower.contains("recursion") || lower.contains("depth") => too_deep(raw),
        _ => return None,
    })
}

fn too_complex(raw: &str) -> (&'static str, String, String) {
    (
        "too-complex",
        format!("het bestand is te ingewikkeld om veilig te lezen ({raw})"),
        "een regiobestand heeft geen ankers (&) of verwijzingen (aliassen, *) nodig; schrijf de waarden uit, of gebruik er minder".into(),
    )
}

fn too_deep(raw: &str) -> (&'static str, String, String) {
    (
        "too-deep",
        format!("het bestand is meer dan {MAX_DEPTH} niveaus diep genest ({raw})"),
        "een regiobestand is hooguit zes niveaus diep; kijk of er haken [ of { zijn die niet gesloten worden".into(),
    )
}
