//! A family resolved to its four styles, and the face handle layout carries.
//!
//! Layout asks for "this role's family, bold" and later "the same family, italic" (a
//! span inside a heading); the handle keeps the family with the style asked for, so
//! those questions need no book. A family that lacks a style maps that slot to its
//! nearest face once, when it is resolved.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use super::embedded;
use super::face::FontFace;

/// A family with a face for each of regular, bold, italic and bold italic (the same
/// face may fill several slots).
pub struct Family {
    /// The name the family was asked for by, for messages and the DOCX.
    pub name: String,
    slots: [&'static FontFace; 4],
    key: u64,
}

impl std::fmt::Debug for Family {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.name)
    }
}

fn slot(bold: bool, italic: bool) -> usize {
    usize::from(bold) + 2 * usize::from(italic)
}

impl Family {
    /// The one family for these faces in this process: families are compared by
    /// pointer-free keys, and made once however many documents ask.
    pub fn intern(name: &str, slots: [&'static FontFace; 4]) -> &'static Family {
        type Known = HashMap<(String, [u64; 4]), &'static Family>;
        static KNOWN: OnceLock<Mutex<Known>> = OnceLock::new();
        let keys = slots.map(|f| f.key);
        let id = (name.to_owned(), keys);
        let known = KNOWN.get_or_init(|| Mutex::new(HashMap::new()));
        let Ok(mut known) = known.lock() else {
            return embedded::family();
        };
        if let Some(f) = known.get(&id) {
            return f;
        }
        let key = keys.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, k| {
            (h ^ k).wrapping_mul(0x100_0000_01b3)
        });
        let family: &'static Family = Box::leak(Box::new(Family {
            name: name.to_owned(),
            slots,
            key,
        }));
        known.insert(id, family);
        family
    }

    pub fn font(&self, bold: bool, italic: bool) -> &'static FontFace {
        self.slots[slot(bold, italic)]
    }

    pub fn fonts(&self) -> [&'static FontFace; 4] {
        self.slots
    }

    /// The regular face of this family.
    pub fn regular(&'static self) -> Face {
        Face {
            family: self,
            bold: false,
            italic: false,
        }
    }
}

/// A family in a style, as text is set in it. `Copy`, compared by family and style.
#[derive(Clone, Copy)]
pub struct Face {
    family: &'static Family,
    bold: bool,
    italic: bool,
}

impl Face {
    /// The embedded Liberation Sans in a style: the default and the fallback.
    pub fn from_style(bold: bool, italic: bool) -> Face {
        embedded::family().regular().with_style(bold, italic)
    }

    /// The same family in another style.
    pub fn with_style(self, bold: bool, italic: bool) -> Face {
        Face {
            bold,
            italic,
            ..self
        }
    }

    pub fn is_bold(self) -> bool {
        self.bold
    }

    pub fn is_italic(self) -> bool {
        self.italic
    }

    /// The font this style is drawn with.
    pub fn font(self) -> &'static FontFace {
        self.family.font(self.bold, self.italic)
    }

    pub fn family(self) -> &'static Family {
        self.family
    }

    fn id(self) -> (u64, bool, bool) {
        (self.family.key, self.bold, self.italic)
    }
}

impl std::fmt::Debug for Face {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let style = match (self.bold, self.italic) {
            (false, false) => "Regular",
            (true, false) => "Bold",
            (false, true) => "Italic",
            (true, true) => "BoldItalic",
        };
        write!(f, "{} {style}", self.family.name)
    }
}

impl PartialEq for Face {
    fn eq(&self, other: &Face) -> bool {
        self.id() == other.id()
    }
}

impl Eq for Face {}

impl std::hash::Hash for Face {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.id().hash(state);
    }
}

impl PartialOrd for Face {
    fn partial_cmp(&self, other: &Face) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Face {
    fn cmp(&self, other: &Face) -> std::cmp::Ordering {
        self.id().cmp(&other.id())
    }
}

/// The face of `candidates` nearest to the style: the right slant first (an upright
/// face for italic text reads better than a bold one), then the nearest weight; ties
/// go to the lower key so the choice never depends on load order.
pub fn nearest(
    candidates: &[&'static FontFace],
    bold: bool,
    italic: bool,
) -> Option<&'static FontFace> {
    let target: i32 = if bold { 700 } else { 400 };
    candidates.iter().copied().min_by_key(|f| {
        let slant = u32::from(f.italic != italic) * 10_000;
        let weight = (i32::from(f.weight) - target).unsigned_abs();
        // Above the target weight wins over below for bold, below for regular (CSS).
        let side = u32::from(if bold {
            i32::from(f.weight) < target
        } else {
            i32::from(f.weight) > target
        });
        (slant + weight * 2 + side, f.key)
    })
}

/// The four slots filled from `candidates`, and the styles that had to borrow another
/// face ("vet", "cursief", "vet cursief").
pub fn fill(
    candidates: &[&'static FontFace],
) -> Option<([&'static FontFace; 4], Vec<&'static str>)> {
    let pick = |bold, italic| nearest(candidates, bold, italic);
    let slots = [
        pick(false, false)?,
        pick(true, false)?,
        pick(false, true)?,
        pick(true, true)?,
    ];
    let mut borrowed = Vec::new();
    for (i, name) in ["normaal", "vet", "cursief", "vet cursief"]
        .iter()
        .enumerate()
    {
        let (bold, italic) = (i % 2 == 1, i >= 2);
        let f = slots[i];
        if f.is_bold() != bold || f.italic != italic {
            borrowed.push(*name);
        }
    }
    Some((slots, borrowed))
}
