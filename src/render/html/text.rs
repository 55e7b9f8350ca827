//! Text-level helpers: escaping for HTML and CSS, safe link targets, heading slugs,
//! base64 for the embedded logo, and the footer template without its page numbers.

/// Whether HTML (and XML) forbid `c` in a document: C0 controls other than tab, line
/// feed and the whitespace handled by [`push_escaped`], DEL, C1 controls and the
/// noncharacters.
fn forbidden(c: char) -> bool {
    let u = c as u32;
    (u < 0x20 && c != '\t' && c != '\n')
        || (0x7F..=0x9F).contains(&u)
        || (0xFDD0..=0xFDEF).contains(&u)
        || (u & 0xFFFE) == 0xFFFE
}

/// Appends `text` escaped for element content and attribute values alike: `& < > " '`
/// become references; vertical tab, form feed and carriage return become spaces;
/// other forbidden characters are dropped.
pub fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\u{B}' | '\u{C}' | '\r' => out.push(' '),
            c if forbidden(c) => {}
            c => out.push(c),
        }
    }
}

/// [`push_escaped`] into a new string.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text);
    out
}

/// The text as shown: the same clean-up as [`push_escaped`] without the escaping.
pub fn clean(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\u{B}' | '\u{C}' | '\r' => Some(' '),
            c if forbidden(c) => None,
            c => Some(c),
        })
        .collect()
}

/// The link target to write as `href`, or `None` when the target is not a web or mail
/// address (`javascript:`, `file:`, relative paths, …): those links become plain text.
/// Characters a URL may not contain literally are percent-encoded; the result still
/// needs attribute escaping for `&`.
pub fn safe_url(target: &str) -> Option<String> {
    let url: String = target
        .chars()
        .filter(|c| !(c.is_control() || forbidden(*c)))
        .collect();
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let rest = ["https://", "http://", "mailto:"]
        .iter()
        .find_map(|scheme| lower.strip_prefix(scheme))?;
    if rest.trim().is_empty() || rest.starts_with('/') {
        return None;
    }
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            ' ' | '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}' => {
                out.push_str(&format!("%{:02X}", c as u32));
            }
            c if c.is_whitespace() => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    Some(out)
}

/// A fragment identifier for a heading: lower case, Latin letters without accents,
/// other runs of non-alphanumerics as one hyphen. Never empty.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    let mut hyphen = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let folded: Option<&str> = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => Some("a"),
            'ç' | 'č' | 'ć' => Some("c"),
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' => Some("e"),
            'ì' | 'í' | 'î' | 'ï' | 'ī' => Some("i"),
            'ñ' | 'ń' => Some("n"),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => Some("o"),
            'ù' | 'ú' | 'û' | 'ü' | 'ū' => Some("u"),
            'ý' | 'ÿ' => Some("y"),
            'š' | 'ś' => Some("s"),
            'ž' | 'ź' | 'ż' => Some("z"),
            'ĳ' => Some("ij"),
            'ß' => Some("ss"),
            'æ' => Some("ae"),
            'œ' => Some("oe"),
            _ => None,
        };
        if let Some(f) = folded {
            if hyphen && !out.is_empty() {
                out.push('-');
            }
            hyphen = false;
            out.push_str(f);
        } else if c.is_alphanumeric() && !forbidden(c) {
            if hyphen && !out.is_empty() {
                out.push('-');
            }
            hyphen = false;
            out.push(c);
        } else {
            hyphen = true;
        }
    }
    if out.is_empty() {
        "sectie".to_owned()
    } else {
        out
    }
}

