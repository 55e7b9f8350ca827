//! Tagged PDF, PDF/UA-1 and PDF/A-2 checks on the rendered files, read back with
//! lopdf: the machine-checkable part of what veraPDF and the Matterhorn protocol ask.
//!
//! - every text-showing operator is inside marked content that is an artifact or has
//!   an MCID the parent tree maps to a structure element, and nothing is tagged
//!   inside an artifact; every MCID is used once and claimed by exactly one element;
//! - headings start at H1 and never skip a level; lists are L › LI › Lbl/LBody;
//!   tables have TH cells with a scope; every Link element holds the annotation it
//!   belongs to (OBJR ↔ /StructParent); a Figure has /Alt;
//! - catalog: /MarkInfo, /Lang, /StructTreeRoot, /ViewerPreferences; pages: /Tabs /S;
//! - PDF/A: XMP identification (pdfaid 2A, pdfuaid 1 with its extension schema),
//!   Info and XMP agree, an sRGB output intent with an ICC profile, no transparency
//!   (/SMask, /CA, /ca), no encryption, an /ID, fonts embedded with ToUnicode, no
//!   .notdef shown.
//!
//! Run on both samples' letters and appendices and on a hand-built document with a
//! table, a list, links, a table of contents and a logo (PNG, and one with alpha).
//! `RAADSBRIEF_PDF_OUT=/some/dir` keeps the files for veraPDF or a screen reader.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::Arc;

use lopdf::content::Content;
use lopdf::{Dictionary, Document as LoDocument, Object, ObjectId};

use raadsbrief::compose::Kind;
use raadsbrief::document::{
    Block, BulletKind, Document, Field, FieldLayout, Fields, Image, ImageFormat, Inline, List,
    ListItem, Numbering, PageStyle, Properties, Rgb, Span, Table,
};
use raadsbrief::model::Date;
use raadsbrief::render::pdf::{render, render_with, PdfOptions, PdfProfile};

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

fn heading(level: u8, text: &str) -> Block {
    Block::heading(level, vec![Inline::plain(text)])
}

const TEXT: &str = "De gemeenteraad wordt via deze raadsinformatiebrief geïnformeerd over de \
    regionale samenwerkingsafspraken die de colleges in het kader van de Norm voor \
    Opdrachtgeverschap hebben gemaakt. ’s-Hertogenbosch, Súdwest-Fryslân en Bergen (NH.) \
    dienen als voorbeeld: ‘aanhalingstekens’ ook.";

fn logo_from_file() -> Image {
    let bytes = std::fs::read("tests/data/logo.png").expect("tests/data/logo.png");
    // Width and height from the IHDR chunk.
    let be =
        |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    let (w, h) = (be(16), be(20));
    Image {
        bytes: Arc::new(bytes),
        format: ImageFormat::Png,
        width_px: w,
        height_px: h,
        alt: "Logo gemeente Blaricum".into(),
    }
}

/// A hand-built letter: title, fields, table of contents, nested headings, lists, a
/// link, a table that crosses a page (so its header row repeats), a logo.
fn hand_built(logo: Image, draft: bool) -> Document {
    let mut blocks = vec![
        Block::title(vec![Inline::plain("Samenwerkingsdocument jeugdhulp")]),
        Block::Subtitle(vec![Inline::plain("Norm voor Opdrachtgeverschap")]),
        Block::Fields(Fields {
            layout: FieldLayout::Inline,
            rows: vec![
                Field {
                    label: vec![Inline::plain("Van")],
                    value: vec![Inline::plain("College van Burgemeester en Wethouders")],
                },
                Field {
                    label: vec![Inline::plain("Aan")],
                    value: vec![Inline::plain("Gemeente Súdwest-Fryslân - Gemeenteraad")],
                },
            ],
        }),
        Block::Fields(Fields {
            layout: FieldLayout::Stacked,
            rows: vec![Field {
                label: vec![Inline::plain("Onderwerp")],
                value: vec![Inline::plain("Doorontwikkeling samenwerkingsafspraken")],
            }],
        }),
        Block::TableOfContents,
        heading(1, "Aanleiding"),
        Block::Paragraph(vec![
            Inline::plain("Zie "),
            Inline::Text(Span {
                text: "de website van de VNG over de Norm voor Opdrachtgeverschap".into(),
                link: Some("https://vng.nl/artikelen/norm-voor-opdrachtgeverschap".into()),
                ..Span::default()
            }),
            Inline::plain(". "),
            Inline::plain(TEXT),
        ]),
        // A level-3 heading right under a level-1 one: the PDF must not skip a level.
        heading(3, "Een diep genummerde kop"),
        Block::List(List {
            scheme: Numbering::Decimal,
            start: 1,
            items: vec![
                item("de gewenste ontwikkeling van het zorglandschap"),
                ListItem {
                    blocks: vec![
                        para("de lokale toegang"),
                        Block::List(List {
                            scheme: Numbering::Bullet(BulletKind::Dash),
                            start: 1,
                            items: vec![item("veilige leefomgeving"), item("brede blik")],
                        }),
                    ],
                },
            ],
        }),
        heading(2, "Overzicht"),
    ];
    let row = |a: &str, b: &str, c: &str| {
        vec![
            vec![Inline::plain(a)],
            vec![Inline::plain(b)],
            vec![Inline::plain(c)],
        ]
    };
    blocks.push(Block::Table(Table {
        widths: vec![1.0, 4.0, 1.5],
        header: row("Nr.", "Afspraak", "Status"),
        rows: (1..=60)
            .map(|i| {
                row(
                    &i.to_string(),
                    &format!("Afspraak {i} over de samenwerking"),
                    "Voldaan",
                )
            })
            .collect(),
    }));
    for i in 0..4 {
        blocks.push(heading(1, &format!("Paragraaf {i}")));
        blocks.push(para(TEXT));
        blocks.push(heading(2, "Toelichting"));
        blocks.push(para(&format!("{TEXT} {TEXT}")));
    }
    Document::new(
        Properties {
            title: "Samenwerkingsdocument – Súdwest-Fryslân".into(),
            subject: "Norm voor Opdrachtgeverschap".into(),
            author: "College van Burgemeester en Wethouders".into(),
            keywords: vec!["jeugdhulp".into(), "NvO".into()],
            language: "nl-NL".into(),
            date: Date {
                year: 2026,
                month: 11,
                day: 23,
            },
        },
        PageStyle {
            header: "Gemeente Súdwest-Fryslân".into(),
            footer: "Pagina {pagina} van {paginas}".into(),
            draft,
            logo: Some(logo),
            style: raadsbrief::document::style::HouseStyle::with_accent(Rgb(0x1F, 0x5F, 0x8B))
                .justified(true),
        },
        blocks,
    )
}

