//! Bookmarks (the outline) nested by heading level, and link annotations.
//!
//! Both are added once the pages are written. The outline follows the document's
//! heading hierarchy (not a flat list sorted by name), and links are borderless, with
//! the exact position of their target.

use lopdf::{Dictionary, Object, ObjectId};

use crate::layout::{ItemKind, Layout, LinkTarget};

use super::metadata::text_string;

/// A destination: the page, scrolled so `y` (points from the page top) is at the top.
fn destination(pages: &[ObjectId], page: usize, y: f64, height: f64) -> Object {
    let page_ref = pages
        .get(page)
        .map_or(Object::Null, |id| Object::Reference(*id));
    Object::Array(vec![
        page_ref,
        Object::Name(b"XYZ".to_vec()),
        Object::Null,
        Object::Real((height - y + 6.0).min(height) as f32),
        Object::Null,
    ])
}

/// Adds the outline of `layout`'s headings; a level-2 heading nests under the
/// preceding level-1 heading, and so on, skipping missing levels gracefully.
pub fn add_outline(doc: &mut lopdf::Document, layout: &Layout) -> crate::error::Result<()> {
    if layout.outline.is_empty() {
        return Ok(());
    }
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let root = doc.new_object_id();
    // Parent of each entry: the nearest earlier entry with a lower level.
    let ids: Vec<ObjectId> = layout.outline.iter().map(|_| doc.new_object_id()).collect();
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(ids.len());
    let mut stack: Vec<usize> = Vec::new();
    for (i, e) in layout.outline.iter().enumerate() {
        while stack
            .last()
            .is_some_and(|&s| layout.outline.get(s).is_some_and(|p| p.level >= e.level))
        {
            stack.pop();
        }
        parent.push(stack.last().copied());
        stack.push(i);
    }
    let children = |p: Option<usize>| -> Vec<usize> {
        (0..ids.len())
            .filter(|&i| parent.get(i).copied().flatten() == p)
            .collect()
    };
    let descendants = |i: usize| -> usize {
        // Entries after i until the next one at i's level or higher are its subtree.
        let level = layout.outline.get(i).map_or(0, |e| e.level);
        layout.outline[i + 1..]
            .iter()
            .take_while(|e| e.level > level)
            .count()
    };
    for (i, e) in layout.outline.iter().enumerate() {
        let mut d = Dictionary::new();
        d.set("Title", text_string(&e.title));
        let parent_id = parent
            .get(i)
            .copied()
            .flatten()
            .and_then(|p| ids.get(p).copied())
            .unwrap_or(root);
        d.set("Parent", Object::Reference(parent_id));
        d.set("Dest", destination(&pages, e.page, e.y, layout.page_height));
        let siblings = children(parent.get(i).copied().flatten());
        if let Some(pos) = siblings.iter().position(|&s| s == i) {
            if let Some(prev) = pos.checked_sub(1).and_then(|p| siblings.get(p)) {
                d.set("Prev", Object::Reference(ids[*prev]));
            }
            if let Some(next) = siblings.get(pos + 1) {
                d.set("Next", Object::Reference(ids[*next]));
            }
        }
        let kids = children(Some(i));
        if let (Some(first), Some(last)) = (kids.first(), kids.last()) {
            d.set("First", Object::Reference(ids[*first]));
            d.set("Last", Object::Reference(ids[*last]));
            // Open: letters have few headings, and all of them help navigation.
            d.set("Count", Object::Integer(descendants(i) as i64));
        }
        doc.objects.insert(ids[i], Object::Dictionary(d));
    }
    let top = children(None);
    let mut outlines = Dictionary::new();
    outlines.set("Type", Object::Name(b"Outlines".to_vec()));
    if let (Some(first), Some(last)) = (top.first(), top.last()) {
        outlines.set("First", Object::Reference(ids[*first]));
        outlines.set("Last", Object::Reference(ids[*last]));
    }
    outlines.set("Count", Object::Integer(ids.len() as i64));
    doc.objects.insert(root, Object::Dictionary(outlines));
    let catalog = doc.catalog_mut().map_err(|e| {
        crate::error::Error::failed(
            format!("de PDF mist zijn catalogus: {e}"),
            "dit is een fout in raadsbrief; meld het alstublieft",
        )
    })?;
    catalog.set("Outlines", Object::Reference(root));
    catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    Ok(())
}

/// Adds a borderless link annotation for every link area of every page. Returns each
/// page's annotations in item order, for the structure tree.
///
/// Every annotation has `/Contents`, its alternative description (PDF/UA-1, 7.18.5):
/// the address of a web link, the heading's title and page of a table-of-contents
/// entry.
pub fn add_links(doc: &mut lopdf::Document, layout: &Layout) -> Vec<Vec<ObjectId>> {
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let h = layout.page_height;
    let mut made = Vec::with_capacity(pages.len());
    for (page, page_id) in layout.pages.iter().zip(pages.iter()) {
        let mut annots = Vec::new();
        for item in &page.items {
            let ItemKind::Link(link) = &item.kind else {
                continue;
            };
            let r = link.rect;
            let mut a = Dictionary::new();
            a.set("Type", Object::Name(b"Annot".to_vec()));
            a.set("Subtype", Object::Name(b"Link".to_vec()));
            a.set(
                "Rect",
                Object::Array(
                    [r.x, h - r.bottom(), r.right(), h - r.y]
                        .iter()
                        .map(|v| Object::Real(*v as f32))
                        .collect(),
                ),
            );
            a.set(
                "Border",
                Object::Array(vec![
                    Object::Integer(0),
                    Object::Integer(0),
                    Object::Integer(0),
                ]),
            );
            // Print flag: PDF/A and archive viewers expect it on every annotation.
            a.set("F", Object::Integer(4));
            match &link.target {
                LinkTarget::Uri(uri) => {
                    let mut action = Dictionary::new();
                    action.set("S", Object::Name(b"URI".to_vec()));
                    action.set(
                        "URI",
                        Object::String(uri_bytes(uri), lopdf::StringFormat::Literal),
                    );
                    a.set("A", Object::Dictionary(action));
                    a.set("Contents", text_string(uri));
                }
                LinkTarget::Page { page, y } => {
                    a.set("Dest", destination(&pages, *page, *y, h));
                    let heading = layout
                        .outline
                        .iter()
                        .find(|o| o.page == *page && o.y == *y)
                        .map(|o| o.title.split_whitespace().collect::<Vec<_>>().join(" "));
                    let text = match heading {
                        Some(t) if !t.is_empty() => format!("{t}, pagina {}", page + 1),
                        _ => format!("Pagina {}", page + 1),
                    };
                    a.set("Contents", text_string(&text));
                }
            }
            annots.push(doc.add_object(a));
        }
        if let Ok(dict) = doc.get_dictionary_mut(*page_id) {
            if annots.is_empty() {
                dict.remove(b"Annots");
            } else {
                dict.set(
                    "Annots",
                    Object::Array(annots.iter().map(|id| Object::Reference(*id)).collect()),
                );
            }
        }
        made.push(annots);
    }
    made
}

/// URIs are 7-bit ASCII in PDF: percent-encode everything else (and spaces).
fn uri_bytes(uri: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(uri.len());
    for b in uri.trim().bytes() {
        if b.is_ascii_graphic() {
            out.push(b);
        } else {
            out.extend_from_slice(format!("%{b:02X}").as_bytes());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_ascii() {
        assert_eq!(
            uri_bytes("https://x.nl/a b/é"),
            b"https://x.nl/a%20b/%C3%A9".to_vec()
        );
    }
}
