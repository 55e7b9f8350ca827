//! Escaping: a value from YAML written into Markdown as exactly its text.

/// Escapes plain text so Markdown reads it back as exactly that text: every ASCII
/// punctuation character gets a backslash and line breaks become spaces. This is the
/// guarantee that a value from YAML can never change a document's structure. (Token
/// markers were already scrubbed from all input when it was validated.)
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