/// A 16×8 RGBA PNG, half of it transparent: the PDF must carry no soft mask.
fn rgba_logo() -> Image {
    let (w, h) = (16u32, 8u32);
    // Each row: filter byte 0, then the left half opaque, the right half transparent.
    let row: Vec<u8> = std::iter::once(0)
        .chain((0..w).flat_map(|x| [0x1F, 0x5F, 0x8B, if x < 8 { 255 } else { 0 }]))
        .collect();
    let raw = row.repeat(h as usize);
    let mut z = vec![0x78, 0x01, 0x01];
    let len = raw.len() as u16;
    z.extend_from_slice(&len.to_le_bytes());
    z.extend_from_slice(&(!len).to_le_bytes());
    z.extend_from_slice(&raw);
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in &raw {
        a = (a + u32::from(byte)) % 65521;
        b = (b + a) % 65521;
    }
    z.extend_from_slice(&((b << 16) | a).to_be_bytes());
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut chunk = |kind: &[u8], data: &[u8]| {
        png.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        png.extend_from_slice(&body);
        let mut crc = 0xFFFF_FFFFu32;
        for &byte in &body {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        png.extend_from_slice(&(!crc).to_be_bytes());
    };
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    chunk(b"IHDR", &ihdr);
    chunk(b"IDAT", &z);
    chunk(b"IEND", &[]);
    Image {
        bytes: Arc::new(png),
        format: ImageFormat::Png,
        width_px: w,
        height_px: h,
        alt: "Logo met transparantie".into(),
    }
}

fn keep(name: &str, bytes: &[u8]) {
    if let Ok(dir) = std::env::var("RAADSBRIEF_PDF_OUT") {
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(Path::new(&dir).join(name), bytes);
    }
}

fn plain(doc: &Document) -> Vec<u8> {
    render_with(
        doc,
        &PdfOptions {
            profile: PdfProfile::Plain,
        },
    )
    .expect("renders")
    .bytes
}

// ---------------------------------------------------------------------------------
// The checker
// ---------------------------------------------------------------------------------

/// What a check found, for assertions particular to one document.
#[derive(Debug, Default)]
struct Found {
    /// Structure types in document order (pre-order), e.g. "H1", "P", "Link".
    types: Vec<String>,
    figures: Vec<String>,
    tables: usize,
    links: usize,
    pages: usize,
    tagged_text_ops: usize,
    artifact_text_ops: usize,
}

fn name_of(o: &Object) -> Option<String> {
    o.as_name()
        .ok()
        .map(|n| String::from_utf8_lossy(n).into_owned())
}

fn deref<'a>(pdf: &'a LoDocument, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => pdf.get_object(*id).unwrap_or(o),
        _ => o,
    }
}

