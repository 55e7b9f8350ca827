//! Document information, XMP metadata, language and file identifier.
//!
//! An archive (and our manifest's SHA-256) needs the same bytes for the same letter:
//! no clock time, no random file ID. So all of it is written here from the
//! document's own properties: the date comes from the input, the ID from a hash of
//! the content.
//!
//! PDF/A requires Info and XMP to say the same thing (title, author, subject,
//! keywords, creator tool, producer, dates): both are written from one set of cleaned
//! strings, and the dates are the same instant in both notations. An archival file
//! also identifies itself in XMP as PDF/A-2a (`pdfaid`) and PDF/UA-1 (`pdfuaid`);
//! `pdfuaid` is not among the schemas PDF/A-2 knows, so it is declared with a PDF/A
//! extension schema, as ISO 19005-2 (6.6.2.3) requires.

use lopdf::{Dictionary, Object, Stream, StringFormat};
use sha2::{Digest, Sha256};

use crate::document::Properties;

/// "raadsbrief 0.1.0": names the program in Producer and xmp:CreatorTool.
pub fn producer() -> String {
    format!("raadsbrief {}", env!("CARGO_PKG_VERSION"))
}

/// Replaces Info, adds XMP, /Lang and a /ID derived from `content` (a digest of the
/// page contents) and the properties.
pub fn apply(
    doc: &mut lopdf::Document,
    props: &Properties,
    content: [u8; 16],
    archival: bool,
) -> crate::error::Result<()> {
    let id = file_id(props, content);
    // An Info already there is overwritten in place, so no stale copy stays behind.
    let info = Object::Dictionary(info_dict(props));
    match doc.trailer.get(b"Info").and_then(Object::as_reference) {
        Ok(old) => {
            doc.objects.insert(old, info);
        }
        Err(_) => {
            let id = doc.add_object(info);
            doc.trailer.set("Info", Object::Reference(id));
        }
    }
    let id_string = Object::String(id.to_vec(), StringFormat::Hexadecimal);
    doc.trailer
        .set("ID", Object::Array(vec![id_string.clone(), id_string]));

    let mut xmp = Stream::new(
        Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Metadata".to_vec())),
            ("Subtype", Object::Name(b"XML".to_vec())),
        ]),
        xmp(props, &id, archival).into_bytes(),
    );
    // Readers that do not inflate (search indexers) can still find the metadata.
    xmp.allows_compression = false;
    let xmp_id = doc.add_object(xmp);

    let lang = if props.language.trim().is_empty() {
        "nl-NL"
    } else {
        props.language.trim()
    };
    let catalog = doc.catalog_mut().map_err(|e| {
        crate::error::Error::failed(
            format!("de PDF mist zijn catalogus: {e}"),
            "dit is een fout in raadsbrief; meld het alstublieft",
        )
    })?;
    catalog.set("Lang", text_string(lang));
    catalog.set("Metadata", Object::Reference(xmp_id));
    catalog.set(
        "ViewerPreferences",
        Dictionary::from_iter(vec![("DisplayDocTitle", Object::Boolean(true))]),
    );
    Ok(())
}

/// 16 bytes of SHA-256 over the page contents and the properties: identical
/// documents get identical IDs, different ones practically never share one.
fn file_id(props: &Properties, content: [u8; 16]) -> [u8; 16] {
    let mut h = Sha256::new();
    for text in [&props.title, &props.author, &props.subject, &props.language] {
        h.update(text.as_bytes());
        h.update([0]);
    }
    h.update(pdf_date(props).as_bytes());
    h.update(content);
    let digest = h.finalize();
    let mut id = [0u8; 16];
    id.copy_from_slice(&digest[..16]);
    id
}

fn info_dict(props: &Properties) -> Dictionary {
    let date = pdf_date(props);
    let mut d = Dictionary::new();
    d.set("Title", text_string(&title(props)));
    for (key, value) in [
        ("Author", clean(&props.author)),
        ("Subject", clean(&props.subject)),
        ("Keywords", keywords(props)),
    ] {
        // An empty entry would need an empty XMP property to match; leave both out.
        if !value.is_empty() {
            d.set(key, text_string(&value));
        }
    }
    d.set("Creator", text_string(CREATOR_TOOL));
    d.set("Producer", text_string(&producer()));
    d.set(
        "CreationDate",
        Object::String(date.clone().into_bytes(), StringFormat::Literal),
    );
    d.set(
        "ModDate",
        Object::String(date.into_bytes(), StringFormat::Literal),
    );
    d
}

/// Info /Creator and xmp:CreatorTool.
const CREATOR_TOOL: &str = "raadsbrief";

/// The title both Info and XMP carry: never empty, because PDF/UA requires one and
/// viewers show it instead of the file name.
fn title(props: &Properties) -> String {
    [&props.title, &props.subject]
        .iter()
        .map(|t| clean(t))
        .find(|t| !t.is_empty())
        .unwrap_or_else(|| "Document".to_owned())
}

