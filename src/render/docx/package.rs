//! The OPC package around the parts: content types, relationships, properties, ZIP.
//!
//! Everything here is a function of the document alone. The ZIP entries carry the
//! document's date, not the clock, and are written in a fixed order with fixed options,
//! so the same input gives the same bytes, in any thread and in any run.

use zip::DateTime;

use crate::document::word_base::StoredPart;
use crate::document::{Date, Properties};
use crate::error::{Error, Result};

use super::page::{Logo, FOOTER_REL, HEADER_REL, LOGO_REL};
use super::pictures::BodyPicture;
use super::xml::Xml;

pub(super) const REL_BASE: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
pub(super) const CT_BASE: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";

/// The parts of one document, rendered; `None` for parts the document does not need.
pub(super) struct Parts<'a> {
    pub document: Vec<u8>,
    pub styles: Vec<u8>,
    pub theme: Vec<u8>,
    pub font_table: Vec<u8>,
    pub numbering: Option<Vec<u8>>,
    pub header: Option<Vec<u8>>,
    pub footer: Option<Vec<u8>>,
    pub logo: Option<Logo<'a>>,
    /// The body's pictures (signatures), each a media part.
    pub pictures: Vec<BodyPicture>,
    pub links: Vec<String>,
}

/// Zips the parts with the package parts derived from them.
pub(super) fn write(parts: Parts, properties: &Properties, language: &str) -> Result<Vec<u8>> {
    let mut entries: Vec<(String, Vec<u8>)> = vec![
        ("[Content_Types].xml".into(), content_types(&parts)),
        ("_rels/.rels".into(), package_rels()),
        ("docProps/core.xml".into(), core(properties, language)),
        ("docProps/app.xml".into(), app()),
        ("word/_rels/document.xml.rels".into(), document_rels(&parts)),
        ("word/settings.xml".into(), settings(language)),
    ];
    let Parts {
        document,
        styles,
        theme,
        font_table,
        numbering,
        header,
        footer,
        logo,
        pictures,
        links: _,
    } = parts;
    entries.push(("word/document.xml".into(), document));
    entries.push(("word/styles.xml".into(), styles));
    entries.push(("word/theme/theme1.xml".into(), theme));
    entries.push(("word/fontTable.xml".into(), font_table));
    if let Some(numbering) = numbering {
        entries.push(("word/numbering.xml".into(), numbering));
    }
    if let Some(header) = header {
        entries.push(("word/header1.xml".into(), header));
        if let Some(logo) = &logo {
            entries.push(("word/_rels/header1.xml.rels".into(), header_rels(logo)));
        }
    }
    if let Some(footer) = footer {
        entries.push(("word/footer1.xml".into(), footer));
    }
    if let Some(logo) = &logo {
        entries.push((
            format!("word/media/{}", logo.file_name()),
            logo.bytes.to_vec(),
        ));
    }
    for picture in pictures {
        entries.push((
            format!("word/media/{}", picture.file_name),
            picture.bytes.to_vec(),
        ));
    }
    zip(&entries, properties.date, &|_, _| None)
}

/// `stored`: for an entry that is still a template's part, that part as the
/// template's package stored it, copied rather than compressed again.
pub(super) fn zip<'a>(
    entries: &[(String, Vec<u8>)],
    date: Date,
    stored: &dyn Fn(&str, &[u8]) -> Option<&'a StoredPart>,
) -> Result<Vec<u8>> {
    let time = zip_time(date);
    let stamp = super::zip_writer::DosTime {
        time: time.timepart(),
        date: time.datepart(),
    };
    super::zip_writer::write(entries, stamp, stored).map_err(|err| {
        Error::failed(
            format!("het Word-bestand (DOCX) kon niet worden samengesteld: {err}"),
            "dit is een fout in raadsbrief; meld het alstublieft, met het regiobestand",
        )
    })
}

/// The document's date at midnight as a ZIP timestamp; ZIP cannot store dates before
/// 1980 or after 2107, so those are clamped (the exact date is in `core.xml`).
fn zip_time(date: Date) -> DateTime {
    let year = date.year.clamp(1980, 2107) as u16;
    let month = date.month.clamp(1, 12) as u8;
    let day = date.day.clamp(1, 31) as u8;
    DateTime::from_date_and_time(year, month, day, 0, 0, 0)
        .or_else(|_| DateTime::from_date_and_time(year, month, 1, 0, 0, 0))
        .unwrap_or_default()
}

