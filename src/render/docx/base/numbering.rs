//! Our list definitions next to the template's: ours are renumbered past its highest
//! `abstractNumId` and `numId`, so the template's lists (which its own styles may refer
//! to) keep their ids. CT_Numbering wants every `abstractNum` before every `num`.

use super::tree;

/// The merged numbering part, and what to add to our `numId`s.
pub(super) struct Merged {
    pub xml: Vec<u8>,
    pub num_offset: u32,
}

/// `theirs` is the template's numbering part, `ours` ours (`None` for a document
/// without lists).
pub(super) fn merge(theirs: Option<&[u8]>, ours: Option<&[u8]>) -> Option<Merged> {
    let theirs = theirs.and_then(tree::split);
    let ours_split = ours.and_then(tree::split);
    let (theirs, ours) = match (theirs, ours_split) {
        (None, None) => return None,
        (None, Some(_)) => {
            return Some(Merged {
                xml: ours?.to_vec(),
                num_offset: 0,
            })
        }
        (Some(t), None) => {
            let mut xml = t.head.clone();
            t.children.iter().for_each(|c| xml.push_str(&c.raw));
            xml.push_str(&t.tail);
            return Some(Merged {
                xml: xml.into_bytes(),
                num_offset: 0,
            });
        }
        (Some(t), Some(o)) => (t, o),
    };
    let max = |name: &str, attr: &str| {
        theirs
            .children
            .iter()
            .filter(|c| c.name == name)
            .filter_map(|c| c.attr(attr)?.trim().parse::<u32>().ok())
            .max()
    };
    let abstract_offset = max("w:abstractNum", "w:abstractNumId").map_or(0, |m| m + 1);
    let num_offset = max("w:num", "w:numId").unwrap_or(0);
    let shift = |raw: &str| {
        let by = |offset: u32| move |v: &str| Some((v.parse::<u32>().ok()? + offset).to_string());
        let raw = tree::rewrite(raw, "w:abstractNumId=\"", by(abstract_offset));
        let raw = tree::rewrite(&raw, "<w:abstractNumId w:val=\"", by(abstract_offset));
        tree::rewrite(&raw, "<w:num w:numId=\"", by(num_offset))
    };
    let mut xml = theirs.head.clone();
    let is = |c: &tree::Child, name: &str| c.name == name;
    // numPicBullet, abstractNum (theirs, ours), num (theirs, ours), numIdMacAtCleanup.
    for c in theirs.children.iter().filter(|c| is(c, "w:numPicBullet")) {
        xml.push_str(&c.raw);
    }
    for c in theirs.children.iter().filter(|c| is(c, "w:abstractNum")) {
        xml.push_str(&c.raw);
    }
    for c in ours.children.iter().filter(|c| is(c, "w:abstractNum")) {
        xml.push_str(&shift(&c.raw));
    }
    for c in theirs.children.iter().filter(|c| is(c, "w:num")) {
        xml.push_str(&c.raw);
    }
    for c in ours.children.iter().filter(|c| is(c, "w:num")) {
        xml.push_str(&shift(&c.raw));
    }
    for c in theirs
        .children
        .iter()
        .filter(|c| !["w:numPicBullet", "w:abstractNum", "w:num"].contains(&c.name.as_str()))
    {
        xml.push_str(&c.raw);
    }
    xml.push_str(&theirs.tail);
    Some(Merged {
        xml: xml.into_bytes(),
        num_offset,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn our_lists_are_renumbered_past_the_templates() {
        let theirs = r#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="4"><w:lvl w:ilvl="0"/></w:abstractNum><w:num w:numId="7"><w:abstractNumId w:val="4"/></w:num></w:numbering>"#;
        let ours = r#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="0"/><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#;
        let m = merge(Some(theirs.as_bytes()), Some(ours.as_bytes())).expect("merges");
        let xml = String::from_utf8(m.xml).unwrap();
        assert_eq!(m.num_offset, 7);
        assert_eq!(
            xml,
            r#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="4"><w:lvl w:ilvl="0"/></w:abstractNum><w:abstractNum w:abstractNumId="5"/><w:num w:numId="7"><w:abstractNumId w:val="4"/></w:num><w:num w:numId="8"><w:abstractNumId w:val="5"/></w:num></w:numbering>"#
        );
    }
}