fn keywords(props: &Properties) -> String {
    props
        .keywords
        .iter()
        .map(|k| clean(k))
        .filter(|k| !k.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A metadata value as both Info and XMP can hold it: characters XML 1.0 forbids
/// dropped, whitespace runs (line breaks included) made one space, ends trimmed.
fn clean(s: &str) -> String {
    s.chars()
        .filter(|&c| {
            (c.is_whitespace() || u32::from(c) >= 0x20) && !matches!(c, '\u{FFFE}' | '\u{FFFF}')
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The document's date at midnight UTC: the letter has a day, not a time.
fn pdf_date(props: &Properties) -> String {
    let d = props.date;
    format!(
        "D:{:04}{:02}{:02}000000Z",
        d.year.clamp(0, 9999),
        d.month,
        d.day
    )
}

/// A PDF text string: plain when ASCII, else UTF-16BE with a byte-order mark.
pub fn text_string(s: &str) -> Object {
    if s.bytes().all(|b| (0x20..0x7F).contains(&b)) {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        for unit in s.encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

fn xmp(props: &Properties, id: &[u8; 16], archival: bool) -> String {
    let d = props.date;
    // The same instant as Info's D:YYYYMMDD000000Z.
    let date = format!(
        "{:04}-{:02}-{:02}T00:00:00Z",
        d.year.clamp(0, 9999),
        d.month,
        d.day
    );
    let uuid = uuid_of(id);
    let lang = xml(if props.language.trim().is_empty() {
        "nl-NL"
    } else {
        props.language.trim()
    });
    let title = xml(&title(props));
    let mut dc = format!(
        "<dc:format>application/pdf</dc:format>\n\
         <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{title}</rdf:li>\
         <rdf:li xml:lang=\"{lang}\">{title}</rdf:li></rdf:Alt></dc:title>\n"
    );
    let author = clean(&props.author);
    if !author.is_empty() {
        dc.push_str(&format!(
            "<dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>\n",
            xml(&author)
        ));
    }
    let subject = clean(&props.subject);
    if !subject.is_empty() {
        dc.push_str(&format!(
            "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:description>\n",
            xml(&subject)
        ));
    }
    let subjects: String = props
        .keywords
        .iter()
        .map(|k| clean(k))
        .filter(|k| !k.is_empty())
        .map(|k| format!("<rdf:li>{}</rdf:li>", xml(&k)))
        .collect();
    if !subjects.is_empty() {
        dc.push_str(&format!(
            "<dc:subject><rdf:Bag>{subjects}</rdf:Bag></dc:subject>\n"
        ));
    }
    dc.push_str(&format!(
        "<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>\n"
    ));
    let keywords = keywords(props);
    let pdf_keywords = if keywords.is_empty() {
        String::new()
    } else {
        format!("<pdf:Keywords>{}</pdf:Keywords>\n", xml(&keywords))
    };
    let identification = if archival { ARCHIVAL_XMP } else { "" };
    format!(
        r#"<?xpacket begin="{bom}" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">
{dc}<xmp:CreateDate>{date}</xmp:CreateDate>
<xmp:ModifyDate>{date}</xmp:ModifyDate>
<xmp:MetadataDate>{date}</xmp:MetadataDate>
<xmp:CreatorTool>{tool}</xmp:CreatorTool>
<pdf:Producer>{producer}</pdf:Producer>
{pdf_keywords}<xmpMM:DocumentID>uuid:{uuid}</xmpMM:DocumentID>
<xmpMM:InstanceID>uuid:{uuid}</xmpMM:InstanceID>
</rdf:Description>
{identification}</rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"#,
        tool = CREATOR_TOOL,
        producer = xml(&producer()),
        bom = '\u{FEFF}',
    )
}

/// PDF/A-2a and PDF/UA-1 identification, with the extension schema that declares
/// `pdfuaid` for PDF/A validators (the text the PDF/UA Competence Center publishes
/// for this purpose).
const ARCHIVAL_XMP: &str = r#"<rdf:Description rdf:about=""
 xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<pdfaid:part>2</pdfaid:part>
<pdfaid:conformance>A</pdfaid:conformance>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
<rdf:Description rdf:about=""
 xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
 xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas>
<rdf:Bag>
<rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property>
<rdf:Seq>
<rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
</rdf:li>
</rdf:Seq>
</pdfaSchema:property>
</rdf:li>
</rdf:Bag>
</pdfaExtension:schemas>
</rdf:Description>
"#;

fn uuid_of(id: &[u8; 16]) -> String {
    let hex: String = id.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// Escapes text for XML content and attributes; drops characters XML 1.0 forbids.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings_and_xml_escaping() {
        assert_eq!(
            text_string("Brief"),
            Object::String(b"Brief".to_vec(), StringFormat::Literal)
        );
        match text_string("Súdwest") {
            Object::String(b, _) => assert_eq!(&b[..2], &[0xFE, 0xFF]),
            other => panic!("unexpected {other:?}"),
        }
        assert_eq!(xml("a<b & 'c'\u{7}"), "a&lt;b &amp; 'c'");
        assert_eq!(uuid_of(&[0xAB; 16]).len(), 36);
    }
}