/// Standard base64 with padding (RFC 4648), for the logo's `data:` URI.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 0x3F) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A CSS string literal of `text`, safe inside `<style>`: quotes, backslashes and angle
/// brackets as hex escapes, line breaks as `\A`, forbidden characters dropped.
pub fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in clean(text).chars() {
        match c {
            '"' | '\\' | '<' | '>' | '&' => out.push_str(&format!("\\{:X} ", c as u32)),
            '\n' => out.push_str("\\A "),
            '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

const PAGE: &str = "{pagina}";
const PAGES: &str = "{paginas}";

/// Separators that may join the parts of a footer ("Gemeente Blaricum · Pagina 1 van 3").
fn is_separator(word: &str) -> bool {
    matches!(word, "·" | "|" | "-" | "–" | "—" | "/" | "•" | "," | ";")
}

/// The footer template for the screen, where a page has no number: the words from the
/// one before the first placeholder ("Pagina") through the last placeholder are
/// dropped, then separators left dangling.
pub fn screen_footer(template: &str) -> String {
    let words: Vec<&str> = template.split_whitespace().collect();
    let has = |w: &str| w.contains(PAGE) || w.contains(PAGES);
    let (Some(first), Some(last)) = (
        words.iter().position(|w| has(w)),
        words.iter().rposition(|w| has(w)),
    ) else {
        return words.join(" ");
    };
    let mut start = first;
    if start > 0
        && words[start - 1].chars().all(char::is_alphabetic)
        && !is_separator(words[start - 1])
    {
        start -= 1;
    }
    let mut kept: Vec<&str> = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if i < start || i > last {
            // Two separators in a row where the page part was: keep one.
            if is_separator(w) && kept.last().is_some_and(|p| is_separator(p)) {
                continue;
            }
            kept.push(w);
        }
    }
    while kept.first().is_some_and(|w| is_separator(w)) {
        kept.remove(0);
    }
    while kept.last().is_some_and(|w| is_separator(w)) {
        kept.pop();
    }
    kept.join(" ")
}

/// The footer template as CSS `content` for a print margin box: the placeholders as
/// the `page` and `pages` counters. `None` when the footer is empty.
pub fn print_footer(template: &str) -> Option<String> {
    let template = template.split_whitespace().collect::<Vec<_>>().join(" ");
    if template.is_empty() {
        return None;
    }
    let mut parts: Vec<String> = Vec::new();
    let mut rest = template.as_str();
    loop {
        let next = [(PAGES, "counter(pages)"), (PAGE, "counter(page)")]
            .iter()
            .filter_map(|(p, css)| rest.find(p).map(|at| (at, *p, *css)))
            .min_by_key(|(at, p, _)| (*at, std::cmp::Reverse(p.len())));
        match next {
            Some((at, placeholder, css)) => {
                if at > 0 {
                    parts.push(css_string(&rest[..at]));
                }
                parts.push(css.to_owned());
                rest = &rest[at + placeholder.len()..];
            }
            None => {
                if !rest.is_empty() {
                    parts.push(css_string(rest));
                }
                break;
            }
        }
    }
    Some(parts.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (input, expected) in cases {
            assert_eq!(base64(input.as_bytes()), expected, "{input:?}");
        }
        assert_eq!(base64(&[0xFF, 0xFE, 0xFD]), "//79");
    }

    #[test]
    fn escaping_covers_markup_quotes_and_controls() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>\u{B}\u{0}\u{7}x\u{85}\u{FFFF}\té"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt; x\té"
        );
    }

    #[test]
    fn only_web_and_mail_links() {
        assert_eq!(
            safe_url(" https://vng.nl/norm voor opdrachtgeverschap ").as_deref(),
            Some("https://vng.nl/norm%20voor%20opdrachtgeverschap")
        );
        assert_eq!(
            safe_url("mailto:griffie@blaricum.nl").as_deref(),
            Some("mailto:griffie@blaricum.nl")
        );
        assert_eq!(
            safe_url("HTTP://EXAMPLE.NL").as_deref(),
            Some("HTTP://EXAMPLE.NL")
        );
        for bad in [
            "javascript:alert(1)",
            "java\u{0}script:x",
            "file:///etc/passwd",
            "/pad",
            "https://",
            "data:text/html,x",
            "vng.nl",
        ] {
            assert_eq!(safe_url(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn slugs_fold_accents_and_collapse_punctuation() {
        assert_eq!(slug("Kennisnemen van"), "kennisnemen-van");
        assert_eq!(slug("  Reële prijs (2026)!"), "reele-prijs-2026");
        assert_eq!(slug("Súdwest-Fryslân"), "sudwest-fryslan");
        assert_eq!(slug("‘…’"), "sectie");
    }

    #[test]
    fn footer_without_page_numbers_on_screen() {
        assert_eq!(screen_footer("Pagina {pagina} van {paginas}"), "");
        assert_eq!(
            screen_footer("Gemeente Blaricum · Pagina {pagina} van {paginas}"),
            "Gemeente Blaricum"
        );
        assert_eq!(
            screen_footer("Pagina {pagina} van {paginas} | Raadsinformatiebrief"),
            "Raadsinformatiebrief"
        );
        assert_eq!(screen_footer("A · {pagina}/{paginas} · B"), "A · B");
        assert_eq!(screen_footer("Alleen tekst"), "Alleen tekst");
    }

    #[test]
    fn footer_with_counters_in_print() {
        assert_eq!(
            print_footer("Pagina {pagina} van {paginas}").as_deref(),
            Some("\"Pagina \" counter(page) \" van \" counter(pages)")
        );
        assert_eq!(print_footer("  "), None);
        assert_eq!(
            print_footer("</style>\"{paginas}").as_deref(),
            Some("\"\\3C /style\\3E \\22 \" counter(pages)")
        );
    }
}
