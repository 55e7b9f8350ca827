//! HTML: one self-contained, semantic HTML5 file per document, for publication on a
//! municipality's website (WCAG 2.1 AA).
//!
//! Reads only [`crate::document::Document`]. The page is `header` (the header text, the
//! logo as a `data:` URI with its alternative text, the "CONCEPT" note of a draft),
//! `main` (the blocks) and `footer` (the footer text without page numbers, and the
//! document's date). Headings are `h1`–`h6` at the structure level the document decided
//! ([`crate::document::headings`]: one `h1`, no skipped levels); only a document without
//! any heading gets the document title as its `h1`, as a page needs one. Lists are
//! `ol type="1|a|i"` or `ul` with a class per bullet kind, from the list's scheme. The
//! embedded stylesheet is readable on screen and prints on A4 with page numbers.
//!
//! Same document ⇒ same bytes: nothing depends on the clock, hashing or the platform.

mod bands;
mod style;
mod text;

#[cfg(test)]
mod tests;

use std::collections::HashSet;

use crate::document::Document;
use crate::document::{
    plain_text, Block, BulletKind, FieldLayout, Fields, Image, ImageFormat, Inline, List,
    Numbering, Signatures, Span, Table,
};
use crate::error::Result;

use text::{base64, clean, escape, push_escaped, safe_url, screen_footer, slug};

/// `id` of `main`, the target of the skip link.
const MAIN_ID: &str = "inhoud";
/// `id` of the table of contents' heading; a nav element can have several, numbered.
const TOC_ID: &str = "inhoudsopgave";
const TOC_TITLE: &str = "Inhoudsopgave";

/// Renders `doc` as one HTML5 file, UTF-8.
pub fn render(doc: &Document) -> Result<Vec<u8>> {
    Ok(Writer::new(doc).write().into_bytes())
}

/// The HTML format as a [`crate::render::Renderer`]: no pages, no warnings.
#[derive(Debug, Clone, Copy, Default)]
pub struct Html;

impl crate::render::Renderer for Html {
    fn render(&self, doc: &Document) -> Result<crate::render::Output> {
        Ok(crate::render::Output {
            bytes: render(doc)?,
            pages: None,
            warnings: Vec::new(),
        })
    }
}

/// A top-level heading, for the table of contents.
struct Entry {
    index: usize,
    level: u8,
    text: String,
    id: String,
}

struct Writer<'a> {
    doc: &'a Document,
    out: String,
    /// The document has no heading at all: the document title is the page's `h1`.
    title_h1: bool,
    /// Fragment ids of all headings, in document order (nested ones included).
    ids: Vec<String>,
    next_id: usize,
    /// Top-level headings with their ids.
    entries: Vec<Entry>,
    /// Ids taken so far, so that every one is unique.
    taken: HashSet<String>,
    /// Structure level of the last heading written (1 for the title `h1`): a table of
    /// contents' own heading goes one below it.
    current: u8,
    tocs: usize,
}

impl<'a> Writer<'a> {
    fn new(doc: &'a Document) -> Self {
        let mut w = Writer {
            doc,
            out: String::with_capacity(16 * 1024),
            title_h1: !has_heading(&doc.blocks),
            ids: Vec::new(),
            next_id: 0,
            entries: Vec::new(),
            taken: [MAIN_ID, TOC_ID].iter().map(|s| (*s).to_owned()).collect(),
            current: 1,
            tocs: 0,
        };
        let mut texts = Vec::new();
        collect_headings(&doc.blocks, &mut texts);
        w.ids = texts.iter().map(|t| w.unique(&slug(t))).collect();
        let mut k = 0;
        for (index, block) in doc.blocks.iter().enumerate() {
            if let Block::Heading { level, content, .. } = block {
                w.entries.push(Entry {
                    index,
                    level: *level,
                    text: clean(&plain_text(content)),
                    id: w.ids[k].clone(),
                });
            }
            k += heading_count(block);
        }
        w
    }

    fn unique(&mut self, base: &str) -> String {
        let mut id = base.to_owned();
        let mut n = 2;
        while self.taken.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.taken.insert(id.clone());
        id
    }

