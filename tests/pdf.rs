//! The PDF renderer end to end: layout invariants, then the file read back with lopdf
//! (text in reading order, embedded subset fonts, language, outline, determinism).
//!
//! Set `RAADSBRIEF_PDF_OUT=/some/dir` to keep the rendered files for a look with
//! poppler (`pdftoppm`, `pdffonts`, `pdftotext`) or qpdf.

mod common;

use std::collections::BTreeMap;
use std::sync::Arc;

use lopdf::content::Content;
use lopdf::{Document as LoDocument, Object, ObjectId};

use raadsbrief::document::{
    Block, BulletKind, Document, Field, FieldLayout, Fields, Image, ImageFormat, Inline, List,
    ListItem, ListKind, Numbering, PageStyle, Properties, Rgb, Signatures, Signer, Span, Table,
};
use raadsbrief::layout::{self, GlyphKind, ItemKind, Layout, Role};
use raadsbrief::model::Date;
use raadsbrief::render::pdf::{render, render_layout};

// ---------------------------------------------------------------------------------
// Building documents
// ---------------------------------------------------------------------------------

fn para(text: &str) -> Block {
    Block::Paragraph(vec![Inline::plain(text)])
}

fn item(text: &str) -> ListItem {
    ListItem {
        blocks: vec![para(text)],
    }
}

const LOREM: &str = "De gemeenteraad wordt via deze raadsinformatiebrief geïnformeerd over de \
    regionale samenwerkingsafspraken die de colleges in het kader van de Norm voor \
    Opdrachtgeverschap hebben gemaakt. In de regio werken de gemeenten samen aan de \
    beschikbaarheid en continuïteit van jeugdhulpfuncties, aan een zorgvuldige inkoop \
    en aan reële tarieven. ’s-Hertogenbosch, Súdwest-Fryslân en Bergen (NH.) dienen als \
    voorbeeld voor namen die elke stap moeten overleven: ‘aanhalingstekens’ ook.";

/// A document with every block kind, enough text for several pages, a table that
/// crosses a page, links, an overlong URL and a 60-letter compound.
fn full_document(draft: bool, justify: bool) -> Document {
    let mut blocks = vec![
        Block::title(vec![Inline::plain("Raadsinformatiebrief Norm voor Opdrachtgeverschap")]),
        Block::Subtitle(vec![Inline::plain("Doorontwikkeling regionale samenwerking jeugdhulp")]),
        Block::Fields(Fields {
            layout: FieldLayout::Inline,
            rows: vec![
                Field {
                    label: vec![Inline::plain("Van")],
                    value: vec![Inline::plain("College van Burgemeester en Wethouders")],
                },
                Field {
                    label: vec![Inline::plain("Aan")],
                    value: vec![Inline::plain("Gemeente Blaricum - Gemeenteraad")],
                },
                Field {
                    label: vec![Inline::plain("Portefeuillehouder")],
                    value: vec![Inline::plain("G.C. Knoop")],
                },
            ],
        }),
        Block::Fields(Fields {
            layout: FieldLayout::Stacked,
            rows: vec![
                Field {
                    label: vec![Inline::plain("Onderwerp")],
                    value: vec![Inline::plain("Doorontwikkeling Norm voor Opdrachtgeverschap")],
                },
                Field {
                    label: vec![Inline::plain("Openbaar")],
                    value: vec![Inline::plain("Ja")],
                },
            ],
        }),
        Block::heading(1, vec![Inline::plain("Inhoud")]),
        Block::TableOfContents,
        Block::heading(1, vec![Inline::plain("Aanleiding")]),
        Block::Paragraph(vec![
            Inline::plain("De VNG heeft op 10 juni 2020 de "),
            Inline::Text(Span {
                text: "Norm voor Opdrachtgeverschap".into(),
                bold: true,
                ..Span::default()
            }),
            Inline::plain(" vastgesteld. Zie "),
            Inline::Text(Span {
                text: "de website van de VNG".into(),
                link: Some("https://vng.nl/artikelen/norm-voor-opdrachtgeverschap".into()),
                ..Span::default()
            }),
            Inline::plain(" voor de "),
            Inline::Text(Span {
                text: "volledige tekst".into(),
                italic: true,
                ..Span::default()
            }),
            Inline::plain("."),
            Inline::LineBreak,
            Inline::plain("Een nieuwe regel na een harde regelafbreking."),
        ]),
        Block::heading(2, vec![Inline::plain("De zeven afspraken")]),
        Block::List(List {
            scheme: Numbering::Decimal,
            start: 1,
            items: vec![
                item("een regionaal samenwerkingsdocument over beschikbaarheid en continuïteit"),
                ListItem {
                    blocks: vec![
                        para("de lokale toegang en de verbinding met gecontracteerde zorg"),
                        Block::List(List {
                            scheme: Numbering::LowerAlpha,
                            start: 1,
                            items: vec![item("oog voor een veilige leefomgeving"), item("tijdig signaleren")],
                        }),
                    ],
                },
                item("governance met één aanspreekpunt"),
                item("(boven)regionale samenwerking"),
                item("administratieve lasten"),
                item("zorgvuldige inkoop"),
                item("een reële prijs"),
            ],
        }),
        Block::List(List {
            scheme: Numbering::Bullet(BulletKind::Disc),
            start: 1,
            items: vec![
                item("het regionale samenwerkingsdocument"),
                ListItem {
                    blocks: vec![
                        para("de vijf basisfuncties"),
                        Block::List(List {
                            scheme: Numbering::Bullet(BulletKind::Dash),
                            start: 1,
                            items: vec![item("leer en verbeter"), item("handelen met een brede blik")],
                        }),
                    ],
                },
            ],
        }),
        Block::heading(3, vec![Inline::plain("Lange woorden")]),
        para(
            "Adres: https://www.example.nl/een/heel/lang/pad/zonder/spaties/dat/langer/is/dan/een/regel/breed/kan/zijn/index.html \
             en een samenstelling: jeugdhulpsamenwerkingsafsprakenuitvoeringsovereenkomstbeleid.",
        ),
    ];
    for i in 0..14 {
        blocks.push(Block::heading(
            if i % 3 == 0 { 1 } else { 2 },
            vec![Inline::plain(format!("Paragraaf {i}: voortgang"))],
        ));
        blocks.push(para(LOREM));
        blocks.push(para(&format!("{LOREM} {LOREM}")));
    }
    let row = |a: &str, b: &str, c: &str| {
        vec![
            vec![Inline::plain(a)],
            vec![Inline::plain(b)],
            vec![Inline::plain(c)],
        ]
    };
    blocks.push(Block::Table(Table {
        widths: vec![1.0, 3.0, 1.5],
        header: row("Nr.", "Afspraak", "Status"),
        rows: (1..=40)
            .map(|i| {
                row(
                    &i.to_string(),
                    &format!("Afspraak {i} over samenwerkingsafspraken"),
                    "gereed",
                )
            })
            .collect(),
    }));
    blocks.push(Block::PageBreak);
    blocks.push(Block::heading(1, vec![Inline::plain("Bijlagen")]));
    blocks.push(para("Samenwerkingsdocument regio Gooi en Vechtstreek."));
    Document::new(
        Properties {
            title: "Raadsinformatiebrief NvO – Blaricum".into(),
            subject: "Doorontwikkeling Norm voor Opdrachtgeverschap".into(),
            author: "College van Burgemeester en Wethouders van Blaricum".into(),
            keywords: vec!["jeugdhulp".into(), "NvO".into()],
            language: "nl-NL".into(),
            date: Date {
                year: 2026,
                month: 11,
                day: 23,
            },
        },
        PageStyle {
            header: "Gemeente Blaricum".into(),
            footer: "Raadsinformatiebrief · Pagina {pagina} van {paginas}".into(),
            draft,
            logo: Some(test_logo()),
            style: raadsbrief::document::style::HouseStyle::with_accent(Rgb(0x1F, 0x3A, 0x5F))
                .justified(justify),
        },
        blocks,
    )
}

