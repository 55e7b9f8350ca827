//! List labels ("1.", "b.", "•") as Word computes them from `word/numbering.xml`.
//!
//! The file holds no numbers, only definitions and counters' starting points; to read a
//! list back as its reader sees it, the counting has to be redone. It is redone here
//! with this reader's own number formatting, not the document model's label function:
//! tests compare the two, and a bug shared by both sides would hide a wrong DOCX.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Decoder, Reader};

use crate::error::Result;

use super::{attribute, unreadable, value};

/// Word's nine list levels.
const LEVELS: usize = 9;

/// One level of a list definition, as `numbering.xml` states it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Level {
    /// `w:start`, or the `w:startOverride` of the list's `w:num`.
    pub start: u32,
    /// `w:numFmt`: `decimal`, `lowerLetter`, `lowerRoman`, `bullet`, …
    pub format: String,
    /// `w:lvlText`: "%1." or the bullet.
    pub text: String,
}

/// Counts list paragraphs in reading order and gives each its label.
#[derive(Debug, Default)]
pub(super) struct Labels {
    /// Level definitions per `numId`, start overrides applied.
    nums: HashMap<u32, Vec<Level>>,
    counters: HashMap<u32, [Option<u32>; LEVELS]>,
}

impl Labels {
    /// Reads the definitions of a numbering part.
    pub(super) fn parse(xml: &str) -> Result<Labels> {
        let mut parser = Parser::default();
        let mut reader = Reader::from_str(xml);
        loop {
            match reader.read_event().map_err(|e| unreadable(&e))? {
                Event::Start(e) => parser.start(&e, reader.decoder())?,
                Event::Empty(e) => {
                    parser.start(&e, reader.decoder())?;
                    parser.end(e.name().as_ref());
                }
                Event::End(e) => parser.end(e.name().as_ref()),
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(parser.finish())
    }

    /// The definition of list `num_id` at `level`.
    pub(super) fn level(&self, num_id: u32, level: u32) -> Option<&Level> {
        self.nums
            .get(&num_id)?
            .get((level as usize).min(LEVELS - 1))
    }

    /// The label of the next paragraph of list `num_id` at `level`; deeper levels
    /// restart after it, as in Word. `None` for `numId` 0 ("no list") or an unknown list.
    pub(super) fn next(&mut self, num_id: u32, level: u32) -> Option<String> {
        let levels = self.nums.get(&num_id)?;
        let level = (level as usize).min(LEVELS - 1);
        let counter = self.counters.entry(num_id).or_default();
        let start = |l: usize| levels.get(l).map_or(1, |d| d.start);
        counter[level] = Some(counter[level].map_or(start(level), |n| n + 1));
        counter[level + 1..].iter_mut().for_each(|c| *c = None);
        let def = levels.get(level)?;
        if def.format == "bullet" {
            return Some(def.text.clone());
        }
        let mut label = def.text.clone();
        for l in (0..LEVELS).rev() {
            let placeholder = format!("%{}", l + 1);
            if label.contains(&placeholder) {
                let n = counter[l].unwrap_or_else(|| start(l));
                let format = levels.get(l).map_or("decimal", |d| d.format.as_str());
                label = label.replace(&placeholder, &number(n, format));
            }
        }
        Some(label)
    }
}

/// A number in one of Word's formats; formats this reader does not know read as decimal.
fn number(n: u32, format: &str) -> String {
    match format {
        "lowerLetter" => letters(n),
        "upperLetter" => letters(n).to_uppercase(),
        "lowerRoman" => roman(n),
        "upperRoman" => roman(n).to_uppercase(),
        "decimalZero" => format!("{n:02}"),
        "none" => String::new(),
        _ => n.to_string(),
    }
}

/// Word's letters: the `(n - 1) % 26`-th letter, written once for 1–26, twice for
/// 27–52, and so on ("aa", "bb"); nothing for 0.
fn letters(n: u32) -> String {
    const ALPHABET: &str = "abcdefghijklmnopqrstuvwxyz";
    if n == 0 {
        return String::new();
    }
    let index = ((n - 1) % 26) as usize;
    let times = n.div_ceil(26) as usize;
    ALPHABET[index..=index].repeat(times)
}

/// Roman numerals digit by digit: thousands as "m"s, then hundreds, tens and ones.
fn roman(n: u32) -> String {
    const HUNDREDS: [&str; 10] = ["", "c", "cc", "ccc", "cd", "d", "dc", "dcc", "dccc", "cm"];
    const TENS: [&str; 10] = ["", "x", "xx", "xxx", "xl", "l", "lx", "lxx", "lxxx", "xc"];
    const ONES: [&str; 10] = ["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"];
    let digit = |place: u32| (n / place % 10) as usize;
    let mut out = "m".repeat((n / 1000) as usize);
    out.push_str(HUNDREDS[digit(100)]);
    out.push_str(TENS[digit(10)]);
    out.push_str(ONES[digit(1)]);
    out
}

/// A `w:num`: the abstract definition it uses, and the levels it restarts.
#[derive(Default)]
struct Num {
    abstract_id: u32,
    /// (level, start)
    overrides: Vec<(usize, u32)>,
}

/// Where in `numbering.xml` the reader is.
#[derive(Default)]
struct Parser {
    abstracts: HashMap<u32, Vec<Level>>,
    nums: HashMap<u32, Num>,
    abstract_id: Option<u32>,
    levels: Vec<Level>,
    level: Option<usize>,
    num: Option<(u32, Num)>,
    override_level: Option<usize>,
}

impl Parser {
    fn start(&mut self, e: &BytesStart, decoder: Decoder) -> Result<()> {
        let number = |name: &str| -> Result<Option<u32>> {
            Ok(attribute(e, name, decoder)?.and_then(|v| v.parse().ok()))
        };
        match e.name().as_ref() {
            b"w:abstractNum" => {
                self.abstract_id = number("w:abstractNumId")?;
                self.levels = vec![Level::default(); LEVELS];
            }
            b"w:lvl" if self.override_level.is_none() => {
                self.level = number("w:ilvl")?.map(|l| (l as usize).min(LEVELS - 1));
            }
            b"w:start" | b"w:numFmt" | b"w:lvlText" => self.level_property(e, decoder)?,
            b"w:num" => self.num = number("w:numId")?.map(|id| (id, Num::default())),
            b"w:abstractNumId" => {
                let id = value(e, decoder)?.and_then(|v| v.parse().ok());
                if let (Some((_, num)), Some(id)) = (self.num.as_mut(), id) {
                    num.abstract_id = id;
                }
            }
            b"w:lvlOverride" => {
                self.override_level = number("w:ilvl")?.map(|l| (l as usize).min(LEVELS - 1));
            }
            b"w:startOverride" => {
                let start = value(e, decoder)?.and_then(|v| v.parse().ok());
                if let (Some((_, num)), Some(level), Some(start)) =
                    (self.num.as_mut(), self.override_level, start)
                {
                    num.overrides.push((level, start));
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn level_property(&mut self, e: &BytesStart, decoder: Decoder) -> Result<()> {
        let (Some(level), None) = (self.level, self.override_level) else {
            return Ok(());
        };
        let Some(def) = self.levels.get_mut(level) else {
            return Ok(());
        };
        let val = value(e, decoder)?.unwrap_or_default();
        match e.name().as_ref() {
            b"w:start" => def.start = val.parse().unwrap_or(1),
            b"w:numFmt" => def.format = val,
            _ => def.text = val,
        }
        Ok(())
    }

    fn end(&mut self, name: &[u8]) {
        match name {
            b"w:abstractNum" => {
                if let Some(id) = self.abstract_id.take() {
                    self.abstracts.insert(id, std::mem::take(&mut self.levels));
                }
            }
            b"w:lvl" if self.override_level.is_none() => self.level = None,
            b"w:lvlOverride" => self.override_level = None,
            b"w:num" => {
                if let Some((id, num)) = self.num.take() {
                    self.nums.insert(id, num);
                }
            }
            _ => {}
        }
    }

    fn finish(self) -> Labels {
        let mut nums = HashMap::new();
        for (id, num) in self.nums {
            let mut levels = self
                .abstracts
                .get(&num.abstract_id)
                .cloned()
                .unwrap_or_default();
            for (level, start) in num.overrides {
                if let Some(def) = levels.get_mut(level) {
                    def.start = start;
                }
            }
            nums.insert(id, levels);
        }
        Labels {
            nums,
            counters: HashMap::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NUMBERING: &str = r#"<w:numbering xmlns:w="w">
        <w:abstractNum w:abstractNumId="0">
          <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
          <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1.%2)"/></w:lvl>
        </w:abstractNum>
        <w:abstractNum w:abstractNumId="1">
          <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
        </w:abstractNum>
        <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
        <w:num w:numId="2"><w:abstractNumId w:val="0"/>
          <w:lvlOverride w:ilvl="0"><w:startOverride w:val="7"/></w:lvlOverride></w:num>
        <w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num>
      </w:numbering>"#;

    #[test]
    fn counts_like_word() {
        let mut labels = Labels::parse(NUMBERING).unwrap_or_default();
        let mut next = |num, level| labels.next(num, level).unwrap_or_default();
        assert_eq!(next(1, 0), "1.");
        assert_eq!(next(1, 1), "1.a)");
        assert_eq!(next(1, 1), "1.b)");
        assert_eq!(next(1, 0), "2.");
        assert_eq!(next(1, 1), "2.a)", "deeper levels restart");
        assert_eq!(next(2, 0), "7.", "start override");
        assert_eq!(next(3, 0), "•");
        assert!(labels.next(0, 0).is_none());
    }

    #[test]
    fn number_formats() {
        assert_eq!(letters(0), "");
        assert_eq!(letters(1), "a");
        assert_eq!(letters(9), "i");
        assert_eq!(letters(26), "z");
        assert_eq!(letters(27), "aa");
        assert_eq!(letters(28), "bb");
        assert_eq!(letters(53), "aaa");
        assert_eq!(roman(0), "");
        assert_eq!(roman(4), "iv");
        assert_eq!(roman(9), "ix");
        assert_eq!(roman(14), "xiv");
        assert_eq!(roman(40), "xl");
        assert_eq!(roman(1994), "mcmxciv");
        assert_eq!(roman(2026), "mmxxvi");
        assert_eq!(roman(3999), "mmmcmxcix");
        assert_eq!(number(4, "upperRoman"), "IV");
        assert_eq!(number(3, "decimalZero"), "03");
    }
}