    fn write(mut self) -> String {
        let doc = self.doc;
        let props = &doc.properties;
        let title = document_title(doc);
        self.out.push_str("<!DOCTYPE html>\n");
        self.out.push_str(&format!(
            "<html lang=\"{}\">\n<head>\n",
            lang(&props.language)
        ));
        self.out.push_str("<meta charset=\"utf-8\">\n");
        self.out
            .push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        self.out
            .push_str(&format!("<title>{}</title>\n", escape(title.trim())));
        let keywords: Vec<String> = props
            .keywords
            .iter()
            .map(|k| k.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|k| !k.is_empty())
            .collect();
        for (name, value) in [
            ("description", props.subject.clone()),
            ("author", props.author.clone()),
            ("keywords", keywords.join(", ")),
        ] {
            let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
            if !value.is_empty() {
                self.out.push_str(&format!(
                    "<meta name=\"{name}\" content=\"{}\">\n",
                    escape(&value)
                ));
            }
        }
        self.out
            .push_str("<meta name=\"generator\" content=\"raadsbrief\">\n<style>\n");
        self.out.push_str(&style::stylesheet(&doc.page));
        self.out.push_str("</style>\n</head>\n<body>\n");
        self.out.push_str(&format!(
            "<a class=\"skip\" href=\"#{MAIN_ID}\">Direct naar de inhoud</a>\n"
        ));
        self.header();
        self.out.push_str(&format!("<main id=\"{MAIN_ID}\">\n"));
        if self.title_h1 {
            self.out
                .push_str(&format!("<h1>{}</h1>\n", escape(title.trim())));
        }
        for (index, block) in doc.blocks.iter().enumerate() {
            self.block(block, Some(index));
        }
        self.out.push_str("</main>\n");
        self.footer();
        self.out.push_str("</body>\n</html>\n");
        self.out
    }

    fn header(&mut self) {
        let page = &self.doc.page;
        if let Some(bands) = &page.style.bands {
            // The template's first-page letterhead replaces our header line and logo.
            self.out
                .push_str("<header class=\"page-header template-band\">\n");
            if page.draft {
                self.out.push_str(
                    "<p class=\"concept\" role=\"note\"><strong>CONCEPT</strong> – deze versie is nog niet definitief.</p>\n",
                );
            }
            bands::band(&mut self.out, &bands.for_page(0).header, &page.style);
            self.out.push_str("</header>\n");
            return;
        }
        let text = page.header.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.is_empty() && page.logo.is_none() && !page.draft {
            return;
        }
        self.out.push_str("<header class=\"page-header\">\n");
        if page.draft {
            self.out.push_str(
                "<p class=\"concept\" role=\"note\"><strong>CONCEPT</strong> – deze versie is nog niet definitief.</p>\n",
            );
        }
        if let Some(logo) = &page.logo {
            self.logo(logo);
        }
        if !text.is_empty() {
            self.out.push_str("<p class=\"page-header-text\">");
            push_escaped(&mut self.out, &text);
            self.out.push_str("</p>\n");
        }
        self.out.push_str("</header>\n");
    }

    fn logo(&mut self, logo: &Image) {
        let mime = match logo.format {
            ImageFormat::Png => "image/png",
            ImageFormat::Jpeg => "image/jpeg",
        };
        let alt = logo.alt.split_whitespace().collect::<Vec<_>>().join(" ");
        self.out.push_str(&format!(
            "<img class=\"logo\" src=\"data:{mime};base64,{}\" alt=\"{}\"",
            base64(&logo.bytes),
            escape(&alt)
        ));
        if logo.width_px > 0 && logo.height_px > 0 {
            self.out.push_str(&format!(
                " width=\"{}\" height=\"{}\"",
                logo.width_px, logo.height_px
            ));
        }
        self.out.push_str(">\n");
    }

    fn footer(&mut self) {
        let props = &self.doc.properties;
        let text = screen_footer(&self.doc.page.footer);
        self.out.push_str("<footer class=\"page-footer\">\n");
        if let Some(bands) = &self.doc.page.style.bands {
            bands::band(
                &mut self.out,
                &bands.for_page(0).footer,
                &self.doc.page.style,
            );
        }
        let address = &self.doc.page.style.address;
        if !address.is_empty() {
            self.out.push_str("<p class=\"address\">");
            push_escaped(&mut self.out, address);
            self.out.push_str("</p>\n");
        }
        self.out.push_str("<p>");
        if !text.is_empty() {
            push_escaped(&mut self.out, &text);
            self.out.push_str(" · ");
        }
        self.out.push_str(&format!(
            "<time datetime=\"{}\">{}</time></p>\n</footer>\n",
            escape(&props.date.iso()),
            escape(&props.date.dutch())
        ));
    }

