//! A long field's text → document blocks, parsed on its own so that it can never leave
//! the place the template gave it.

use super::markdown;
use crate::document::{Block, Inline};
use crate::markup::{self, FieldTokens, Values};

/// A field's text as document blocks: placeholders expanded, subset enforced.
pub fn to_blocks(text: &str, values: &Values) -> Vec<Block> {
    let expanded = markup::expand(text, values);
    let plain = markup::demote_unsupported(&expanded);
    // The field is parsed on its own, with template-only syntax switched off, so the
    // result can only contain paragraphs and lists.
    match markdown::parse_with(&plain, &FieldTokens::default(), markup::field_options()) {
        Ok(parsed) => parsed.blocks,
        Err(_) => vec![Block::Paragraph(vec![Inline::plain(text.to_owned())])],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{plain_text, ListKind};

    fn values() -> Values {
        Values {
            inline: vec![("gemeente", "'s-Hertogenbosch".into())],
            lists: std::sync::Arc::new(vec![(
                "basisfuncties",
                ListKind::Bulleted,
                vec!["Oog".into(), "Leer en verbeter".into()],
            )]),
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
            lists: Default::default(),
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
