//! The flow of blocks as the body of `word/document.xml`.

use crate::document::{
    Block, Document, FieldLayout, Fields, Inline, List, ListItem, ListKind, Signatures, Table,
};

use crate::fonts::FontBook;
use crate::layout::font::DocFonts;
use crate::layout::style::Styles;
use crate::layout::table::column_widths;

use super::numbering::Numbering;
use super::pictures::{self, BodyPicture, Drawing};
use super::props::{self, Para, Run};
use super::styles::id;
use super::units::{emu, twips};
use super::xml::Xml;

/// The field code of the table of contents: levels 1–3 from the heading styles, entries
/// as hyperlinks, no page numbers in web view, outline levels too.
const TOC_FIELD: &str = " TOC \\o \"1-3\" \\h \\z \\u ";

/// The body and what it refers to outside `document.xml`.
pub(super) struct Body {
    pub xml: Xml,
    pub numbering: Numbering,
    /// Hyperlink targets; the n-th gets relationship id `rIdLink{n+1}`.
    pub links: Vec<String>,
    /// The pictures the body draws (signatures), in order.
    pub pictures: Vec<BodyPicture>,
    /// A table too narrow for its words, …: one line each.
    pub warnings: Vec<String>,
}

/// `fonts` is the run's book, the one the PDF's layout uses: a table's columns are
/// measured in the fonts the PDF sets them in, also those found only through
/// `--lettertypen`.
pub(super) fn render(doc: &Document, fonts: &FontBook) -> Body {
    let mut writer = Writer {
        doc,
        toc_pages: None,
        x: Xml::fragment(),
        numbering: Numbering::default(),
        links: Vec::new(),
        pictures: Vec::new(),
        headings: 0,
        outline: doc.outline(),
        page_break: false,
        after_table: false,
        text_width: twips(doc.page.style.page.text_width()),
        label_width: twips(doc.page.style.fields.label_width),
        header_fill: doc.page.style.table.header_fill.hex(),
        styles: Styles::with_fonts(
            &doc.page,
            DocFonts::resolve(&doc.page.style, &doc.page.style.font_files, fonts),
        ),
        warnings: Vec::new(),
    };
    for block in &doc.blocks {
        writer.block(block, true);
    }
    writer.finish();
    Body {
        xml: writer.x,
        numbering: writer.numbering,
        links: writer.links,
        pictures: writer.pictures,
        warnings: writer.warnings,
    }
}

/// `w:outlineLvl` of body text: not part of the outline.
const BODY_TEXT_OUTLINE: u8 = 9;

/// `w:outlineLvl` (0-based) of a structure level (1-based).
fn outline_level(structure: u8) -> u8 {
    structure.clamp(1, 9) - 1
}

/// The relationship id of the `index`-th hyperlink.
pub(super) fn link_rel(index: usize) -> String {
    format!("rIdLink{}", index + 1)
}

/// The bookmark a table-of-contents entry jumps to: the `index`-th top-level heading.
fn toc_bookmark(index: usize) -> String {
    format!("_Toc{:08}", index + 1)
}

struct Writer<'d> {
    doc: &'d Document,
    /// Page (1-based) of each top-level heading in our layout, computed once when a
    /// table of contents needs it.
    toc_pages: Option<Vec<usize>>,
    x: Xml,
    numbering: Numbering,
    links: Vec<String>,
    pictures: Vec<BodyPicture>,
    /// Top-level headings written so far: the bookmark number of the next one.
    headings: usize,
    outline: Vec<(u8, String)>,
    /// A page break waits for the next paragraph, which then starts a new page.
    page_break: bool,
    /// Word merges two tables that touch; a paragraph must separate them.
    after_table: bool,
    /// The house style's text width and field-label column, in twips.
    text_width: u32,
    label_width: u32,
    /// `RRGGBB` of the table header row, written on its cells as well as in the table
    /// style, since LibreOffice does not apply a table style's first-row shading.
    header_fill: String,
    /// The PDF's type sizes, in which table columns are measured.
    styles: Styles,
    warnings: Vec<String>,
}

