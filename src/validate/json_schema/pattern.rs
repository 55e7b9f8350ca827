//! `pattern`: an unanchored regex search, compiled once with the schema.
//!
//! regex-lite (rust-lang's, no dependencies) instead of the regex crate jsonschema
//! uses. The two agree on a subset only: regex-lite's `.`, `\s` and Unicode classes
//! differ from ECMA-262's, and its `(?i)` folds ASCII only, where jsonschema's engine
//! also folds `ſ` to `s` and the Kelvin sign to `k`. So a pattern outside that subset is
//! refused rather than matched differently.

/// A compiled `pattern`.
pub(super) struct Pattern {
    regex: regex_lite::Regex,
}

impl Pattern {
    pub fn new(source: &str) -> Result<Pattern, String> {
        within_shared_subset(source)?;
        let regex = regex_lite::Regex::new(source).map_err(|e| e.to_string())?;
        Ok(Pattern { regex })
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.regex.is_match(text)
    }
}

/// ASCII literals, escaped punctuation, `\d`, ASCII classes and ranges, groups, alternation,
/// anchors and repetition; `(?i)` only as the whole pattern's flag, and then without
/// letters whose Unicode case folding reaches beyond ASCII.
fn within_shared_subset(source: &str) -> Result<(), String> {
    let (body, insensitive) = match source.strip_prefix("(?i)") {
        Some(body) => (body, true),
        None => (source, false),
    };
    let refuse = |what: &str| Err(format!("{what} kent de ingebouwde controle niet"));
    let mut chars = body.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(e) if e.is_ascii_punctuation() || e == 'd' => {}
                Some(e) => return refuse(&format!("`\\{e}`")),
                None => return refuse("een `\\` aan het eind"),
            },
            '[' if in_class => return refuse("`[` binnen een tekenklasse"),
            '[' if insensitive => return refuse("een tekenklasse met `(?i)`"),
            '[' => {
                in_class = true;
                if chars.peek() == Some(&'^') {
                    chars.next();
                }
            }
            ']' if in_class => in_class = false,
            '-' if in_class && chars.peek() == Some(&'-') => {
                return refuse("`--` in een tekenklasse")
            }
            c if in_class && !c.is_ascii_alphanumeric() && c != '-' => {
                return refuse(&format!("`{c}` in een tekenklasse"))
            }
            '.' => return refuse("een losse `.`"),
            '(' if chars.peek() == Some(&'?') => return refuse("`(?` binnen het patroon"),
            c if !c.is_ascii() => return refuse(&format!("het teken `{c}`")),
            'k' | 'K' | 's' | 'S' if insensitive => {
                return refuse(&format!("de letter `{c}` met `(?i)`"))
            }
            _ => {}
        }
    }
    if in_class {
        return refuse("een tekenklasse zonder `]`");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schemas_patterns_search_unanchored_and_fold_case_where_asked() {
        let cbs = Pattern::new("^GM[0-9]{4}$").unwrap();
        assert!(cbs.is_match("GM0417"));
        assert!(!cbs.is_match("GM0417\n"));
        assert!(!cbs.is_match("gm0417"));
        let template = Pattern::new(r"(?i)\.(dotx|docx)$").unwrap();
        assert!(template.is_match("sjablonen/Brief.DOCX"));
        assert!(template.is_match("a.dotx"));
        assert!(!template.is_match("a.docx.pdf"));
        let colour = Pattern::new("^#[0-9A-Fa-f]{6}$").unwrap();
        assert!(colour.is_match("#C8102e"));
        assert!(!colour.is_match("#C8102"));
        let date = Pattern::new("^([0-9]{4}-[0-9]{2}-[0-9]{2}|vandaag)$").unwrap();
        assert!(date.is_match("vandaag") && date.is_match("2021-11-16"));
        assert!(!date.is_match("morgen"));
    }

    #[test]
    fn patterns_that_regex_lite_reads_differently_are_refused() {
        for source in [
            r"^.+$",
            r"\s",
            r"\p{L}",
            "(?i)^[a-z]+$",
            "(?i)docs",
            "(?=a)b",
            "[a[b]]",
            "[a--b]",
            "é",
            "[0-9",
        ] {
            assert!(Pattern::new(source).is_err(), "{source}");
        }
    }
}
