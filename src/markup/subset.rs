//! The subset itself: which Markdown a field may contain, and what becomes of the rest.
//!
//! One list of what is outside the subset serves both uses, so that what `validate`
//! warns about is exactly what the documents print as plain text.

use pulldown_cmark::{Event, Options, Parser, Tag};

use super::escape::escape;

/// Options for fields: plain CommonMark, nothing more.
pub fn field_options() -> Options {
    Options::empty()
}

/// What `event` starts, in a finding's words, when it is outside the subset.
pub(super) fn unsupported(event: &Event) -> Option<&'static str> {
    Some(match event {
        Event::Start(Tag::Heading { .. }) => "een kop (#)",
        Event::Start(Tag::BlockQuote(_)) => "een citaatblok (>)",
        Event::Start(Tag::CodeBlock(_)) => "een codeblok (ingesprongen of ```)",
        Event::Start(Tag::HtmlBlock) | Event::InlineHtml(_) => "HTML",
        Event::Start(Tag::Image { .. }) => "een afbeelding",
        Event::Rule => "een horizontale lijn",
        _ => return None,
    })
}

/// Rewrites constructs outside the subset as the text they show, so `# Kop` stays
/// "# Kop" on paper rather than becoming a heading the template did not ask for.
pub fn demote_unsupported(text: &str) -> String {
    let mut out = text.to_owned();
    let mut spans: Vec<(usize, usize, String)> = Vec::new();
    for (event, range) in Parser::new_ext(text, field_options()).into_offset_iter() {
        if unsupported(&event).is_some() {
            let raw = &text[range.clone()];
            spans.push((range.start, range.end, escape_lines(raw)));
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
