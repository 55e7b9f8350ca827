//! Which blocks are the headings of a document's structure, and at what level: decided
//! once, when the document is built, and stored in the blocks for renderers to map.
//!
//! HTML (`h1`–`h6`), the PDF's structure tree (`H1`–`H6`) and the DOCX outline levels
//! must tell a screen reader the same hierarchy. When each renderer worked it out, they
//! used different rules (the HTML took an empty Title as its `h1`, the PDF any Title
//! with glyphs) and disagreed. The rules, in one place:
//!
//! - **The Title is the H1** when the document opens with one (the appendix): every
//!   section nests below it. A Title after the first heading is display text, not a
//!   heading: the first heading of a tagged PDF must be H1 (PDF/UA-1, 7.4.2).
//! - **Without a Title, the top-level sections are the H1s** (a letter: "Kennisnemen
//!   van", "Aanleiding", … are siblings, and a screen reader's heading list must say so;
//!   making the first one the parent of the others would misstate the letter). PDF/UA
//!   and HTML both allow several H1s; the first heading is an H1 either way.
//! - **No skipped levels**: a later heading sits one level below the nearest earlier
//!   heading of a lower author level (`#` < `##` < `###`); so it is never more than one
//!   level below the heading before it, and siblings stay siblings. Level 6 is the
//!   deepest.
//! - **Text or no heading**: a Title or Heading without visible text (empty, blanks,
//!   zero-width characters) is not a heading: a screen reader would announce an empty
//!   one. Other Titles are display text, not headings.
//! - A Subtitle is never a heading: it is the second line of the title, not the start
//!   of a section, and would otherwise appear in every outline and table of contents.

use super::{plain_text, Block, Inline};

/// The deepest structure level: HTML and PDF have six.
pub const DEEPEST: u8 = 6;

/// Sets the structure level of every Title and Heading in `blocks`, list items
/// included; what was there before is replaced, so deciding twice changes nothing.
pub fn decide(blocks: &mut [Block]) {
    let mut state = State::default();
    walk(blocks, &mut state);
}

/// Whether inline content shows anything: a character that is not white space, a
/// control character or an invisible format character (zero-width space and joiners,
/// soft hyphen, word joiner, bidi marks, byte-order mark).
fn has_visible_text(content: &[Inline]) -> bool {
    plain_text(content).chars().any(|c| {
        !(c.is_whitespace()
            || c.is_control()
            || matches!(
                c,
                '\u{AD}'
                    | '\u{180E}'
                    | '\u{200B}'..='\u{200F}'
                    | '\u{202A}'..='\u{202E}'
                    | '\u{2060}'..='\u{2064}'
                    | '\u{2066}'..='\u{206F}'
                    | '\u{FEFF}'
            ))
    })
}

#[derive(Default)]
struct State {
    /// A heading (Title or section) has been given: a later Title is display text.
    started: bool,
    /// The structure level sections nest below: 1 under a Title, 0 without one.
    root: u8,
    /// Open sections: (author level, structure level), innermost last.
    sections: Vec<(u8, u8)>,
}

impl State {
    fn title(&mut self, content: &[Inline]) -> Option<u8> {
        if self.started || !has_visible_text(content) {
            return None;
        }
        self.started = true;
        self.root = 1;
        Some(1)
    }

    fn heading(&mut self, author: u8, content: &[Inline]) -> Option<u8> {
        if !has_visible_text(content) {
            return None;
        }
        self.started = true;
        while self.sections.last().is_some_and(|(a, _)| *a >= author) {
            self.sections.pop();
        }
        let parent = self.sections.last().map_or(self.root, |(_, s)| *s);
        let level = (parent + 1).min(DEEPEST);
        self.sections.push((author, level));
        Some(level)
    }
}

