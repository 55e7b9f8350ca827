//! Field tokens: how template output stands in for a long field's own blocks.
//!
//! A template never sees a long field's Markdown. Pasted into the template's text, a
//! `# Kop` in an aanleiding would become a heading and a stray `</div>` would close a
//! directive; so the template context carries a token instead (two private-use
//! characters around a number), and the compose stage replaces a paragraph that is only
//! a token by the field's blocks, parsed on their own. Input text is scrubbed of the
//! two characters as it is read, so no input can forge a token.

use std::cell::OnceCell;
use std::sync::Arc;

use super::placeholders::Values;
use crate::document::{plain_text, Block};

/// Marks the start and end of a field token in template output: private-use characters
/// that no escaping touches and that input text is scrubbed of.
pub const TOKEN_START: char = '\u{E000}';
pub const TOKEN_END: char = '\u{E001}';

/// Removes our token markers from text, so no input can forge a field token. Applied
/// to every string of a region file before the schema and the model see it.
pub fn scrub(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains([TOKEN_START, TOKEN_END]) {
        text.replace([TOKEN_START, TOKEN_END], "\u{FFFD}").into()
    } else {
        text.into()
    }
}

/// How the inside of an image token begins: a token that stands for a picture the
/// compose stage holds (a signer's signature), not for a field's blocks.
const IMAGE_PREFIX: &str = "afbeelding:";

/// The token that stands for the picture named `name` (e.g. `handtekening-burgemeester`)
/// in template output. Unforgeable for the same reason as a field token.
pub fn image_token(name: &str) -> String {
    format!("{TOKEN_START}{IMAGE_PREFIX}{name}{TOKEN_END}")
}

/// The first image token in `text`: the picture's name and the token's byte range.
pub fn find_image_token(text: &str) -> Option<(&str, std::ops::Range<usize>)> {
    let mut from = 0;
    while let Some(start) = text[from..].find(TOKEN_START).map(|i| i + from) {
        let inner = start + TOKEN_START.len_utf8();
        let end = inner + text[inner..].find(TOKEN_END)?;
        if let Some(name) = text[inner..end].strip_prefix(IMAGE_PREFIX) {
            return Some((name, start..end + TOKEN_END.len_utf8()));
        }
        from = end;
    }
    None
}

/// Turns a field's text into its blocks. That is the Markdown parser's job, which
/// belongs to the compose stage: whoever reads the tokens passes it in, and the table
/// only decides when it runs (once per field, the first time the field is used).
pub type ToBlocks = fn(&str, &Values) -> Vec<Block>;

/// Blocks of markup-capable fields, referenced from template output by token.
#[derive(Debug, Default, Clone)]
pub struct FieldTokens {
    fields: Vec<FieldSource>,
}

/// A field's blocks, made from its text the first time template output uses the
/// field. A letter's context carries every field of the region, the
/// samenwerkingsdocument's too, whose `{gemeenten}` list has an item per municipality;
/// parsing only what a template uses keeps a build linear in the number of
/// municipalities instead of quadratic.
#[derive(Debug, Clone)]
struct FieldSource {
    text: Option<(String, Arc<Values>)>,
    blocks: OnceCell<Vec<Block>>,
}

impl FieldSource {
    fn blocks(&self, to_blocks: ToBlocks) -> &Vec<Block> {
        self.blocks.get_or_init(|| match &self.text {
            Some((text, values)) => to_blocks(text, values),
            None => Vec::new(),
        })
    }
}

impl FieldTokens {
    /// Stores a field's blocks and returns the token that stands for them.
    pub fn add(&mut self, blocks: Vec<Block>) -> String {
        self.push(FieldSource {
            text: None,
            blocks: OnceCell::from(blocks),
        })
    }

    /// Stores a field's text, to become blocks (with `values`) when the template uses
    /// it, and returns the token that stands for it.
    pub fn add_text(&mut self, text: &str, values: &Arc<Values>) -> String {
        self.push(FieldSource {
            text: Some((text.to_owned(), Arc::clone(values))),
            blocks: OnceCell::new(),
        })
    }

    fn push(&mut self, field: FieldSource) -> String {
        self.fields.push(field);
        format!("{TOKEN_START}{}{TOKEN_END}", self.fields.len() - 1)
    }

    /// The blocks of the field whose token `text` is (blanks around it aside), or
    /// `None` when `text` is anything else.
    pub fn lookup(&self, text: &str, to_blocks: ToBlocks) -> Option<&Vec<Block>> {
        let inner = text
            .trim()
            .strip_prefix(TOKEN_START)?
            .strip_suffix(TOKEN_END)?;
        self.fields
            .get(inner.parse::<usize>().ok()?)
            .map(|field| field.blocks(to_blocks))
    }

    /// Replaces tokens inside running text by the fields' plain text; a template that
    /// puts a long field inline gets its words, not a broken document.
    pub fn inline_text(&self, text: &str, to_blocks: ToBlocks) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find(TOKEN_START) {
            out.push_str(&rest[..start]);
            let after = &rest[start + TOKEN_START.len_utf8()..];
            match after.find(TOKEN_END) {
                Some(end) => {
                    let index = after[..end].parse::<usize>().ok();
                    if let Some(blocks) = index
                        .and_then(|i| self.fields.get(i))
                        .map(|field| field.blocks(to_blocks))
                    {
                        let text: Vec<String> = blocks.iter().map(block_plain).collect();
                        out.push_str(&text.join(" "));
                    }
                    rest = &after[end + TOKEN_END.len_utf8()..];
                }
                None => {
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}

fn block_plain(block: &Block) -> String {
    match block {
        Block::Paragraph(c) | Block::Subtitle(c) => plain_text(c),
        Block::Title { content, .. } | Block::Heading { content, .. } => plain_text(content),
        Block::List(l) => l
            .items
            .iter()
            .flat_map(|i| i.blocks.iter().map(block_plain))
            .collect::<Vec<_>>()
            .join(" "),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_image_token_is_found_by_its_name_and_a_field_token_is_not_one() {
        let text = format!(
            "{}{} naam",
            FieldTokens::default().add(Vec::new()),
            image_token("handtekening-burgemeester")
        );
        let (name, range) = find_image_token(&text).expect("the image token");
        assert_eq!(name, "handtekening-burgemeester");
        assert_eq!(&text[range.end..], " naam");
        assert!(find_image_token(&FieldTokens::default().add(Vec::new())).is_none());
        // Input cannot forge one: the markers are scrubbed from every value.
        assert!(find_image_token(&scrub(&image_token("x"))).is_none());
    }
}
