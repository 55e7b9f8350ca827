//! A document's flow set in two halves at once: the first half's top-level blocks on
//! this thread, the second's beside it, joined as if set one after the other.
//!
//! Setting text (shaping, hyphenation, line breaking) is nearly all of a layout, and
//! while a letter's flow is set its second core has nothing to do yet: the PDF's
//! streams are deflated beside it only later. Each block is set on its own but for
//! three things the flow carries from one to the next: the space the previous block
//! leaves below it, and the numbering of structure nodes, outline entries and
//! repeated table headers. The numbers are made whole when the halves are joined
//! ([`Flow::join`]); the space is foreseen: the second half starts after a block that
//! always leaves the same space (a paragraph, a page break), and if the first half
//! ends otherwise the second is set again after it, so the result is always the one
//! a single pass gives.

use crate::alongside::Helper;
use crate::document::{Block, Document, Inline, ListItem};

use super::flow::{Element, Flow};
use super::font::DocFonts;
use super::items::NodeId;

/// Below this many bytes of text, handing half to another thread and joining the halves
/// costs more than it saves (Eemnes' letter, some 3 700 bytes, sets in 2.1 ms in one
/// pass).
const MIN_TEXT_BYTES: usize = 1_500;

/// Where the second half starts, and the space the block before it leaves.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Seam {
    pub at: usize,
    pub pending_space: f64,
}

/// The seam nearest the middle of the text, after a top-level paragraph (which leaves
/// `paragraph_space` below it) or page break; `None` for a document too short to split
/// or without such a block.
pub fn seam(blocks: &[Block], paragraph_space: f64) -> Option<Seam> {
    let weights: Vec<usize> = blocks.iter().map(text_bytes).collect();
    let total: usize = weights.iter().sum();
    if total < MIN_TEXT_BYTES {
        return None;
    }
    let mut before = 0;
    let mut best: Option<(usize, Seam)> = None;
    for (i, block) in blocks.iter().enumerate() {
        before += weights[i];
        let pending_space = match block {
            Block::Paragraph(_) => paragraph_space,
            Block::PageBreak => 0.0,
            _ => continue,
        };
        let at = i + 1;
        if at == blocks.len() {
            break;
        }
        let off = before.abs_diff(total / 2);
        if best.is_none_or(|(o, _)| off < o) {
            best = Some((off, Seam { at, pending_space }));
        }
    }
    best.map(|(_, seam)| seam)
}

/// `doc`'s blocks before `seam` set in `first` (a flow as [`Flow::new`] makes it), and
/// those after it on `helper`, joined; set again after the first half, here, when the
/// first half does not leave the space foreseen.
pub(super) fn build<'scope>(
    mut first: Flow,
    doc: &'scope Document,
    fonts: DocFonts,
    (body_width, body_height): (f64, f64),
    helper: &Helper<'_, 'scope>,
    seam: Seam,
) -> Flow {
    let end = doc.blocks.len();
    let (mut first, second) = helper.both(
        move || {
            first.blocks(doc, 0..seam.at, body_width);
            first
        },
        move || {
            let mut second = Flow::new(doc, fonts, body_height);
            second.pending_space = seam.pending_space;
            second.blocks(doc, seam.at..end, body_width);
            second
        },
    );
    if first.pending_space.to_bits() == seam.pending_space.to_bits() {
        first.join(second);
    } else {
        first.blocks(doc, seam.at..end, body_width);
    }
    first
}

/// The bytes of a block's text: what setting it costs, roughly.
fn text_bytes(block: &Block) -> usize {
    let text = |content: &[Inline]| -> usize {
        content
            .iter()
            .map(|inline| match inline {
                Inline::Text(span) => span.text.len(),
                Inline::LineBreak => 1,
            })
            .sum()
    };
    let items = |items: &[ListItem]| -> usize {
        items
            .iter()
            .flat_map(|item| &item.blocks)
            .map(text_bytes)
            .sum()
    };
    match block {
        Block::Title { content, .. }
        | Block::Heading { content, .. }
        | Block::Subtitle(content)
        | Block::Paragraph(content) => text(content),
        Block::List(list) => items(&list.items),
        Block::Table(table) => table
            .header
            .iter()
            .chain(table.rows.iter().flatten())
            .map(|cell| text(cell))
            .sum(),
        Block::Fields(fields) => fields
            .rows
            .iter()
            .map(|f| text(&f.label) + text(&f.value))
            .sum(),
        Block::Signatures(s) => {
            text(&s.sender)
                + s.signers
                    .iter()
                    .map(|signer| text(&signer.role) + text(&signer.name))
                    .sum::<usize>()
        }
        Block::TableOfContents | Block::PageBreak => 0,
    }
}

