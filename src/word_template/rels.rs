//! A part's relationships (`word/_rels/header1.xml.rels`): how a header finds its
//! pictures and the document its header and footer parts.

use super::xml;
use super::Parts;

#[derive(Debug, Clone)]
pub struct Rel {
    pub id: String,
    pub kind: String,
    /// The target's part name inside the package; for an external target, the URL.
    pub target: String,
    /// A link to outside the package (`TargetMode="External"`): never fetched.
    pub external: bool,
}

/// The relationships of `part` ("word/document.xml" → "word/_rels/document.xml.rels");
/// none when the rels part is missing or broken.
pub fn of(parts: &dyn Parts, part: &str) -> Vec<Rel> {
    let dir = part.rsplit_once('/').map_or("", |(d, _)| d);
    let rels_name = rels_name(part);
    let Some(root) = parts.part(&rels_name).and_then(xml::parse) else {
        return Vec::new();
    };
    root.children_named("Relationship")
        .filter_map(|r| {
            let external = r.attr("TargetMode") == Some("External");
            let target = r.attr("Target")?;
            Some(Rel {
                id: r.attr("Id")?.to_owned(),
                kind: r.attr("Type").unwrap_or_default().to_owned(),
                target: if external {
                    target.to_owned()
                } else {
                    resolve(dir, target)
                },
                external,
            })
        })
        .collect()
}

/// The `.rels` part of `part`: `word/header1.xml` → `word/_rels/header1.xml.rels`, the
/// package's own (`""`) → `_rels/.rels`.
pub fn rels_name(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// The styles part of the main document `document`: by its relationship, else where
/// Word puts it.
pub fn styles_part(parts: &dyn Parts, document: &str) -> String {
    of(parts, document)
        .into_iter()
        .find(|r| r.kind.ends_with("/styles") && !r.external)
        .map_or_else(|| "word/styles.xml".to_owned(), |r| r.target)
}

/// The main document part, from the package's own relationships.
pub fn main_document(parts: &dyn Parts) -> String {
    of(parts, "")
        .into_iter()
        .find(|r| r.kind.ends_with("/officeDocument") && !r.external)
        .map_or_else(|| "word/document.xml".to_owned(), |r| r.target)
}

/// `target` relative to the folder `dir`, `..` resolved; an absolute target ("/word/x")
/// is from the package root.
fn resolve(dir: &str, target: &str) -> String {
    let mut out: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
    }
    out.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_resolved_against_the_part_folder() {
        assert_eq!(resolve("word", "media/image1.png"), "word/media/image1.png");
        assert_eq!(
            resolve("word", "../customXml/item1.xml"),
            "customXml/item1.xml"
        );
        assert_eq!(resolve("word", "/word/styles.xml"), "word/styles.xml");
        assert_eq!(resolve("", "word/document.xml"), "word/document.xml");
    }
}