fn dict<'a>(pdf: &'a LoDocument, o: &'a Object) -> Option<&'a Dictionary> {
    match deref(pdf, o) {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

struct Walk<'a> {
    pdf: &'a LoDocument,
    page_index: HashMap<ObjectId, usize>,
    /// (page, MCID) → the element that claims it.
    claimed: BTreeMap<(usize, i64), ObjectId>,
    /// Annotation → the Link element holding its OBJR.
    objr: HashMap<ObjectId, ObjectId>,
    found: Found,
    /// Heading levels in order.
    headings: Vec<u8>,
    /// TH elements seen so far.
    th_cells: usize,
    name: String,
}

impl Walk<'_> {
    fn elem(&mut self, id: ObjectId, parent: Option<ObjectId>, parent_type: &str) {
        let name = self.name.clone();
        let pdf = self.pdf;
        let d = pdf.get_dictionary(id).expect("struct elem");
        assert_eq!(
            name_of(d.get(b"Type").expect("Type")).as_deref(),
            Some("StructElem"),
            "{name}"
        );
        let s = name_of(d.get(b"S").expect("S")).expect("S name");
        if let Some(p) = parent {
            assert_eq!(
                d.get(b"P").and_then(Object::as_reference).ok(),
                Some(p),
                "{name}: /P of {s}"
            );
        }
        self.found.types.push(s.clone());
        let standard = [
            "Document", "H1", "H2", "H3", "H4", "H5", "H6", "P", "L", "LI", "Lbl", "LBody",
            "Table", "TR", "TH", "TD", "TOC", "TOCI", "Link", "Figure", "Span", "Div",
        ];
        assert!(
            standard.contains(&s.as_str()),
            "{name}: non-standard type {s}"
        );
        // Containment that PDF/UA checks.
        match s.as_str() {
            "LI" => assert_eq!(parent_type, "L", "{name}: LI outside L"),
            "Lbl" | "LBody" => assert_eq!(parent_type, "LI", "{name}: {s} outside LI"),
            "TR" => assert_eq!(parent_type, "Table", "{name}: TR outside Table"),
            "TH" | "TD" => assert_eq!(parent_type, "TR", "{name}: {s} outside TR"),
            "TOCI" => assert_eq!(parent_type, "TOC", "{name}: TOCI outside TOC"),
            _ => {}
        }
        if let Some(level) = s.strip_prefix('H').and_then(|l| l.parse::<u8>().ok()) {
            self.headings.push(level);
        }
        let attr = d.get(b"A").ok().and_then(|a| dict(pdf, a));
        match s.as_str() {
            "TH" => {
                let attr = attr.unwrap_or_else(|| panic!("{name}: TH without attributes"));
                assert_eq!(
                    name_of(attr.get(b"O").expect("O")).as_deref(),
                    Some("Table")
                );
                let scope = name_of(attr.get(b"Scope").expect("TH /Scope")).unwrap_or_default();
                assert!(
                    ["Column", "Row", "Both"].contains(&scope.as_str()),
                    "{name}: scope {scope}"
                );
            }
            "L" => {
                let attr = attr.unwrap_or_else(|| panic!("{name}: L without /ListNumbering"));
                assert!(
                    attr.has(b"ListNumbering"),
                    "{name}: L without /ListNumbering"
                );
            }
            "Figure" => {
                let alt = d.get(b"Alt").map(common::pdf_text).unwrap_or_default();
                assert!(!alt.trim().is_empty(), "{name}: Figure without /Alt");
                self.found.figures.push(alt);
                let bbox = attr.and_then(|a| a.get(b"BBox").ok());
                assert!(bbox.is_some(), "{name}: Figure without /BBox");
            }
            "Table" => self.found.tables += 1,
            "Link" => self.found.links += 1,
            _ => {}
        }
        let home = d
            .get(b"Pg")
            .and_then(Object::as_reference)
            .ok()
            .and_then(|p| self.page_index.get(&p).copied());
        let kids: Vec<Object> = match d.get(b"K") {
            Ok(Object::Array(a)) => a.clone(),
            Ok(o) => vec![o.clone()],
            Err(_) => Vec::new(),
        };
        let mut has_objr = false;
        // A table's header cells: counted while its rows are walked.
        let th_before = self.th_cells;
        for kid in kids {
            match &kid {
                Object::Integer(mcid) => {
                    let page =
                        home.unwrap_or_else(|| panic!("{name}: MCID kid of {s} without /Pg"));
                    self.claim(page, *mcid, id);
                }
                Object::Reference(r)
                    if dict(pdf, &kid)
                        .and_then(|k| k.get(b"Type").ok())
                        .and_then(name_of)
                        .as_deref()
                        == Some("StructElem") =>
                {
                    self.elem(*r, Some(id), &s);
                }
                _ => {
                    let k = dict(pdf, &kid).unwrap_or_else(|| panic!("{name}: odd kid {kid:?}"));
                    let kind = k.get(b"Type").ok().and_then(name_of).unwrap_or_default();
                    let page = k
                        .get(b"Pg")
                        .and_then(Object::as_reference)
                        .ok()
                        .and_then(|p| self.page_index.get(&p).copied())
                        .or(home)
                        .unwrap_or_else(|| panic!("{name}: {kind} without a page"));
                    match kind.as_str() {
                        "MCR" => {
                            let mcid = k.get(b"MCID").and_then(Object::as_i64).expect("MCID");
                            self.claim(page, mcid, id);
                        }
                        "OBJR" => {
                            let annot = k.get(b"Obj").and_then(Object::as_reference).expect("Obj");
                            assert_eq!(s, "Link", "{name}: OBJR outside a Link");
                            assert!(
                                self.objr.insert(annot, id).is_none(),
                                "{name}: annotation claimed twice"
                            );
                            has_objr = true;
                        }
                        other => panic!("{name}: unexpected kid type {other}"),
                    }
                }
            }
        }
        if s == "Link" {
            assert!(
                has_objr,
                "{name}: a Link element without its annotation (OBJR)"
            );
        }
        match s.as_str() {
            "TH" => self.th_cells += 1,
            "Table" => assert!(
                self.th_cells > th_before,
                "{name}: a table without header cells (TH)"
            ),
            _ => {}
        }
    }

    fn claim(&mut self, page: usize, mcid: i64, elem: ObjectId) {
        let name = &self.name;
        assert!(
            self.claimed.insert((page, mcid), elem).is_none(),
            "{name}: MCID {mcid} on page {page} claimed twice"
        );
    }
}

