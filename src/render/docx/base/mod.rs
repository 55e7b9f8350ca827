//! The DOCX built on a municipality's Word template (`huisstijl.sjabloon`).
//!
//! The package is the template's where the template has something to say — its styles
//! (ours merged in by name, see [`styles`]), theme, font table, settings, numbering,
//! headers and footers with their pictures, page size and margins — and ours for the
//! body, the document's properties and whatever the template lacks. The template's own
//! body text is not copied, nor anything that points outside it (the check that opened
//! it already left that out). The result is always a document (`document.main+xml`),
//! never a template, and a function of the document alone: parts are walked in name
//! order and the ids we add are counted, so two runs give the same bytes.

mod furniture;
mod numbering;
mod styles;
mod tree;

use std::collections::{BTreeMap, BTreeSet};

use crate::document::word_base::WordBase;
use crate::document::Document;
use crate::error::Result;

use super::package::{self, CT_BASE, REL_BASE};
use super::page::{self, Logo, LOGO_REL};
use super::units::twips;
use super::xml::Xml;

/// What our own renderer made for the document, before the template is applied.
pub(super) struct Ours<'a> {
    pub body: Vec<u8>,
    pub styles: Vec<u8>,
    pub theme: Vec<u8>,
    pub font_table: Vec<u8>,
    pub numbering: Option<Vec<u8>>,
    pub links: Vec<String>,
    pub logo: Option<Logo<'a>>,
    pub pictures: Vec<super::pictures::BodyPicture>,
    pub language: &'a str,
}

const DOCUMENT: &str = "word/document.xml";
const STYLES: &str = "word/styles.xml";
const SETTINGS: &str = "word/settings.xml";
const NUMBERING: &str = "word/numbering.xml";
const OWN_HEADER: &str = "word/rb-header.xml";
const OWN_FOOTER: &str = "word/rb-footer.xml";

/// Parts we write ourselves; a template part by one of these names is never copied.
const GENERATED: &[&str] = &[
    DOCUMENT, STYLES, SETTINGS, NUMBERING, OWN_HEADER, OWN_FOOTER,
];