fn bare_document(blocks: Vec<Block>) -> Document {
    let mut d = full_document(false, false);
    d.page.logo = None;
    Document::new(d.properties, d.page, blocks)
}

/// A 40×20 PNG (a blue bar), written by hand so the test needs no image encoder.
fn test_logo() -> Image {
    let (w, h) = (40u32, 20u32);
    let mut rows = Vec::new();
    for y in 0..h {
        for x in 0..w {
            let on = y > 4 && y < 15 && x > 3 && x < 36;
            rows.extend_from_slice(if on {
                &[0x1F, 0x3A, 0x5F]
            } else {
                &[0xFF, 0xFF, 0xFF]
            });
        }
    }
    let png = png_file(w, h, 2, 8, &rows, &[]);
    Image {
        bytes: Arc::new(png),
        format: ImageFormat::Png,
        width_px: w,
        height_px: h,
        alt: "Logo gemeente".into(),
    }
}

/// A PNG chunk: its type and data.
type Chunk = (&'static [u8], Vec<u8>);

/// A PNG of colour type `color` and `depth` bits from unfiltered `pixels` (rows of
/// `w` pixels, packed as the format stores them) and extra chunks (PLTE, tRNS) before
/// the image data: stored deflate blocks, so no encoder is needed.
fn png_file(w: u32, h: u32, color: u8, depth: u8, pixels: &[u8], extra: &[Chunk]) -> Vec<u8> {
    let row = pixels.len() / h as usize;
    let mut raw = Vec::new();
    for line in pixels.chunks(row) {
        raw.push(0); // filter: none
        raw.extend_from_slice(line);
    }
    png_with_data(w, h, color, depth, extra, &zlib_stored(&raw))
}

/// `raw` as a zlib stream of stored (uncompressed) blocks.
fn zlib_stored(raw: &[u8]) -> Vec<u8> {
    let mut z = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = raw.chunks(65_535).collect();
    for (i, block) in blocks.iter().enumerate() {
        z.push(u8::from(i + 1 == blocks.len()));
        let len = block.len() as u16;
        z.extend_from_slice(&len.to_le_bytes());
        z.extend_from_slice(&(!len).to_le_bytes());
        z.extend_from_slice(block);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in raw {
        a = (a + u32::from(byte)) % 65521;
        b = (b + a) % 65521;
    }
    z.extend_from_slice(&((b << 16) | a).to_be_bytes());
    z
}

/// A PNG around `z`, the zlib stream of its filtered rows.
fn png_with_data(w: u32, h: u32, color: u8, depth: u8, extra: &[Chunk], z: &[u8]) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut chunk = |kind: &[u8], data: &[u8]| {
        png.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        png.extend_from_slice(&body);
        png.extend_from_slice(&crc32(&body).to_be_bytes());
    };
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[depth, color, 0, 0, 0]);
    chunk(b"IHDR", &ihdr);
    for (kind, data) in extra {
        chunk(kind, data);
    }
    chunk(b"IDAT", z);
    chunk(b"IEND", &[]);
    png
}