/// Every check of a tagged, archival file; returns what it found.
fn check_archival(bytes: &[u8], name: &str) -> Found {
    let pdf = LoDocument::load_mem(bytes).expect("reads");
    assert_eq!(pdf.version, "1.7", "{name}");
    assert!(!pdf.trailer.has(b"Encrypt"), "{name}: encrypted");
    assert!(
        matches!(pdf.trailer.get(b"ID"), Ok(Object::Array(a)) if a.len() == 2),
        "{name}: /ID"
    );
    let catalog = pdf.catalog().expect("catalog");

    // Catalog.
    let mark_info = catalog
        .get(b"MarkInfo")
        .ok()
        .and_then(|m| dict(&pdf, m))
        .expect("MarkInfo");
    assert_eq!(
        mark_info.get(b"Marked").and_then(Object::as_bool).ok(),
        Some(true),
        "{name}"
    );
    assert_eq!(
        catalog.get(b"Lang").map(common::pdf_text).ok().as_deref(),
        Some("nl-NL"),
        "{name}"
    );
    let prefs = catalog
        .get(b"ViewerPreferences")
        .ok()
        .and_then(|v| dict(&pdf, v))
        .expect("prefs");
    assert_eq!(
        prefs.get(b"DisplayDocTitle").and_then(Object::as_bool).ok(),
        Some(true)
    );

    // Pages.
    let pages: Vec<ObjectId> = pdf.get_pages().into_values().collect();
    let page_index: HashMap<ObjectId, usize> =
        pages.iter().enumerate().map(|(i, p)| (*p, i)).collect();
    for (i, p) in pages.iter().enumerate() {
        let d = pdf.get_dictionary(*p).expect("page");
        assert_eq!(
            d.get(b"Tabs").ok().and_then(name_of).as_deref(),
            Some("S"),
            "{name}: page {i} /Tabs"
        );
        assert_eq!(
            d.get(b"StructParents").and_then(Object::as_i64).ok(),
            Some(i as i64),
            "{name}: page {i}"
        );
    }

    // The structure tree.
    let root = catalog
        .get(b"StructTreeRoot")
        .ok()
        .and_then(|r| dict(&pdf, r))
        .expect("StructTreeRoot");
    assert!(
        !root.has(b"RoleMap"),
        "{name}: only standard types, no RoleMap needed"
    );
    let doc_elem = root
        .get(b"K")
        .and_then(Object::as_reference)
        .expect("root /K is the Document element");
    let mut walk = Walk {
        pdf: &pdf,
        page_index: page_index.clone(),
        claimed: BTreeMap::new(),
        objr: HashMap::new(),
        found: Found {
            pages: pages.len(),
            ..Found::default()
        },
        headings: Vec::new(),
        th_cells: 0,
        name: name.to_owned(),
    };
    walk.elem(doc_elem, None, "");
    assert_eq!(
        walk.found.types.first().map(String::as_str),
        Some("Document"),
        "{name}"
    );

    // Headings nest: the first is H1, and none is more than one level below the one
    // before it.
    if let Some(first) = walk.headings.first() {
        assert_eq!(*first, 1, "{name}: first heading is H{first}");
    }
    for pair in walk.headings.windows(2) {
        assert!(
            pair[1] <= pair[0] + 1,
            "{name}: H{} follows H{}",
            pair[1],
            pair[0]
        );
    }

    // The parent tree: per page the element of every MCID; then the annotations.
    let parent_tree = root
        .get(b"ParentTree")
        .ok()
        .and_then(|p| dict(&pdf, p))
        .expect("ParentTree");
    let next_key = root
        .get(b"ParentTreeNextKey")
        .and_then(Object::as_i64)
        .expect("ParentTreeNextKey");
    let nums = match parent_tree.get(b"Nums").map(|n| deref(&pdf, n)) {
        Ok(Object::Array(a)) => a.clone(),
        other => panic!("{name}: ParentTree /Nums {other:?}"),
    };
    let mut tree: HashMap<i64, Object> = HashMap::new();
    for pair in nums.chunks(2) {
        let key = pair[0].as_i64().expect("key");
        assert!(key < next_key, "{name}: key {key} ≥ ParentTreeNextKey");
        tree.insert(key, pair[1].clone());
    }
    let mut mapped: BTreeMap<(usize, i64), ObjectId> = BTreeMap::new();
    for (i, _) in pages.iter().enumerate() {
        if let Some(Object::Array(a)) = tree.get(&(i as i64)).map(|o| deref(&pdf, o)) {
            for (mcid, e) in a.iter().enumerate() {
                let e = e
                    .as_reference()
                    .unwrap_or_else(|_| panic!("{name}: page {i} MCID {mcid} unmapped"));
                mapped.insert((i, mcid as i64), e);
            }
        }
    }
    assert_eq!(
        mapped, walk.claimed,
        "{name}: parent tree and structure tree disagree"
    );

    // Link annotations: each in a Link element, with /StructParent back to it and an
    // alternative description.
    for (i, p) in pages.iter().enumerate() {
        let d = pdf.get_dictionary(*p).expect("page");
        let Ok(Object::Array(annots)) = d.get(b"Annots") else {
            continue;
        };
        for a in annots {
            let id = a.as_reference().expect("annotation reference");
            let ad = pdf.get_dictionary(id).expect("annotation");
            assert_eq!(
                name_of(ad.get(b"Subtype").expect("Subtype")).as_deref(),
                Some("Link")
            );
            let elem = walk
                .objr
                .get(&id)
                .unwrap_or_else(|| panic!("{name}: page {i} annotation not in a Link element"));
            let key = ad
                .get(b"StructParent")
                .and_then(Object::as_i64)
                .expect("StructParent");
            assert_eq!(
                tree.get(&key).and_then(|o| o.as_reference().ok()),
                Some(*elem),
                "{name}: /StructParent"
            );
            assert!(
                !ad.get(b"Contents")
                    .map(common::pdf_text)
                    .unwrap_or_default()
                    .trim()
                    .is_empty(),
                "{name}: link without /Contents"
            );
            assert_eq!(
                ad.get(b"F").and_then(Object::as_i64).ok(),
                Some(4),
                "{name}: print flag"
            );
        }
    }

    // Content streams: every text operator and every painting operator in marked
    // content; MCIDs unique per page and in the parent tree.
    let mut found = walk.found;
    for (i, p) in pages.iter().enumerate() {
        let content = Content::decode(&pdf.get_page_content(*p)).expect("decodes");
        // (is artifact, MCID)
        let mut stack: Vec<(bool, Option<i64>)> = Vec::new();
        let mut seen: BTreeSet<i64> = BTreeSet::new();
        for op in &content.operations {
            let in_artifact = stack.iter().any(|(a, _)| *a);
            let mcid = stack.iter().rev().find_map(|(_, m)| *m);
            match op.operator.as_str() {
                "BMC" | "BDC" => {
                    let artifact =
                        op.operands.first().and_then(name_of).as_deref() == Some("Artifact");
                    let id = op
                        .operands
                        .get(1)
                        .and_then(|o| o.as_dict().ok())
                        .and_then(|d| d.get(b"MCID").and_then(Object::as_i64).ok());
                    if let Some(id) = id {
                        assert!(
                            !in_artifact,
                            "{name}: page {i}: MCID {id} inside an artifact"
                        );
                        assert!(
                            mcid.is_none(),
                            "{name}: page {i}: MCID {id} nested in MCID {mcid:?}"
                        );
                        assert!(seen.insert(id), "{name}: page {i}: MCID {id} used twice");
                        assert!(
                            mapped.contains_key(&(i, id)),
                            "{name}: page {i}: MCID {id} not in the parent tree"
                        );
                    }
                    stack.push((artifact, id));
                }
                "EMC" => {
                    assert!(
                        stack.pop().is_some(),
                        "{name}: page {i}: EMC without BMC/BDC"
                    );
                }
                "Tj" | "TJ" | "'" | "\"" => {
                    assert!(
                        in_artifact || mcid.is_some(),
                        "{name}: page {i}: text outside marked content"
                    );
                    if in_artifact {
                        found.artifact_text_ops += 1;
                    } else {
                        found.tagged_text_ops += 1;
                    }
                    // .notdef (code 0) must never be shown (PDF/A-2, 6.2.11.8).
                    let strings: Vec<&[u8]> = op
                        .operands
                        .iter()
                        .flat_map(|o| match o {
                            Object::String(b, _) => vec![b.as_slice()],
                            Object::Array(a) => a.iter().filter_map(|x| x.as_str().ok()).collect(),
                            _ => Vec::new(),
                        })
                        .collect();
                    for s in strings {
                        assert!(
                            !s.chunks(2).any(|c| c == [0, 0]),
                            "{name}: page {i}: .notdef shown"
                        );
                    }
                }
                "S" | "s" | "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" | "Do" | "sh" => {
                    assert!(
                        in_artifact || mcid.is_some(),
                        "{name}: page {i}: `{}` outside marked content",
                        op.operator
                    );
                }
                _ => {}
            }
        }
        assert!(
            stack.is_empty(),
            "{name}: page {i}: unclosed marked content"
        );
        assert_eq!(
            seen.len(),
            mapped.keys().filter(|(p, _)| *p == i).count(),
            "{name}: page {i}: parent tree lists MCIDs the page does not use"
        );
    }

    check_pdfa(&pdf, name);
    found
}