    /// One block; `index` is its position among the top-level blocks.
    fn block(&mut self, block: &Block, index: Option<usize>) {
        match block {
            Block::Title { content, structure } => match structure {
                Some(level) => {
                    let level = (*level).clamp(1, 6);
                    self.current = level;
                    self.out.push_str(&format!("<h{level} class=\"title\">"));
                    self.inlines(content);
                    self.out.push_str(&format!("</h{level}>\n"));
                }
                None => self.element("p class=\"title\"", "p", content),
            },
            Block::Subtitle(content) => self.element("p class=\"subtitle\"", "p", content),
            Block::Heading {
                level: style_level,
                content,
                structure,
            } => {
                let id = self.ids.get(self.next_id).cloned().unwrap_or_default();
                self.next_id += 1;
                // The document made a heading without text no heading: it would be
                // noise to a screen reader, and shows nothing. Leave it out.
                let Some(level) = structure else { return };
                let level = (*level).clamp(1, 6);
                self.current = level;
                // The tag is the structure level; the class is the style level, the
                // house style's Heading 1–3.
                self.out.push_str(&format!(
                    "<h{level} class=\"kop{}\" id=\"{}\">",
                    (*style_level).clamp(1, 3),
                    escape(&id)
                ));
                self.inlines(content);
                self.out.push_str(&format!("</h{level}>\n"));
            }
            Block::Paragraph(content) => self.element("p", "p", content),
            Block::List(list) => self.list(list),
            Block::Table(table) => self.table(table),
            Block::Fields(fields) => self.fields(fields),
            Block::Signatures(s) => self.signatures(s),
            Block::TableOfContents => self.toc(index),
            Block::PageBreak => self.out.push_str("<div class=\"page-break\"></div>\n"),
        }
    }

    fn element(&mut self, open: &str, close: &str, content: &[Inline]) {
        self.out.push('<');
        self.out.push_str(open);
        self.out.push('>');
        self.inlines(content);
        self.out.push_str("</");
        self.out.push_str(close);
        self.out.push_str(">\n");
    }

    /// A list: `ol` with the type and start of its scheme, or `ul` with its bullet
    /// kind as a class (the stylesheet draws the bullet).
    fn list(&mut self, list: &List) {
        if list.items.is_empty() {
            return;
        }
        let tag = match list.scheme {
            Numbering::Bullet(bullet) => {
                let class = match bullet {
                    BulletKind::Disc => "bullet-disc",
                    BulletKind::Dash => "bullet-dash",
                    BulletKind::Square => "bullet-square",
                };
                self.out.push_str(&format!("<ul class=\"{class}\">\n"));
                "ul"
            }
            numbered => {
                let ol_type = match numbered {
                    Numbering::LowerAlpha => "a",
                    Numbering::LowerRoman => "i",
                    _ => "1",
                };
                self.out.push_str(&format!("<ol type=\"{ol_type}\""));
                if list.start != 1 {
                    self.out.push_str(&format!(" start=\"{}\"", list.start));
                }
                self.out.push_str(">\n");
                "ol"
            }
        };
        for item in &list.items {
            self.out.push_str("<li>");
            // A single paragraph (optionally with a nested list) reads as the item itself.
            let tight = item
                .blocks
                .iter()
                .filter(|b| !matches!(b, Block::List(_)))
                .count()
                <= 1;
            let mut at_start = true;
            for b in &item.blocks {
                match b {
                    Block::Paragraph(content) if tight => self.inlines(content),
                    _ => {
                        if at_start {
                            self.out.push('\n');
                        }
                        self.block(b, None);
                    }
                }
                at_start = false;
            }
            self.out.push_str("</li>\n");
        }
        self.out.push_str(&format!("</{tag}>\n"));
    }

    fn table(&mut self, table: &Table) {
        let columns = table
            .rows
            .iter()
            .map(Vec::len)
            .chain([table.header.len()])
            .max()
            .unwrap_or(0);
        if columns == 0 {
            return;
        }
        self.out.push_str("<table>\n");
        let total: f32 = table.widths.iter().sum();
        if table.widths.len() == columns
            && table.widths.iter().all(|w| w.is_finite() && *w > 0.0)
            && total.is_finite()
        {
            self.out.push_str("<colgroup>");
            for w in &table.widths {
                self.out
                    .push_str(&format!("<col style=\"width: {:.2}%\">", w / total * 100.0));
            }
            self.out.push_str("</colgroup>\n");
        }
        if !table.header.is_empty() {
            self.out.push_str("<thead>\n<tr>");
            for i in 0..columns {
                self.out.push_str("<th scope=\"col\">");
                if let Some(cell) = table.header.get(i) {
                    self.inlines(cell);
                }
                self.out.push_str("</th>");
            }
            self.out.push_str("</tr>\n</thead>\n");
        }
        if !table.rows.is_empty() {
            self.out.push_str("<tbody>\n");
            for row in &table.rows {
                self.out.push_str("<tr>");
                for i in 0..columns {
                    self.out.push_str("<td>");
                    if let Some(cell) = row.get(i) {
                        self.inlines(cell);
                    }
                    self.out.push_str("</td>");
                }
                self.out.push_str("</tr>\n");
            }
            self.out.push_str("</tbody>\n");
        }
        self.out.push_str("</table>\n");
    }