fn content_types(parts: &Parts) -> Vec<u8> {
    let mut x = Xml::part();
    x.start(
        "Types",
        &[(
            "xmlns",
            "http://schemas.openxmlformats.org/package/2006/content-types",
        )],
    );
    let default = |x: &mut Xml, ext: &str, ct: &str| {
        x.empty("Default", &[("Extension", ext), ("ContentType", ct)]);
    };
    default(
        &mut x,
        "rels",
        "application/vnd.openxmlformats-package.relationships+xml",
    );
    default(&mut x, "xml", "application/xml");
    // One Default per extension: a package may not name an extension twice.
    let mut images: Vec<(&str, &str)> = parts
        .logo
        .iter()
        .map(|l| (l.extension, l.content_type))
        .chain(parts.pictures.iter().map(|p| (p.extension, p.content_type)))
        .collect();
    images.sort_unstable();
    images.dedup();
    for (extension, content_type) in images {
        default(&mut x, extension, content_type);
    }
    let over = |x: &mut Xml, part: &str, ct: &str| {
        x.empty("Override", &[("PartName", part), ("ContentType", ct)]);
    };
    over(
        &mut x,
        "/word/document.xml",
        &format!("{CT_BASE}.document.main+xml"),
    );
    over(&mut x, "/word/styles.xml", &format!("{CT_BASE}.styles+xml"));
    over(
        &mut x,
        "/word/settings.xml",
        &format!("{CT_BASE}.settings+xml"),
    );
    over(
        &mut x,
        "/word/fontTable.xml",
        &format!("{CT_BASE}.fontTable+xml"),
    );
    over(
        &mut x,
        "/word/theme/theme1.xml",
        "application/vnd.openxmlformats-officedocument.theme+xml",
    );
    if parts.numbering.is_some() {
        over(
            &mut x,
            "/word/numbering.xml",
            &format!("{CT_BASE}.numbering+xml"),
        );
    }
    if parts.header.is_some() {
        over(
            &mut x,
            "/word/header1.xml",
            &format!("{CT_BASE}.header+xml"),
        );
    }
    if parts.footer.is_some() {
        over(
            &mut x,
            "/word/footer1.xml",
            &format!("{CT_BASE}.footer+xml"),
        );
    }
    over(
        &mut x,
        "/docProps/core.xml",
        "application/vnd.openxmlformats-package.core-properties+xml",
    );
    over(
        &mut x,
        "/docProps/app.xml",
        "application/vnd.openxmlformats-officedocument.extended-properties+xml",
    );
    x.end("Types");
    x.into_bytes()
}

pub(super) fn relationships(rels: &[(&str, String, &str, bool)]) -> Vec<u8> {
    let mut x = Xml::part();
    x.start(
        "Relationships",
        &[(
            "xmlns",
            "http://schemas.openxmlformats.org/package/2006/relationships",
        )],
    );
    for (id, kind, target, external) in rels {
        let mut attrs = vec![("Id", *id), ("Type", kind.as_str()), ("Target", *target)];
        if *external {
            attrs.push(("TargetMode", "External"));
        }
        x.empty("Relationship", &attrs);
    }
    x.end("Relationships");
    x.into_bytes()
}

pub(super) fn package_rels() -> Vec<u8> {
    relationships(&[
        (
            "rIdDocument",
            format!("{REL_BASE}/officeDocument"),
            "word/document.xml",
            false,
        ),
        (
            "rIdCore",
            "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
                .into(),
            "docProps/core.xml",
            false,
        ),
        (
            "rIdApp",
            format!("{REL_BASE}/extended-properties"),
            "docProps/app.xml",
            false,
        ),
    ])
}

fn document_rels(parts: &Parts) -> Vec<u8> {
    let mut rels = vec![
        (
            "rIdStyles",
            format!("{REL_BASE}/styles"),
            "styles.xml",
            false,
        ),
        (
            "rIdSettings",
            format!("{REL_BASE}/settings"),
            "settings.xml",
            false,
        ),
        (
            "rIdTheme",
            format!("{REL_BASE}/theme"),
            "theme/theme1.xml",
            false,
        ),
        (
            "rIdFontTable",
            format!("{REL_BASE}/fontTable"),
            "fontTable.xml",
            false,
        ),
    ];
    if parts.numbering.is_some() {
        rels.push((
            "rIdNumbering",
            format!("{REL_BASE}/numbering"),
            "numbering.xml",
            false,
        ));
    }
    if parts.header.is_some() {
        rels.push((
            HEADER_REL,
            format!("{REL_BASE}/header"),
            "header1.xml",
            false,
        ));
    }
    if parts.footer.is_some() {
        rels.push((
            FOOTER_REL,
            format!("{REL_BASE}/footer"),
            "footer1.xml",
            false,
        ));
    }
    let media: Vec<String> = parts
        .pictures
        .iter()
        .map(|p| format!("media/{}", p.file_name))
        .collect();
    for (picture, target) in parts.pictures.iter().zip(&media) {
        rels.push((&picture.rel, format!("{REL_BASE}/image"), target, false));
    }
    let links = &parts.links;
    let ids: Vec<String> = (0..links.len()).map(super::body::link_rel).collect();
    let targets: Vec<String> = links.iter().map(|url| uri(url)).collect();
    for (id, target) in ids.iter().zip(&targets) {
        rels.push((id, format!("{REL_BASE}/hyperlink"), target, true));
    }
    relationships(&rels)
}