/// PDF/A-2 (and PDF/UA-1 identification): metadata, output intent, no transparency,
/// fonts.
fn check_pdfa(pdf: &LoDocument, name: &str) {
    let catalog = pdf.catalog().expect("catalog");
    let xmp_id = catalog
        .get(b"Metadata")
        .and_then(Object::as_reference)
        .expect("Metadata");
    let xmp_stream = pdf
        .get_object(xmp_id)
        .and_then(Object::as_stream)
        .expect("XMP stream");
    assert!(
        !xmp_stream.dict.has(b"Filter"),
        "{name}: XMP must stay unfiltered"
    );
    let xmp = String::from_utf8(xmp_stream.content.clone()).expect("XMP is UTF-8");
    for needle in [
        "<pdfaid:part>2</pdfaid:part>",
        "<pdfaid:conformance>A</pdfaid:conformance>",
        "<pdfuaid:part>1</pdfuaid:part>",
        "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>",
        "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>",
        "<pdfaProperty:name>part</pdfaProperty:name>",
    ] {
        assert!(xmp.contains(needle), "{name}: XMP lacks {needle}");
    }
    assert!(
        !xmp.contains("bytes=") && !xmp.contains("encoding="),
        "{name}: xpacket attributes"
    );

    // Info and XMP agree (ISO 19005-2, 6.6.3).
    let info_id = pdf
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .expect("Info");
    let info = pdf.get_dictionary(info_id).expect("Info dict");
    let xml = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let title = info.get(b"Title").map(common::pdf_text).expect("Title");
    assert!(!title.trim().is_empty(), "{name}: empty title");
    assert!(
        xmp.contains(&format!(
            "<rdf:li xml:lang=\"x-default\">{}</rdf:li>",
            xml(&title)
        )),
        "{name}: dc:title ≠ Title"
    );
    if let Ok(author) = info.get(b"Author").map(common::pdf_text) {
        assert!(
            xmp.contains(&format!(
                "<dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>",
                xml(&author)
            )),
            "{name}: dc:creator ≠ Author"
        );
    }
    let producer = info
        .get(b"Producer")
        .map(common::pdf_text)
        .expect("Producer");
    assert!(xmp.contains(&format!("<pdf:Producer>{}</pdf:Producer>", xml(&producer))));
    let creator = info.get(b"Creator").map(common::pdf_text).expect("Creator");
    assert!(xmp.contains(&format!(
        "<xmp:CreatorTool>{}</xmp:CreatorTool>",
        xml(&creator)
    )));
    if let Ok(k) = info.get(b"Keywords").map(common::pdf_text) {
        assert!(
            xmp.contains(&format!("<pdf:Keywords>{}</pdf:Keywords>", xml(&k))),
            "{name}: pdf:Keywords ≠ Keywords"
        );
    }
    for (key, tag) in [
        (&b"CreationDate"[..], "xmp:CreateDate"),
        (b"ModDate", "xmp:ModifyDate"),
    ] {
        let d = info.get(key).map(common::pdf_text).expect("date");
        // D:YYYYMMDDHHmmSSZ ↔ YYYY-MM-DDTHH:mm:SSZ
        assert_eq!(d.len(), 17, "{name}: {d}");
        let iso = format!(
            "{}-{}-{}T{}:{}:{}Z",
            &d[2..6],
            &d[6..8],
            &d[8..10],
            &d[10..12],
            &d[12..14],
            &d[14..16]
        );
        assert!(
            xmp.contains(&format!("<{tag}>{iso}</{tag}>")),
            "{name}: {tag} ≠ {d}"
        );
    }

    // The sRGB output intent.
    let intents = match catalog.get(b"OutputIntents").map(|o| deref(pdf, o)) {
        Ok(Object::Array(a)) => a.clone(),
        other => panic!("{name}: OutputIntents {other:?}"),
    };
    assert_eq!(intents.len(), 1, "{name}");
    let intent = dict(pdf, &intents[0]).expect("intent");
    assert_eq!(
        intent.get(b"S").ok().and_then(name_of).as_deref(),
        Some("GTS_PDFA1")
    );
    assert!(intent.has(b"OutputConditionIdentifier"));
    let profile = intent
        .get(b"DestOutputProfile")
        .and_then(Object::as_reference)
        .expect("DestOutputProfile");
    let profile = pdf
        .get_object(profile)
        .and_then(Object::as_stream)
        .expect("ICC stream");
    assert_eq!(
        profile.dict.get(b"N").and_then(Object::as_i64).ok(),
        Some(3)
    );
    let icc = profile
        .decompressed_content()
        .unwrap_or_else(|_| profile.content.clone());
    assert_eq!(&icc[36..40], b"acsp", "{name}: ICC signature");
    assert_eq!(&icc[16..20], b"RGB ", "{name}: ICC colour space");
    assert!(icc[8] <= 4, "{name}: ICC version");

    // No transparency, embedded fonts with ToUnicode.
    for (id, object) in &pdf.objects {
        let d = match object {
            Object::Dictionary(d) => d,
            Object::Stream(s) => &s.dict,
            _ => continue,
        };
        assert!(!d.has(b"SMask"), "{name}: {id:?} has /SMask");
        for key in [&b"CA"[..], b"ca"] {
            if let Ok(v) = d.get(key).and_then(Object::as_float) {
                assert!(
                    v >= 1.0,
                    "{name}: {id:?} has /{} {v}",
                    String::from_utf8_lossy(key)
                );
            }
        }
        assert!(!d.has(b"JS") && !d.has(b"JavaScript"), "{name}: JavaScript");
        if d.get(b"Type").ok().and_then(name_of).as_deref() == Some("Font")
            && d.get(b"Subtype").ok().and_then(name_of).as_deref() == Some("Type0")
        {
            assert!(d.has(b"ToUnicode"), "{name}: font without ToUnicode");
            let descendant = match d.get(b"DescendantFonts").map(|o| deref(pdf, o)) {
                Ok(Object::Array(a)) => dict(pdf, &a[0]).expect("CIDFont").clone(),
                other => panic!("{name}: DescendantFonts {other:?}"),
            };
            assert!(
                descendant.has(b"CIDToGIDMap"),
                "{name}: CIDFontType2 without CIDToGIDMap"
            );
            let descriptor = descendant
                .get(b"FontDescriptor")
                .ok()
                .and_then(|f| dict(pdf, f))
                .expect("descriptor");
            assert!(descriptor.has(b"FontFile2"), "{name}: font not embedded");
        }
    }
}

