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

use pulldown_cmark::{Event, Options, Parser, Tag};

use crate::compose::markdown::{self, FieldTokens, TOKEN_END, TOKEN_START};
use crate::document::{Block, ListKind};

pub const INLINE_PLACEHOLDERS: [&str; 5] = [
    "gemeente",
    "regio",
    "samenwerkingsdocument",
    "portefeuillehouder",
    "aanspreekpunt",
];
pub const LIST_PLACEHOLDERS: [&str; 4] =
    ["afspraken", "basisfuncties", "brondocumenten", "gemeenten"];

/// The values placeholders stand for, for one document.
#[derive(Debug, Clone, Default)]
pub struct Values {
    pub inline: Vec<(&'static str, String)>,
    pub lists: Vec<(&'static str, ListKind, Vec<String>)>,
}

/// A problem in a field's text, by line (0-based, within the field) and column (1-based).
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    pub line: usize,
    pub column: usize,
    pub error: bool,
    pub message: String,
    pub help: String,
}

/// Escapes plain text so Markdown reads it back as exactly that text: every ASCII
/// punctuation character gets a backslash and line breaks become spaces. This is the
/// guarantee that a value from YAML can never change a document's structure. (Token
/// markers were already scrubbed from all input when it was parsed.)
///
/// Blanks and line breaks at either end are dropped: they show nothing on paper, but
/// where a template puts the value at the start of a line (a `: value` in the metadata
/// block) four spaces or a tab would make it a code block, printed with its backslashes,
/// and two spaces before the template's line end would add a line break.
pub fn escape(text: &str) -> String {
    let text = text.trim_matches([' ', '\t', '\n', '\r']);
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Removes our token markers from text, so no input can forge a field token. Applied
/// to every string of a region file as it is parsed.
pub fn scrub(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains([TOKEN_START, TOKEN_END]) {
        text.replace([TOKEN_START, TOKEN_END], "\u{FFFD}").into()
    } else {
        text.into()
    }
}

/// One `{name}` or `{name.}` found in a text.
struct Placeholder<'a> {
    start: usize,
    end: usize,
    name: &'a str,
    punctuation: Option<char>,
}

fn placeholders(text: &str) -> Vec<Placeholder<'_>> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' {
            i += 2;
            continue;
        }
        if bytes[i] == b'{' {
            if let Some(len) = text[i + 1..].find('}') {
                let inner = &text[i + 1..i + 1 + len];
                let (name, punctuation) = match inner.char_indices().last() {
                    Some((at, c)) if matches!(c, '.' | ';') => (&inner[..at], Some(c)),
                    _ => (inner, None),
                };
                if !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-') {
                    found.push(Placeholder {
                        start: i,
                        end: i + len + 2,
                        name,
                        punctuation,
                    });
                    i += len + 2;
                    continue;
                }
            }
        }
        i += 1;
    }
    found
}

/// Replaces placeholders by their escaped values and generated Markdown lists.
pub fn expand(text: &str, values: &Values) -> String {
    substitute(text, values, true)
}

/// Fills inline placeholders in a plain-text field (a subject line, an addressee) with
/// their values as they are; the template escapes the result like any other value.
pub fn fill(text: &str, values: &Values) -> String {
    substitute(text, values, false)
}

fn substitute(text: &str, values: &Values, markdown: bool) -> String {
    let text = scrub(text);
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for p in placeholders(&text) {
        out.push_str(&text[last..p.start]);
        last = p.end;
        if let Some((_, value)) = values.inline.iter().find(|(n, _)| *n == p.name) {
            out.push_str(&if markdown {
                escape(value)
            } else {
                value.clone()
            });
        } else if let (true, Some((_, kind, items))) =
            (markdown, values.lists.iter().find(|(n, ..)| *n == p.name))
        {
            out.push_str(&list_markdown(*kind, items, p.punctuation));
        } else {
            out.push_str(&text[p.start..p.end]);
        }
    }
    out.push_str(&text[last..]);
    out
}