    fn fields(&mut self, fields: &Fields) {
        if fields.rows.is_empty() {
            return;
        }
        let class = match fields.layout {
            FieldLayout::Inline => "fields fields-inline",
            FieldLayout::Stacked => "fields fields-stacked",
        };
        self.out.push_str(&format!("<dl class=\"{class}\">\n"));
        for row in &fields.rows {
            self.out.push_str("<dt>");
            self.inlines(&row.label);
            self.out.push_str("</dt>\n<dd>");
            self.inlines(&row.value);
            self.out.push_str("</dd>\n");
        }
        self.out.push_str("</dl>\n");
    }

    /// The closing block: the sender's line, then the signers side by side (the
    /// stylesheet sets them in columns), each a paragraph: function, then name.
    fn signatures(&mut self, block: &Signatures) {
        self.out.push_str("<div class=\"signatures\">\n");
        self.element("p class=\"sender\"", "p", &block.sender);
        if !block.signers.is_empty() {
            self.out.push_str("<div class=\"signers\">\n");
            for signer in &block.signers {
                self.out.push_str("<p class=\"signer\">");
                self.inlines(&signer.role);
                if let Some(signature) = &signer.signature {
                    self.signature(signature);
                }
                self.out.push_str("\n<span class=\"signer-name\">");
                self.inlines(&signer.name);
                self.out.push_str("</span></p>\n");
            }
            self.out.push_str("</div>\n");
        }
        self.out.push_str("</div>\n");
    }

    /// A signature, in the room left for it and standing on the name: a block as high
    /// as that room, the picture at its foot, at the size the document decided.
    fn signature(&mut self, signature: &crate::document::Signature) {
        let image = &signature.image;
        let mime = match image.format {
            ImageFormat::Png => "image/png",
            ImageFormat::Jpeg => "image/jpeg",
        };
        let alt = image.alt.split_whitespace().collect::<Vec<_>>().join(" ");
        self.out.push_str(&format!(
            "\n<span class=\"signature\"><img src=\"data:{mime};base64,{}\" alt=\"{}\" style=\"width:{:.1}pt;height:{:.1}pt\"></span>",
            base64(&image.bytes),
            escape(&alt),
            signature.width,
            signature.height,
        ));
    }

    /// The table of contents: links to the top-level headings after it (all of them
    /// when it sits inside a list), nested by level.
    fn toc(&mut self, index: Option<usize>) {
        let entries: Vec<(u8, String, String)> = self
            .entries
            .iter()
            .filter(|e| index.is_none_or(|i| e.index > i) && !e.text.trim().is_empty())
            .map(|e| (e.level, e.text.clone(), e.id.clone()))
            .collect();
        if entries.is_empty() {
            return;
        }
        let id = if self.tocs == 0 {
            TOC_ID.to_owned()
        } else {
            self.unique(TOC_ID)
        };
        self.tocs += 1;
        // Part of the section it stands in, one level below that section's heading.
        let level = (self.current + 1).min(6);
        self.out.push_str(&format!(
            "<nav class=\"toc\" aria-labelledby=\"{id}\">\n<h{level} id=\"{id}\">{TOC_TITLE}</h{level}>\n"
        ));
        // Depth of each entry: its level relative to the highest, never more than one
        // deeper than the entry before.
        let base = entries.iter().map(|e| e.0).min().unwrap_or(1);
        let mut depth = 0usize;
        self.out.push_str("<ul>\n");
        for (k, (lvl, text, target)) in entries.iter().enumerate() {
            let wanted = usize::from(lvl.saturating_sub(base));
            let d = if k == 0 { 0 } else { wanted.min(depth + 1) };
            if k > 0 {
                if d > depth {
                    self.out.push_str("\n<ul>\n");
                } else {
                    self.out.push_str("</li>\n");
                    for _ in d..depth {
                        self.out.push_str("</ul>\n</li>\n");
                    }
                }
            }
            depth = d;
            self.out
                .push_str(&format!("<li><a href=\"#{}\">", escape(target)));
            push_escaped(&mut self.out, text.trim());
            self.out.push_str("</a>");
        }
        self.out.push_str("</li>\n");
        for _ in 0..depth {
            self.out.push_str("</ul>\n</li>\n");
        }
        self.out.push_str("</ul>\n</nav>\n");
    }

