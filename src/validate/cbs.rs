//! The official list of Dutch municipalities, to check a region's CBS codes against.
//!
//! A wrong code is invisible in a letter but breaks every system the letter is filed in
//! (the council information system, the archive), so the list travels inside the
//! binary: `data/gemeenten.tsv`, a plain data file that names its sources and can be
//! updated without touching code. Codes have a validity period because municipalities
//! merge: Weesp's GM0457 is right on a letter of 2021 and wrong on one of 2023.

use std::sync::OnceLock;

use crate::model::Date;

const DATA: &str = include_str!("../../data/gemeenten.tsv");

/// One municipality code with the name the CBS writes and when the code was valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Municipality {
    pub code: &'static str,
    pub name: &'static str,
    /// First day of validity; `None` when it was valid before the list begins (2021).
    pub since: Option<Date>,
    /// Last day of validity; `None` while it is still valid.
    pub until: Option<Date>,
    /// The codes of the municipalities it became part of.
    pub successors: Vec<&'static str>,
    /// Other names people write for it ("Den Haag").
    pub aliases: Vec<&'static str>,
}

impl Municipality {
    pub fn is_valid_on(&self, date: Date) -> bool {
        self.since.is_none_or(|s| s <= date) && self.until.is_none_or(|u| date <= u)
    }

    /// Whether `name` is a way of writing this municipality: case, diacritics, dots and
    /// kinds of apostrophe do not count, the province suffix may be left out
    /// ("Bergen" for "Bergen (NH.)"), and an alias counts as the name.
    pub fn is_named(&self, name: &str) -> bool {
        let key = name_key(name);
        !key.is_empty()
            && (key == name_key(self.name)
                || key == name_key(without_province(self.name))
                || self.aliases.iter().any(|a| key == name_key(a)))
    }
}

static LIST: OnceLock<Vec<Municipality>> = OnceLock::new();

/// The whole list, parsed once.
pub fn all() -> &'static [Municipality] {
    LIST.get_or_init(|| parse(DATA))
}

/// Whether this process has parsed the list already.
pub fn is_parsed() -> bool {
    LIST.get().is_some()
}

pub fn by_code(code: &str) -> Option<&'static Municipality> {
    all().iter().find(|m| m.code == code)
}

/// Every entry `name` can mean; several for "Bergen", or for a name a later
/// municipality took over.
pub fn by_name(name: &str) -> Vec<&'static Municipality> {
    all().iter().filter(|m| m.is_named(name)).collect()
}

/// The municipalities that existed on `date`, in code order.
pub fn valid_on(date: Date) -> Vec<&'static Municipality> {
    all().iter().filter(|m| m.is_valid_on(date)).collect()
}

/// Comment lines start with `#`; the first other line is the column header. A line
/// that does not parse is skipped rather than failing every run; the unit tests make
/// sure no line of the shipped file is skipped.
fn parse(text: &'static str) -> Vec<Municipality> {
    let mut list: Vec<Municipality> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .filter_map(parse_line)
        .collect();
    list.sort_by(|a, b| a.code.cmp(b.code));
    list
}

fn parse_line(line: &'static str) -> Option<Municipality> {
    let cols: Vec<&'static str> = line.split('\t').collect();
    let [code, name, since, until, successors, aliases] = cols[..] else {
        return None;
    };
    let date = |s: &str| -> Option<Option<Date>> {
        if s.is_empty() {
            Some(None)
        } else {
            Date::parse_iso(s).ok().map(Some)
        }
    };
    let list = |s: &'static str| -> Vec<&'static str> {
        s.split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect()
    };
    let well_formed =
        code.len() == 6 && code.starts_with("GM") && code[2..].bytes().all(|b| b.is_ascii_digit());
    (well_formed && !name.trim().is_empty()).then_some(())?;
    Some(Municipality {
        code,
        name,
        since: date(since)?,
        until: date(until)?,
        successors: list(successors),
        aliases: list(aliases),
    })
}

