//! A municipality's Word template (`huisstijl.sjabloon`, a `.dotx` or `.docx`): read as
//! untrusted input, then turned into what the pipeline needs from it — the package the
//! DOCX is built on, and the house style (page, text roles, header and footer) the PDF
//! and HTML are drawn in.
//!
//! Templates arrive by e-mail, so the package is opened with limits and checks before
//! any part is parsed (see SECURITY.md). The readers of styles, theme and header/footer
//! parts only ask for parts by name ([`Parts`]), so they work alike on a checked
//! package and on a test's hand-made one.

/// What a reader needs from a template package: a part's bytes by its name inside the
/// zip, without a leading slash ("word/styles.xml", "word/_rels/header1.xml.rels").
pub trait Parts {
    fn part(&self, name: &str) -> Option<&[u8]>;
}

impl Parts for std::collections::BTreeMap<String, Vec<u8>> {
    fn part(&self, name: &str) -> Option<&[u8]> {
        self.get(name).map(Vec::as_slice)
    }
}

/// `xml` damaged at every byte: with that byte removed, and with each of `inserted`
/// put before it — what the readers' tests compare their readings on.
#[cfg(test)]
fn damaged_copies(xml: &[u8], inserted: &[u8]) -> Vec<Vec<u8>> {
    let mut copies = Vec::new();
    for at in 0..xml.len() {
        let mut removed = xml.to_vec();
        removed.remove(at);
        copies.push(removed);
        for b in inserted {
            let mut damaged = xml.to_vec();
            damaged.insert(at, *b);
            copies.push(damaged);
        }
    }
    copies
}

/// The XML and relationship parts of the sample templates, as (template, part name,
/// bytes): the real parts the readers' tests compare their readings on.
#[cfg(test)]
fn sample_parts() -> Vec<(&'static str, String, Vec<u8>)> {
    let mut parts = Vec::new();
    for template in ["gooise-meren.dotx", "huizen.dotx"] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("samples/sjablonen")
            .join(template);
        let file = std::fs::File::open(path).expect("sample template");
        let mut zip = zip::ZipArchive::new(file).expect("zip");
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).expect("entry");
            let name = entry.name().to_owned();
            if name.ends_with(".xml") || name.ends_with(".rels") {
                let mut bytes = Vec::new();
                std::io::Read::read_to_end(&mut entry, &mut bytes).expect("inflates");
                parts.push((template, name, bytes));
            }
        }
    }
    parts
}

mod apply;
mod encoding;
mod furniture;
mod outline;
mod plain_xml;
mod rels;
mod section;
mod styles;
mod styles_part;
mod theme;
mod used;
mod xml;

pub use apply::apply_style;

mod external;
pub mod limits;
mod load;
pub mod package;
mod refusal;

pub use load::{Opening, Place, TemplateSet, Use};
pub use refusal::Refusal;

impl Parts for crate::document::word_base::WordBase {
    fn part(&self, name: &str) -> Option<&[u8]> {
        crate::document::word_base::WordBase::part(self, name)
    }
}
