//! A part taken apart at its root while it is being checked: the byte ranges, names
//! and attributes of the root's element children, and each child's `w:name`, as the
//! DOCX's style merge (`render::docx::base::styles`) needs them. It splits exactly as
//! that merge's own reader does when it has no outline (`base::tree::split`), so the
//! DOCX is the same bytes either way; `tests/template_docx.rs` compares the two.

use std::collections::BTreeMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::XmlVersion;

use crate::document::word_base::{OutlineChild, PartOutline};

/// The attributes of a root's child that the style merge reads.
const MERGE_READS: [&[u8]; 3] = [b"w:type", b"w:styleId", b"w:default"];

/// A child of the root whose end has not come yet.
struct Open {
    start: usize,
    name: String,
    attrs: BTreeMap<String, String>,
    /// Its first `w:name` child's `w:val`, once that child has come.
    name_val: Option<Option<String>>,
}

/// Builds a [`PartOutline`] from a part's events and their byte ranges.
pub struct Outliner {
    outline: PartOutline,
    /// Elements open before the current event.
    depth: usize,
    /// The child being read.
    current: Option<Open>,
    done: bool,
}

impl Outliner {
    /// An outliner for part `part` of `len` bytes.
    pub fn new(part: &str, len: usize) -> Self {
        Outliner {
            outline: PartOutline {
                part: part.to_owned(),
                len,
                ..PartOutline::default()
            },
            depth: 0,
            current: None,
            done: false,
        }
    }

    /// An outliner of the rest of a part cut just inside its root, whose children are
    /// given to the outliner of the part's first piece ([`Outliner::adopt`]).
    pub fn inside(part: &str, len: usize) -> Self {
        Outliner {
            depth: 1,
            ..Outliner::new(part, len)
        }
    }

    /// Joins `rest` (every event from the cut to the part's end taken) to this
    /// outliner of the part's first piece (every event before the cut taken): the
    /// outline one pass would have made. `None` when either was not between the
    /// root's children at the cut.
    pub fn adopt(&mut self, rest: Outliner) -> Option<()> {
        if self.done || self.depth != 1 || self.current.is_some() || !rest.done {
            return None;
        }
        self.outline.children.extend(rest.outline.children);
        self.outline.tail_start = rest.outline.tail_start;
        self.done = true;
        Some(())
    }

    /// Takes the next event, which lies at `before..after` in the part; `None` when the
    /// part cannot be outlined (an empty root, which the merge spells out itself).
    pub fn push(&mut self, event: &Event, before: usize, after: usize) -> Option<()> {
        if self.done {
            return Some(());
        }
        match event {
            Event::Start(e) => {
                match self.depth {
                    0 => self.outline.head_end = after,
                    1 => {
                        self.current = Some(Open {
                            start: before,
                            name: name_of(e),
                            attrs: attrs_of(e),
                            name_val: None,
                        })
                    }
                    2 => self.grandchild(e),
                    _ => {}
                }
                self.depth += 1;
            }
            Event::Empty(e) => match self.depth {
                0 => return None,
                1 => self.outline.children.push(OutlineChild {
                    start: before,
                    end: after,
                    name: name_of(e),
                    attrs: attrs_of(e),
                    name_val: None,
                }),
                2 => self.grandchild(e),
                _ => {}
            },
            Event::End(_) => {
                self.depth = self.depth.checked_sub(1)?;
                if self.depth == 1 {
                    let Open {
                        start,
                        name,
                        attrs,
                        name_val,
                    } = self.current.take()?;
                    self.outline.children.push(OutlineChild {
                        start,
                        end: after,
                        name,
                        attrs,
                        name_val: name_val.flatten(),
                    });
                } else if self.depth == 0 {
                    self.outline.tail_start = before;
                    self.done = true;
                }
            }
            _ => {}
        }
        Some(())
    }

    /// The outline, once the root has closed.
    pub fn finish(self) -> Option<PartOutline> {
        self.done.then_some(self.outline)
    }

    /// A child's own child: the first named `w:name` gives the child its name.
    fn grandchild(&mut self, e: &BytesStart) {
        if let Some(open) = &mut self.current {
            if open.name_val.is_none() && e.name().as_ref() == b"w:name" {
                open.name_val = Some(attr_of(e, "w:val"));
            }
        }
    }
}

fn name_of(e: &BytesStart) -> String {
    String::from_utf8_lossy(e.name().as_ref()).into_owned()
}

fn attr_of(e: &BytesStart, name: &str) -> Option<String> {
    let a = e.try_get_attribute(name).ok()??;
    let value = a.normalized_value(XmlVersion::Implicit1_0).ok()?;
    Some(value.into_owned())
}

/// The attributes the merge reads of a child (`w:type`, `w:styleId`, `w:default`), as
/// its own reader takes them: each from the first well-formed attribute of the name.
fn attrs_of(e: &BytesStart) -> BTreeMap<String, String> {
    e.attributes()
        .flatten()
        .filter(|a| MERGE_READS.contains(&a.key.as_ref()))
        .map(|a| {
            let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
            let value = a
                .normalized_value(XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_default();
            (key, value)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outline(xml: &str) -> Option<PartOutline> {
        let start = || Some(Outliner::new("p", xml.len()));
        super::super::external::read_checked(xml.as_bytes(), start, |o, (event, before, after)| {
            if o.as_mut()
                .and_then(|o| o.push(&event, before, after))
                .is_none()
            {
                *o = None;
            }
        })
        .ok()??
        .finish()
    }

    #[test]
    fn children_are_ranges_with_their_names_and_attributes() {
        let xml = r#"<?xml version="1.0"?><w:styles xmlns:w="x"><w:docDefaults/> <w:style w:type="table" w:styleId="A"><w:rPr><w:name w:val="deep"/></w:rPr><w:name w:val="a &amp; b"/><w:name w:val="second"/></w:style></w:styles>"#;
        let o = outline(xml).expect("outlines");
        assert_eq!(
            &xml[..o.head_end],
            r#"<?xml version="1.0"?><w:styles xmlns:w="x">"#
        );
        assert_eq!(&xml[o.tail_start..], "</w:styles>");
        assert_eq!(o.children.len(), 2);
        assert_eq!(
            &xml[o.children[0].start..o.children[0].end],
            "<w:docDefaults/>"
        );
        let style = &o.children[1];
        assert!(xml[style.start..style.end].starts_with("<w:style w:type"));
        assert!(xml[style.start..style.end].ends_with("</w:style>"));
        assert_eq!(style.name, "w:style");
        assert_eq!(style.attrs["w:styleId"], "A");
        assert_eq!(
            style.name_val.as_deref(),
            Some("a & b"),
            "the first own w:name"
        );
    }

    #[test]
    fn an_empty_root_is_left_to_the_merge() {
        assert!(outline(r#"<w:styles xmlns:w="x"/>"#).is_none());
    }
}