/// Renders the package of `doc` on `base`; `warnings` gets what the template check left
/// out of it.
pub(super) fn render(
    doc: &Document,
    base: &WordBase,
    ours: Ours,
    warnings: &mut Vec<String>,
) -> Result<Vec<u8>> {
    for note in &base.left_out {
        warnings.push(format!("sjabloon ‘{}’, {note}", base.name));
    }
    let types = base
        .part("[Content_Types].xml")
        .map(tree::ContentTypes::parse)
        .unwrap_or_default();
    let main = base.main.as_str();
    let main_rels = base
        .part(&tree::rels_of(main))
        .map(tree::relationships)
        .unwrap_or_default();
    // A part of the template by the kind of its relationship from the main part.
    let by_kind = |kind: &str| {
        main_rels
            .iter()
            .find(|(_, k, _, external)| !external && k.rsplit('/').next() == Some(kind))
            .map(|(_, _, target, _)| tree::resolve(main, target))
            .filter(|part| base.parts.contains_key(part))
    };

    let mut package = Package::default();
    let mut rels: Vec<(String, String, String, bool)> = Vec::new();
    fn add_rel(rels: &mut Vec<(String, String, String, bool)>, id: &str, kind: &str, part: &str) {
        rels.push((
            id.to_owned(),
            kind.to_owned(),
            target_from_word(part),
            false,
        ));
    }

    // Styles: theirs with ours merged in; the map renames our ids in every part we write.
    let merged = by_kind("styles").and_then(|p| {
        let theirs = base.part(&p)?;
        styles::merge(theirs, base.outline(&p), &ours.styles)
    });
    let (styles_xml, ids) = match merged {
        Some(m) => (m.xml, m.ids),
        None => {
            warnings.push(format!(
                "sjabloon ‘{}’: de stijlen konden niet worden overgenomen; de brief heeft de eigen stijlen van raadsbrief",
                base.name
            ));
            (ours.styles.clone(), BTreeMap::new())
        }
    };
    package.generated(STYLES, &format!("{CT_BASE}.styles+xml"), styles_xml);
    add_rel(&mut rels, "rIdStyles", "styles", STYLES);

    let settings = by_kind("settings")
        .and_then(|p| base.part(&p))
        .and_then(furniture::settings)
        .unwrap_or_else(|| package::settings(ours.language));
    package.generated(SETTINGS, &format!("{CT_BASE}.settings+xml"), settings);
    add_rel(&mut rels, "rIdSettings", "settings", SETTINGS);

    match by_kind("theme") {
        Some(part) => package.copy(base, &types, &part),
        None => package.generated(
            "word/theme/theme1.xml",
            "application/vnd.openxmlformats-officedocument.theme+xml",
            ours.theme.clone(),
        ),
    }
    add_rel(
        &mut rels,
        "rIdTheme",
        "theme",
        &by_kind("theme").unwrap_or_else(|| "word/theme/theme1.xml".into()),
    );
    match by_kind("fontTable") {
        Some(part) => package.copy(base, &types, &part),
        None => package.generated(
            "word/fontTable.xml",
            &format!("{CT_BASE}.fontTable+xml"),
            ours.font_table.clone(),
        ),
    }
    add_rel(
        &mut rels,
        "rIdFontTable",
        "fontTable",
        &by_kind("fontTable").unwrap_or_else(|| "word/fontTable.xml".into()),
    );

    let their_numbering = by_kind("numbering").and_then(|p| base.part(&p));
    let numbering = numbering::merge(their_numbering, ours.numbering.as_deref());
    let num_offset = numbering.as_ref().map_or(0, |n| n.num_offset);
    if let Some(n) = numbering {
        package.generated(NUMBERING, &format!("{CT_BASE}.numbering+xml"), n.xml);
        add_rel(&mut rels, "rIdNumbering", "numbering", NUMBERING);
    }

    // Headers and footers: the template's where it has them, ours otherwise.
    let section = base.part(main).map(furniture::section).unwrap_or_default();
    let references = furniture::references(&section, main, &main_rels, |p| {
        base.parts.contains_key(p) && !GENERATED.contains(&p)
    });
    let watermark = doc.page.draft.then(|| {
        let mut x = Xml::fragment();
        page::watermark(&mut x, &doc.page);
        String::from_utf8(x.into_bytes()).unwrap_or_default()
    });
    let mut refs_xml = String::new();
    let mut rel_of_part: BTreeMap<String, String> = BTreeMap::new();
    for r in &references {
        let count = rel_of_part.len() + 1;
        let new = !rel_of_part.contains_key(&r.part);
        let id = rel_of_part
            .entry(r.part.clone())
            .or_insert_with(|| format!("rIdTemplate{count}"))
            .clone();
        if new {
            package.copy(base, &types, &r.part);
            if let (true, Some(run)) = (r.header, &watermark) {
                if let Some(bytes) = package.parts.get_mut(&r.part) {
                    *bytes = furniture::with_watermark(bytes, run);
                }
            }
            add_rel(
                &mut rels,
                &id,
                if r.header { "header" } else { "footer" },
                &r.part,
            );
        }
        let element = if r.header {
            "w:headerReference"
        } else {
            "w:footerReference"
        };
        refs_xml.push_str(&format!(
            "<{element} w:type=\"{}\" r:id=\"{id}\"/>",
            styles::escape(&r.kind)
        ));
    }
    let rename = |xml: Vec<u8>| rename_styles(xml, &ids, num_offset);
    if !references.iter().any(|r| r.header) && page::has_header(&doc.page) {
        package.generated(
            OWN_HEADER,
            &format!("{CT_BASE}.header+xml"),
            rename(page::header_xml(&doc.page, ours.logo.as_ref())),
        );
        if let Some(logo) = &ours.logo {
            package
                .parts
                .insert(tree::rels_of(OWN_HEADER), package::header_rels(logo));
            package.parts.insert(
                format!("word/media/{}", logo.file_name()),
                logo.bytes.to_vec(),
            );
            package
                .defaults
                .insert(logo.extension.to_owned(), logo.content_type.to_owned());
            debug_assert_eq!(LOGO_REL, "rIdLogo");
        }
        add_rel(&mut rels, "rIdOwnHeader", "header", OWN_HEADER);
        refs_xml.push_str("<w:headerReference w:type=\"default\" r:id=\"rIdOwnHeader\"/>");
    }
    if !references.iter().any(|r| !r.header) && page::has_footer(&doc.page) {
        package.generated(
            OWN_FOOTER,
            &format!("{CT_BASE}.footer+xml"),
            rename(page::footer_xml(&doc.page)),
        );
        add_rel(&mut rels, "rIdOwnFooter", "footer", OWN_FOOTER);
        refs_xml.push_str("<w:footerReference w:type=\"default\" r:id=\"rIdOwnFooter\"/>");
    }

    for picture in &ours.pictures {
        package.parts.insert(
            format!("word/media/{}", picture.file_name),
            picture.bytes.to_vec(),
        );
        package.defaults.insert(
            picture.extension.to_owned(),
            picture.content_type.to_owned(),
        );
        rels.push((
            picture.rel.clone(),
            "image".to_owned(),
            format!("media/{}", picture.file_name),
            false,
        ));
    }
    let document = document_xml(
        doc,
        &ours.body,
        &refs_xml,
        &section,
        !ours.pictures.is_empty(),
    );
    package.generated(
        DOCUMENT,
        &format!("{CT_BASE}.document.main+xml"),
        rename(document),
    );

    let mut document_rels: Vec<(String, String, String, bool)> = rels
        .into_iter()
        .map(|(id, kind, target, ext)| (id, format!("{REL_BASE}/{kind}"), target, ext))
        .collect();
    for (i, url) in ours.links.iter().enumerate() {
        document_rels.push((
            super::body::link_rel(i),
            format!("{REL_BASE}/hyperlink"),
            package::uri(url),
            true,
        ));
    }
    let rels_ref: Vec<(&str, String, &str, bool)> = document_rels
        .iter()
        .map(|(id, kind, target, ext)| (id.as_str(), kind.clone(), target.as_str(), *ext))
        .collect();
    package.parts.insert(
        "word/_rels/document.xml.rels".into(),
        package::relationships(&rels_ref),
    );
    package
        .parts
        .insert("_rels/.rels".into(), package::package_rels());
    package.generated(
        "docProps/core.xml",
        "application/vnd.openxmlformats-package.core-properties+xml",
        package::core(&doc.properties, ours.language),
    );
    package.generated(
        "docProps/app.xml",
        "application/vnd.openxmlformats-officedocument.extended-properties+xml",
        package::app(),
    );
    let content_types = package.content_types();
    let mut entries = vec![("[Content_Types].xml".to_owned(), content_types)];
    entries.extend(package.parts);
    package::zip(&entries, doc.properties.date, &|name, bytes| {
        base.stored_as(name, bytes)
    })
}