/// The plain profile: none of it.
fn check_plain(bytes: &[u8], name: &str) {
    let pdf = LoDocument::load_mem(bytes).expect("reads");
    let catalog = pdf.catalog().expect("catalog");
    for key in [&b"StructTreeRoot"[..], b"MarkInfo", b"OutputIntents"] {
        assert!(
            !catalog.has(key),
            "{name}: plain has /{}",
            String::from_utf8_lossy(key)
        );
    }
    let xmp_id = catalog
        .get(b"Metadata")
        .and_then(Object::as_reference)
        .expect("Metadata");
    let xmp = &pdf
        .get_object(xmp_id)
        .and_then(Object::as_stream)
        .expect("XMP")
        .content;
    let xmp = String::from_utf8_lossy(xmp);
    assert!(
        !xmp.contains("pdfaid") && !xmp.contains("pdfuaid"),
        "{name}: plain claims PDF/A"
    );
    // Still: furniture as artifacts, language, title shown.
    assert!(catalog.has(b"Lang"));
}

// ---------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------

#[test]
fn sample_letters_and_appendices_are_tagged_pdf_ua_and_pdf_a() {
    for (path, short) in [(common::GOOI, "gooi"), (common::MIJOV, "mijov")] {
        let v = common::validated(path);
        for kind in [Kind::Letter(0), Kind::Appendix] {
            let doc = common::document(&v, kind);
            let name = format!("{short} {kind:?}");
            let out = render(&doc).expect("renders");
            keep(
                &format!(
                    "{short}-{}.pdf",
                    if kind == Kind::Appendix {
                        "appendix"
                    } else {
                        "letter"
                    }
                ),
                &out.bytes,
            );
            let found = check_archival(&out.bytes, &name);
            assert!(found.tagged_text_ops > 20, "{name}: {found:?}");
            assert!(
                found.artifact_text_ops >= found.pages,
                "{name}: footers are artifacts"
            );
            assert!(
                found.types.iter().any(|t| t == "H1"),
                "{name}: {:?}",
                found.types
            );
            assert!(found.types.iter().any(|t| t == "L"), "{name}: lists");
            if kind == Kind::Appendix {
                assert!(found.tables >= 1, "{name}: the overview table");
                assert!(
                    found.types.iter().any(|t| t == "TOC"),
                    "{name}: table of contents"
                );
                // The appendix's title is the one H1; its headings sit below it.
                assert_eq!(
                    found.types.iter().filter(|t| *t == "H1").count(),
                    1,
                    "{name}"
                );
            }
            let p = plain(&doc);
            check_plain(&p, &name);
            assert!(p.len() < out.bytes.len(), "{name}: plain is smaller");
        }
    }
}