    /// Inline content: bold as `strong`, italic as `em`, neighbouring spans with the same
    /// safe target as one link, line breaks as `br`.
    fn inlines(&mut self, content: &[Inline]) {
        let mut i = 0;
        while i < content.len() {
            match &content[i] {
                Inline::LineBreak => {
                    self.out.push_str("<br>");
                    i += 1;
                }
                Inline::Text(span) => {
                    let Some(url) = span.link.as_deref().and_then(safe_url) else {
                        self.span(span);
                        i += 1;
                        continue;
                    };
                    let mut end = i + 1;
                    while let Some(Inline::Text(next)) = content.get(end) {
                        if next.link != span.link {
                            break;
                        }
                        end += 1;
                    }
                    let spans: Vec<&Span> = content[i..end]
                        .iter()
                        .filter_map(|x| match x {
                            Inline::Text(s) => Some(s),
                            Inline::LineBreak => None,
                        })
                        .collect();
                    let shown: String = spans.iter().map(|s| clean(&s.text)).collect();
                    let shown = shown.trim();
                    let target = span.link.as_deref().unwrap_or_default().trim();
                    let bare = target.strip_prefix("mailto:").unwrap_or(target);
                    // In print the address follows the text, unless the text is the address.
                    let class = if shown == target || shown == bare || shown.is_empty() {
                        ""
                    } else {
                        " class=\"show-url\""
                    };
                    self.out
                        .push_str(&format!("<a href=\"{}\"{class}>", escape(&url)));
                    if shown.is_empty() {
                        push_escaped(&mut self.out, bare);
                    } else {
                        for s in spans {
                            self.span(s);
                        }
                    }
                    self.out.push_str("</a>");
                    i = end;
                }
            }
        }
    }

    fn span(&mut self, span: &Span) {
        let text = escape(&span.text);
        if text.is_empty() {
            return;
        }
        if span.open_field {
            self.out.push_str("<mark class=\"open-field\">");
        }
        if span.bold {
            self.out.push_str("<strong>");
        }
        if span.italic {
            self.out.push_str("<em>");
        }
        self.out.push_str(&text);
        if span.italic {
            self.out.push_str("</em>");
        }
        if span.bold {
            self.out.push_str("</strong>");
        }
        if span.open_field {
            self.out.push_str("</mark>");
        }
    }
}

/// Whether any block, in lists too, is a heading of the document's structure.
fn has_heading(blocks: &[Block]) -> bool {
    blocks.iter().any(|b| match b {
        Block::Title { structure, .. } | Block::Heading { structure, .. } => structure.is_some(),
        Block::List(list) => list.items.iter().any(|item| has_heading(&item.blocks)),
        _ => false,
    })
}

/// The page title: the document's title, else its subject, else the first Title block.
fn document_title(doc: &Document) -> String {
    let p = &doc.properties;
    for candidate in [&p.title, &p.subject] {
        let t = clean(candidate)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if !t.is_empty() {
            return t;
        }
    }
    doc.blocks
        .iter()
        .find_map(|b| match b {
            Block::Title { content, .. } => Some(clean(&plain_text(content))),
            _ => None,
        })
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| "Document".to_owned())
}

/// The primary language subtag of a BCP 47 tag ("nl-NL" → "nl"); "nl" when unusable.
fn lang(tag: &str) -> String {
    let primary = tag.split(['-', '_']).next().unwrap_or("").trim();
    if (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_alphabetic()) {
        primary.to_ascii_lowercase()
    } else {
        "nl".to_owned()
    }
}

fn collect_headings(blocks: &[Block], out: &mut Vec<String>) {
    for b in blocks {
        match b {
            Block::Heading { content, .. } => out.push(clean(&plain_text(content))),
            Block::List(list) => list
                .items
                .iter()
                .for_each(|item| collect_headings(&item.blocks, out)),
            _ => {}
        }
    }
}

fn heading_count(block: &Block) -> usize {
    match block {
        Block::Heading { .. } => 1,
        Block::List(list) => list
            .items
            .iter()
            .flat_map(|item| &item.blocks)
            .map(heading_count)
            .sum(),
        _ => 0,
    }
}