fn walk(blocks: &mut [Block], state: &mut State) {
    for block in blocks {
        match block {
            Block::Title { content, structure } => *structure = state.title(content),
            Block::Heading {
                level,
                content,
                structure,
            } => *structure = state.heading(*level, content),
            Block::List(list) => {
                for item in &mut list.items {
                    walk(&mut item.blocks, state);
                }
            }
            Block::Subtitle(_)
            | Block::Paragraph(_)
            | Block::Table(_)
            | Block::Fields(_)
            | Block::Signatures(_)
            | Block::TableOfContents
            | Block::PageBreak => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{List, ListItem, Numbering};

    fn title(s: &str) -> Block {
        Block::title(vec![Inline::plain(s)])
    }

    fn heading(level: u8, s: &str) -> Block {
        Block::heading(level, vec![Inline::plain(s)])
    }

    fn levels(mut blocks: Vec<Block>) -> Vec<Option<u8>> {
        decide(&mut blocks);
        let again = {
            let mut b = blocks.clone();
            decide(&mut b);
            b
        };
        assert_eq!(again, blocks, "deciding twice changes nothing");
        let mut out = Vec::new();
        collect(&blocks, &mut out);
        out
    }

    fn collect(blocks: &[Block], out: &mut Vec<Option<u8>>) {
        for b in blocks {
            match b {
                Block::Title { structure, .. } | Block::Heading { structure, .. } => {
                    out.push(*structure)
                }
                Block::List(l) => l.items.iter().for_each(|i| collect(&i.blocks, out)),
                _ => {}
            }
        }
    }

    #[test]
    fn the_title_is_the_h1_and_sections_follow_below_it() {
        let got = levels(vec![
            title("Samenwerkingsdocument"),
            Block::Subtitle(vec![Inline::plain("Jeugd")]),
            Block::TableOfContents,
            heading(1, "Inleiding"),
            heading(2, "Achtergrond"),
            heading(3, "Details"),
            heading(1, "Afspraken"),
            heading(2, "Governance"),
        ]);
        assert_eq!(got, [Some(1), Some(2), Some(3), Some(4), Some(2), Some(3)]);
    }

    #[test]
    fn without_a_title_the_top_level_sections_are_the_h1s() {
        let got = levels(vec![
            title(""),
            title(" \u{200B}\u{AD} "),
            heading(1, "Aanleiding"),
            heading(1, "Kernboodschap"),
            heading(2, "Planning"),
            title("Late titel"),
        ]);
        assert_eq!(got, [None, None, Some(1), Some(1), Some(2), None]);
        // A letter that opens one level down still starts at H1, and its later
        // top-level section is a sibling, not a child.
        let got = levels(vec![
            heading(2, "Kennisnemen van"),
            heading(1, "Aanleiding"),
        ]);
        assert_eq!(got, [Some(1), Some(1)]);
    }

    #[test]
    fn levels_never_skip_and_siblings_stay_siblings() {
        let got = levels(vec![
            title("Brief"),
            heading(3, "Te diep"),
            heading(3, "Ook te diep"),
            heading(1, "Vervolg"),
            heading(2, "Planning"),
            heading(3, "Week 1"),
            heading(2, "Kosten"),
        ]);
        assert_eq!(
            got,
            [
                Some(1),
                Some(2),
                Some(2),
                Some(2),
                Some(3),
                Some(4),
                Some(3)
            ]
        );
    }

    #[test]
    fn empty_headings_are_skipped_and_depth_stops_at_six() {
        let mut blocks = vec![title("Titel")];
        blocks.extend((1..=9).map(|l| heading(l, "kop")));
        blocks.insert(3, heading(4, "  "));
        let got = levels(blocks);
        assert_eq!(
            got,
            [
                Some(1),
                Some(2),
                Some(3),
                None,
                Some(4),
                Some(5),
                Some(6),
                Some(6),
                Some(6),
                Some(6),
                Some(6)
            ]
        );
    }

    #[test]
    fn headings_inside_lists_count_in_reading_order() {
        let list = Block::List(List {
            scheme: Numbering::Decimal,
            start: 1,
            items: vec![ListItem {
                blocks: vec![heading(1, "In een lijst")],
            }],
        });
        assert_eq!(levels(vec![list, heading(1, "Daarna")]), [Some(1), Some(1)]);
    }
}
