//! Open fields: text of the form `[in te vullen: …]` that the author still has to
//! replace. Found once, in the document model, so that what a definitief document is
//! refused for and what a concept highlights are the same spans in every format.

use super::{Block, Document, Inline, Span};

/// How an open field begins; matched without regard to case.
pub const START: &str = "[in te vullen:";

/// Splits every span at its open fields and marks those pieces, in the flow and in
/// nested lists, tables, fields and the closing block.
pub fn mark(blocks: &mut [Block]) {
    for block in blocks {
        for content in inlines_mut(block) {
            mark_inlines(content);
        }
        if let Block::List(list) = block {
            for item in &mut list.items {
                mark(&mut item.blocks);
            }
        }
    }
}

/// The byte ranges of the open fields in `text`: from [`START`] to the first `]`
/// after it, or to the end of the text when it is never closed.
pub fn find(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = find_start(&text[from..]).map(|i| i + from) {
        let end = text[at..].find(']').map_or(text.len(), |e| at + e + 1);
        out.push(at..end);
        from = end;
    }
    out
}

fn find_start(text: &str) -> Option<usize> {
    text.char_indices().map(|(i, _)| i).find(|&i| {
        text.get(i..i + START.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(START))
    })
}

fn mark_inlines(content: &mut Vec<Inline>) {
    if !content
        .iter()
        .any(|i| matches!(i, Inline::Text(s) if !find(&s.text).is_empty()))
    {
        return;
    }
    let old = std::mem::take(content);
    for inline in old {
        let span = match inline {
            Inline::Text(span) if !span.open_field => span,
            other => {
                content.push(other);
                continue;
            }
        };
        let ranges = find(&span.text);
        let mut at = 0;
        let piece = |text: &str, open: bool| {
            Inline::Text(Span {
                text: text.to_owned(),
                open_field: open,
                ..span.clone()
            })
        };
        for range in ranges {
            if range.start > at {
                content.push(piece(&span.text[at..range.start], false));
            }
            content.push(piece(&span.text[range.clone()], true));
            at = range.end;
        }
        if at < span.text.len() {
            content.push(piece(&span.text[at..], false));
        }
    }
}

/// The inline contents a block holds directly (not those of nested blocks).
fn inlines_mut(block: &mut Block) -> Vec<&mut Vec<Inline>> {
    match block {
        Block::Title { content, .. } | Block::Heading { content, .. } => vec![content],
        Block::Subtitle(c) | Block::Paragraph(c) => vec![c],
        Block::Table(t) => t
            .header
            .iter_mut()
            .chain(t.rows.iter_mut().flatten())
            .collect(),
        Block::Fields(f) => f
            .rows
            .iter_mut()
            .flat_map(|r| [&mut r.label, &mut r.value])
            .collect(),
        Block::Signatures(s) => std::iter::once(&mut s.sender)
            .chain(
                s.signers
                    .iter_mut()
                    .flat_map(|x| [&mut x.role, &mut x.name]),
            )
            .collect(),
        Block::List(_) | Block::TableOfContents | Block::PageBreak => Vec::new(),
    }
}

impl Document {
    /// Every open field's text in reading order, the page header's and the
    /// properties' included: what a definitief document may not contain.
    pub fn open_fields(&self) -> Vec<String> {
        let mut out = Vec::new();
        for text in [
            &self.properties.title,
            &self.properties.subject,
            &self.properties.author,
            &self.page.header,
            &self.page.footer,
        ] {
            out.extend(find(text).into_iter().map(|r| text[r].to_owned()));
        }
        collect(&self.blocks, &mut out);
        out
    }
}

fn collect(blocks: &[Block], out: &mut Vec<String>) {
    for block in blocks {
        let push = |out: &mut Vec<String>, content: &[Inline]| {
            for inline in content {
                if let Inline::Text(span) = inline {
                    if span.open_field {
                        out.push(span.text.clone());
                    }
                }
            }
        };
        match block {
            Block::Title { content, .. } | Block::Heading { content, .. } => push(out, content),
            Block::Subtitle(c) | Block::Paragraph(c) => push(out, c),
            Block::Table(t) => t
                .header
                .iter()
                .chain(t.rows.iter().flatten())
                .for_each(|c| push(out, c)),
            Block::Fields(f) => f.rows.iter().for_each(|r| {
                push(out, &r.label);
                push(out, &r.value);
            }),
            Block::Signatures(s) => {
                push(out, &s.sender);
                s.signers.iter().for_each(|x| {
                    push(out, &x.role);
                    // A signature's alternative text is read aloud: an open field in it
                    // is one, though nothing shows it on paper.
                    if let Some(signature) = &x.signature {
                        let alt = &signature.image.alt;
                        out.extend(find(alt).into_iter().map(|r| alt[r].to_owned()));
                    }
                    push(out, &x.name);
                });
            }
            Block::List(list) => {
                for item in &list.items {
                    collect(&item.blocks, out);
                }
            }
            Block::TableOfContents | Block::PageBreak => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::fixtures::*;
    use crate::document::plain_text;

    #[test]
    fn open_fields_are_split_out_and_marked() {
        let mut blocks = vec![Block::Paragraph(vec![Inline::plain(
            "Naam: [in te vullen: naam burgemeester], en [In te vullen: datum]!",
        )])];
        mark(&mut blocks);
        let Block::Paragraph(content) = &blocks[0] else {
            panic!()
        };
        let pieces: Vec<(String, bool)> = content
            .iter()
            .map(|i| match i {
                Inline::Text(s) => (s.text.clone(), s.open_field),
                Inline::LineBreak => ("\n".into(), false),
            })
            .collect();
        assert_eq!(
            pieces,
            [
                ("Naam: ".into(), false),
                ("[in te vullen: naam burgemeester]".into(), true),
                (", en ".into(), false),
                ("[In te vullen: datum]".into(), true),
                ("!".into(), false),
            ]
        );
        assert_eq!(
            plain_text(content),
            "Naam: [in te vullen: naam burgemeester], en [In te vullen: datum]!"
        );
    }

    #[test]
    fn an_unclosed_open_field_runs_to_the_end_and_plain_brackets_are_no_field() {
        assert_eq!(find("a [in te vullen: x"), vec![2..18]);
        assert!(find("[zie bijlage] en [in te] vullen").is_empty());
    }

    #[test]
    fn documents_list_their_open_fields_in_nested_blocks_too() {
        let inner = list(
            crate::document::Numbering::Decimal,
            vec![item("[in te vullen: punt]")],
        );
        let doc = document(vec![Block::Paragraph(vec![text("vast")]), inner]);
        assert_eq!(doc.open_fields(), ["[in te vullen: punt]"]);
    }
}
