//! The template's styles part read once, when the template is opened: one pass over
//! its events checks it (as every XML part is checked), outlines it for the DOCX's
//! style merge and builds the tree the house style's [`Styles`] are read from.
//!
//! It used to be read four times per letter on a template — checked, parsed for the
//! PDF and HTML, split and its styles' names read again for each DOCX — and a
//! template's styles part is its largest: some 350 KB, mostly latent styles and table
//! styles' conditional formats.

use super::external::{read_checked, scan_plain, Placed};
use super::outline::Outliner;
use super::plain_xml::{Scanner, Step};
use super::styles::{self, Styles};
use super::xml::Tree;
use crate::document::word_base::PartOutline;

/// From this size a part is read in two halves at once ([`in_halves`]): a real house
/// style's styles part is some 350 KB, whose one pass took 1.7 ms (no LTO), against
/// some 0.15 ms to start the thread for the second half; a small part is read in one.
const HALVES_FROM: usize = 64 * 1024;

/// Where the second half starts: a style's start tag, which Word writes only as a
/// child of the root.
const SEAM: &[u8] = b"<w:style ";

/// What the pass gives besides the check.
#[derive(Debug, Clone)]
pub struct StylesPart {
    /// The part's name ("word/styles.xml").
    pub part: String,
    /// `None` when the part is not UTF-8 or has an empty root, or when no outline was
    /// asked for: the merge then reads it itself (and refuses it, if it cannot).
    pub outline: Option<PartOutline>,
    /// `None` when the styles could not be read (the house style says so in a warning).
    pub styles: Option<Styles>,
}

/// Checks the styles part `part` and reads it, outlined if `outline`; the error is the
/// check's reason, the same as [`super::external::well_formed`] gives.
pub fn read(part: &str, bytes: &[u8], outline: bool) -> Result<StylesPart, String> {
    read_from(part, bytes, outline, HALVES_FROM)
}

/// [`read`], in halves from `halves_from` bytes on where the halves are exactly the
/// one pass.
fn read_from(
    part: &str,
    bytes: &[u8],
    outline: bool,
    halves_from: usize,
) -> Result<StylesPart, String> {
    if bytes.len() >= halves_from {
        if let Some(read) = in_halves(part, bytes, outline, bytes.len() / 2) {
            return Ok(read);
        }
    }
    in_one_pass(part, bytes, outline)
}

fn in_one_pass(part: &str, bytes: &[u8], outline: bool) -> Result<StylesPart, String> {
    let text = std::str::from_utf8(bytes).ok();
    let skip: fn(&str, &str) -> bool = styles::unread;
    let start = || -> Readers {
        (
            (outline && text.is_some()).then(|| Outliner::new(part, bytes.len())),
            text.map(|t| Tree::new(t, skip)),
        )
    };
    let (outliner, tree) = read_checked(bytes, start, take)?;
    Ok(StylesPart {
        part: part.to_owned(),
        outline: outliner.and_then(Outliner::finish),
        styles: tree
            .and_then(Tree::finish)
            .map(|root| Styles::from_xml(&root)),
    })
}

/// What a piece's events are given to: the outliner, if one was asked for and it can
/// outline the part so far, and the tree, while the styles can be read from it.
type Readers<'a> = (Option<Outliner>, Option<Tree<'a, fn(&str, &str) -> bool>>);

fn take<'a>((outliner, tree): &mut Readers<'a>, (event, before, after): Placed<'a>) {
    if let Some(o) = outliner {
        if o.push(&event, before, after).is_none() {
            *outliner = None;
        }
    }
    if let Some(t) = tree {
        if t.push(event).is_none() {
            *tree = None;
        }
    }
}

