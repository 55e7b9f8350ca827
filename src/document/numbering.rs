//! How a list's items are labelled: the scheme is a fact of the document, decided once
//! where Markdown becomes blocks, and mapped by every renderer.
//!
//! Renderers that derived the scheme themselves (from the nesting depth, or from the
//! printed labels) disagreed: a nested list starting at 9 prints "i." and was tagged
//! lower-roman in the PDF while the HTML said lower-alpha. With the scheme a field of
//! [`super::List`] and one function from (scheme, number) to label text, there is
//! nothing left to disagree about.

/// What the author wrote: a numbered (`1.`) or a bulleted (`-`) list. Which numbers or
/// which bullet follows from where the list stands, see [`Numbering::for_depth`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    Numbered,
    Bulleted,
}

/// The labelling scheme of one list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbering {
    /// 1. 2. 3.
    Decimal,
    /// a. b. … z. aa. bb. (Word's letters: repeated, not base 26)
    LowerAlpha,
    /// i. ii. iii.
    LowerRoman,
    Bullet(BulletKind),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BulletKind {
    /// •
    Disc,
    /// –
    Dash,
    /// ▪
    Square,
}

impl BulletKind {
    pub fn glyph(self) -> &'static str {
        match self {
            BulletKind::Disc => "•",
            BulletKind::Dash => "–",
            BulletKind::Square => "▪",
        }
    }
}

impl Numbering {
    /// The house scheme of a list nested in `depth` other lists: 1. → a. → i. and
    /// • → – → ▪, repeating from the fourth level on so that deep nesting still reads
    /// as nesting. Called where lists are made, never by a renderer.
    pub fn for_depth(kind: ListKind, depth: usize) -> Numbering {
        match (kind, depth % 3) {
            (ListKind::Numbered, 0) => Numbering::Decimal,
            (ListKind::Numbered, 1) => Numbering::LowerAlpha,
            (ListKind::Numbered, _) => Numbering::LowerRoman,
            (ListKind::Bulleted, 0) => Numbering::Bullet(BulletKind::Disc),
            (ListKind::Bulleted, 1) => Numbering::Bullet(BulletKind::Dash),
            (ListKind::Bulleted, _) => Numbering::Bullet(BulletKind::Square),
        }
    }

    pub fn kind(self) -> ListKind {
        match self {
            Numbering::Bullet(_) => ListKind::Bulleted,
            _ => ListKind::Numbered,
        }
    }

    /// The label of the item numbered `number` ("9.", "i.", "•"). The one place the
    /// label text is made: the PDF prints it, `Document::text` shows it, and the DOCX
    /// and HTML name the same scheme for Word and the browser to count.
    pub fn label(self, number: u32) -> String {
        match self {
            Numbering::Decimal => format!("{number}."),
            Numbering::LowerAlpha => format!("{}.", letters(number)),
            Numbering::LowerRoman => format!("{}.", roman(number)),
            Numbering::Bullet(bullet) => bullet.glyph().to_owned(),
        }
    }
}

/// Letters as Word counts them: a–z, then aa–zz, aaa… (the letter repeated, not
/// base 26), so the PDF and HTML number a long list as Word does.
fn letters(n: u32) -> String {
    if n == 0 {
        return String::new();
    }
    let letter = char::from(b'a' + ((n - 1) % 26) as u8);
    std::iter::repeat_n(letter, ((n - 1) / 26 + 1) as usize).collect()
}

/// Lower-case roman numerals.
fn roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (value, digits) in TABLE {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_by_depth_cycle() {
        use BulletKind::*;
        use Numbering::*;
        let numbered: Vec<Numbering> = (0..4)
            .map(|d| Numbering::for_depth(ListKind::Numbered, d))
            .collect();
        assert_eq!(numbered, [Decimal, LowerAlpha, LowerRoman, Decimal]);
        let bullets: Vec<Numbering> = (0..4)
            .map(|d| Numbering::for_depth(ListKind::Bulleted, d))
            .collect();
        assert_eq!(
            bullets,
            [Bullet(Disc), Bullet(Dash), Bullet(Square), Bullet(Disc)]
        );
        assert!(numbered.iter().all(|n| n.kind() == ListKind::Numbered));
        assert!(bullets.iter().all(|n| n.kind() == ListKind::Bulleted));
    }

    #[test]
    fn labels() {
        assert_eq!(Numbering::Decimal.label(7), "7.");
        assert_eq!(Numbering::LowerAlpha.label(2), "b.");
        assert_eq!(Numbering::LowerAlpha.label(9), "i.");
        assert_eq!(Numbering::LowerAlpha.label(26), "z.");
        assert_eq!(Numbering::LowerAlpha.label(27), "aa.");
        assert_eq!(Numbering::LowerAlpha.label(28), "bb.");
        assert_eq!(Numbering::LowerAlpha.label(53), "aaa.");
        assert_eq!(Numbering::LowerRoman.label(4), "iv.");
        assert_eq!(Numbering::LowerRoman.label(9), "ix.");
        assert_eq!(Numbering::LowerRoman.label(1994), "mcmxciv.");
        assert_eq!(Numbering::Bullet(BulletKind::Disc).label(3), "•");
        assert_eq!(Numbering::Bullet(BulletKind::Dash).label(1), "–");
        assert_eq!(Numbering::Bullet(BulletKind::Square).label(1), "▪");
    }
}
