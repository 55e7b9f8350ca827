//! One model, three formats: each list's numbering scheme, start and labels and each
//! heading's level are decided once in the document model, and the DOCX, the PDF and
//! the HTML must say the same.
//!
//! Every format is read back as its reader sees it, with this file's own code:
//! - DOCX: `numbering.xml` (`w:numFmt`, `w:lvlText`, `w:start`) and the labels Word
//!   counts from it, and each paragraph's outline level (`raadsbrief`'s DOCX reader,
//!   which counts with its own number formatting);
//! - PDF: the structure tree via lopdf, `/ListNumbering` of every `L`, the text of every
//!   `Lbl` (decoded from the content streams through the fonts' ToUnicode maps) and the
//!   `H1`–`H6` elements;
//! - HTML: `ol type`/`start`, the bullet each `ul` class gets from the stylesheet, the
//!   labels a browser counts from those, and the `h1`–`h6` of the page (a table of
//!   contents' own heading left out).
//!
//! The documents: a nested list that starts at 9 ("i.", "j.") with a third level below
//! it, bullets three deep, a top-level list in a scheme that is not its depth's
//! (letters from "y." on, past "z."); a letter whose Title is empty; and the samples.

mod common;

use std::collections::{BTreeMap, HashMap};

use lopdf::content::Content;
use lopdf::{Dictionary, Document as LoDocument, Object, ObjectId};

use raadsbrief::compose::Kind;
use raadsbrief::document::{
    plain_text, Block, BulletKind, Document, Inline, List, ListItem, Numbering, PageStyle,
    Properties, Rgb,
};
use raadsbrief::model::Date;
use raadsbrief::render::docx::read;

// ---------------------------------------------------------------------------------
// Documents
// ---------------------------------------------------------------------------------

fn para(text: &str) -> Block {
    Block::Paragraph(vec![Inline::plain(text)])
}

fn item(text: &str) -> ListItem {
    ListItem {
        blocks: vec![para(text)],
    }
}

fn item_with(text: &str, list: List) -> ListItem {
    ListItem {
        blocks: vec![para(text), Block::List(list)],
    }
}

fn list(scheme: Numbering, start: u32, items: Vec<ListItem>) -> List {
    List {
        scheme,
        start,
        items,
    }
}

fn heading(level: u8, text: &str) -> Block {
    Block::heading(level, vec![Inline::plain(text)])
}

fn title(text: &str) -> Block {
    Block::title(vec![Inline::plain(text)])
}

fn document(title: &str, blocks: Vec<Block>) -> Document {
    Document::new(
        Properties {
            title: title.into(),
            subject: "Eén model, drie formaten".into(),
            author: "College van Burgemeester en Wethouders".into(),
            keywords: vec!["test".into()],
            language: "nl-NL".into(),
            date: Date {
                year: 2026,
                month: 11,
                day: 23,
            },
        },
        PageStyle {
            header: "Gemeente Blaricum".into(),
            footer: "Pagina {pagina} van {paginas}".into(),
            draft: false,

            logo: None,
            style: raadsbrief::document::style::HouseStyle::with_accent(Rgb(0x1F, 0x3A, 0x5F)),
        },
        blocks,
    )
}