/// A generated list, set off by blank lines so it never merges with the paragraph
/// around it. Dutch enumerations end items with `;` and the last with `.`.
fn list_markdown(kind: ListKind, items: &[String], punctuation: Option<char>) -> String {
    let mut out = String::from("\n\n");
    for (i, item) in items.iter().enumerate() {
        let mut text = item.trim().to_owned();
        if let Some(p) = punctuation {
            while text.ends_with(['.', ';', ':', ',']) {
                text.pop();
            }
            text.push(if i + 1 == items.len() { '.' } else { p });
        }
        match kind {
            ListKind::Numbered => out.push_str(&format!("{}. {}\n", i + 1, escape(&text))),
            ListKind::Bulleted => out.push_str(&format!("- {}\n", escape(&text))),
        }
    }
    out.push('\n');
    out
}

/// Options for fields: plain CommonMark, nothing more.
fn field_options() -> Options {
    Options::empty()
}

/// A field's text as document blocks: placeholders expanded, subset enforced.
pub fn to_blocks(text: &str, values: &Values) -> Vec<Block> {
    let expanded = expand(text, values);
    let plain = demote_unsupported(&expanded);
    // The field is parsed on its own, with template-only syntax switched off, so the
    // result can only contain paragraphs and lists.
    match markdown::parse_with(&plain, &FieldTokens::default(), field_options()) {
        Ok(parsed) => parsed.blocks,
        Err(_) => vec![Block::Paragraph(vec![crate::document::Inline::plain(
            text.to_owned(),
        )])],
    }
}

/// Rewrites constructs outside the subset as the text they show, so `# Kop` stays
/// "# Kop" on paper rather than becoming a heading the template did not ask for.
fn demote_unsupported(text: &str) -> String {
    let mut out = text.to_owned();
    let mut spans: Vec<(usize, usize, String)> = Vec::new();
    for (event, range) in Parser::new_ext(text, field_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { .. })
            | Event::Start(Tag::BlockQuote(_))
            | Event::Start(Tag::CodeBlock(_))
            | Event::Start(Tag::HtmlBlock)
            | Event::Start(Tag::Image { .. })
            | Event::InlineHtml(_)
            | Event::Rule => {
                let raw = &text[range.clone()];
                spans.push((range.start, range.end, escape_lines(raw)));
            }
            _ => {}
        }
    }
    spans.sort_by_key(|(s, ..)| std::cmp::Reverse(*s));
    let mut done_until = usize::MAX;
    for (start, end, replacement) in spans {
        if end <= done_until {
            out.replace_range(start..end, &replacement);
            done_until = start;
        }
    }
    out
}

fn escape_lines(raw: &str) -> String {
    raw.lines()
        .map(|l| escape(l.trim_start()))
        .collect::<Vec<_>>()
        .join("\n")
        .trim_end()
        .to_owned()
        + if raw.ends_with('\n') { "\n" } else { "" }
}

/// Where a text stands, which decides what it may contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldKind {
    /// In a letter (`{gemeente}` and `{portefeuillehouder}` exist) or in the region's
    /// samenwerkingsdocument (they do not: it is one document for all municipalities).
    pub in_letter: bool,
    /// A markup-capable field (lists allowed) or a one-line plain field.
    pub markup: bool,
}

