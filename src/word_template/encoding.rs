//! A template's XML parts brought to one encoding as they come out of the zip: UTF-8
//! without a byte order mark, the form Word writes and the OOXML norm.
//!
//! Other tools (some XSLT and .NET writers, SharePoint's custom XML) put a BOM in
//! front of a part or save it as UTF-16. quick-xml skips a UTF-8 BOM without counting
//! it in its positions, and every reader that takes a part apart by byte ranges (the
//! style merge, the outline of the styles part, the removal of external references)
//! would then cut three bytes off; UTF-16 it does not read at all. Doing it here, once,
//! before any reader sees a part, means no reader has to know.

/// Whether a part is XML by its name, as the package check reads it.
pub fn is_xml(name: &str) -> bool {
    let ends = |suffix: &str| {
        name.len() >= suffix.len()
            && name.as_bytes()[name.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
    };
    ends(".xml") || ends(".rels")
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
const UTF16_LE_BOM: &[u8] = b"\xFF\xFE";
const UTF16_BE_BOM: &[u8] = b"\xFE\xFF";
const UTF32_LE_BOM: &[u8] = b"\xFF\xFE\x00\x00";
const UTF32_BE_BOM: &[u8] = b"\x00\x00\xFE\xFF";

/// Whether [`to_utf8`] would change (or refuse) the part: it begins with a byte order
/// mark. A part without one comes out as it went in.
pub fn is_marked(bytes: &[u8]) -> bool {
    [UTF8_BOM, UTF16_LE_BOM, UTF16_BE_BOM, UTF32_BE_BOM]
        .iter()
        .any(|bom| bytes.starts_with(bom))
}

/// An XML part's bytes made UTF-8 without a BOM, in place: a UTF-8 BOM dropped,
/// UTF-16 (which XML marks with a BOM) decoded and its declaration's `encoding` made
/// `UTF-8`; a part without a BOM is left as it is. The error (Dutch) says why a part
/// cannot be read, its bytes untouched: the caller decides whether the part matters.
/// UTF-8 takes at most 3 bytes where UTF-16 takes 2, so the package's limits on what
/// it inflates still bound what is held.
pub fn to_utf8(bytes: &mut Vec<u8>) -> Result<(), String> {
    if bytes.starts_with(UTF8_BOM) {
        bytes.drain(..UTF8_BOM.len());
        return Ok(());
    }
    if bytes.starts_with(UTF32_LE_BOM) || bytes.starts_with(UTF32_BE_BOM) {
        return Err("het onderdeel is als UTF-32 opgeslagen, wat Word niet schrijft".into());
    }
    let from_bytes = if bytes.starts_with(UTF16_LE_BOM) {
        u16::from_le_bytes
    } else if bytes.starts_with(UTF16_BE_BOM) {
        u16::from_be_bytes
    } else {
        return Ok(());
    };
    let units = &bytes[2..];
    let broken = || {
        "het onderdeel is als UTF-16 opgeslagen, maar de tekst is beschadigd (een onvolledig teken)"
            .to_owned()
    };
    if !units.len().is_multiple_of(2) {
        return Err(broken());
    }
    let text = char::decode_utf16(
        units
            .chunks_exact(2)
            .map(|pair| from_bytes([pair[0], pair[1]])),
    )
    .collect::<Result<String, _>>()
    .map_err(|_| broken())?;
    *bytes = declared_utf8(text).into_bytes();
    Ok(())
}

/// `text` with the `encoding` of its XML declaration, if it names one, set to UTF-8:
/// the part is written as UTF-8 now, and a declaration that said UTF-16 over UTF-8
/// bytes without a BOM would be an error to Word. Only the declaration at the very
/// start is touched; a declaration without `encoding` already means UTF-8.
fn declared_utf8(text: String) -> String {
    let Some(range) = encoding_value(&text) else {
        return text;
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..range.start]);
    out.push_str("UTF-8");
    out.push_str(&text[range.end..]);
    out
}

/// The byte range of the declaration's encoding name (between its quotes).
fn encoding_value(text: &str) -> Option<std::ops::Range<usize>> {
    if !text.starts_with("<?xml") {
        return None;
    }
    let decl = &text[..text.find("?>")?];
    let at = decl.find("encoding")? + "encoding".len();
    let rest = decl[at..].trim_start_matches([' ', '\t', '\r', '\n']);
    let rest = rest.strip_prefix('=')?;
    let rest = rest.trim_start_matches([' ', '\t', '\r', '\n']);
    let quote = rest.chars().next().filter(|q| matches!(q, '"' | '\''))?;
    let start = decl.len() - rest.len() + 1;
    let len = rest[1..].find(quote)?;
    Some(start..start + len)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-16\" standalone=\"yes\"?>\r\n";

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        let mut out = if big_endian {
            UTF16_BE_BOM.to_vec()
        } else {
            UTF16_LE_BOM.to_vec()
        };
        for unit in text.encode_utf16() {
            out.extend(if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            });
        }
        out
    }

    fn utf8(mut bytes: Vec<u8>) -> Result<Vec<u8>, String> {
        let before = bytes.clone();
        to_utf8(&mut bytes)
            .map(|()| bytes.clone())
            .inspect_err(|_| {
                assert_eq!(bytes, before, "a part that cannot be read is left as it is");
            })
    }

    #[test]
    fn a_utf8_bom_is_dropped_and_a_part_without_one_is_kept() {
        assert_eq!(utf8(b"\xEF\xBB\xBF<a/>".to_vec()).unwrap(), b"<a/>");
        assert_eq!(
            utf8(b"<a>\xEF\xBB\xBF</a>".to_vec()).unwrap(),
            b"<a>\xEF\xBB\xBF</a>"
        );
        assert_eq!(utf8(Vec::new()).unwrap(), b"");
    }

    #[test]
    fn utf16_is_decoded_and_declared_utf8() {
        let xml = format!("{DECL}<w:t>Gemeente Wijdemeren – één 𝄞</w:t>");
        let want = xml.replace("UTF-16", "UTF-8");
        for big_endian in [false, true] {
            let got = utf8(utf16(&xml, big_endian)).unwrap();
            assert_eq!(String::from_utf8(got).unwrap(), want);
        }
        // Single quotes and spaces around `=`; no declaration; one without encoding.
        let odd = "<?xml version='1.0' encoding = 'utf-16'?><a/>";
        assert_eq!(
            utf8(utf16(odd, false)).unwrap(),
            b"<?xml version='1.0' encoding = 'UTF-8'?><a/>"
        );
        assert_eq!(utf8(utf16("<a/>", true)).unwrap(), b"<a/>");
        let bare = "<?xml version=\"1.0\"?><a encoding=\"x\"/>";
        assert_eq!(utf8(utf16(bare, false)).unwrap(), bare.as_bytes());
    }

    #[test]
    fn broken_utf16_and_utf32_are_refused_in_dutch() {
        let mut odd = utf16("<a/>", false);
        odd.push(b'x');
        let lone_surrogate = [UTF16_LE_BOM, &[0x00, 0xD8, b'<', 0]].concat();
        for bad in [odd, lone_surrogate] {
            assert!(utf8(bad).unwrap_err().contains("UTF-16"));
        }
        let utf32 = [UTF32_LE_BOM, b"<\0\0\0"].concat();
        assert!(utf8(utf32).unwrap_err().contains("UTF-32"));
    }

    #[test]
    fn xml_parts_are_known_by_name() {
        assert!(is_xml("word/styles.xml"));
        assert!(is_xml("word/_rels/document.xml.rels"));
        assert!(is_xml("[Content_Types].XML"));
        assert!(!is_xml("word/media/image1.png"));
    }
}