/// The pixels an image XObject shows, as 8-bit grey or RGB samples. A stream with PNG
/// predictors (a PNG's own image data) is read back by putting it into a PNG again,
/// with the size, depth and palette the PDF gives, and decoding that with the `png`
/// crate: so the test proves the PDF says all a reader needs.
fn image_pixels(stream: &lopdf::Stream) -> Vec<u8> {
    let dict = &stream.dict;
    let Ok(parms) = dict.get(b"DecodeParms").and_then(Object::as_dict) else {
        return stream.decompressed_content().expect("inflates");
    };
    let int = |d: &lopdf::Dictionary, key: &[u8]| d.get(key).and_then(Object::as_i64).expect("int");
    assert_eq!(int(parms, b"Predictor"), 15);
    assert_eq!(int(parms, b"Columns"), int(dict, b"Width"));
    assert_eq!(
        int(parms, b"BitsPerComponent"),
        int(dict, b"BitsPerComponent")
    );
    let space = dict.get(b"ColorSpace").expect("colour space");
    let (color, colors, extra): (u8, i64, Vec<Chunk>) = match space {
        Object::Name(n) if n == b"DeviceGray" => (0, 1, vec![]),
        Object::Name(n) if n == b"DeviceRGB" => (2, 3, vec![]),
        Object::Array(a) => {
            assert_eq!(a[0].as_name().ok(), Some(&b"Indexed"[..]));
            assert_eq!(a[1].as_name().ok(), Some(&b"DeviceRGB"[..]));
            let table = a[3].as_str().expect("palette").to_vec();
            assert_eq!(table.len() as i64, (a[2].as_i64().expect("hival") + 1) * 3);
            (3, 1, vec![(&b"PLTE"[..], table)])
        }
        other => panic!("colour space {other:?}"),
    };
    assert_eq!(int(parms, b"Colors"), colors);
    let png = png_with_data(
        int(dict, b"Width") as u32,
        int(dict, b"Height") as u32,
        color,
        int(dict, b"BitsPerComponent") as u8,
        &extra,
        &stream.content,
    );
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().expect("a PNG again");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let frame = reader.next_frame(&mut buf).expect("decodes");
    buf.truncate(frame.buffer_size());
    buf
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn keep(name: &str, bytes: &[u8]) {
    if let Ok(dir) = std::env::var("RAADSBRIEF_PDF_OUT") {
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(std::path::Path::new(&dir).join(name), bytes);
    }
}

// ---------------------------------------------------------------------------------
// Reading PDFs back
// ---------------------------------------------------------------------------------

/// The text of each page in content order, leaving out `/Artifact` marked content,
/// decoded through each font's ToUnicode map.
fn extract(pdf: &LoDocument) -> Vec<String> {
    let mut pages = Vec::new();
    for (_, page_id) in pdf.get_pages() {
        let maps = font_maps(pdf, page_id);
        let content = Content::decode(&pdf.get_page_content(page_id)).expect("content decodes");
        let mut text = String::new();
        let mut marks: Vec<bool> = Vec::new();
        let mut font: Vec<u8> = Vec::new();
        let mut last_y: Option<f32> = None;
        for op in &content.operations {
            let artifact = marks.iter().any(|a| *a);
            match op.operator.as_str() {
                "BMC" | "BDC" => marks
                    .push(matches!(op.operands.first(), Some(Object::Name(n)) if n == b"Artifact")),
                "EMC" => {
                    marks.pop();
                }
                "Tf" => {
                    if let Some(Object::Name(n)) = op.operands.first() {
                        font = n.clone();
                    }
                }
                "Tm" => {
                    let y = op.operands.get(5).and_then(|o| o.as_float().ok());
                    if !artifact && y.is_some() && last_y.is_some() && y != last_y {
                        text.push('\n');
                    }
                    if !artifact {
                        last_y = y;
                    }
                }
                "Tj" | "TJ" if !artifact => {
                    let map = maps.get(&font);
                    let mut strings = Vec::new();
                    for o in &op.operands {
                        match o {
                            Object::String(b, _) => strings.push(b.clone()),
                            Object::Array(a) => strings.extend(a.iter().filter_map(|x| match x {
                                Object::String(b, _) => Some(b.clone()),
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
        pages.push(text);
    }
    pages
}

/// The lines of every table cell (TD and TH marked content), per page: each cell's
/// text grouped by baseline, decoded through the fonts' ToUnicode maps.
fn cell_lines(pdf: &LoDocument) -> Vec<Vec<String>> {
    let mut cells: Vec<Vec<String>> = Vec::new();
    for (_, page_id) in pdf.get_pages() {
        let maps = font_maps(pdf, page_id);
        let content = Content::decode(&pdf.get_page_content(page_id)).expect("content decodes");
        // The open marked-content sequences: a cell's MCID, or None for anything else.
        let mut marks: Vec<Option<i64>> = Vec::new();
        let mut page: BTreeMap<i64, Vec<(f32, String)>> = BTreeMap::new();
        let (mut font, mut y) = (Vec::new(), 0.0f32);
        for op in &content.operations {
            match op.operator.as_str() {
                "BMC" => marks.push(None),
                "BDC" => {
                    let cell = matches!(op.operands.first(), Some(Object::Name(n)) if n == b"TD" || n == b"TH");
                    let mcid = op
                        .operands
                        .get(1)
                        .and_then(|d| d.as_dict().ok())
                        .and_then(|d| d.get(b"MCID").ok())
                        .and_then(|m| m.as_i64().ok());
                    marks.push(mcid.filter(|_| cell));
                }
                "EMC" => {
                    marks.pop();
                }
                "Tf" => {
                    if let Some(Object::Name(n)) = op.operands.first() {
                        font = n.clone();
                    }
                }
                "Tm" => {
                    y = op
                        .operands
                        .get(5)
                        .and_then(|o| o.as_float().ok())
                        .unwrap_or(0.0)
                }
                "TJ" => {
                    let Some(Some(mcid)) = marks.last() else {
                        continue;
                    };
                    let text = decode_tj(op, maps.get(&font));
                    let lines = page.entry(*mcid).or_default();
                    match lines.last_mut() {
                        Some((at, line)) if (*at - y).abs() < 0.01 => line.push_str(&text),
                        _ => lines.push((y, text)),
                    }
                }
                _ => {}
            }
        }
        cells.extend(
            page.into_values()
                .map(|lines| lines.into_iter().map(|(_, t)| t).collect()),
        );
    }
    cells
}

/// The text a `TJ` shows.
fn decode_tj(op: &lopdf::content::Operation, map: Option<&BTreeMap<u16, String>>) -> String {
    let mut text = String::new();
    let strings = op.operands.iter().flat_map(|o| match o {
        Object::String(b, _) => vec![b.clone()],
        Object::Array(a) => a
            .iter()
            .filter_map(|x| match x {
                Object::String(b, _) => Some(b.clone()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    });
    for s in strings {
        for pair in s.chunks(2) {
            let code = u16::from_be_bytes([pair[0], *pair.get(1).unwrap_or(&0)]);
            match map.and_then(|m| m.get(&code)) {
                Some(t) => text.push_str(t),
                None => text.push('\u{FFFD}'),
            }
        }
    }
    text
}

/// Lines of table cells that end inside a word: neither at a space (the layout keeps
/// one, without width, where a line breaks between words) nor after a hyphen or a
/// slash.
fn cut_lines(cells: &[Vec<String>]) -> Vec<String> {
    cells
        .iter()
        .flat_map(|lines| lines.split_last().map(|(_, rest)| rest).unwrap_or_default())
        .filter(|line| !line.ends_with([' ', '-', '/']))
        .cloned()
        .collect()
}

fn font_maps(pdf: &LoDocument, page_id: ObjectId) -> BTreeMap<Vec<u8>, BTreeMap<u16, String>> {
    let mut out = BTreeMap::new();
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
        out.insert(name, parse_bfchar(&String::from_utf8_lossy(&data)));
    }
    out
}

fn parse_bfchar(cmap: &str) -> BTreeMap<u16, String> {
    let mut map = BTreeMap::new();
    let mut inside = false;
    for line in cmap.lines() {
        let line = line.trim();
        if line.ends_with("beginbfchar") {
            inside = true;
        } else if line == "endbfchar" {
            inside = false;
        } else if inside {
            let parts: Vec<&str> = line
                .split(['<', '>', ' '])
                .filter(|s| !s.is_empty())
                .collect();
            if let [code, target] = parts[..] {
                let code = u16::from_str_radix(code, 16).expect("hex code");
                let units: Vec<u16> = target
                    .as_bytes()
                    .chunks(4)
                    .map(|c| {
                        u16::from_str_radix(std::str::from_utf8(c).unwrap_or("0"), 16).unwrap_or(0)
                    })
                    .collect();
                map.insert(code, String::from_utf16_lossy(&units));
            }
        }
    }
    map
}

fn squeeze(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect()
}

/// The layout's content text (no furniture, no leaders) in painting order.
fn layout_text(l: &Layout, skip: impl Fn(Role) -> bool) -> String {
    let mut s = String::new();
    for page in &l.pages {
        for item in &page.items {
            let role = l.nodes[item.node].role;
            if item.is_artifact(&l.nodes) || skip(role) {
                continue;
            }
            if let ItemKind::Text(run) = &item.kind {
                s.extend(run.glyphs.iter().map(|g| g.ch));
            }
        }
    }
    s
}

fn in_toc(l: &Layout, node: usize) -> bool {
    let mut n = Some(node);
    while let Some(i) = n {
        if matches!(l.nodes[i].role, Role::Toc | Role::TocEntry) {
            return true;
        }
        n = l.nodes[i].parent;
    }
    false
}

/// Every item lies in its band: content in the text area, header in the header band,
/// footer in the footer band. The watermark may go anywhere.
fn assert_inside_frame(l: &Layout) {
    let f = l.frame;
    for (p, page) in l.pages.iter().enumerate() {
        for item in &page.items {
            let role = l.nodes[item.node].role;
            let area = match role {
                Role::WatermarkArtifact => continue,
                Role::HeaderArtifact => f.header,
                Role::FooterArtifact => f.footer,
                _ => f.body,
            };
            let rect = match &item.kind {
                ItemKind::Text(run) => run.bounds(),
                ItemKind::Fill(fill) | ItemKind::Highlight(fill) => fill.rect,
                ItemKind::Image(img) => img.rect,
                ItemKind::Link(link) => link.rect,
                ItemKind::Line(line) => layout::Rect {
                    x: line.x1.min(line.x2),
                    y: line.y1.min(line.y2) - line.width / 2.0,
                    width: (line.x2 - line.x1).abs(),
                    height: (line.y2 - line.y1).abs() + line.width,
                },
            };
            assert!(
                area.contains(&rect, 0.5),
                "page {}: {:?} item outside its area {:?}: {:?} {:?}",
                p + 1,
                role,
                area,
                rect,
                match &item.kind {
                    ItemKind::Text(r) => r.text(),
                    _ => String::new(),
                }
            );
        }
    }
}

// ---------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------

#[test]
fn full_document_layout_stays_inside_the_frame() {
    for (draft, justify) in [(true, true), (false, false)] {
        let doc = full_document(draft, justify);
        let l = layout::layout(&doc);
        assert!(l.pages.len() >= 4, "several pages, got {}", l.pages.len());
        assert_inside_frame(&l);
        assert!(l.warnings.is_empty(), "{:?}", l.warnings);
    }
}

#[test]
fn layout_text_is_the_document_text() {
    let doc = full_document(true, true);
    let l = layout::layout(&doc);
    let laid: String = {
        let mut s = String::new();
        for page in &l.pages {
            for item in &page.items {
                let role = l.nodes[item.node].role;
                if role.is_artifact() || in_toc(&l, item.node) {
                    continue;
                }
                if let ItemKind::Text(run) = &item.kind {
                    s.extend(run.glyphs.iter().map(|g| g.ch));
                }
            }
        }
        s
    };
    assert_eq!(squeeze(&laid), squeeze(&doc.text()));
}

#[test]
fn pdf_text_reads_back_in_order() {
    let doc = full_document(true, true);
    let l = layout::layout(&doc);
    let out = render_layout(&doc, &l).expect("renders");
    keep("full.pdf", &out.bytes);
    let pdf = LoDocument::load_mem(&out.bytes).expect("lopdf reads it");
    let text = extract(&pdf).concat();
    assert_eq!(squeeze(&text), squeeze(&layout_text(&l, |_| false)));
    // And the document's own text is all there, in order, once the TOC is skipped.
    let toc_free: String = {
        let pages = extract(&pdf);
        pages.concat()
    };
    assert!(squeeze(&toc_free).contains(&squeeze("Aanleiding De VNG heeft op 10 juni 2020")));
}

#[test]
fn headings_keep_with_next_and_no_widows_or_orphans() {
    let doc = full_document(false, true);
    let l = layout::layout(&doc);
    for (p, page) in l.pages.iter().enumerate() {
        let content: Vec<_> = page
            .items
            .iter()
            .filter(|i| !l.nodes[i.node].role.is_artifact() && matches!(i.kind, ItemKind::Text(_)))
            .collect();
        // The last content line on a page is never a heading.
        if let Some(last) = content.last() {
            assert!(
                !matches!(l.nodes[last.node].role, Role::Heading(_)),
                "page {} ends with a heading",
                p + 1
            );
        }
        // Paragraph lines per node on this page: a split paragraph leaves ≥ 2 lines.
        let mut lines: BTreeMap<usize, std::collections::BTreeSet<i64>> = BTreeMap::new();
        for i in &content {
            if l.nodes[i.node].role == Role::Paragraph {
                if let ItemKind::Text(r) = &i.kind {
                    lines.entry(i.node).or_default().insert((r.y * 10.0) as i64);
                }
            }
        }
        for (node, ys) in lines {
            let total: usize = l
                .pages
                .iter()
                .flat_map(|pg| pg.items.iter())
                .filter(|i| i.node == node)
                .filter_map(|i| match &i.kind {
                    ItemKind::Text(r) => Some((r.y * 10.0) as i64),
                    _ => None,
                })
                .collect::<std::collections::BTreeSet<_>>()
                .len();
            if total >= 4 {
                assert!(
                    ys.len() >= 2,
                    "page {}: widow or orphan (node {node})",
                    p + 1
                );
            }
        }
    }
}

#[test]
fn table_header_repeats_on_continuation_pages() {
    let doc = full_document(false, false);
    let l = layout::layout(&doc);
    let repeats = l
        .pages
        .iter()
        .filter(|p| {
            p.items
                .iter()
                .any(|i| l.nodes[i.node].role == Role::RepeatedHeaderArtifact)
        })
        .count();
    let table_pages = l
        .pages
        .iter()
        .filter(|p| {
            p.items
                .iter()
                .any(|i| l.nodes[i.node].role == Role::TableCell)
        })
        .count();
    assert!(table_pages >= 2, "the test table should cross a page");
    assert_eq!(repeats, table_pages - 1);
}

#[test]
fn toc_lists_headings_with_their_pages() {
    let doc = full_document(false, false);
    let l = layout::layout(&doc);
    let toc: String = l.pages[0]
        .items
        .iter()
        .chain(l.pages.get(1).map(|p| p.items.iter()).into_iter().flatten())
        .filter(|i| in_toc(&l, i.node))
        .filter_map(|i| match &i.kind {
            ItemKind::Text(r) if r.glyphs.iter().all(|g| g.kind != GlyphKind::Leader) => {
                Some(r.text())
            }
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(" ");
    let bijlagen = l
        .outline
        .iter()
        .find(|o| o.title == "Bijlagen")
        .expect("outlined");
    assert!(
        toc.contains(&format!("Bijlagen {}", bijlagen.page + 1)),
        "TOC: {toc}"
    );
    assert!(
        !toc.contains("Inhoud"),
        "the TOC lists only the headings after it"
    );
}

#[test]
fn footer_counts_pages() {
    let doc = full_document(false, false);
    let l = layout::layout(&doc);
    let n = l.pages.len();
    let footer = |p: usize| -> String {
        l.pages[p]
            .items
            .iter()
            .filter(|i| l.nodes[i.node].role == Role::FooterArtifact)
            .filter_map(|i| match &i.kind {
                ItemKind::Text(r) => Some(r.text()),
                _ => None,
            })
            .collect()
    };
    assert_eq!(
        footer(0),
        format!("Raadsinformatiebrief · Pagina 1 van {n}")
    );
    assert_eq!(
        footer(n - 1),
        format!("Raadsinformatiebrief · Pagina {n} van {n}")
    );
}

#[test]
fn fonts_are_embedded_subsets() {
    let out = render(&full_document(true, false)).expect("renders");
    let pdf = LoDocument::load_mem(&out.bytes).expect("reads");
    let mut faces = 0;
    for obj in pdf.objects.values() {
        let Ok(dict) = obj.as_dict() else { continue };
        if dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Type0".as_slice()) {
            continue;
        }
        faces += 1;
        let base = String::from_utf8_lossy(
            dict.get(b"BaseFont")
                .and_then(Object::as_name)
                .expect("BaseFont"),
        )
        .to_string();
        let (tag, name) = base.split_once('+').expect("subset prefix");
        assert!(
            tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
            "{base}"
        );
        assert!(name.starts_with("LiberationSans"), "{base}");
        assert!(dict.has(b"ToUnicode"));
        let size = descendant_and_program(&pdf, dict).1.len();
        assert!(
            size < 120_000,
            "{base} is a subset, not the whole 400 KB font: {size}"
        );
    }
    assert!(faces >= 3, "regular, bold, italic used: {faces}");
}

/// The descendant CID font of the Type0 font `dict`, and its embedded program inflated.
fn descendant_and_program(
    pdf: &LoDocument,
    dict: &lopdf::Dictionary,
) -> (lopdf::Dictionary, Vec<u8>) {
    let descendant = match dict.get(b"DescendantFonts").expect("descendants") {
        Object::Array(a) => a[0].clone(),
        other => panic!("{other:?}"),
    };
    let descendant = match descendant {
        Object::Dictionary(d) => d,
        Object::Reference(r) => pdf.get_dictionary(r).expect("dict").clone(),
        other => panic!("{other:?}"),
    };
    let fd = descendant
        .get(b"FontDescriptor")
        .and_then(Object::as_reference)
        .expect("descriptor");
    let file = pdf
        .get_dictionary(fd)
        .expect("descriptor dict")
        .get(b"FontFile2")
        .and_then(Object::as_reference)
        .expect("FontFile2");
    let program = pdf
        .get_object(file)
        .and_then(Object::as_stream)
        .expect("stream");
    let data = program
        .decompressed_content()
        .unwrap_or_else(|_| program.content.clone());
    (descendant, data)
}

/// Each /W width is the embedded program's own advance in thousandths of an em (to three
/// decimals), so a line's `TJ` needs numbers only where the layout moves a glyph
/// (kerning, justification): whole thousandths left a correction after nearly every
/// glyph, and the content streams were more than twice as long.
#[test]
fn widths_are_the_programs_advances_and_text_needs_no_corrections() {
    let out = render(&full_document(false, false)).expect("renders");
    let pdf = LoDocument::load_mem(&out.bytes).expect("reads");
    let mut checked = 0;
    for obj in pdf.objects.values() {
        let Ok(dict) = obj.as_dict() else { continue };
        if dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Type0".as_slice()) {
            continue;
        }
        let (descendant, data) = descendant_and_program(&pdf, dict);
        let face = rustybuzz::ttf_parser::Face::parse(&data, 0).expect("the subset parses");
        let upm = f64::from(face.units_per_em());
        let Ok(Object::Array(w)) = descendant.get(b"W") else {
            panic!("no /W")
        };
        for pair in w.chunks(2) {
            let first = pair[0].as_i64().expect("first code");
            let Object::Array(widths) = &pair[1] else {
                panic!("{pair:?}")
            };
            for (i, width) in widths.iter().enumerate() {
                let width = width.as_float().map(f64::from).expect("a number");
                // Identity-H over a subset numbered by us: the code is the glyph id.
                let gid = rustybuzz::ttf_parser::GlyphId((first as usize + i) as u16);
                let advance = f64::from(face.glyph_hor_advance(gid).expect("advance"));
                let exact = advance * 1000.0 / upm;
                assert!(
                    (width - exact).abs() <= 0.0005 + 1e-6,
                    "{width} for {exact}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 50, "{checked} widths");
    // Adjustments are the font's kerning (this text is not justified): a few per line,
    // not one per glyph. A table of contents' leader (one dot, spaced out) aside.
    let page = pdf.get_pages()[&1];
    let content = Content::decode(&pdf.get_page_content(page)).expect("ops");
    let (mut glyphs, mut numbers) = (0usize, 0usize);
    for op in content.operations.iter().filter(|op| op.operator == "TJ") {
        let Some(Object::Array(parts)) = op.operands.first() else {
            continue;
        };
        let strings: Vec<&Vec<u8>> = parts
            .iter()
            .filter_map(|p| match p {
                Object::String(bytes, _) => Some(bytes),
                _ => None,
            })
            .collect();
        if strings.len() > 3 && strings.iter().all(|s| s.len() == 2 && *s == strings[0]) {
            continue;
        }
        glyphs += strings.iter().map(|s| s.len() / 2).sum::<usize>();
        numbers += parts.len() - strings.len();
    }
    assert!(glyphs > 500, "{glyphs} glyphs");
    assert!(
        numbers * 8 < glyphs,
        "{numbers} adjustments for {glyphs} glyphs"
    );
}

/// A letter's run deflates its PDF's streams on a helper thread; a region's documents,
/// each on one of rayon's threads, where they are written. The file is the same.
#[test]
fn streams_deflated_beside_give_the_same_file() {
    use raadsbrief::render::pdf::Pdf;
    use raadsbrief::render::Renderer;
    let doc = full_document(true, false);
    // On this thread, outside rayon's pool: the helper deflates.
    let beside = Pdf::default().render(&doc).expect("renders").bytes;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a pool");
    let here = pool.install(|| Pdf::default().render(&doc).expect("renders").bytes);
    assert_eq!(beside, here);
    assert_eq!(beside, render(&doc).expect("renders").bytes);
    let pdf = LoDocument::load_mem(&beside).expect("reads");
    let deflated = pdf
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Filter").is_ok())
        .count();
    assert!(deflated >= 8, "fonts, pages, maps, picture: {deflated}");
}

#[test]
fn catalog_has_language_outline_and_metadata() {
    let out = render(&full_document(false, false)).expect("renders");
    let pdf = LoDocument::load_mem(&out.bytes).expect("reads");
    let catalog = pdf.catalog().expect("catalog");
    assert_eq!(
        catalog.get(b"Lang").and_then(Object::as_str).expect("Lang"),
        b"nl-NL"
    );
    assert!(catalog.has(b"Metadata"));
    let outlines = catalog
        .get(b"Outlines")
        .and_then(Object::as_reference)
        .expect("outline");
    let outlines = pdf.get_dictionary(outlines).expect("outlines dict");
    let first = outlines
        .get(b"First")
        .and_then(Object::as_reference)
        .expect("first");
    // Nesting: some top-level entry has children (level-2 headings under level 1).
    let mut entry = Some(first);
    let mut nested = false;
    while let Some(id) = entry {
        let d = pdf.get_dictionary(id).expect("entry");
        nested |= d.has(b"First");
        entry = d.get(b"Next").and_then(Object::as_reference).ok();
    }
    assert!(nested, "level-2 headings nest under level 1");
    let info = pdf
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .expect("info");
    let info = pdf.get_dictionary(info).expect("info dict");
    assert_eq!(
        info.get(b"CreationDate")
            .and_then(Object::as_str)
            .expect("date"),
        b"D:20261123000000Z"
    );
    assert!(String::from_utf8_lossy(
        info.get(b"Producer")
            .and_then(Object::as_str)
            .expect("producer")
    )
    .starts_with("raadsbrief "));
    assert_eq!(pdf.version, "1.7");
}

#[test]
fn links_are_annotations() {
    let out = render(&full_document(false, false)).expect("renders");
    let pdf = LoDocument::load_mem(&out.bytes).expect("reads");
    let mut uris = Vec::new();
    let mut internal = 0;
    for (_, page_id) in pdf.get_pages() {
        let page = pdf.get_dictionary(page_id).expect("page");
        let Ok(Object::Array(annots)) = page.get(b"Annots") else {
            continue;
        };
        for a in annots {
            let a = pdf
                .get_dictionary(a.as_reference().expect("ref"))
                .expect("annot");
            if let Ok(action) = a.get(b"A").and_then(Object::as_dict) {
                uris.push(
                    String::from_utf8_lossy(
                        action.get(b"URI").and_then(Object::as_str).expect("uri"),
                    )
                    .to_string(),
                );
            } else if a.has(b"Dest") {
                internal += 1;
            }
        }
    }
    assert!(
        uris.iter()
            .any(|u| u == "https://vng.nl/artikelen/norm-voor-opdrachtgeverschap"),
        "{uris:?}"
    );
    assert!(
        internal >= 10,
        "table of contents entries link to their headings"
    );
}

#[test]
fn same_input_same_bytes() {
    let doc = full_document(true, true);
    let a = render(&doc).expect("renders");
    let b = render(&doc).expect("renders");
    assert!(a.bytes == b.bytes, "two renders differ");
    let other = render(&full_document(false, true)).expect("renders");
    assert!(a.bytes != other.bytes);
}

#[test]
fn huge_paragraph_and_endless_word_stay_inside() {
    let mut big = String::new();
    while big.len() < 100_000 {
        big.push_str(LOREM);
        big.push(' ');
    }
    let word = "ab".repeat(250);
    let url = format!("https://example.nl/{}", "x".repeat(480));
    let doc = bare_document(vec![para(&big), para(&word), para(&url)]);
    let l = layout::layout(&doc);
    assert!(l.pages.len() > 20);
    assert_inside_frame(&l);
    assert_eq!(squeeze(&layout_text(&l, |_| false)), squeeze(&doc.text()));
    let out = render_layout(&doc, &l).expect("renders");
    assert_eq!(out.pages, l.pages.len());
}

#[test]
fn empty_documents_and_hostile_text_do_not_panic() {
    let out = render(&bare_document(vec![])).expect("renders");
    assert_eq!(out.pages, 1);
    let hostile = bare_document(vec![
        Block::heading(9, vec![]),
        Block::Paragraph(vec![]),
        para("emoji 😀👍🏽 en controle\u{0B}tekens\u{07}\u{0}; zero\u{200B}width; soft\u{AD}hyphen; \u{FEFF}bom"),
        Block::List(List {
            scheme: Numbering::Decimal,
            start: u32::MAX,
            items: vec![ListItem { blocks: vec![] }, item("x")],
        }),
        Block::Table(Table {
            widths: vec![f32::NAN, -1.0],
            header: vec![],
            rows: vec![vec![], vec![vec![Inline::plain("a")]; 9]],
        }),
        Block::Fields(Fields {
            layout: FieldLayout::Inline,
            rows: vec![Field {
                label: vec![],
                value: vec![],
            }],
        }),
        Block::PageBreak,
        Block::PageBreak,
        Block::TableOfContents,
    ]);
    let out = render(&hostile).expect("renders");
    keep("hostile.pdf", &out.bytes);
    // Everything fits on page 1; page breaks with nothing after them add no pages.
    assert_eq!(out.pages, 1);
    let all = out.warnings.join("\n");
    assert!(all.contains("U+1F600"), "{all}");
    assert!(all.contains("U+0007"), "{all}");
    let pdf = LoDocument::load_mem(&out.bytes).expect("reads");
    let text = extract(&pdf).concat();
    assert!(
        text.contains("emoji ???"),
        "substitutes are visible: {text}"
    );
    // A zero-width space and a soft hyphen are break opportunities, not characters:
    // neither is drawn, and the words around them read as one.
    assert!(text.contains("zerowidth; softhyphen;"), "{text}");
}

/// Lists nested hundreds deep (pasted or generated markup) render on a worker
/// thread's stack, as in a batch run.
#[test]
fn deeply_nested_lists_render() {
    let mut list = List {
        scheme: Numbering::for_depth(ListKind::Bulleted, 300),
        start: 1,
        items: vec![item("binnenste")],
    };
    for depth in 0..300 {
        let kind = if depth % 2 == 0 {
            ListKind::Numbered
        } else {
            ListKind::Bulleted
        };
        list = List {
            scheme: Numbering::for_depth(kind, 299 - depth),
            start: 1,
            items: vec![ListItem {
                blocks: vec![para("niveau"), Block::List(list)],
            }],
        };
    }
    let doc = bare_document(vec![Block::List(list)]);
    let doc_style = doc.page.style.clone();
    let worker = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            let l = layout::layout(&doc);
            assert_inside_frame(&l);
            assert_eq!(squeeze(&layout_text(&l, |_| false)), squeeze(&doc.text()));
            let pages = render_layout(&doc, &l).map(|o| o.pages);
            (l.pages.len(), pages)
        })
        .expect("thread starts");
    let body_height = doc_text_area(&doc_style);
    let (laid_out, pages) = worker.join().expect("no stack overflow");
    let pages = pages.expect("renders");
    assert_eq!(pages, laid_out);
    // 301 lines of body text, at most a text area's height of them on a page.
    let per_page = (body_height / doc_style.body.line_height).floor();
    let at_least = (301.0 / per_page).ceil() as usize;
    assert!(pages >= at_least, "{pages} pages for 301 lines");
}

/// The height of the text area of a page without a logo.
fn doc_text_area(style: &raadsbrief::document::style::HouseStyle) -> f64 {
    style.page.height - style.body_top(None) - style.page.margin_bottom
}

#[test]
fn long_header_and_footer_stay_in_their_bands() {
    let mut doc = full_document(true, false);
    doc.page.header =
        "Gemeente Súdwest-Fryslân · Raadsinformatiebrief over de doorontwikkeling van \
        de regionale samenwerkingsafspraken jeugdhulp · 16 november 2021 · kenmerk 2021/123456"
            .repeat(3);
    doc.page.footer = format!(
        "{} · Pagina {{pagina}} van {{paginas}}",
        "Voettekst ".repeat(40)
    );
    let l = layout::layout(&doc);
    assert_inside_frame(&l);
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
    keep(
        "long-header.pdf",
        &render_layout(&doc, &l).expect("renders").bytes,
    );

    doc.page.header = "Een kop die nooit past. ".repeat(500);
    let l = layout::layout(&doc);
    assert_inside_frame(&l);
    assert!(
        l.warnings
            .iter()
            .any(|w| w.contains("header text is too long")),
        "{:?}",
        l.warnings
    );
}

#[test]
fn warnings_name_the_character_and_context() {
    let doc = bare_document(vec![para("Het college 🏛 stuurt de raad een brief.")]);
    let out = render(&doc).expect("renders");
    assert_eq!(out.warnings.len(), 1, "{:?}", out.warnings);
    let w = &out.warnings[0];
    assert!(w.contains("U+1F3DB") && w.contains("Het college"), "{w}");
}

/// The image XObjects of a rendered PDF.
fn image_streams(pdf: &LoDocument) -> Vec<&lopdf::Stream> {
    pdf.objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| {
            s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image".as_slice())
        })
        .collect()
}

fn with_logo(bytes: Vec<u8>, format: ImageFormat, w: u32, h: u32) -> Document {
    let mut doc = bare_document(vec![para("Met een logo.")]);
    doc.page.logo = Some(Image {
        bytes: Arc::new(bytes),
        format,
        width_px: w,
        height_px: h,
        alt: "Logo".into(),
    });
    doc
}

/// A JPEG logo is embedded as the JPEG itself, not as decoded pixels.
#[test]
fn jpeg_logos_pass_through() {
    let jpeg = std::fs::read("tests/data/logo.jpg").expect("fixture");
    let out = render(&with_logo(jpeg.clone(), ImageFormat::Jpeg, 64, 32)).expect("renders");
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    keep("jpeg-logo.pdf", &out.bytes);
    let pdf = LoDocument::load_mem(&out.bytes).expect("reads");
    let images = image_streams(&pdf);
    assert_eq!(images.len(), 1);
    let dict = &images[0].dict;
    let name = |key: &[u8]| {
        dict.get(key)
            .and_then(Object::as_name)
            .expect("name")
            .to_vec()
    };
    let int = |key: &[u8]| dict.get(key).and_then(Object::as_i64).expect("integer");
    assert_eq!(name(b"Filter"), b"DCTDecode");
    assert_eq!(name(b"ColorSpace"), b"DeviceRGB");
    assert_eq!((int(b"Width"), int(b"Height")), (64, 32));
    assert_eq!(images[0].content, jpeg);
}

/// A CMYK JPEG (print artwork) cannot go into a PDF/A with an sRGB output intent as
/// it is: the letter is made without it, and the warning says what to do.
#[test]
fn a_cmyk_jpeg_logo_is_left_out_with_a_warning() {
    let jpeg = std::fs::read("tests/data/logo-cmyk.jpg").expect("fixture");
    let out = render(&with_logo(jpeg, ImageFormat::Jpeg, 64, 32)).expect("renders");
    assert_eq!(out.warnings.len(), 1, "{:?}", out.warnings);
    assert!(out.warnings[0].contains("CMYK"), "{}", out.warnings[0]);
    let pdf = LoDocument::load_mem(&out.bytes).expect("reads");
    assert!(image_streams(&pdf).is_empty());
}

/// A PNG test case: colour type, depth, pixels, extra chunks, whether the result is
/// grey, and the pixels expected in the PDF.
struct Case(u8, u8, Vec<u8>, Vec<Chunk>, bool, Vec<u8>);

/// Every PNG colour type and depth shows its own pixels, with transparency composited
/// onto white. One without transparency, at most 8 bits, goes in as its own image
/// data (PNG predictors, its palette as an /Indexed space); any other as 8-bit grey or
/// RGB pixels.
#[test]
fn png_logos_of_every_kind_show_their_pixels_on_white() {
    // Two pixels each: (colour type, depth, pixels, extra chunks, grey?, expected).
    let plte: Chunk = (b"PLTE", vec![255, 0, 0, 0, 0, 255]);
    let trns: Chunk = (b"tRNS", vec![255, 0]);
    let cases: Vec<Case> = vec![
        Case(0, 8, vec![0, 200], vec![], true, vec![0, 200]),
        // 1-bit grey: black, white (one byte holds both, high bits first).
        Case(0, 1, vec![0b0100_0000], vec![], true, vec![0, 255]),
        Case(4, 8, vec![0, 255, 0, 0], vec![], true, vec![0, 255]),
        Case(
            2,
            8,
            vec![10, 20, 30, 40, 50, 60],
            vec![],
            false,
            vec![10, 20, 30, 40, 50, 60],
        ),
        Case(
            2,
            16,
            vec![0xFF, 0xFF, 0, 0, 0x80, 0x00, 0, 0, 0, 0, 0, 0],
            vec![],
            false,
            vec![255, 0, 128, 0, 0, 0],
        ),
        Case(
            6,
            8,
            vec![255, 0, 0, 255, 0, 0, 0, 128],
            vec![],
            false,
            vec![255, 0, 0, 127, 127, 127],
        ),
        // A palette with a transparent second entry: red, then white.
        Case(
            3,
            8,
            vec![0, 1],
            vec![plte.clone(), trns],
            false,
            vec![255, 0, 0, 255, 255, 255],
        ),
        Case(
            3,
            8,
            vec![1, 0],
            vec![plte.clone()],
            false,
            vec![0, 0, 255, 255, 0, 0],
        ),
        // 4 bits a pixel, a palette of two of the sixteen entries.
        Case(
            3,
            4,
            vec![0b0001_0000],
            vec![plte],
            false,
            vec![0, 0, 255, 255, 0, 0],
        ),
        // 2-bit grey: the lightest, then black.
        Case(0, 2, vec![0b1100_0000], vec![], true, vec![255, 0]),
    ];
    for Case(color, depth, pixels, extra, gray, expected) in cases {
        let png = png_file(2, 1, color, depth, &pixels, &extra);
        let out = render(&with_logo(png, ImageFormat::Png, 2, 1)).expect("renders");
        assert!(
            out.warnings.is_empty(),
            "{color}/{depth}: {:?}",
            out.warnings
        );
        let pdf = LoDocument::load_mem(&out.bytes).expect("reads");
        let images = image_streams(&pdf);
        assert_eq!(images.len(), 1, "{color}/{depth}");
        let dict = &images[0].dict;
        let as_it_is = depth <= 8 && matches!(color, 0 | 2 | 3) && extra.len() < 2;
        assert_eq!(dict.has(b"DecodeParms"), as_it_is, "{color}/{depth}");
        let space = dict.get(b"ColorSpace").expect("space");
        let expected_space = match (gray, color) {
            (true, _) => "DeviceGray",
            (false, 3) if as_it_is => "Indexed",
            (false, _) => "DeviceRGB",
        };
        let space_name = match space {
            Object::Array(a) => a[0].as_name().expect("name"),
            other => other.as_name().expect("name"),
        };
        assert_eq!(space_name, expected_space.as_bytes(), "{color}/{depth}");
        let bits = if as_it_is { i64::from(depth) } else { 8 };
        assert_eq!(
            dict.get(b"BitsPerComponent").and_then(Object::as_i64).ok(),
            Some(bits)
        );
        assert!(!dict.has(b"SMask"), "{color}/{depth}");
        assert_eq!(image_pixels(images[0]), expected, "{color}/{depth}");
    }
}

/// A PNG that declares more pixels than a letter can use is refused from its header,
/// and one that is damaged is left out: the letter is still made, with a warning.
#[test]
fn huge_or_broken_png_logos_are_left_out_with_a_warning() {
    let mut huge = png_file(1, 1, 2, 8, &[0, 0, 0], &[]);
    // Declare 100 000 × 100 000 pixels, with the header's checksum to match.
    huge[16..20].copy_from_slice(&100_000u32.to_be_bytes());
    huge[20..24].copy_from_slice(&100_000u32.to_be_bytes());
    let crc = crc32(&huge[12..29]);
    huge[29..33].copy_from_slice(&crc.to_be_bytes());
    let mut broken = png_file(4, 4, 2, 8, &[7; 48], &[]);
    let len = broken.len();
    broken.truncate(len - 30);
    // Every chunk whole and with its checksum, but the image data is no zlib stream:
    // this PNG would go into the PDF as it is, were it not decoded first.
    let not_zlib = png_with_data(4, 4, 2, 8, &[], &[0x78, 0x01, 0xFF, 0xFF, 0xFF, 0xFF]);
    // A row that names no PNG filter (9), in a sound zlib stream and chunk.
    let mut rows = Vec::new();
    for filter in [0u8, 9, 0, 0] {
        rows.push(filter);
        rows.extend_from_slice(&[7; 12]);
    }
    let bad_filter = png_with_data(4, 4, 2, 8, &[], &zlib_stored(&rows));
    // One row short of the four the header declares.
    let short = png_with_data(4, 4, 2, 8, &[], &zlib_stored(&rows[..39]));
    // The image data in two chunks, a byte of the second changed after its checksum
    // was made (the first chunk is read with the header, the second only with the rows).
    let z = zlib_stored(&[[0u8; 1].as_slice(), &[7; 12]].concat().repeat(4));
    let mut bad_crc = png_with_data(4, 4, 2, 8, &[], &z[..20]);
    let iend = bad_crc.len() - 12;
    let mut second = b"IDAT".to_vec();
    second.extend_from_slice(&z[20..]);
    let crc = crc32(&second);
    second[4] ^= 0x01;
    let mut chunk = ((z.len() - 20) as u32).to_be_bytes().to_vec();
    chunk.extend_from_slice(&second);
    chunk.extend_from_slice(&crc.to_be_bytes());
    bad_crc.splice(iend..iend, chunk);
    for (png, what) in [
        (huge, "pixels"),
        (broken, "beschadigd"),
        (not_zlib, "beschadigd"),
        (bad_filter, "beschadigd"),
        (short, "beschadigd"),
        (bad_crc, "beschadigd"),
    ] {
        let out = render(&with_logo(png, ImageFormat::Png, 4, 4)).expect("renders");
        assert_eq!(out.warnings.len(), 1, "{:?}", out.warnings);
        assert!(out.warnings[0].contains(what), "{}", out.warnings[0]);
        let pdf = LoDocument::load_mem(&out.bytes).expect("reads");
        assert!(image_streams(&pdf).is_empty());
    }
}

/// The real letters and appendices of both sample regions: inside the frame, every
/// character of the document back out of the PDF in order, identical on a second run.
#[test]
fn sample_documents_render_faithfully() {
    use raadsbrief::compose::Kind;
    for (path, name) in [(common::GOOI, "gooi"), (common::MIJOV, "mijov")] {
        let v = common::validated(path);
        for kind in [Kind::Letter(0), Kind::Appendix] {
            let doc = common::document(&v, kind);
            let l = layout::layout(&doc);
            assert_inside_frame(&l);
            assert!(l.warnings.is_empty(), "{name} {kind:?}: {:?}", l.warnings);
            let content = layout_text(&l, |_| false);
            let toc_free: String = {
                let mut s = String::new();
                for page in &l.pages {
                    for item in &page.items {
                        if item.is_artifact(&l.nodes) || in_toc(&l, item.node) {
                            continue;
                        }
                        if let ItemKind::Text(run) = &item.kind {
                            s.extend(run.glyphs.iter().map(|g| g.ch));
                        }
                    }
                }
                s
            };
            assert_eq!(squeeze(&toc_free), squeeze(&doc.text()), "{name} {kind:?}");
            let out = render_layout(&doc, &l).expect("renders");
            let pdf = LoDocument::load_mem(&out.bytes).expect("reads");
            assert_eq!(
                squeeze(&extract(&pdf).concat()),
                squeeze(&content),
                "{name} {kind:?}"
            );
            assert!(
                out.bytes == render(&doc).expect("renders").bytes,
                "{name} {kind:?} deterministic"
            );
            let file = match kind {
                Kind::Letter(_) => format!("{name}-letter.pdf"),
                Kind::Appendix => format!("{name}-appendix.pdf"),
            };
            keep(&file, &out.bytes);
        }
    }
}

/// The appendix's overview and basic-functions tables: no line in a cell ends inside a
/// word, and the Status column reads "Voldaan" whole (it used to read "Voldaa" / "n").
#[test]
fn table_cells_never_end_a_line_inside_a_word() {
    use raadsbrief::compose::Kind;
    for path in [common::GOOI, common::MIJOV] {
        let v = common::validated(path);
        let doc = common::document(&v, Kind::Appendix);
        let out = render(&doc).expect("renders");
        let pdf = LoDocument::load_mem(&out.bytes).expect("reads");
        let cells = cell_lines(&pdf);
        assert!(
            cells.iter().any(|c| c.len() > 2),
            "{path}: some cells wrap, or this test would prove nothing"
        );
        assert_eq!(cut_lines(&cells), Vec::<String>::new(), "{path}");
        assert!(cells.iter().any(|c| c == &["Voldaan"]), "{path}: {cells:?}");
    }
}

/// Columns too narrow for their longest words hyphenate them at Dutch hyphenation
/// points, with a visible hyphen; columns too narrow even for that are announced.
#[test]
fn narrow_table_columns_hyphenate_and_hopeless_ones_warn() {
    let row = |cells: &[&str]| cells.iter().map(|c| vec![Inline::plain(*c)]).collect();
    let words = [
        "samenwerkingsafspraken",
        "jeugdhulpaanbieders",
        "gemeenteraadsleden",
        "basisfuncties",
        "opdrachtgeverschap",
    ];
    let narrow = Table {
        widths: vec![1.0; 5],
        header: vec![],
        rows: vec![row(&words), row(&words)],
    };
    let out = render(&bare_document(vec![Block::Table(narrow)])).expect("renders");
    let cells = cell_lines(&LoDocument::load_mem(&out.bytes).expect("reads"));
    assert_eq!(cut_lines(&cells), Vec::<String>::new());
    assert!(
        cells.iter().flatten().any(|l| l.ends_with('-')),
        "the words were hyphenated: {cells:?}"
    );
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);

    // Words in capitals are never hyphenated: six of them cannot sit side by side.
    let hopeless = Table {
        widths: vec![1.0; 6],
        header: vec![],
        rows: vec![row(&["OPDRACHTGEVERSCHAP"; 6])],
    };
    let out = render(&bare_document(vec![Block::Table(hopeless)])).expect("renders");
    // The check above sees such cuts: here they are unavoidable.
    let cells = cell_lines(&LoDocument::load_mem(&out.bytes).expect("reads"));
    assert!(!cut_lines(&cells).is_empty(), "{cells:?}");
    assert!(
        out.warnings
            .iter()
            .any(|w| w.contains("too narrow for its words") && w.contains("without a hyphen")),
        "{:?}",
        out.warnings
    );
}

// ---------------------------------------------------------------------------------
// The letter's closing block
// ---------------------------------------------------------------------------------

fn signatures_document() -> Document {
    let signer = |role: &str, name: &str| Signer {
        role: vec![Inline::plain(role)],
        name: vec![Inline::plain(name)],
        signature: None,
    };
    bare_document(vec![
        para("Met vriendelijke groet,"),
        Block::Signatures(Signatures {
            sender: vec![Inline::plain(
                "Het college van burgemeester en wethouders van Blaricum,",
            )],
            signers: vec![
                signer("de secretaris,", "Voorbeeld Secretaris"),
                signer("de burgemeester,", "Voorbeeld Burgemeester"),
            ],
        }),
        para("Bijlagen"),
    ])
}

#[test]
fn signature_block_reads_back_from_the_pdf_in_order_and_side_by_side() {
    let doc = signatures_document();
    let out = render(&doc).expect("renders");
    keep("signatures.pdf", &out.bytes);
    let pdf = LoDocument::load_mem(&out.bytes).expect("lopdf reads it");
    let text = extract(&pdf).concat();
    assert!(
        squeeze(&text).contains(&squeeze(
            "Het college van burgemeester en wethouders van Blaricum, de secretaris, \
             Voorbeeld Secretaris de burgemeester, Voorbeeld Burgemeester Bijlagen"
        )),
        "{text}"
    );
    // The two functions share a baseline, the burgemeester to the right; each name
    // stands a signature's height below its function.
    let l = layout::layout(&doc);
    let place = |word: char, nth: usize| {
        l.pages[0]
            .items
            .iter()
            .filter_map(|i| match &i.kind {
                ItemKind::Text(r) if r.glyphs.first().map(|g| g.ch) == Some(word) => {
                    Some((r.x, r.y))
                }
                _ => None,
            })
            .nth(nth)
            .expect("the run is on page 1")
    };
    let (sx, sy) = place('d', 0);
    let (bx, by) = place('d', 1);
    assert!(
        (sy - by).abs() < 0.01,
        "functions on one line: {sy} vs {by}"
    );
    assert!(bx > sx + 100.0, "the burgemeester stands to the right");
    let (_, name_y) = place('V', 0);
    let space = doc.page.style.signatures.signature_space;
    assert!(name_y - sy >= space, "room to sign: {}", name_y - sy);
}

// ---------------------------------------------------------------------------------
// Open fields
// ---------------------------------------------------------------------------------

#[test]
fn an_open_field_has_an_opaque_fill_under_its_glyphs_inside_its_paragraph() {
    let doc = bare_document(vec![para(
        "Burgemeester: [in te vullen: naam burgemeester] van Blaricum.",
    )]);
    let yellow = doc.page.style.colors.open_field;
    let l = layout::layout(&doc);
    let items = &l.pages[0].items;
    let fill = items
        .iter()
        .position(|i| matches!(&i.kind, ItemKind::Highlight(f) if f.color == yellow))
        .expect("a highlight on page 1");
    let ItemKind::Highlight(f) = &items[fill].kind else {
        unreachable!()
    };
    // The next item is the open field's own run, painted over the fill and covered
    // by it; the fill belongs to the paragraph, not to an artifact.
    let ItemKind::Text(run) = &items[fill + 1].kind else {
        panic!("the fill is followed by its glyphs")
    };
    let text: String = run.glyphs.iter().map(|g| g.ch).collect();
    assert_eq!(text.trim(), "[in te vullen: naam burgemeester]");
    assert!(
        f.rect.contains(&run.bounds(), 0.01),
        "{:?} vs {:?}",
        f.rect,
        run.bounds()
    );
    assert_eq!(items[fill].node, items[fill + 1].node);
    assert_eq!(l.nodes[items[fill].node].role, Role::Paragraph);
    assert!(!items[fill].is_artifact(&l.nodes));
    // Only the open field is highlighted.
    let highlights = items
        .iter()
        .filter(|i| matches!(i.kind, ItemKind::Highlight(_)))
        .count();
    assert_eq!(highlights, 1);

    // In the PDF: the yellow fill (no transparency: no ExtGState, no alpha) is painted
    // in the same marked-content sequence as the glyphs, before them.
    let out = render(&doc).expect("renders");
    keep("open-field.pdf", &out.bytes);
    let pdf = LoDocument::load_mem(&out.bytes).expect("lopdf reads it");
    let (_, page) = pdf.get_pages().into_iter().next().unwrap();
    let content = Content::decode(&pdf.get_page_content(page)).unwrap();
    let ops: Vec<&str> = content
        .operations
        .iter()
        .map(|o| o.operator.as_str())
        .collect();
    let yellow_at = content
        .operations
        .iter()
        .position(|o| {
            o.operator == "rg"
                && o.operands
                    .iter()
                    .filter_map(|n| n.as_float().ok())
                    .collect::<Vec<_>>()
                    == [1.0, 1.0, 0.0]
        })
        .expect("a yellow fill colour");
    let fill_at = yellow_at + ops[yellow_at..].iter().position(|o| *o == "f").unwrap();
    let text_at = fill_at
        + ops[fill_at..]
            .iter()
            .position(|o| *o == "Tj" || *o == "TJ")
            .unwrap();
    let open_mark = ops[..fill_at].iter().rposition(|o| *o == "BDC").unwrap();
    let artifact = matches!(
        content.operations[open_mark].operands.first(),
        Some(Object::Name(n)) if n == b"Artifact"
    );
    assert!(!artifact, "the fill is tagged content, not an artifact");
    assert!(
        !ops[open_mark..text_at].contains(&"EMC"),
        "fill and glyphs share one marked-content sequence"
    );
    let text = extract(&pdf).concat();
    assert!(squeeze(&text).contains(&squeeze("[in te vullen: naam burgemeester]")));
}