/// The parts of the package being built, with their content types.
#[derive(Default)]
struct Package {
    parts: BTreeMap<String, Vec<u8>>,
    overrides: BTreeMap<String, String>,
    defaults: BTreeMap<String, String>,
}

impl Package {
    fn generated(&mut self, name: &str, content_type: &str, bytes: Vec<u8>) {
        self.parts.insert(name.to_owned(), bytes);
        self.overrides
            .insert(name.to_owned(), content_type.to_owned());
    }

    /// Copies a template part with its relationships and, through them, every part it
    /// uses inside the package (a header's picture), under the same names.
    fn copy(&mut self, base: &WordBase, types: &tree::ContentTypes, part: &str) {
        let mut todo = vec![part.to_owned()];
        let mut seen = BTreeSet::new();
        while let Some(part) = todo.pop() {
            if !seen.insert(part.clone()) || GENERATED.contains(&part.as_str()) {
                continue;
            }
            let Some(bytes) = base.part(&part) else {
                continue;
            };
            self.parts.insert(part.clone(), bytes.to_vec());
            let lower = part.to_lowercase();
            if let Some(ct) = types.overrides.get(&lower) {
                self.overrides.insert(part.clone(), ct.clone());
            } else if let Some(ext) = lower.rsplit_once('.').map(|(_, e)| e.to_owned()) {
                if let Some(ct) = types.defaults.get(&ext) {
                    self.defaults.insert(ext, ct.clone());
                }
            }
            let rels_name = tree::rels_of(&part);
            if let Some(rels) = base.part(&rels_name) {
                self.parts.insert(rels_name, rels.to_vec());
                for (_, _, target, external) in tree::relationships(rels) {
                    if !external {
                        todo.push(tree::resolve(&part, &target));
                    }
                }
            }
        }
    }

