//! The template's styles part read once, when the template is opened: one pass over
//! its events checks it (as every XML part is checked), outlines it for the DOCX's
//! style merge and builds the tree the house style's [`Styles`] are read from.
//!
//! It used to be read four times per letter on a template — checked, parsed for the
//! PDF and HTML, split and its styles' names read again for each DOCX — and a
//! template's styles part is its largest: some 350 KB, mostly latent styles and table
//! styles' conditional formats.

use super::external::read_checked;
use super::outline::Outliner;
use super::styles::{self, Styles};
use super::xml::Tree;
use crate::document::word_base::PartOutline;

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
    let text = std::str::from_utf8(bytes).ok();
    let start = || {
        (
            (outline && text.is_some()).then(|| Outliner::new(part, bytes.len())),
            text.map(|t| Tree::new(t, styles::unread)),
        )
    };
    let (outliner, tree) =
        read_checked(bytes, start, |(outliner, tree), (event, before, after)| {
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
        })?;
    Ok(StylesPart {
        part: part.to_owned(),
        outline: outliner.and_then(Outliner::finish),
        styles: tree
            .and_then(Tree::finish)
            .map(|root| Styles::from_xml(&root)),
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