/// Lists in every scheme: one nested list starting at 9 with a third level, bullets
/// three deep, letters past "z.".
fn lists_document() -> Document {
    let roman = list(
        Numbering::LowerRoman,
        1,
        vec![item("een"), item("twee"), item("drie"), item("vier")],
    );
    let from_nine = list(
        Numbering::LowerAlpha,
        9,
        vec![item("negen"), item_with("tien", roman)],
    );
    let numbered = list(
        Numbering::Decimal,
        1,
        vec![item_with("eerste", from_nine), item("tweede")],
    );
    let square = list(
        Numbering::Bullet(BulletKind::Square),
        1,
        vec![item("blokje")],
    );
    let dash = list(
        Numbering::Bullet(BulletKind::Dash),
        1,
        vec![item_with("streep", square)],
    );
    let disc = list(
        Numbering::Bullet(BulletKind::Disc),
        1,
        vec![item_with("rond", dash)],
    );
    let letters = list(
        Numbering::LowerAlpha,
        25,
        vec![
            item("ypsilon"),
            item("zet"),
            item("dubbel a"),
            item("dubbel b"),
        ],
    );
    document(
        "Lijsten in drie formaten",
        vec![
            title("Lijsten in drie formaten"),
            Block::TableOfContents,
            heading(1, "Genummerd"),
            Block::List(numbered),
            heading(2, "Opsommingen"),
            Block::List(disc),
            heading(1, "Lang"),
            Block::List(letters),
        ],
    )
}

/// A letter whose Title is empty: its first section heading is the H1; an empty
/// heading is no heading either.
fn empty_title_document() -> Document {
    document(
        "Brief zonder titel",
        vec![
            title(""),
            title(" \u{200B} "),
            heading(1, "Aanleiding"),
            para("Tekst."),
            heading(1, "Kernboodschap"),
            heading(2, " "),
            heading(3, "Detail"),
            heading(2, "Nog een"),
            title("Late titel"),
        ],
    )
}

// ---------------------------------------------------------------------------------
// What the model says
// ---------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
struct ListFacts {
    scheme: Numbering,
    start: u32,
    labels: Vec<String>,
}