impl Flow {
    /// Appends `later`, set from the seam on with numbers of its own, renumbering its
    /// structure nodes (but the document's, node 0, which both share), outline entries
    /// and table headers to follow this flow's.
    pub(super) fn join(&mut self, later: Flow) {
        let nodes = self.nodes.len() - 1;
        let node = |n: NodeId| if n == 0 { 0 } else { n + nodes };
        let outline = self.outline.len();
        let headers = self.table_headers.len();
        let renumber = |e: &mut Element| {
            for item in &mut e.items {
                item.node = node(item.node);
            }
            e.table = e.table.map(|t| t + headers);
            e.heading = e.heading.map(|h| h + outline);
            for slot in &mut e.toc {
                slot.heading += outline;
                slot.node = node(slot.node);
            }
        };
        self.nodes
            .extend(later.nodes.into_iter().skip(1).map(|mut n| {
                n.parent = n.parent.map(node);
                n
            }));
        self.elements
            .extend(later.elements.into_iter().map(|mut e| {
                renumber(&mut e);
                e
            }));
        self.table_headers
            .extend(later.table_headers.into_iter().map(|mut h| {
                h.repeat_node = node(h.repeat_node);
                for e in &mut h.elements {
                    renumber(e);
                }
                h
            }));
        self.outline.extend(later.outline);
        self.warnings.append(later.warnings);
        self.pending_space = later.pending_space;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::fixtures::*;
    use crate::document::{Numbering, Table};

    /// Every kind of block the flow numbers something for: headings (outline), a
    /// table of contents, links and a table with a header (nodes, repeated headers),
    /// a list, a page break, and characters the font lacks in both halves (warnings).
    fn long_document() -> Document {
        let words = "De gemeenten van de regio spreken af hoe zij de jeugdhulp samen inkopen \
                     en wie waarvoor opdrachtgever is; ";
        let paragraph = |n: usize, extra: &str| {
            Block::Paragraph(vec![
                text(&format!("{}{extra}", words.repeat(n))),
                span("de norm", false, true, Some("https://vng.nl/norm")),
                text(" ☃ blijft."),
            ])
        };
        let table = Block::Table(Table {
            widths: vec![1.0, 2.0],
            header: vec![vec![text("Functie")], vec![text("Niveau")]],
            rows: (0..6)
                .map(|i| vec![vec![text(&format!("Functie {i}"))], vec![text(words)]])
                .collect(),
        });
        document(vec![
            Block::TableOfContents,
            heading(1, "Aanleiding"),
            paragraph(3, ""),
            paragraph(2, " 😀"),
            heading(2, "Afspraken"),
            list(Numbering::Decimal, vec![item(words), item(words)]),
            paragraph(4, ""),
            table,
            paragraph(2, ""),
            Block::PageBreak,
            heading(1, "Vervolg"),
            paragraph(5, " 😀"),
            paragraph(1, ""),
        ])
    }

    fn fonts() -> DocFonts {
        DocFonts::embedded()
    }

    const BODY: (f64, f64) = (450.0, 700.0);

    /// What a flow holds, as text: equal for equal flows.
    fn contents(flow: Flow) -> String {
        format!(
            "{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{}",
            flow.elements,
            flow.nodes,
            flow.outline,
            flow.table_headers,
            flow.warnings.into_messages(),
            flow.pending_space
        )
    }

    fn in_one(doc: &Document) -> String {
        let mut flow = Flow::new(doc, fonts(), BODY.1);
        flow.blocks(doc, 0..doc.blocks.len(), BODY.0);
        contents(flow)
    }

    fn in_halves(doc: &Document, seam: Seam) -> String {
        std::thread::scope(|scope| {
            let helper = Helper::start(scope, "test");
            let first = Flow::new(doc, fonts(), BODY.1);
            contents(build(first, doc, fonts(), BODY, &helper, seam))
        })
    }

    #[test]
    fn a_flow_set_in_halves_is_the_flow_set_in_one_at_every_seam() {
        let doc = long_document();
        let space = Flow::new(&doc, fonts(), BODY.1).styles.body.space_after;
        let one = in_one(&doc);
        assert!(
            one.contains("U+1F600") && one.contains("2 keer"),
            "the sample has a warning in both halves: {one}"
        );
        let mut seams = 0;
        for (i, block) in doc.blocks.iter().enumerate() {
            let pending_space = match block {
                Block::Paragraph(_) => space,
                Block::PageBreak => 0.0,
                _ => continue,
            };
            let seam = Seam {
                at: i + 1,
                pending_space,
            };
            assert_eq!(in_halves(&doc, seam), one, "seam after block {i}");
            seams += 1;
        }
        assert_eq!(seams, 7);
        assert!(seam(&doc.blocks, space).is_some());
    }

    #[test]
    fn a_seam_foreseen_wrongly_is_set_again_after_the_first_half() {
        let doc = long_document();
        let wrong = Seam {
            at: 4,
            pending_space: 1234.5,
        };
        assert_eq!(in_halves(&doc, wrong), in_one(&doc));
    }

    #[test]
    fn the_seam_is_after_a_paragraph_near_the_middle_and_short_text_is_not_split() {
        let doc = long_document();
        let bytes: Vec<usize> = doc.blocks.iter().map(text_bytes).collect();
        let total: usize = bytes.iter().sum();
        let found = seam(&doc.blocks, 6.0).expect("long enough");
        assert!(matches!(
            doc.blocks[found.at - 1],
            Block::Paragraph(_) | Block::PageBreak
        ));
        let before: usize = bytes[..found.at].iter().sum();
        assert!(
            before.abs_diff(total / 2) <= total / 4,
            "{before} of {total}"
        );
        let short = document(vec![
            Block::Paragraph(vec![text("Kort.")]),
            Block::Paragraph(vec![text("Ook kort.")]),
        ]);
        assert_eq!(seam(&short.blocks, 6.0), None);
    }
}