/// Finds unknown placeholders, misplaced list placeholders and constructs outside the
/// subset, for `validate`.
pub fn check(text: &str, kind: FieldKind) -> Vec<Issue> {
    let mut issues = Vec::new();
    let line_col = |offset: usize| {
        let before = &text[..offset];
        let line = before.matches('\n').count();
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, column)
    };
    for p in placeholders(text) {
        let (line, column) = line_col(p.start);
        let whole = &text[p.start..p.end];
        let municipal = matches!(p.name, "gemeente" | "portefeuillehouder");
        if municipal && !kind.in_letter {
            issues.push(Issue {
                line,
                column,
                error: true,
                message: format!("`{whole}` is not available here: the samenwerkingsdocument is one document for the whole region"),
                help: "write the text for the region, e.g. with `{regio}`, or move municipality-specific text to the letter".into(),
            });
        } else if LIST_PLACEHOLDERS.contains(&p.name) && !kind.markup {
            issues.push(Issue {
                line,
                column,
                error: true,
                message: format!(
                    "list placeholder `{whole}` can only be used in a long text field"
                ),
                help:
                    "use it in aanleiding, kernboodschap, consequenties, vervolg or kennisnemen-van"
                        .into(),
            });
        } else if INLINE_PLACEHOLDERS.contains(&p.name) {
            if p.punctuation.is_some() {
                issues.push(Issue {
                    line,
                    column,
                    error: true,
                    message: format!(
                        "`{whole}`: punctuation inside the braces only works for lists"
                    ),
                    help: format!(
                        "write `{{{}}}` and put the punctuation after the closing brace",
                        p.name
                    ),
                });
            }
        } else if LIST_PLACEHOLDERS.contains(&p.name) {
            let line_text = text.lines().nth(line).unwrap_or_default().trim();
            if line_text != whole {
                issues.push(Issue {
                    line,
                    column,
                    error: true,
                    message: format!("list placeholder `{whole}` must stand on a line of its own"),
                    help: "put it on its own line, with an empty line before and after it".into(),
                });
            }
        } else {
            let all = INLINE_PLACEHOLDERS
                .iter()
                .chain(LIST_PLACEHOLDERS.iter())
                .copied();
            let help = match crate::diagnostics::closest(p.name, all) {
                Some(s) => format!("did you mean `{{{s}}}`? For a literal brace write \\{{"),
                None => format!(
                    "known placeholders: {}; for a literal brace write \\{{",
                    INLINE_PLACEHOLDERS
                        .iter()
                        .chain(LIST_PLACEHOLDERS.iter())
                        .map(|n| format!("{{{n}}}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            issues.push(Issue {
                line,
                column,
                error: true,
                message: format!("unknown placeholder `{whole}`"),
                help,
            });
        }
    }
    if !kind.markup {
        return issues;
    }
    for (event, range) in Parser::new_ext(text, field_options()).into_offset_iter() {
        if let Event::Start(Tag::Link { dest_url, .. }) = &event {
            if !markdown::is_allowed_link(dest_url) {
                let (line, column) = line_col(range.start);
                issues.push(Issue {
                    line,
                    column,
                    error: false,
                    message: format!(
                        "link target `{dest_url}` is not a web or e-mail address; the text is printed without the link"
                    ),
                    help: format!(
                        "links start with {}: write e.g. [tekst](https://www.voorbeeld.nl)",
                        markdown::LINK_SCHEMES
                            .iter()
                            .map(|s| format!("`{s}:`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                });
            }
            continue;
        }
        let what = match event {
            Event::Start(Tag::Heading { .. }) => "a heading (#)",
            Event::Start(Tag::BlockQuote(_)) => "a block quote (>)",
            Event::Start(Tag::CodeBlock(_)) => "a code block (indented or ```)",
            Event::Start(Tag::HtmlBlock) | Event::InlineHtml(_) => "HTML",
            Event::Start(Tag::Image { .. }) => "an image",
            Event::Rule => "a horizontal rule",
            _ => continue,
        };
        let (line, column) = line_col(range.start);
        issues.push(Issue {
            line,
            column,
            error: false,
            message: format!("{what} is not part of the text subset and will be printed as plain text"),
            help: "use paragraphs, *cursief*, **vet**, lists and [links](https://…); section headings come from the template".into(),
        });
    }
    issues
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{plain_text, Inline};

    fn values() -> Values {
        Values {
            inline: vec![("gemeente", "'s-Hertogenbosch".into())],
            lists: vec![(
                "basisfuncties",
                ListKind::Bulleted,
                vec!["Oog".into(), "Leer en verbeter".into()],
            )],
        }
    }

    #[test]
    fn blanks_around_a_value_cannot_make_a_code_block_or_a_line_break() {
        assert_eq!(
            escape("  \t J. Jansen <griffie>  \n"),
            "J\\. Jansen \\<griffie\\>"
        );
        for (value, shown) in [
            ("    x<", "x<"),
            ("\tx<", "x<"),
            ("  \t\u{200B}<", "\u{200B}<"),
            ("x<  ", "x<"),
        ] {
            // As the letter templates write the metadata block.
            let md = format!("Portefeuillehouder\n: {}\n\nTekst\n", escape(value));
            let blocks = markdown::parse(&md, &FieldTokens::default())
                .unwrap()
                .blocks;
            let Some(Block::Fields(fields)) = blocks.first() else {
                panic!("{value:?}: {blocks:?}");
            };
            assert_eq!(plain_text(&fields.rows[0].value), shown, "{value:?}");
        }
    }

    #[test]
    fn inline_placeholder_is_escaped_text() {
        let b = to_blocks("De wijze waarop {gemeente} werkt.", &values());
        assert_eq!(
            b,
            vec![Block::Paragraph(vec![Inline::plain(
                "De wijze waarop 's-Hertogenbosch werkt."
            )])]
        );
    }

    #[test]
    fn list_placeholder_with_dutch_punctuation() {
        let b = to_blocks("De functies zijn:\n\n{basisfuncties;}\n\nEinde.", &values());
        match &b[1] {
            Block::List(l) => {
                let texts: Vec<String> = l
                    .items
                    .iter()
                    .map(|i| match &i.blocks[0] {
                        Block::Paragraph(p) => plain_text(p),
                        other => format!("{other:?}"),
                    })
                    .collect();
                assert_eq!(texts, ["Oog;", "Leer en verbeter."]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn values_cannot_inject_structure() {
        let v = Values {
            inline: vec![("gemeente", "# Kop\n\n- lijst <b>x</b> **vet**".into())],
            lists: vec![],
        };
        let b = to_blocks("{gemeente}", &v);
        assert_eq!(b.len(), 1);
        assert_eq!(
            b[0],
            Block::Paragraph(vec![Inline::plain("# Kop  - lijst <b>x</b> **vet**")])
        );
    }

    #[test]
    fn unsupported_constructs_print_as_text() {
        let b = to_blocks("# Geen kop\n\n<script>x</script>", &Values::default());
        assert_eq!(b[0], Block::Paragraph(vec![Inline::plain("# Geen kop")]));
        assert_eq!(
            plain_text(match &b[1] {
                Block::Paragraph(p) => p,
                _ => panic!(),
            }),
            "<script>x</script>"
        );
    }

    #[test]
    fn check_reports_unknown_and_misplaced_placeholders() {
        let kind = FieldKind {
            in_letter: true,
            markup: true,
        };
        let issues = check(
            "Hallo {gemeete}.\nDe {afspraken} hier.\n\\{letterlijk}",
            kind,
        );
        assert_eq!(issues.len(), 2);
        assert_eq!((issues[0].line, issues[0].column), (0, 7));
        assert!(issues[0].help.contains("{gemeente}"));
        assert!(issues[1].message.contains("own"));
        let appendix = FieldKind {
            in_letter: false,
            markup: true,
        };
        assert_eq!(check("In {gemeente}.", appendix).len(), 1);
        let plain = FieldKind {
            in_letter: true,
            markup: false,
        };
        assert_eq!(check("{afspraken}", plain).len(), 1);
    }

    #[test]
    fn token_markers_in_input_are_scrubbed() {
        let b = to_blocks("a \u{E000}0\u{E001} b", &Values::default());
        assert_eq!(
            plain_text(match &b[0] {
                Block::Paragraph(p) => p,
                _ => panic!(),
            }),
            "a \u{FFFD}0\u{FFFD} b"
        );
    }
}