pub(super) fn header_rels(logo: &Logo) -> Vec<u8> {
    let target = format!("media/{}", logo.file_name());
    relationships(&[(LOGO_REL, format!("{REL_BASE}/image"), &target, false)])
}

/// A link target as a valid URI: Word declares the whole file unreadable when a
/// relationship target is not one, and links typed in YAML may well contain spaces or
/// accented letters. Those are percent-encoded (UTF-8); existing escapes are kept.
pub(super) fn uri(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for byte in url.trim().bytes() {
        let keep = byte.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=%".contains(&byte);
        if keep {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Core properties. Dates are the document's own date at midnight UTC: the file must not
/// change when nothing but the clock did.
pub(super) fn core(p: &Properties, language: &str) -> Vec<u8> {
    let date = format!(
        "{:04}-{:02}-{:02}T00:00:00Z",
        p.date.year, p.date.month, p.date.day
    );
    let mut x = Xml::part();
    x.start(
        "cp:coreProperties",
        &[
            (
                "xmlns:cp",
                "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
            ),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
            ("xmlns:dcterms", "http://purl.org/dc/terms/"),
            ("xmlns:dcmitype", "http://purl.org/dc/dcmitype/"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ],
    );
    x.element("dc:title", &[], &p.title);
    x.element("dc:subject", &[], &p.subject);
    x.element("dc:creator", &[], &p.author);
    x.element("cp:keywords", &[], &p.keywords.join("; "));
    x.element("dc:language", &[], language);
    x.element("cp:lastModifiedBy", &[], &p.author);
    x.element("cp:revision", &[], "1");
    let typed = [("xsi:type", "dcterms:W3CDTF")];
    x.element("dcterms:created", &typed, &date);
    x.element("dcterms:modified", &typed, &date);
    x.end("cp:coreProperties");
    x.into_bytes()
}

pub(super) fn app() -> Vec<u8> {
    let mut x = Xml::part();
    x.start(
        "Properties",
        &[
            (
                "xmlns",
                "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
            ),
            (
                "xmlns:vt",
                "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
            ),
        ],
    );
    x.element("Application", &[], "raadsbrief");
    x.element("DocSecurity", &[], "0");
    x.end("Properties");
    x.into_bytes()
}

/// Settings (CT_Settings order): Dutch proofing and number conventions, Word 2013+
/// layout so that Word does not open the file in compatibility mode, and lines ending in
/// a manual line break left unstretched in justified paragraphs (Word and LibreOffice
/// both honour `doNotExpandShiftReturn`).
pub(super) fn settings(language: &str) -> Vec<u8> {
    let mut x = Xml::part();
    x.start("w:settings", &[("xmlns:w", super::NS_W)]);
    x.empty("w:zoom", &[("w:percent", "100")]);
    x.val("w:defaultTabStop", "709");
    x.val("w:characterSpacingControl", "doNotCompress");
    x.start("w:compat", &[]);
    x.empty("w:doNotExpandShiftReturn", &[]);
    x.empty(
        "w:compatSetting",
        &[
            ("w:name", "compatibilityMode"),
            ("w:uri", "http://schemas.microsoft.com/office/word"),
            ("w:val", "15"),
        ],
    );
    x.end("w:compat");
    x.empty(
        "w:themeFontLang",
        &[("w:val", language), ("w:eastAsia", language)],
    );
    x.val("w:decimalSymbol", ",");
    x.val("w:listSeparator", ";");
    x.end("w:settings");
    x.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_targets_become_valid_uris() {
        assert_eq!(
            uri(" https://example.nl/a b?q=é&x=%20 "),
            "https://example.nl/a%20b?q=%C3%A9&x=%20"
        );
        assert_eq!(
            uri("mailto:griffie@blaricum.nl"),
            "mailto:griffie@blaricum.nl"
        );
        assert_eq!(uri("a\"<>\\^`{|}"), "a%22%3C%3E%5C%5E%60%7B%7C%7D");
    }

    #[test]
    fn zip_time_is_the_document_date_clamped_to_zip_range() {
        let t = zip_time(Date {
            year: 2026,
            month: 11,
            day: 23,
        });
        assert_eq!((t.year(), t.month(), t.day(), t.hour()), (2026, 11, 23, 0));
        let early = zip_time(Date {
            year: 1970,
            month: 1,
            day: 1,
        });
        assert_eq!(early.year(), 1980);
    }
}