/// The part read as two pieces at once, cut before the first style's start tag from
/// byte `from` (its middle): the first piece here, the second beside ([`crate::alongside::both`]),
/// with the scan, the outline and the tree of the second started just inside the
/// root, as one pass is there. `None` — and the part is read in one pass, which
/// gives the verdict and message on anything out of the ordinary — unless both
/// pieces are plain XML ([`super::plain_xml`]) and the first ends with the root, and
/// only the root, open: then each piece's events are exactly those one pass gives,
/// and the joined outline and tree are the one pass's (`tests` compare them at every
/// cut of real and damaged parts).
fn in_halves(part: &str, bytes: &[u8], outline: bool, from: usize) -> Option<StylesPart> {
    let text = std::str::from_utf8(bytes).ok()?;
    let cut = from
        + bytes
            .get(from..)?
            .windows(SEAM.len())
            .position(|w| w == SEAM)?;
    let skip: fn(&str, &str) -> bool = styles::unread;
    let mut first = Scanner::before(&bytes[..cut]);
    let mut readers: Readers = (
        outline.then(|| Outliner::new(part, bytes.len())),
        Some(Tree::new(text, skip)),
    );
    // The root's start tag, which the second piece's scan must know to end it.
    let root = loop {
        if let Some(root) = first.root() {
            break root;
        }
        match first.next() {
            Step::Token(token) => take(&mut readers, super::external::plain_event(text, token)),
            Step::End | Step::NotPlain => return None,
        }
    };
    let root_name = text.get(root.0..root.1)?;
    // Each piece's styles are read, and its tree dropped, on its own thread too.
    let ((mut outliner, first_styles), (rest_outliner, rest_styles)) = {
        let (first, rest) = crate::alongside::both(
            move || {
                scan_plain(text, &mut first, &mut readers, take).then(|| {
                    let (outliner, tree) = readers;
                    let styles = tree.map(|tree| {
                        tree.finish_at_seam()
                            .map(|root| Styles::read_children(&root))
                    });
                    (outliner, styles)
                })
            },
            move || {
                let mut rest: Readers = (
                    outline.then(|| Outliner::inside(part, bytes.len())),
                    Some(Tree::inside(text, skip, root_name)),
                );
                let mut scan = Scanner::after(bytes, cut, root);
                scan_plain(text, &mut scan, &mut rest, take).then(|| {
                    let (outliner, tree) = rest;
                    (
                        outliner,
                        tree.map(|tree| tree.finish().map(|root| Styles::read_children(&root).0)),
                    )
                })
            },
        );
        (first?, rest?)
    };
    outliner = match (outliner, rest_outliner) {
        (Some(mut first), Some(rest)) => {
            first.adopt(rest)?;
            Some(first)
        }
        _ => None,
    };
    // A tree that could not be read is no styles, as in one pass; one not inside the
    // root at the cut is no reading in halves.
    let styles = match (first_styles, rest_styles) {
        (Some(first), Some(rest)) => Some(Styles::joined(first?, rest?)),
        _ => None,
    };
    Some(StylesPart {
        part: part.to_owned(),
        outline: outliner.and_then(Outliner::finish),
        styles,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="w"><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="20"/></w:rPr></w:rPrDefault></w:docDefaults><w:latentStyles><w:lsdException w:name="Normal"/></w:latentStyles><w:style w:type="paragraph" w:default="1" w:styleId="Standaard"><w:name w:val="Normal"/></w:style><w:style w:type="table" w:styleId="Tabel"><w:name w:val="Table Grid"/><w:tblPr><w:tblCellMar><w:left w:w="100"/></w:tblCellMar></w:tblPr><w:tblStylePr w:type="firstRow"><w:rPr><w:b/></w:rPr></w:tblStylePr></w:style></w:styles>"#;

    #[test]
    fn one_pass_reads_the_styles_as_the_parser_does() {
        let read = read("word/styles.xml", XML.as_bytes(), true).expect("well-formed");
        let styles = read.styles.expect("styles");
        let parsed = Styles::parse(XML.as_bytes()).expect("parses");
        assert_eq!(styles.resolve(None), parsed.resolve(None));
        assert_eq!(styles.resolve(None).size, Some(10.0));
        assert_eq!(
            styles.own_by_name("Table Grid"),
            parsed.own_by_name("Table Grid")
        );
        assert_eq!(
            styles.own_by_name("Table Grid").unwrap().cell_margin,
            Some(5.0)
        );
        let outline = read.outline.expect("outline");
        assert_eq!(outline.children.len(), 4);
        assert_eq!(outline.children[3].name_val.as_deref(), Some("Table Grid"));
    }

    /// What a read gave, to compare: the styles and the outline (neither compares).
    fn described(read: &Result<StylesPart, String>) -> String {
        format!("{read:?}")
    }

    /// The sample templates' styles parts are read in halves, as the one pass reads
    /// them, with and without the outline.
    #[test]
    fn the_samples_styles_parts_read_in_halves_as_in_one_pass() {
        let mut read = 0;
        for (file, name, bytes) in super::super::sample_parts() {
            if !name.ends_with("/styles.xml") {
                continue;
            }
            assert!(bytes.len() >= HALVES_FROM, "{file}: a real styles part");
            for outline in [true, false] {
                let halves = in_halves(&name, &bytes, outline, bytes.len() / 2);
                assert!(halves.is_some(), "{file}: read in halves");
                assert_eq!(
                    described(&halves.ok_or_else(String::new)),
                    described(&in_one_pass(&name, &bytes, outline)),
                    "{file}"
                );
                read += 1;
            }
        }
        assert_eq!(read, 4, "both samples' templates");
    }

    /// A part cut at every style, and damaged at every byte and cut in its middle:
    /// read in halves wherever it can be, and always as the one pass reads it.
    #[test]
    fn every_cut_of_a_part_damaged_anywhere_reads_as_the_one_pass() {
        let xml = XML.replace("<w:style ", "\n <w:style ").replace(
            "</w:styles>",
            r#"<w:style w:type="character" w:styleId="Nadruk"><w:name w:val="Emphasis"/><w:rPr><w:i/></w:rPr></w:style></w:styles>"#,
        );
        // Word writes the document defaults first and each id once; a part that does
        // neither is read in halves as in one pass too.
        let (defaults, rest) = xml.split_at(xml.find("<w:latentStyles").expect("latent"));
        let defaults = &defaults[defaults.find("<w:docDefaults").expect("defaults")..];
        let odd = format!(
            "{}{}",
            &xml[..xml.find("<w:docDefaults").expect("defaults")],
            rest.replace(
                "</w:styles>",
                &format!(
                    r#"<w:style w:type="paragraph" w:styleId="Standaard"><w:name w:val="Normal"/><w:rPr><w:sz w:val="30"/></w:rPr></w:style>{defaults}</w:styles>"#
                ),
            )
        );
        for xml in [xml.as_str(), odd.as_str()] {
            let xml = xml.as_bytes();
            let mut halves = 0;
            for from in 0..xml.len() {
                for outline in [true, false] {
                    let one = in_one_pass("word/styles.xml", xml, outline);
                    if let Some(read) = in_halves("word/styles.xml", xml, outline, from) {
                        assert_eq!(described(&Ok(read)), described(&one), "cut from {from}");
                        halves += 1;
                    }
                }
            }
            assert!(
                halves > xml.len(),
                "most cuts are read in halves ({halves})"
            );
        }
        let xml = xml.as_bytes();
        let mut damaged_in_halves = 0;
        for damaged in super::super::damaged_copies(xml, b"<>/\"& ") {
            for outline in [true, false] {
                let one = in_one_pass("word/styles.xml", &damaged, outline);
                let read = read_from("word/styles.xml", &damaged, outline, 0);
                assert_eq!(
                    described(&read),
                    described(&one),
                    "{:?}",
                    String::from_utf8_lossy(&damaged)
                );
                let middle = damaged.len() / 2;
                damaged_in_halves +=
                    usize::from(in_halves("word/styles.xml", &damaged, outline, middle).is_some());
            }
        }
        assert!(
            damaged_in_halves > xml.len(),
            "damaged but plain parts are read in halves too ({damaged_in_halves})"
        );
    }

    #[test]
    fn a_broken_part_is_refused_with_the_checks_reason() {
        for broken in [
            "<w:styles><w:style></w:styles>",
            "<w:styles><w:style>",
            "<!DOCTYPE a [<!ENTITY x \"y\">]><w:styles/>",
            // Broken inside what the styles never read: still refused.
            "<w:styles><w:latentStyles><w:lsdException></w:latentStyles></w:styles>",
        ] {
            assert_eq!(
                read("word/styles.xml", broken.as_bytes(), true).err(),
                super::super::external::well_formed(broken.as_bytes()).err(),
                "{broken}"
            );
            assert!(
                read("word/styles.xml", broken.as_bytes(), true).is_err(),
                "{broken}"
            );
        }
    }

    #[test]
    fn a_well_formed_part_the_styles_cannot_read_is_kept_without_them() {
        // A reference that is no entity: well-formed to the check, not to the tree.
        let xml = r#"<w:styles xmlns:w="w"><w:style w:styleId="A"><w:name w:val="a"/>&nope;</w:style></w:styles>"#;
        let read = read("word/styles.xml", xml.as_bytes(), true).expect("well-formed");
        assert!(read.styles.is_none());
        assert!(Styles::parse(xml.as_bytes()).is_none());
        assert!(read.outline.is_some());
    }
}