#[test]
fn hand_built_document_with_table_logo_and_links() {
    for draft in [false, true] {
        let doc = hand_built(logo_from_file(), draft);
        let out = render(&doc).expect("renders");
        keep(
            &format!("hand-built{}.pdf", if draft { "-concept" } else { "" }),
            &out.bytes,
        );
        let name = format!("hand-built draft={draft}");
        let found = check_archival(&out.bytes, &name);
        assert!(
            found.pages >= 3,
            "{name}: the table crosses a page ({} pages)",
            found.pages
        );
        // The logo is on every page, a Figure only on the first.
        assert_eq!(
            found.figures,
            vec!["Logo gemeente Blaricum".to_owned()],
            "{name}"
        );
        assert_eq!(
            found.types.get(1).map(String::as_str),
            Some("Figure"),
            "{name}: logo read first"
        );
        assert_eq!(found.tables, 1, "{name}");
        // The URI link, and one per table-of-contents entry.
        assert!(found.links >= 10, "{name}: {} links", found.links);
        // Title → H1, heading levels 1, 3, 2 → H2, H3, H3 (no skipped level).
        let headings: Vec<&str> = found
            .types
            .iter()
            .map(String::as_str)
            .filter(|t| t.starts_with('H'))
            .collect();
        assert_eq!(&headings[..4], ["H1", "H2", "H3", "H3"], "{name}");
        check_plain(&plain(&doc), &name);
    }
}

