//! Document information, XMP metadata, language and file identifier.
//!
//! printpdf writes an Info dictionary with the clock's time and random file IDs; an
//! archive (and our manifest's SHA-256) needs the same bytes for the same letter. So
//! all of it is rewritten here from the document's own properties: the date comes from
//! the input, the ID from a hash of the content.

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
) -> crate::error::Result<()> {
    let id = file_id(props, content);
    // Overwrite printpdf's Info in place: left behind, its placeholder dates would
    // still be in the file.
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
        xmp(props, &id).into_bytes(),
    );
    // Readers that do not inflate (search indexers) can still find the metadata.
    xmp.allows_compression = false;
    let xmp_id = doc.add_object(xmp);

    let lang = if props.language.trim().is_empty() {
        "nl-NL"
    } else {
        props.language.trim()
    };
    let catalog = doc
        .catalog_mut()
        .map_err(|e| crate::error::Error::failed(format!("PDF catalog missing: {e}"), ""))?;
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
    d.set("Title", text_string(&props.title));
    d.set("Author", text_string(&props.author));
    d.set("Subject", text_string(&props.subject));
    d.set("Keywords", text_string(&props.keywords.join(", ")));
    d.set("Creator", text_string("raadsbrief"));
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

fn xmp(props: &Properties, id: &[u8; 16]) -> String {
    let d = props.date;
    let date = format!("{:04}-{:02}-{:02}", d.year.clamp(0, 9999), d.month, d.day);
    let uuid = uuid_of(id);
    let lang = xml(if props.language.is_empty() {
        "nl-NL"
    } else {
        &props.language
    });
    let keywords = xml(&props.keywords.join(", "));
    let subjects: String = props
        .keywords
        .iter()
        .map(|k| format!("<rdf:li>{}</rdf:li>", xml(k)))
        .collect();
    format!(
        r#"<?xpacket begin="{bom}" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li><rdf:li xml:lang="{lang}">{title}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
<dc:subject><rdf:Bag>{subjects}</rdf:Bag></dc:subject>
<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
<xmp:CreateDate>{date}</xmp:CreateDate>
<xmp:ModifyDate>{date}</xmp:ModifyDate>
<xmp:MetadataDate>{date}</xmp:MetadataDate>
<xmp:CreatorTool>raadsbrief</xmp:CreatorTool>
<pdf:Producer>{producer}</pdf:Producer>
<pdf:Keywords>{keywords}</pdf:Keywords>
<xmpMM:DocumentID>uuid:{uuid}</xmpMM:DocumentID>
<xmpMM:InstanceID>uuid:{uuid}</xmpMM:InstanceID>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"#,
        title = xml(&props.title),
        author = xml(&props.author),
        subject = xml(&props.subject),
        producer = xml(&producer()),
        bom = '\u{FEFF}',
    )
}

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