impl Writer<'_> {
    fn block(&mut self, block: &Block, top_level: bool) {
        match block {
            Block::Title { content, structure } => {
                let para = Para {
                    outline: structure.map(outline_level),
                    ..Para::styled(id::TITLE)
                };
                self.paragraph(para, content)
            }
            Block::Subtitle(content) => self.paragraph(Para::styled(id::SUBTITLE), content),
            Block::Heading {
                level,
                content,
                structure,
            } => self.heading(*level, *structure, content, top_level),
            Block::Paragraph(content) => self.paragraph(Para::styled(id::BODY), content),
            Block::List(list) => self.list(list, 0),
            Block::Table(table) => self.table(table),
            Block::Fields(fields) => self.fields(fields),
            Block::Signatures(s) => self.signatures(s),
            Block::TableOfContents => self.table_of_contents(),
            Block::PageBreak => self.page_break = true,
        }
    }

    /// Starts a paragraph, taking over a pending page break.
    fn open_paragraph(&mut self, mut para: Para) {
        para.page_break_before |= std::mem::take(&mut self.page_break);
        self.after_table = false;
        self.x.start("w:p", &[]);
        para.write(&mut self.x);
    }

    fn paragraph(&mut self, para: Para, content: &[Inline]) {
        self.open_paragraph(para);
        self.inlines(content, Run::default());
        self.x.end("w:p");
    }

    /// A heading; top-level ones carry the bookmark their table-of-contents entry links
    /// to ([`Document::outline`] lists exactly those). The style follows the author's
    /// level (its look); the outline level is the structure level the document decided,
    /// so that Word's navigation pane and a PDF exported from the DOCX show the same
    /// hierarchy as our PDF and HTML. A heading the document made no heading (it has
    /// no text) is body text.
    fn heading(&mut self, level: u8, structure: Option<u8>, content: &[Inline], top_level: bool) {
        let style = id::HEADINGS[usize::from(level.clamp(1, 3) - 1)];
        self.open_paragraph(Para {
            outline: Some(structure.map_or(BODY_TEXT_OUTLINE, outline_level)),
            ..Para::styled(style)
        });
        let bookmark = top_level.then(|| {
            let index = self.headings;
            self.headings += 1;
            index
        });
        if let Some(index) = bookmark {
            let id = index.to_string();
            self.x.empty(
                "w:bookmarkStart",
                &[("w:id", &id), ("w:name", &toc_bookmark(index))],
            );
        }
        self.inlines(content, Run::default());
        if let Some(index) = bookmark {
            self.x
                .empty("w:bookmarkEnd", &[("w:id", &index.to_string())]);
        }
        self.x.end("w:p");
    }

    fn inlines(&mut self, content: &[Inline], base: Run) {
        for inline in content {
            match inline {
                Inline::Text(span) => {
                    let run = Run {
                        bold: base.bold || span.bold,
                        italic: base.italic || span.italic,
                        highlight: base.highlight || span.open_field,
                        ..base
                    };
                    match span.link.as_deref().map(str::trim) {
                        Some(url) if !url.is_empty() => self.hyperlink(url, run, &span.text),
                        _ => props::text_run(&mut self.x, run, &span.text),
                    }
                }
                Inline::LineBreak => props::line_break(&mut self.x),
            }
        }
    }

    fn hyperlink(&mut self, url: &str, run: Run, text: &str) {
        let rel = link_rel(self.links.len());
        self.links.push(url.to_owned());
        self.x
            .start("w:hyperlink", &[("r:id", &rel), ("w:history", "1")]);
        let run = Run {
            style: Some(id::HYPERLINK),
            ..run
        };
        props::text_run(&mut self.x, run, text);
        self.x.end("w:hyperlink");
    }

    /// A list at `level`: its own numbering definition, one numbered paragraph per item,
    /// nested lists one level deeper.
    fn list(&mut self, list: &List, level: u32) {
        let num_id = self.numbering.add(list.scheme, list.start, level);
        let style = match list.scheme.kind() {
            ListKind::Numbered => id::LIST_NUMBER,
            ListKind::Bulleted => id::LIST_BULLET,
        };
        for item in &list.items {
            self.list_item(item, style, num_id, level);
        }
    }

    /// The item's first paragraph carries the number; further paragraphs continue at the
    /// item's indent; other blocks (a nested list, a table) follow as themselves, and an
    /// item that starts with one gets an empty numbered paragraph so its number shows.
    fn list_item(&mut self, item: &ListItem, style: &str, num_id: u32, level: u32) {
        let numbered = Para {
            numbering: Some((num_id, level.min(super::numbering::MAX_LEVEL))),
            ..Para::styled(style)
        };
        let mut has_number = false;
        for block in &item.blocks {
            let inline = match block {
                Block::Paragraph(c) | Block::Subtitle(c) => Some(c),
                Block::Title { content, .. } | Block::Heading { content, .. } => Some(content),
                _ => None,
            };
            match (inline, has_number) {
                (Some(content), false) => self.paragraph(numbered, content),
                (Some(content), true) => {
                    let continued = Para {
                        indent_left: Some(Numbering::indent(level)),
                        ..Para::styled(id::LIST_CONTINUE)
                    };
                    self.paragraph(continued, content);
                }
                (None, _) => {
                    if !has_number {
                        self.paragraph(numbered, &[]);
                    }
                    match block {
                        Block::List(inner) => self.list(inner, level + 1),
                        other => self.block(other, false),
                    }
                }
            }
            has_number = true;
        }
        if !has_number {
            self.paragraph(numbered, &[]);
        }
    }

    /// A data table in the "Table Grid" style, header row repeated on every page. The
    /// columns are the PDF's ([`column_widths`]), so no word is cut in one and whole
    /// in the other.
    fn table(&mut self, table: &Table) {
        if table.header.is_empty() && table.rows.is_empty() {
            return;
        }
        let columns = column_widths(table, self.doc.page.style.page.text_width(), &self.styles);
        if columns.widths.is_empty() {
            return;
        }
        // Word hyphenates nothing unless the document asks it to.
        self.warnings.extend(columns.warning(table, false));
        let widths: Vec<u32> = columns.widths.iter().map(|&w| twips(w)).collect();
        let has_header = !table.header.is_empty();
        self.open_table(id::TABLE, &widths, has_header);
        if has_header {
            self.table_row(
                &cells_of(&table.header),
                &widths,
                [id::TABLE_HEADER_TEXT; 2],
                true,
            );
        }
        for row in &table.rows {
            self.table_row(&cells_of(row), &widths, [id::TABLE_TEXT; 2], false);
        }
        self.close_table();
    }

    /// `w:tbl` up to its grid (CT_TblPr order: tblStyle, tblW, tblLayout, tblLook).
    fn open_table(&mut self, style: &str, widths: &[u32], header: bool) {
        if std::mem::take(&mut self.page_break) {
            self.break_paragraph();
        } else if self.after_table {
            self.open_paragraph(Para::default());
            self.x.end("w:p");
        }
        let total: u32 = widths.iter().sum();
        let x = &mut self.x;
        x.start("w:tbl", &[]);
        x.start("w:tblPr", &[]);
        x.val("w:tblStyle", style);
        x.empty("w:tblW", &[("w:w", &total.to_string()), ("w:type", "dxa")]);
        x.empty("w:tblLayout", &[("w:type", "fixed")]);
        x.empty(
            "w:tblLook",
            &[
                ("w:val", if header { "04A0" } else { "0400" }),
                ("w:firstRow", if header { "1" } else { "0" }),
                ("w:lastRow", "0"),
                ("w:firstColumn", "0"),
                ("w:lastColumn", "0"),
                ("w:noHBand", "1"),
                ("w:noVBand", "1"),
            ],
        );
        x.end("w:tblPr");
        x.start("w:tblGrid", &[]);
        for width in widths {
            x.empty("w:gridCol", &[("w:w", &width.to_string())]);
        }
        x.end("w:tblGrid");
    }

    fn close_table(&mut self) {
        self.x.end("w:tbl");
        self.after_table = true;
    }

    /// One row; missing cells are added empty, as every row must span the grid. The
    /// first cell gets `styles[0]`, the others `styles[1]`.
    fn table_row(&mut self, cells: &[&[Inline]], widths: &[u32], styles: [&str; 2], header: bool) {
        self.x.start("w:tr", &[]);
        if header {
            self.x.start("w:trPr", &[]);
            self.x.empty("w:cantSplit", &[]);
            self.x.empty("w:tblHeader", &[]);
            self.x.end("w:trPr");
        }
        for (index, width) in widths.iter().enumerate() {
            let content = cells.get(index).copied().unwrap_or_default();
            let style = styles[usize::from(index > 0)];
            self.table_cell(*width, style, content, header);
        }
        self.x.end("w:tr");
    }

    fn table_cell(&mut self, width: u32, style: &str, content: &[Inline], header: bool) {
        self.x.start("w:tc", &[]);
        self.x.start("w:tcPr", &[]);
        self.x
            .empty("w:tcW", &[("w:w", &width.to_string()), ("w:type", "dxa")]);
        if header {
            self.x.empty(
                "w:shd",
                &[
                    ("w:val", "clear"),
                    ("w:color", "auto"),
                    ("w:fill", &self.header_fill),
                ],
            );
        }
        self.x.end("w:tcPr");
        self.x.start("w:p", &[]);
        Para::styled(style).write(&mut self.x);
        self.inlines(content, Run::default());
        self.x.end("w:p");
        self.x.end("w:tc");
    }

    /// The label/value block: a borderless two-column table (inline) or bold label
    /// paragraphs each followed by the value (stacked).
    fn fields(&mut self, fields: &Fields) {
        if fields.rows.is_empty() {
            return;
        }
        match fields.layout {
            FieldLayout::Inline => {
                let label = self.label_width.min(self.text_width * 2 / 5);
                let widths = [label, self.text_width - label];
                self.open_table(id::FIELDS_TABLE, &widths, false);
                for row in &fields.rows {
                    let cells = [row.label.as_slice(), row.value.as_slice()];
                    let styles = [id::FIELD_INLINE_LABEL, id::FIELD_TEXT];
                    self.table_row(&cells, &widths, styles, false);
                }
                self.close_table();
            }
            FieldLayout::Stacked => {
                for row in &fields.rows {
                    self.paragraph(Para::styled(id::FIELD_LABEL), &row.label);
                    self.paragraph(Para::styled(id::FIELD_VALUE), &row.value);
                }
            }
        }
    }

    /// The closing block: the sender's line kept with the signers, who stand side by
    /// side in a borderless table, each cell the function and, a signature's height
    /// lower, the name.
    fn signatures(&mut self, block: &Signatures) {
        let style = self.doc.page.style.signatures;
        self.paragraph(
            Para {
                keep_next: !block.signers.is_empty(),
                space_before: Some(twips(style.space_before)),
                ..Para::styled(id::BODY)
            },
            &block.sender,
        );
        if block.signers.is_empty() {
            return;
        }
        let with_pictures = block.signers.iter().any(|s| s.signature.is_some());
        let count = u32::try_from(block.signers.len()).unwrap_or(u32::MAX);
        let widths = vec![self.text_width / count; block.signers.len()];
        self.open_table(id::FIELDS_TABLE, &widths, false);
        self.x.start("w:tr", &[]);
        self.x.start("w:trPr", &[]);
        self.x.empty("w:cantSplit", &[]);
        self.x.end("w:trPr");
        for (signer, width) in block.signers.iter().zip(&widths) {
            self.x.start("w:tc", &[]);
            self.x.start("w:tcPr", &[]);
            self.x
                .empty("w:tcW", &[("w:w", &width.to_string()), ("w:type", "dxa")]);
            self.x.end("w:tcPr");
            let first = Para {
                space_before: Some(twips(style.gap)),
                ..Para::styled(id::FIELD_TEXT)
            };
            self.x.start("w:p", &[]);
            first.write(&mut self.x);
            self.inlines(&signer.role, Run::default());
            self.x.end("w:p");
            if with_pictures {
                // The room for the signature is a line of its own, at least as high
                // in every column, holding the picture or nothing: the names stand
                // level whichever signers have one.
                self.x.start("w:p", &[]);
                self.x.start("w:pPr", &[]);
                self.x.val("w:pStyle", id::FIELD_TEXT);
                self.x.empty(
                    "w:spacing",
                    &[
                        ("w:before", "0"),
                        ("w:after", "0"),
                        ("w:line", &twips(style.signature_space).to_string()),
                        ("w:lineRule", "atLeast"),
                    ],
                );
                self.x.end("w:pPr");
                if let Some(signature) = &signer.signature {
                    self.signature(signature);
                }
                self.x.end("w:p");
            }
            let name = Para {
                space_before: (!with_pictures).then(|| twips(style.signature_space)),
                ..Para::styled(id::FIELD_TEXT)
            };
            self.x.start("w:p", &[]);
            name.write(&mut self.x);
            self.inlines(&signer.name, Run::default());
            self.x.end("w:p");
            self.x.end("w:tc");
        }
        self.x.end("w:tr");
        self.close_table();
    }

    /// A signature as an inline picture, at the size the document decided.
    fn signature(&mut self, signature: &crate::document::Signature) {
        let Some(picture) = pictures::add(&mut self.pictures, &signature.image) else {
            self.warnings.push(
                "Word: een handtekening is geen geldige PNG- of JPEG-afbeelding en staat niet in het bestand"
                    .to_owned(),
            );
            return;
        };
        let alt = signature
            .image
            .alt
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        Drawing {
            rel: &picture.rel,
            id: Drawing::body_id(self.pictures.len()),
            name: "Handtekening",
            file_name: &picture.file_name,
            alt: &alt,
            cx: emu(signature.width),
            cy: emu(signature.height),
        }
        .run(&mut self.x);
    }

    /// A real TOC field whose cached result already lists the headings, linked to their
    /// bookmarks, each with its page number as a PAGEREF field: the table of contents
    /// reads right before anyone updates fields, and "Update table" (F9) in Word or
    /// LibreOffice's "Update index" recomputes it from their own pagination.
    ///
    /// The cached numbers are our PDF layout's: the DOCX and the PDF share the house
    /// style, so they paginate alike; the layout runs only for a document with a TOC.
    fn table_of_contents(&mut self) {
        let pages = self.toc_pages.get_or_insert_with(|| {
            crate::layout::layout(self.doc)
                .outline
                .iter()
                .map(|entry| entry.page + 1)
                .collect()
        });
        let pages = pages.clone();
        let entries: Vec<(usize, String)> = self
            .outline
            .iter()
            .map(|(level, text)| (usize::from((*level).clamp(1, 3) - 1), text.clone()))
            .collect();
        if entries.is_empty() {
            self.open_paragraph(Para::styled(id::TOC[0]));
            props::field(&mut self.x, Run::default(), TOC_FIELD, "");
            self.x.end("w:p");
            return;
        }
        let last = entries.len() - 1;
        for (index, (level, text)) in entries.iter().enumerate() {
            self.open_paragraph(Para::styled(id::TOC[*level]));
            if index == 0 {
                props::field_begin(&mut self.x, Run::default(), TOC_FIELD);
            }
            self.x.start(
                "w:hyperlink",
                &[("w:anchor", &toc_bookmark(index)), ("w:history", "1")],
            );
            props::text_run(&mut self.x, Run::default(), text);
            if let Some(page) = pages.get(index) {
                props::text_run(&mut self.x, Run::default(), "\t");
                let instruction = format!(" PAGEREF {} \\h ", toc_bookmark(index));
                props::field(&mut self.x, Run::default(), &instruction, &page.to_string());
            }
            self.x.end("w:hyperlink");
            if index == last {
                props::field_end(&mut self.x, Run::default());
            }
            self.x.end("w:p");
        }
    }

    /// An explicit page break, where no following paragraph can carry it.
    fn break_paragraph(&mut self) {
        self.open_paragraph(Para::default());
        self.x.start("w:r", &[]);
        self.x.empty("w:br", &[("w:type", "page")]);
        self.x.end("w:r");
        self.x.end("w:p");
    }

    /// Word wants the body to end in a paragraph, and a trailing page break still needs
    /// one to happen.
    fn finish(&mut self) {
        if std::mem::take(&mut self.page_break) {
            self.break_paragraph();
        } else if self.after_table {
            self.open_paragraph(Para::default());
            self.x.end("w:p");
        }
    }
}

fn cells_of(row: &[Vec<Inline>]) -> Vec<&[Inline]> {
    row.iter().map(Vec::as_slice).collect()
}