    fn content_types(&self) -> Vec<u8> {
        let mut x = Xml::part();
        x.start(
            "Types",
            &[(
                "xmlns",
                "http://schemas.openxmlformats.org/package/2006/content-types",
            )],
        );
        let mut defaults = self.defaults.clone();
        defaults.insert(
            "rels".into(),
            "application/vnd.openxmlformats-package.relationships+xml".into(),
        );
        defaults.insert("xml".into(), "application/xml".into());
        for (ext, ct) in &defaults {
            x.empty("Default", &[("Extension", ext), ("ContentType", ct)]);
        }
        for (part, ct) in &self.overrides {
            // A template's main part keeps no type of its own here; only ours is main.
            if ct.contains(".template.main+xml") {
                continue;
            }
            x.empty(
                "Override",
                &[("PartName", &format!("/{part}")), ("ContentType", ct)],
            );
        }
        x.end("Types");
        x.into_bytes()
    }
}

/// A relationship target from `word/document.xml`.
fn target_from_word(part: &str) -> String {
    match part.strip_prefix("word/") {
        Some(rest) => rest.to_owned(),
        None => format!("/{part}"),
    }
}

/// Our style ids and list ids in a part we wrote, as the merged package has them.
fn rename_styles(xml: Vec<u8>, ids: &BTreeMap<String, String>, num_offset: u32) -> Vec<u8> {
    let Ok(mut text) = String::from_utf8(xml) else {
        return Vec::new();
    };
    for prefix in [
        "<w:pStyle w:val=\"",
        "<w:rStyle w:val=\"",
        "<w:tblStyle w:val=\"",
    ] {
        text = tree::rewrite(&text, prefix, |v| ids.get(v).map(|id| styles::escape(id)));
    }
    if num_offset > 0 {
        text = tree::rewrite(&text, "<w:numId w:val=\"", |v| {
            let n: u32 = v.parse().ok()?;
            (n > 0).then(|| (n + num_offset).to_string())
        });
    }
    text.into_bytes()
}

/// `word/document.xml`: our body, and the template's section with our references.
fn document_xml(
    doc: &Document,
    body: &[u8],
    references: &str,
    section: &[tree::Child],
    pictures: bool,
) -> Vec<u8> {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
    out.push_str(&format!(
        "<w:document xmlns:w=\"{}\" xmlns:r=\"{}\"",
        super::NS_W,
        super::NS_R
    ));
    if pictures {
        for (name, uri) in super::pictures::NAMESPACES {
            out.push_str(&format!(" {name}=\"{uri}\""));
        }
    }
    out.push_str("><w:body>");
    out.push_str(&String::from_utf8_lossy(body));
    out.push_str("<w:sectPr>");
    out.push_str(references);
    let kept: Vec<&tree::Child> = section.iter().filter(|c| furniture::kept(c)).collect();
    let has = |name: &str| kept.iter().any(|c| c.name == name);
    let mut page_written = has("w:pgSz") && has("w:pgMar");
    for c in &kept {
        if !page_written && !matches!(c.name.as_str(), "w:type") {
            out.push_str(&own_page(doc, has("w:pgSz"), has("w:pgMar")));
            page_written = true;
        }
        out.push_str(&c.raw);
    }
    if !page_written {
        out.push_str(&own_page(doc, false, false));
    }
    out.push_str("</w:sectPr></w:body></w:document>");
    out.into_bytes()
}

/// Our paper size and margins, for a template whose section lacks them.
fn own_page(doc: &Document, has_size: bool, has_margins: bool) -> String {
    let g = &doc.page.style.page;
    let mut out = String::new();
    if !has_size {
        out.push_str(&format!(
            "<w:pgSz w:w=\"{}\" w:h=\"{}\"/>",
            twips(g.width),
            twips(g.height)
        ));
    }
    if !has_margins {
        out.push_str(&format!(
            "<w:pgMar w:top=\"{}\" w:right=\"{}\" w:bottom=\"{}\" w:left=\"{}\" w:header=\"{}\" w:footer=\"{}\" w:gutter=\"0\"/>",
            twips(g.margin_top),
            twips(g.margin_right),
            twips(g.margin_bottom),
            twips(g.margin_left),
            twips(g.header_distance),
            twips(g.footer_distance)
        ));
    }
    out
}