/// A repeated header row is an artifact; the first occurrence is the TH row, once.
#[test]
fn repeated_table_header_is_an_artifact() {
    let doc = hand_built(logo_from_file(), false);
    let out = render(&doc).expect("renders");
    let pdf = LoDocument::load_mem(&out.bytes).expect("reads");
    let found = check_archival(&out.bytes, "hand-built");
    assert_eq!(
        found.types.iter().filter(|t| *t == "TH").count(),
        3,
        "one header row of three cells"
    );
    // Every page after the first the table reaches starts with /Artifact
    // <</Type /Pagination>> content: the repeated header.
    let mut repeats = 0;
    for (_, p) in pdf.get_pages() {
        let content = Content::decode(&pdf.get_page_content(p)).expect("decodes");
        repeats += content
            .operations
            .iter()
            .filter(|op| {
                op.operator == "BDC"
                    && op
                        .operands
                        .get(1)
                        .and_then(|o| o.as_dict().ok())
                        .is_some_and(|d| {
                            d.get(b"Type").ok().and_then(name_of).as_deref() == Some("Pagination")
                                && !d.has(b"Subtype")
                        })
            })
            .count();
    }
    assert!(
        repeats >= 1,
        "the header row repeats as a pagination artifact"
    );
}

#[test]
fn transparent_logo_is_flattened() {
    let doc = hand_built(rgba_logo(), false);
    let out = render(&doc).expect("renders");
    keep("hand-built-rgba.pdf", &out.bytes);
    let found = check_archival(&out.bytes, "rgba logo");
    assert_eq!(found.figures, vec!["Logo met transparantie".to_owned()]);
}

#[test]
fn untagged_and_tagged_show_the_same_pages() {
    // The profile changes marking, not layout: same page count, same text operators.
    let doc = hand_built(logo_from_file(), true);
    let tagged = LoDocument::load_mem(&render(&doc).expect("renders").bytes).expect("reads");
    let untagged = LoDocument::load_mem(&plain(&doc)).expect("reads");
    assert_eq!(tagged.get_pages().len(), untagged.get_pages().len());
    let text_ops = |pdf: &LoDocument| -> usize {
        pdf.get_pages()
            .values()
            .map(|p| {
                Content::decode(&pdf.get_page_content(*p))
                    .expect("decodes")
                    .operations
                    .iter()
                    .filter(|op| op.operator == "TJ")
                    .count()
            })
            .sum()
    };
    assert_eq!(text_ops(&tagged), text_ops(&untagged));
}

// ---------------------------------------------------------------------------------
// The checker catches what it should
// ---------------------------------------------------------------------------------

#[test]
#[should_panic(expected = "MarkInfo")]
fn checker_rejects_an_untagged_file() {
    let doc = hand_built(logo_from_file(), false);
    check_archival(&plain(&doc), "plain");
}

/// Takes the MCID off the first tagged sequence of page 1: its text is then
/// neither tagged nor an artifact.
#[test]
#[should_panic(expected = "text outside marked content")]
fn checker_rejects_untagged_text() {
    let doc = hand_built(logo_from_file(), false);
    let mut pdf = LoDocument::load_mem(&render(&doc).expect("renders").bytes).expect("reads");
    let page = *pdf.get_pages().get(&1).expect("page 1");
    let mut content = Content::decode(&pdf.get_page_content(page)).expect("decodes");
    let op = content
        .operations
        .iter_mut()
        .find(|op| {
            op.operator == "BDC" && op.operands.first().and_then(name_of).as_deref() == Some("H1")
        })
        .expect("the title's sequence");
    op.operator = "BMC".into();
    op.operands.truncate(1);
    pdf.change_page_content(page, content.encode().expect("encodes"))
        .expect("changes");
    let mut bytes = Vec::new();
    pdf.save_to(&mut bytes).expect("saves");
    check_archival(&bytes, "mutated");
}
