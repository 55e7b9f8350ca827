//! File and folder names from municipality and region names.
//!
//! Names like ’s-Hertogenbosch, Súdwest-Fryslân and Bergen (NH.) must become names that
//! work on Windows, macOS and Linux, that sort sensibly, and that can never point outside
//! the output folder: lowercase ASCII letters, digits and single hyphens, nothing else.

/// A safe, readable slug; `fallback` is used when nothing of `name` survives.
pub fn slug(name: &str, fallback: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        let mut buf = [0u8; 4];
        let mapped: &str = if c.is_ascii_alphanumeric() {
            c.encode_utf8(&mut buf)
        } else {
            fold(c)
        };
        for m in mapped.chars() {
            if m.is_ascii_alphanumeric() {
                out.push(m.to_ascii_lowercase());
            } else if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        return fallback.to_owned();
    }
    if is_reserved_on_windows(&out) {
        out.push_str("-gemeente");
    }
    out.truncate(80);
    out
}

/// Windows refuses these as file names whatever the extension.
fn is_reserved_on_windows(s: &str) -> bool {
    matches!(s, "con" | "prn" | "aux" | "nul")
        || (s.len() == 4
            && (s.starts_with("com") || s.starts_with("lpt"))
            && s.as_bytes()[3].is_ascii_digit())
}

/// Latin letters with diacritics → their base letters; apostrophes vanish so
/// ’s-Hertogenbosch becomes s-hertogenbosch rather than -s-hertogenbosch.
fn fold(c: char) -> &'static str {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å'
        | 'Ā' | 'Ă' | 'Ą' => "a",
        'æ' | 'Æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' | 'Ç' | 'Ć' | 'Ĉ' | 'Ċ' | 'Č' => "c",
        'ď' | 'đ' | 'Ď' | 'Đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ĕ'
        | 'Ė' | 'Ę' | 'Ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' | 'Ĝ' | 'Ğ' | 'Ġ' | 'Ģ' => "g",
        'ĥ' | 'ħ' | 'Ĥ' | 'Ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'Ĩ' | 'Ī'
        | 'Ĭ' | 'Į' | 'İ' => "i",
        'ĳ' | 'Ĳ' => "ij",
        'ĵ' | 'Ĵ' => "j",
        'ķ' | 'Ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' | 'Ĺ' | 'Ļ' | 'Ľ' | 'Ŀ' | 'Ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' | 'Ñ' | 'Ń' | 'Ņ' | 'Ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø'
        | 'Ō' | 'Ŏ' | 'Ő' => "o",
        'œ' | 'Œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' | 'Ŕ' | 'Ŗ' | 'Ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'Ś' | 'Ŝ' | 'Ş' | 'Š' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'Ţ' | 'Ť' | 'Ŧ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ũ'
        | 'Ū' | 'Ŭ' | 'Ů' | 'Ű' | 'Ų' => "u",
        'ŵ' | 'Ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' | 'Ý' | 'Ÿ' | 'Ŷ' => "y",
        'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => "z",
        '\'' | '’' | '‘' | '`' | '´' => "",
        _ => " ",
    }
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn dutch_names_become_safe_slugs() {
        assert_eq!(slug("’s-Hertogenbosch", "x"), "s-hertogenbosch");
        assert_eq!(slug("'s-Hertogenbosch", "x"), "s-hertogenbosch");
        assert_eq!(slug("Súdwest-Fryslân", "x"), "sudwest-fryslan");
        assert_eq!(slug("Bergen (NH.)", "x"), "bergen-nh");
        assert_eq!(
            slug("Regio Gooi en Vechtstreek", "x"),
            "regio-gooi-en-vechtstreek"
        );
    }

    #[test]
    fn hostile_names_stay_inside() {
        assert_eq!(slug("../../etc", "x"), "etc");
        assert_eq!(slug("a/b", "x"), "a-b");
        assert_eq!(slug("CON", "x"), "con-gemeente");
        assert_eq!(slug("", "gm0001"), "gm0001");
        assert_eq!(slug("...", "gm0001"), "gm0001");
        assert_eq!(slug("😀", "gm0001"), "gm0001");
    }
}