/// The headings of the structure (level, text) in reading order.
fn model_headings(doc: &Document) -> Vec<(u8, String)> {
    fn walk(blocks: &[Block], out: &mut Vec<(u8, String)>) {
        for b in blocks {
            match b {
                Block::Title {
                    content,
                    structure: Some(level),
                }
                | Block::Heading {
                    content,
                    structure: Some(level),
                    ..
                } => out.push((*level, plain_text(content).trim().to_owned())),
                Block::List(l) => l.items.iter().for_each(|i| walk(&i.blocks, out)),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(&doc.blocks, &mut out);
    out
}

/// Every list, in the order lists begin (outer before the lists in its items).
fn model_lists(doc: &Document) -> Vec<ListFacts> {
    fn walk(blocks: &[Block], out: &mut Vec<ListFacts>) {
        for b in blocks {
            if let Block::List(l) = b {
                out.push(ListFacts {
                    scheme: l.scheme,
                    start: l.start,
                    labels: (0..l.items.len()).map(|i| l.label(i)).collect(),
                });
                l.items.iter().for_each(|i| walk(&i.blocks, out));
            }
        }
    }
    let mut out = Vec::new();
    walk(&doc.blocks, &mut out);
    out
}

/// What the PDF's `L` elements must be, in order: every list (`/ListNumbering` of its
/// scheme, its labels) and every label–value block (`/None`, its labels).
fn model_pdf_lists(doc: &Document) -> Vec<(String, Vec<String>)> {
    fn walk(blocks: &[Block], out: &mut Vec<(String, Vec<String>)>) {
        for b in blocks {
            match b {
                Block::List(l) if !l.items.is_empty() => {
                    let labels = (0..l.items.len()).map(|i| l.label(i)).collect();
                    out.push((pdf_numbering(l.scheme).to_owned(), labels));
                    l.items.iter().for_each(|i| walk(&i.blocks, out));
                }
                Block::Fields(f) if !f.rows.is_empty() => out.push((
                    "None".to_owned(),
                    f.rows.iter().map(|r| plain_text(&r.label)).collect(),
                )),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(&doc.blocks, &mut out);
    out
}

/// ISO 32000-1, table 347; a dash has no name of its own.
fn pdf_numbering(scheme: Numbering) -> &'static str {
    match scheme {
        Numbering::Decimal => "Decimal",
        Numbering::LowerAlpha => "LowerAlpha",
        Numbering::LowerRoman => "LowerRoman",
        Numbering::Bullet(BulletKind::Disc) => "Disc",
        Numbering::Bullet(BulletKind::Square) => "Square",
        Numbering::Bullet(BulletKind::Dash) => "None",
    }
}

/// `w:numFmt` and `w:lvlText` of a scheme at list level `ilvl`.
fn docx_numbering(scheme: Numbering, ilvl: u32) -> (&'static str, String) {
    let number = format!("%{}.", ilvl + 1);
    match scheme {
        Numbering::Decimal => ("decimal", number),
        Numbering::LowerAlpha => ("lowerLetter", number),
        Numbering::LowerRoman => ("lowerRoman", number),
        Numbering::Bullet(BulletKind::Disc) => ("bullet", "•".into()),
        Numbering::Bullet(BulletKind::Dash) => ("bullet", "–".into()),
        Numbering::Bullet(BulletKind::Square) => ("bullet", "▪".into()),
    }
}

/// `ol type` of a numbered scheme, `None` for bullets.
fn html_type(scheme: Numbering) -> Option<&'static str> {
    match scheme {
        Numbering::Decimal => Some("1"),
        Numbering::LowerAlpha => Some("a"),
        Numbering::LowerRoman => Some("i"),
        Numbering::Bullet(_) => None,
    }
}

// ---------------------------------------------------------------------------------
// DOCX read back
// ---------------------------------------------------------------------------------

#[derive(Debug)]
struct DocxList {
    format: String,
    text: String,
    ilvl: u32,
    start: u32,
    labels: Vec<String>,
}

fn docx_lists(docx: &[u8]) -> Vec<DocxList> {
    let mut order: Vec<u32> = Vec::new();
    let mut lists: HashMap<u32, DocxList> = HashMap::new();
    for p in read::paragraphs(docx).expect("DOCX reads") {
        let Some(num_id) = p.num_id else { continue };
        let def = p.list.clone().expect("a list paragraph has a definition");
        let entry = lists.entry(num_id).or_insert_with(|| {
            order.push(num_id);
            DocxList {
                format: def.format.clone(),
                text: def.text.clone(),
                ilvl: p.level.unwrap_or(0),
                start: def.start,
                labels: Vec::new(),
            }
        });
        assert_eq!(entry.ilvl, p.level.unwrap_or(0), "one level per list");
        entry.labels.push(p.label.clone().expect("a label"));
    }
    order
        .into_iter()
        .filter_map(|id| lists.remove(&id))
        .collect()
}

fn docx_headings(docx: &[u8]) -> Vec<(u8, String)> {
    read::paragraphs(docx)
        .expect("DOCX reads")
        .into_iter()
        .filter(|p| !p.style.as_deref().unwrap_or("").starts_with("TOC"))
        .filter_map(|p| p.outline.map(|o| (o + 1, p.text.trim().to_owned())))
        .collect()
}

// ---------------------------------------------------------------------------------
// PDF read back
// ---------------------------------------------------------------------------------

fn name_of(o: &Object) -> Option<String> {
    o.as_name()
        .ok()
        .map(|n| String::from_utf8_lossy(n).into_owned())
}

fn dict<'a>(pdf: &'a LoDocument, o: &'a Object) -> Option<&'a Dictionary> {
    let o = match o {
        Object::Reference(id) => pdf.get_object(*id).ok()?,
        _ => o,
    };
    match o {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

/// A ToUnicode CMap's single codes and ranges (2-byte codes, as our fonts use).
fn to_unicode(cmap: &str) -> BTreeMap<u16, String> {
    fn hex_units(s: &str) -> String {
        let units: Vec<u16> = s
            .as_bytes()
            .chunks(4)
            .filter_map(|c| u16::from_str_radix(std::str::from_utf8(c).ok()?, 16).ok())
            .collect();
        String::from_utf16_lossy(&units)
    }
    let mut map = BTreeMap::new();
    let mut section = "";
    for line in cmap.lines().map(str::trim) {
        if line.ends_with("beginbfchar") {
            section = "char";
            continue;
        }
        if line.ends_with("beginbfrange") {
            section = "range";
            continue;
        }
        if line.starts_with("end") {
            section = "";
            continue;
        }
        let parts: Vec<&str> = line
            .split(['<', '>', ' ', '[', ']'])
            .filter(|s| !s.is_empty())
            .collect();
        match (section, parts.as_slice()) {
            ("char", [code, target]) => {
                if let Ok(code) = u16::from_str_radix(code, 16) {
                    map.insert(code, hex_units(target));
                }
            }
            ("range", [lo, hi, first]) => {
                let (Ok(lo), Ok(hi)) = (u16::from_str_radix(lo, 16), u16::from_str_radix(hi, 16))
                else {
                    continue;
                };
                let Some(base) = hex_units(first).chars().next() else {
                    continue;
                };
                for (k, code) in (lo..=hi).enumerate() {
                    if let Some(c) = char::from_u32(base as u32 + k as u32) {
                        map.insert(code, c.to_string());
                    }
                }
            }
            _ => {}
        }
    }
    map
}

/// The text of every marked-content sequence, by (page index, MCID).
fn mcid_texts(pdf: &LoDocument) -> HashMap<(usize, i64), String> {
    let mut out: HashMap<(usize, i64), String> = HashMap::new();
    for (page_index, (_, page_id)) in pdf.get_pages().into_iter().enumerate() {
        let mut maps: HashMap<Vec<u8>, BTreeMap<u16, String>> = HashMap::new();
        for (name, font) in pdf.get_page_fonts(page_id).expect("fonts") {
            let Ok(Object::Reference(id)) = font.get(b"ToUnicode") else {
                continue;
            };
            let stream = pdf
                .get_object(*id)
                .and_then(Object::as_stream)
                .expect("ToUnicode stream");
            let data = stream
                .decompressed_content()
                .unwrap_or_else(|_| stream.content.clone());
            maps.insert(name, to_unicode(&String::from_utf8_lossy(&data)));
        }
        let content = Content::decode(&pdf.get_page_content(page_id)).expect("content decodes");
        let mut marks: Vec<Option<i64>> = Vec::new();
        let mut font: Vec<u8> = Vec::new();
        for op in &content.operations {
            match op.operator.as_str() {
                "BMC" => marks.push(None),
                "BDC" => marks.push(match op.operands.get(1) {
                    Some(Object::Dictionary(d)) => d.get(b"MCID").and_then(Object::as_i64).ok(),
                    _ => None,
                }),
                "EMC" => {
                    marks.pop();
                }
                "Tf" => {
                    if let Some(Object::Name(n)) = op.operands.first() {
                        font = n.clone();
                    }
                }
                "Tj" | "TJ" => {
                    let Some(mcid) = marks.iter().rev().find_map(|m| *m) else {
                        continue;
                    };
                    let text = out.entry((page_index, mcid)).or_default();
                    let map = maps.get(&font);
                    let mut strings: Vec<&[u8]> = Vec::new();
                    for o in &op.operands {
                        match o {
                            Object::String(b, _) => strings.push(b),
                            Object::Array(a) => strings.extend(a.iter().filter_map(|x| match x {
                                Object::String(b, _) => Some(b.as_slice()),
                                _ => None,
                            })),
                            _ => {}
                        }
                    }
                    for s in strings {
                        for pair in s.chunks(2) {
                            let code = u16::from_be_bytes([pair[0], *pair.get(1).unwrap_or(&0)]);
                            match map.and_then(|m| m.get(&code)) {
                                Some(t) => text.push_str(t),
                                None => text.push('\u{FFFD}'),
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// A structure element as read: its type, `/ListNumbering`, text and children.
#[derive(Debug)]
struct Elem {
    kind: String,
    numbering: Option<String>,
    text: String,
    kids: Vec<Elem>,
}

fn struct_tree(pdf_bytes: &[u8]) -> Elem {
    let pdf = LoDocument::load_mem(pdf_bytes).expect("PDF reads");
    let texts = mcid_texts(&pdf);
    let pages: HashMap<ObjectId, usize> = pdf
        .get_pages()
        .into_values()
        .enumerate()
        .map(|(i, id)| (id, i))
        .collect();
    let catalog = pdf.catalog().expect("catalog");
    let root = catalog
        .get(b"StructTreeRoot")
        .ok()
        .and_then(|r| dict(&pdf, r))
        .expect("a tagged PDF");
    let doc = root
        .get(b"K")
        .and_then(Object::as_reference)
        .expect("the Document element");
    read_elem(&pdf, doc, &pages, &texts)
}

fn read_elem(
    pdf: &LoDocument,
    id: ObjectId,
    pages: &HashMap<ObjectId, usize>,
    texts: &HashMap<(usize, i64), String>,
) -> Elem {
    let d = pdf.get_dictionary(id).expect("struct elem");
    let kind = d.get(b"S").ok().and_then(name_of).unwrap_or_default();
    let numbering = d
        .get(b"A")
        .ok()
        .and_then(|a| dict(pdf, a))
        .and_then(|a| a.get(b"ListNumbering").ok())
        .and_then(name_of);
    let page_of = |d: &Dictionary| {
        d.get(b"Pg")
            .and_then(Object::as_reference)
            .ok()
            .and_then(|p| pages.get(&p).copied())
    };
    let home = page_of(d);
    let kids: Vec<Object> = match d.get(b"K") {
        Ok(Object::Array(a)) => a.clone(),
        Ok(o) => vec![o.clone()],
        Err(_) => Vec::new(),
    };
    let mut elem = Elem {
        kind,
        numbering,
        text: String::new(),
        kids: Vec::new(),
    };
    for kid in kids {
        match &kid {
            Object::Integer(mcid) => {
                let page = home.expect("an MCID kid needs the element's page");
                elem.text
                    .push_str(texts.get(&(page, *mcid)).map_or("", String::as_str));
            }
            Object::Reference(r) => {
                let is_elem = dict(pdf, &kid)
                    .and_then(|k| k.get(b"Type").ok())
                    .and_then(name_of)
                    .as_deref()
                    == Some("StructElem");
                if is_elem {
                    let child = read_elem(pdf, *r, pages, texts);
                    elem.text.push_str(&child.text);
                    elem.kids.push(child);
                }
            }
            // A marked-content reference (an OBJR, a link annotation, has no text).
            Object::Dictionary(k)
                if k.get(b"Type").ok().and_then(name_of).as_deref() == Some("MCR") =>
            {
                let page = page_of(k).or(home).expect("an MCR needs a page");
                let mcid = k.get(b"MCID").and_then(Object::as_i64).expect("MCID");
                elem.text
                    .push_str(texts.get(&(page, mcid)).map_or("", String::as_str));
            }
            _ => {}
        }
    }
    elem
}

fn pdf_headings(tree: &Elem) -> Vec<(u8, String)> {
    fn walk(e: &Elem, out: &mut Vec<(u8, String)>) {
        if let Some(level) = e.kind.strip_prefix('H').and_then(|l| l.parse::<u8>().ok()) {
            out.push((level, e.text.trim().to_owned()));
        }
        e.kids.iter().for_each(|k| walk(k, out));
    }
    let mut out = Vec::new();
    walk(tree, &mut out);
    out
}

/// Every `L` in order: its `/ListNumbering` and the text of each item's `Lbl`.
fn pdf_lists(tree: &Elem) -> Vec<(String, Vec<String>)> {
    fn walk(e: &Elem, out: &mut Vec<(String, Vec<String>)>) {
        if e.kind == "L" {
            let labels = e
                .kids
                .iter()
                .filter(|li| li.kind == "LI")
                .map(|li| {
                    li.kids
                        .iter()
                        .find(|k| k.kind == "Lbl")
                        .map(|l| l.text.trim().to_owned())
                        .unwrap_or_default()
                })
                .collect();
            out.push((e.numbering.clone().unwrap_or_default(), labels));
        }
        e.kids.iter().for_each(|k| walk(k, out));
    }
    let mut out = Vec::new();
    walk(tree, &mut out);
    out
}

// ---------------------------------------------------------------------------------
// HTML read back
// ---------------------------------------------------------------------------------

#[derive(Debug)]
struct HtmlList {
    /// `ol type` (`1`, `a`, `i`) or `None` for a `ul`.
    ol_type: Option<String>,
    start: u32,
    /// The `ul`'s class.
    class: Option<String>,
    items: usize,
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let rest = &tag[at..];
    Some(rest[..rest.find('"')?].to_owned())
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The lists and headings of `main`, outside the table of contents' `nav`.
fn html_structure(html: &str) -> (Vec<HtmlList>, Vec<(u8, String)>) {
    let main = &html[html.find("<main").expect("main")..html.find("</main>").expect("/main")];
    let mut lists: Vec<HtmlList> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut headings = Vec::new();
    let mut in_nav = 0usize;
    let mut heading: Option<(u8, String)> = None;
    let mut rest = main;
    while let Some(lt) = rest.find('<') {
        if let Some((_, text)) = heading.as_mut() {
            text.push_str(&rest[..lt]);
        }
        let gt = rest[lt..].find('>').expect("tag closes") + lt;
        let tag = &rest[lt..=gt];
        let name: String = tag[1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '/')
            .collect();
        match name.as_str() {
            "nav" => in_nav += 1,
            "/nav" => in_nav = in_nav.saturating_sub(1),
            _ if in_nav > 0 => {}
            "ol" | "ul" => {
                lists.push(HtmlList {
                    ol_type: (name == "ol").then(|| attribute(tag, "type").unwrap_or("1".into())),
                    start: attribute(tag, "start").map_or(1, |s| s.parse().expect("a number")),
                    class: attribute(tag, "class"),
                    items: 0,
                });
                open.push(lists.len() - 1);
            }
            "/ol" | "/ul" => {
                open.pop();
            }
            "li" => {
                if let Some(&l) = open.last() {
                    lists[l].items += 1;
                }
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                heading = Some((name[1..].parse().expect("level"), String::new()));
            }
            "/h1" | "/h2" | "/h3" | "/h4" | "/h5" | "/h6" => {
                if let Some((level, text)) = heading.take() {
                    headings.push((level, unescape(text.trim())));
                }
            }
            _ => {}
        }
        rest = &rest[gt + 1..];
    }
    (lists, headings)
}

/// The `list-style-type` the stylesheet gives `selector`, if it has a rule for it.
fn css_list_style<'a>(html: &'a str, selector: &str) -> Option<&'a str> {
    let rule = format!("{selector} {{ list-style-type: ");
    let at = html.find(&rule)? + rule.len();
    Some(&html[at..at + html[at..].find(';')?])
}

/// The bullet the stylesheet gives `ul.class`, as a browser draws it.
fn html_bullet(html: &str, class: &str) -> String {
    match css_list_style(html, &format!("ul.{class}")) {
        Some("disc") => "•".into(),
        Some("circle") => "◦".into(),
        Some("square") => "▪".into(),
        Some(quoted) => quoted.trim_matches('"').trim().to_owned(),
        None => panic!("no rule for ul.{class}"),
    }
}

/// A descriptor (`system`, `symbols`) of the stylesheet's `@counter-style name`.
fn counter_style<'a>(html: &'a str, name: &str, descriptor: &str) -> Option<&'a str> {
    let at = html.find(&format!("@counter-style {name} {{"))?;
    let block = &html[at..at + html[at..].find('}')?];
    let key = format!("{descriptor}: ");
    let from = block.find(&key)? + key.len();
    Some(&block[from..from + block[from..].find(';')?])
}

/// CSS's `alphabetic` system (bijective base: z, aa, ab) or `symbolic` (z, aa, bb).
fn count_with(symbols: &[&str], system: &str, n: u32) -> String {
    let base = symbols.len() as u32;
    match system {
        "symbolic" => symbols[((n - 1) % base) as usize].repeat(n.div_ceil(base) as usize),
        "alphabetic" => {
            let mut out = String::new();
            let mut k = n;
            while k > 0 {
                out.insert_str(0, symbols[((k - 1) % base) as usize]);
                k = (k - 1) / base;
            }
            out
        }
        other => panic!("counter system {other} not read by this test"),
    }
}

fn lower_roman(mut n: u32) -> String {
    let mut out = String::new();
    for (value, digits) in [
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
    ] {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

/// The label a browser draws for item number `n` of an `ol type=…` on this page: the
/// stylesheet's counter style for that type if it sets one, else the type's own.
fn browser_label(html: &str, ol_type: &str, n: u32) -> String {
    const LETTERS: [&str; 26] = [
        "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r",
        "s", "t", "u", "v", "w", "x", "y", "z",
    ];
    let styled = css_list_style(html, &format!("ol[type=\"{ol_type}\"]"));
    let core = match (ol_type, styled) {
        (_, Some(name)) => {
            let system = counter_style(html, name, "system").expect("system");
            let symbols: Vec<&str> = counter_style(html, name, "symbols")
                .expect("symbols")
                .split_whitespace()
                .collect();
            let suffix = counter_style(html, name, "suffix").unwrap_or("\". \"");
            return format!(
                "{}{}",
                count_with(&symbols, system, n),
                suffix.trim_matches('"').trim_end()
            );
        }
        ("a", None) => count_with(&LETTERS, "alphabetic", n),
        ("i", None) => lower_roman(n),
        _ => n.to_string(),
    };
    format!("{core}.")
}

// ---------------------------------------------------------------------------------
// The checks
// ---------------------------------------------------------------------------------

/// Renders `doc` in all three formats and checks every list and heading against the
/// model.
fn assert_formats_agree(name: &str, doc: &Document) {
    let lists = model_lists(doc);
    let headings = model_headings(doc);

    // DOCX.
    let docx = raadsbrief::render::docx::render(doc).expect("DOCX renders");
    let got = docx_lists(&docx);
    let shown: Vec<&ListFacts> = lists.iter().filter(|l| !l.labels.is_empty()).collect();
    assert_eq!(got.len(), shown.len(), "{name}: DOCX lists {got:?}");
    for (model, docx) in shown.iter().zip(&got) {
        let (format, text) = docx_numbering(model.scheme, docx.ilvl);
        assert_eq!(
            (docx.format.as_str(), docx.text.as_str()),
            (format, text.as_str()),
            "{name}: DOCX scheme of {model:?}"
        );
        assert_eq!(docx.start, model.start, "{name}: DOCX start of {model:?}");
        assert_eq!(docx.labels, model.labels, "{name}: DOCX labels");
    }
    assert_eq!(
        docx_headings(&docx),
        headings,
        "{name}: DOCX outline levels"
    );

    // PDF.
    let pdf = raadsbrief::render::pdf::render(doc).expect("PDF renders");
    let tree = struct_tree(&pdf.bytes);
    assert_eq!(pdf_lists(&tree), model_pdf_lists(doc), "{name}: PDF lists");
    assert_eq!(pdf_headings(&tree), headings, "{name}: PDF headings");

    // HTML.
    let html = String::from_utf8(raadsbrief::render::html::render(doc).expect("HTML renders"))
        .expect("UTF-8");
    let (got, html_headings) = html_structure(&html);
    assert_eq!(got.len(), shown.len(), "{name}: HTML lists {got:?}");
    for (model, list) in shown.iter().zip(&got) {
        assert_eq!(
            list.ol_type.as_deref(),
            html_type(model.scheme),
            "{name}: HTML type of {model:?}"
        );
        assert_eq!(list.items, model.labels.len(), "{name}: HTML items");
        let labels: Vec<String> = match (&list.ol_type, &list.class) {
            (Some(t), _) => (0..list.items as u32)
                .map(|i| browser_label(&html, t, list.start + i))
                .collect(),
            (None, Some(class)) => vec![html_bullet(&html, class); list.items],
            (None, None) => panic!("{name}: a ul without a bullet class"),
        };
        if model.scheme.kind() == raadsbrief::document::ListKind::Numbered {
            assert_eq!(list.start, model.start, "{name}: HTML start of {model:?}");
        }
        assert_eq!(labels, model.labels, "{name}: HTML labels");
    }
    assert_eq!(html_headings, headings, "{name}: HTML headings");
}

#[test]
fn a_nested_list_starting_at_nine_reads_the_same_in_docx_pdf_and_html() {
    let doc = lists_document();
    let lists = model_lists(&doc);
    let facts = |scheme, start, labels: &[&str]| ListFacts {
        scheme,
        start,
        labels: labels.iter().map(|l| (*l).to_owned()).collect(),
    };
    assert_eq!(
        lists,
        [
            facts(Numbering::Decimal, 1, &["1.", "2."]),
            facts(Numbering::LowerAlpha, 9, &["i.", "j."]),
            facts(Numbering::LowerRoman, 1, &["i.", "ii.", "iii.", "iv."]),
            facts(Numbering::Bullet(BulletKind::Disc), 1, &["•"]),
            facts(Numbering::Bullet(BulletKind::Dash), 1, &["–"]),
            facts(Numbering::Bullet(BulletKind::Square), 1, &["▪"]),
            facts(Numbering::LowerAlpha, 25, &["y.", "z.", "aa.", "bb."]),
        ],
        "the model's own facts"
    );
    assert_eq!(
        model_headings(&doc),
        [
            (1, "Lijsten in drie formaten".to_owned()),
            (2, "Genummerd".to_owned()),
            (3, "Opsommingen".to_owned()),
            (2, "Lang".to_owned()),
        ]
    );
    assert_formats_agree("lists", &doc);
}

#[test]
fn an_empty_title_is_no_heading_in_any_format() {
    let doc = empty_title_document();
    assert_eq!(
        model_headings(&doc),
        [
            // Without a title, the top-level sections are siblings at H1.
            (1, "Aanleiding".to_owned()),
            (1, "Kernboodschap".to_owned()),
            (2, "Detail".to_owned()),
            (2, "Nog een".to_owned()),
        ]
    );
    assert_formats_agree("empty title", &doc);
    let html =
        String::from_utf8(raadsbrief::render::html::render(&doc).expect("renders")).expect("UTF-8");
    assert!(html.contains("<p class=\"title\">Late titel</p>"));
}

#[test]
fn the_samples_read_the_same_in_docx_pdf_and_html() {
    for (path, kinds) in [
        (common::GOOI, vec![Kind::Letter(0), Kind::Appendix]),
        (common::MIJOV, vec![Kind::Letter(0)]),
    ] {
        let validated = common::validated(path);
        for kind in kinds {
            let doc = common::document(&validated, kind);
            assert!(
                !model_headings(&doc).is_empty() && !model_lists(&doc).is_empty(),
                "{path} {kind:?}: a sample with headings and lists"
            );
            assert_formats_agree(&format!("{path} {kind:?}"), &doc);
        }
    }
}