/// "Bergen" from "Bergen (NH.)".
fn without_province(name: &str) -> &str {
    match name.rfind(" (") {
        Some(at) if name.ends_with(')') => &name[..at],
        _ => name,
    }
}

/// A name as people may type it, folded so that only the letters that matter remain:
/// lower case, without diacritics (Súdwest-Fryslân = Sudwest-Fryslan), one kind of
/// apostrophe and dash, no dots, single spaces.
pub fn name_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.trim().chars().flat_map(char::to_lowercase) {
        let folded = match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ý' | 'ÿ' => 'y',
            'ç' => 'c',
            'ñ' => 'n',
            '’' | '‘' | '`' | '´' | 'ʼ' => '\'',
            '‐' | '‑' | '–' | '—' => '-',
            '.' => continue,
            // Combining marks of a decomposed "ú" (u + U+0301).
            '\u{300}'..='\u{36f}' => continue,
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if folded == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push(folded);
    }
    while out.ends_with(' ') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Date {
        Date::parse_iso(s).unwrap()
    }

    #[test]
    fn every_line_of_the_shipped_list_parses() {
        let data_lines = DATA
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .count()
            - 1;
        assert_eq!(all().len(), data_lines);
        let mut codes: Vec<_> = all().iter().map(|m| m.code).collect();
        codes.dedup();
        assert_eq!(codes.len(), all().len(), "a code is listed twice");
    }

    #[test]
    fn counts_per_year_match_the_cbs() {
        // The CBS's own counts of municipalities on these days.
        for (date, count) in [
            ("2021-01-01", 352),
            ("2022-01-01", 345),
            ("2022-03-24", 344),
            ("2023-01-01", 342),
            ("2024-01-01", 342),
            ("2025-01-01", 342),
        ] {
            assert_eq!(valid_on(day(date)).len(), count, "on {date}");
        }
    }

    #[test]
    fn successors_are_codes_on_the_list_valid_the_next_day() {
        for m in all() {
            for s in &m.successors {
                let next = by_code(s).unwrap_or_else(|| panic!("{} → {s}", m.code));
                let until = m.until.expect("a municipality with successors has an end");
                let after = Date::from_unix_days(unix_days(until) + 1);
                assert!(next.is_valid_on(after), "{} → {s} on {after}", m.code);
                assert!(!m.is_valid_on(after));
            }
        }
    }

    fn unix_days(d: Date) -> i64 {
        (0..30_000)
            .find(|n| Date::from_unix_days(*n) == d)
            .expect("a date after 1970")
    }

    #[test]
    fn weesp_merged_into_amsterdam_on_24_march_2022() {
        let weesp = by_code("GM0457").unwrap();
        assert!(weesp.is_valid_on(day("2022-03-23")));
        assert!(!weesp.is_valid_on(day("2022-03-24")));
        assert_eq!(weesp.successors, ["GM0363"]);
    }

    #[test]
    fn names_compare_without_case_diacritics_and_province() {
        assert!(by_code("GM1900").unwrap().is_named("sudwest-fryslan"));
        assert!(by_code("GM1900")
            .unwrap()
            .is_named("Su\u{301}dwest-Fryslân"));
        assert!(by_code("GM0796").unwrap().is_named("’s-Hertogenbosch"));
        assert!(by_code("GM0796").unwrap().is_named("'S-HERTOGENBOSCH"));
        assert!(by_code("GM0373").unwrap().is_named("Bergen (NH)"));
        assert!(by_code("GM0373").unwrap().is_named("Bergen"));
        assert!(!by_code("GM0373").unwrap().is_named("Bergen (L.)"));
        assert!(by_code("GM0518").unwrap().is_named("Den Haag"));
        assert!(by_code("GM0417").unwrap().is_named("Laren"));
        let bergen: Vec<_> = by_name("bergen").iter().map(|m| m.code).collect();
        assert_eq!(bergen, ["GM0373", "GM0893"]);
        assert!(by_name("").is_empty());
    }
}
