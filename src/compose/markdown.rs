//! Template output (Markdown) → document blocks.
//!
//! Templates write Markdown, as mdBook's do, because Markdown is what a policy officer
//! can read and edit. What Markdown cannot say is written as a few block directives in
//! raw HTML, which only templates can produce (text from YAML is escaped):
//!
//! | directive                                   | becomes                                   |
//! |---------------------------------------------|-------------------------------------------|
//! | `<div class="velden-naast">` … `</div>`     | definition lists inside: [`FieldLayout::Inline`] |
//! | `<div class="velden-onder">` … `</div>`     | definition lists inside: [`FieldLayout::Stacked`] |
//! | `<div class="inhoudsopgave"></div>`         | [`Block::TableOfContents`]                |
//! | `<div class="pagina-einde"></div>`          | [`Block::PageBreak`]                      |
//! | `<div class="ondertekening">` … `</div>`    | [`Block::Signatures`]: the paragraph inside is the sender, a definition list the signers (function / name) |
//!
//! A signer's name may begin with a signature's image token (the template writes
//! `{{gemeente.ondertekening.handtekeningen.burgemeester}}` before the name): the
//! signer gets that picture ([`super::signatures`]). An image token anywhere else is
//! an error, not a picture that silently disappears.
//!
//! `# Titel {.titel}` and `## … {.ondertitel}` become the Title and Subtitle blocks.
//! A YAML front matter block carries the document properties and page furniture.
//! A paragraph that is only a field token (see [`FieldTokens`]) is replaced by that
//! field's own blocks, parsed separately so user text cannot leak into the template.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::field::to_blocks;
use super::signatures::Pictures;
use crate::document::{
    plain_text, Block, Field, FieldLayout, Fields, Inline, List, ListItem, ListKind, Numbering,
    Signature, Signatures, Signer, Span, Table,
};
use crate::markup::{find_image_token, is_allowed_link, FieldTokens, TOKEN_START};

/// What a Markdown text turned into: blocks, and the front matter if it had one.
#[derive(Debug, Default)]
pub struct Parsed {
    pub front_matter: Option<String>,
    pub blocks: Vec<Block>,
}

/// A problem in template output: the template produced something we cannot place.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkdownError {
    pub message: String,
}

/// Options for template Markdown: tables, definition lists, heading classes, front matter.
pub fn template_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
}

/// Deepest list nesting kept. Word knows nine list levels, and every stage after this
/// one (both renderers, the layout, the text extraction) walks lists recursively: a
/// pasted text of thousands of nested `- ` would otherwise overflow the stack, which
/// aborts the process rather than panicking. Items nested deeper keep their text, as
/// paragraphs of the deepest item.
pub const MAX_LIST_DEPTH: usize = 9;

/// Parses template output into blocks.
pub fn parse(text: &str, tokens: &FieldTokens) -> Result<Parsed, MarkdownError> {
    parse_with(text, tokens, template_options())
}

/// Parses a letter's template output, whose signers may carry `pictures`.
pub fn parse_with_pictures(
    text: &str,
    tokens: &FieldTokens,
    pictures: &Pictures,
) -> Result<Parsed, MarkdownError> {
    parse_events(text, tokens, pictures, template_options())
}

/// Parses Markdown with the given extensions; fields use none, templates all of ours.
pub fn parse_with(
    text: &str,
    tokens: &FieldTokens,
    options: Options,
) -> Result<Parsed, MarkdownError> {
    parse_events(text, tokens, &Pictures::default(), options)
}

fn parse_events(
    text: &str,
    tokens: &FieldTokens,
    pictures: &Pictures,
    options: Options,
) -> Result<Parsed, MarkdownError> {
    let mut builder = Builder::new(tokens, pictures);
    for event in Parser::new_ext(text, options) {
        builder.event(event)?;
    }
    builder.finish()
}

/// One open container while walking the event stream.
enum Frame {
    Root(Vec<Block>),
    List {
        scheme: Numbering,
        start: u32,
        items: Vec<ListItem>,
    },
    Item(Vec<Block>),
    Table {
        header: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
        row: Vec<Vec<Inline>>,
        in_head: bool,
    },
    Definitions {
        rows: Vec<Field>,
        label: Vec<Inline>,
        /// Per row, the signature its definition began with.
        signatures: Vec<Option<Signature>>,
    },
    Directive(String),
    /// `<div class="ondertekening">`: collects the closing block's parts.
    Signatures {
        sender: Vec<Inline>,
        signers: Vec<Signer>,
        /// Something other than a paragraph or a definition list was put inside.
        misplaced: bool,
    },
}

struct Builder<'t> {
    tokens: &'t FieldTokens,
    pictures: &'t Pictures,
    /// The signatures of the definition list being pushed, row by row: taken by a
    /// closing block, left over anywhere else.
    signatures: Vec<Option<Signature>>,
    /// An image token stood where no picture can go (outside a signer's name).
    stray_picture: bool,
    stack: Vec<Frame>,
    inlines: Vec<Inline>,
    bold: usize,
    italic: usize,
    /// Open links, innermost last; `None` for a target that is not allowed.
    links: Vec<Option<String>>,
    heading: Option<(u8, Vec<String>)>,
    front_matter: Option<String>,
    in_front_matter: bool,
    layout: Vec<FieldLayout>,
    /// Lists opened beyond [`MAX_LIST_DEPTH`] and not yet closed; their items become
    /// paragraphs of the deepest kept item.
    flattened: usize,
}

impl<'t> Builder<'t> {
    fn new(tokens: &'t FieldTokens, pictures: &'t Pictures) -> Self {
        Builder {
            tokens,
            pictures,
            signatures: Vec::new(),
            stray_picture: false,
            stack: vec![Frame::Root(Vec::new())],
            inlines: Vec::new(),
            bold: 0,
            italic: 0,
            links: Vec::new(),
            heading: None,
            front_matter: None,
            in_front_matter: false,
            layout: Vec::new(),
            flattened: 0,
        }
    }

    fn list_depth(&self) -> usize {
        self.stack
            .iter()
            .filter(|f| matches!(f, Frame::List { .. }))
            .count()
    }

    fn event(&mut self, event: Event) -> Result<(), MarkdownError> {
        match event {
            Event::Start(tag) => self.start(tag)?,
            Event::End(tag) => self.end(tag)?,
            Event::Text(text) if self.in_front_matter => {
                self.front_matter
                    .get_or_insert_with(String::new)
                    .push_str(&text);
            }
            Event::Text(text) | Event::Code(text) => self.text(&text),
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => self.inlines.push(Inline::LineBreak),
            Event::Html(html) | Event::InlineHtml(html) => self.html(&html)?,
            Event::Rule => {}
            other => {
                return Err(MarkdownError {
                    message: format!("deze Markdown kent raadsbrief niet: {other:?}"),
                })
            }
        }
        Ok(())
    }

    fn start(&mut self, tag: Tag) -> Result<(), MarkdownError> {
        match tag {
            Tag::Paragraph => self.flush_loose(),
            Tag::Heading { level, classes, .. } => {
                self.flush_loose();
                let level = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    _ => 3,
                };
                self.heading = Some((level, classes.iter().map(|c| c.to_string()).collect()));
            }
            Tag::List(_) if self.flattened > 0 || self.list_depth() >= MAX_LIST_DEPTH => {
                self.flush_loose();
                self.flattened += 1;
            }
            // Inside a flattened list every item is one of its items.
            Tag::Item if self.flattened > 0 => self.flush_loose(),
            Tag::List(start) => {
                self.flush_loose();
                let (kind, start) = match start {
                    Some(n) => (ListKind::Numbered, u32::try_from(n).unwrap_or(1)),
                    None => (ListKind::Bulleted, 1),
                };
                // The one place a list's scheme is decided: by how deep it stands.
                let scheme = Numbering::for_depth(kind, self.list_depth());
                self.stack.push(Frame::List {
                    scheme,
                    start,
                    items: Vec::new(),
                });
            }
            Tag::Item => self.stack.push(Frame::Item(Vec::new())),
            Tag::Emphasis => self.italic += 1,
            Tag::Strong => self.bold += 1,
            Tag::Link { dest_url, .. } => self
                .links
                .push(is_allowed_link(&dest_url).then(|| dest_url.to_string())),
            Tag::Table(_) => {
                self.flush_loose();
                self.stack.push(Frame::Table {
                    header: Vec::new(),
                    rows: Vec::new(),
                    row: Vec::new(),
                    in_head: false,
                });
            }
            Tag::TableHead => {
                if let Some(Frame::Table { in_head, .. }) = self.stack.last_mut() {
                    *in_head = true;
                }
            }
            Tag::TableRow | Tag::TableCell => {}
            Tag::DefinitionList => {
                self.flush_loose();
                self.stack.push(Frame::Definitions {
                    rows: Vec::new(),
                    label: Vec::new(),
                    signatures: Vec::new(),
                });
            }
            Tag::DefinitionListTitle | Tag::DefinitionListDefinition => self.flush_loose(),
            Tag::MetadataBlock(_) => self.in_front_matter = true,
            Tag::Image { .. } | Tag::BlockQuote(_) | Tag::CodeBlock(_) | Tag::HtmlBlock => {}
            other => {
                return Err(MarkdownError {
                    message: format!("deze Markdown kent raadsbrief niet: {other:?}"),
                })
            }
        }
        Ok(())
    }

    fn end(&mut self, tag: TagEnd) -> Result<(), MarkdownError> {
        match tag {
            TagEnd::Paragraph => self.paragraph(),
            TagEnd::Heading(_) => {
                let content = self.take_inlines();
                let (level, classes) = self.heading.take().unwrap_or((1, Vec::new()));
                let block = if classes.iter().any(|c| c == "titel") {
                    Block::title(content)
                } else if classes.iter().any(|c| c == "ondertitel") {
                    Block::Subtitle(content)
                } else {
                    Block::heading(level, content)
                };
                self.push(block);
            }
            TagEnd::Item if self.flattened > 0 => self.flush_loose(),
            TagEnd::List(_) if self.flattened > 0 => {
                self.flush_loose();
                self.flattened -= 1;
            }
            TagEnd::Item => {
                self.flush_loose();
                if let Some(Frame::Item(blocks)) = self.stack.pop() {
                    if let Some(Frame::List { items, .. }) = self.stack.last_mut() {
                        items.push(ListItem { blocks });
                    }
                }
            }
            TagEnd::List(_) => {
                self.flush_loose();
                if let Some(Frame::List {
                    scheme,
                    start,
                    items,
                }) = self.stack.pop()
                {
                    self.push(Block::List(List {
                        scheme,
                        start,
                        items,
                    }));
                }
            }
            TagEnd::Emphasis => self.italic = self.italic.saturating_sub(1),
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::Link => {
                self.links.pop();
            }
            TagEnd::TableCell => {
                let cell = self.take_inlines();
                if let Some(Frame::Table { row, .. }) = self.stack.last_mut() {
                    row.push(cell);
                }
            }
            TagEnd::TableHead => {
                if let Some(Frame::Table {
                    header,
                    row,
                    in_head,
                    ..
                }) = self.stack.last_mut()
                {
                    *header = std::mem::take(row);
                    *in_head = false;
                }
            }
            TagEnd::TableRow => {
                if let Some(Frame::Table {
                    rows,
                    row,
                    in_head: false,
                    ..
                }) = self.stack.last_mut()
                {
                    rows.push(std::mem::take(row));
                }
            }
            TagEnd::Table => {
                if let Some(Frame::Table { header, rows, .. }) = self.stack.pop() {
                    let widths = column_widths(&header, &rows);
                    self.push(Block::Table(Table {
                        widths,
                        header,
                        rows,
                    }));
                }
            }
            TagEnd::DefinitionListTitle => {
                let content = self.take_inlines();
                if let Some(Frame::Definitions { label, .. }) = self.stack.last_mut() {
                    *label = content;
                }
            }
            TagEnd::DefinitionListDefinition => {
                let signature = self.take_signature()?;
                let content = self.take_inlines();
                if let Some(Frame::Definitions {
                    rows,
                    label,
                    signatures,
                }) = self.stack.last_mut()
                {
                    rows.push(Field {
                        label: label.clone(),
                        value: content,
                    });
                    signatures.push(signature);
                }
            }
            TagEnd::DefinitionList => {
                if let Some(Frame::Definitions {
                    rows, signatures, ..
                }) = self.stack.pop()
                {
                    let layout = self.layout.last().copied().unwrap_or(FieldLayout::Inline);
                    self.signatures = signatures;
                    self.push(Block::Fields(Fields { layout, rows }));
                    if std::mem::take(&mut self.signatures)
                        .iter()
                        .any(Option::is_some)
                    {
                        self.stray_picture = true;
                    }
                }
            }
            TagEnd::MetadataBlock(_) => self.in_front_matter = false,
            _ => {}
        }
        Ok(())
    }

    /// Takes the collected inline content, with field tokens inside running text
    /// replaced by the fields' words (a token alone in a paragraph is handled by
    /// [`Builder::paragraph`] before this).
    fn take_inlines(&mut self) -> Vec<Inline> {
        let mut content = std::mem::take(&mut self.inlines);
        for inline in &mut content {
            if let Inline::Text(span) = inline {
                if span.text.contains(TOKEN_START) {
                    while let Some((_, range)) = find_image_token(&span.text) {
                        span.text.replace_range(range, "");
                        self.stray_picture = true;
                    }
                    span.text = self.tokens.inline_text(&span.text, to_blocks);
                }
            }
        }
        content
    }

    /// The signature whose image token begins the collected inline content (a
    /// signer's definition), removed from it with the blanks after it.
    fn take_signature(&mut self) -> Result<Option<Signature>, MarkdownError> {
        let first = self
            .inlines
            .iter()
            .position(|i| !matches!(i, Inline::Text(s) if s.text.trim().is_empty()));
        let Some(Inline::Text(span)) = first.and_then(|i| self.inlines.get_mut(i)) else {
            return Ok(None);
        };
        let Some((name, range)) = find_image_token(&span.text)
            .filter(|(_, range)| span.text[..range.start].trim().is_empty())
            .map(|(name, range)| (name.to_owned(), range))
        else {
            return Ok(None);
        };
        span.text.replace_range(..range.end, "");
        let image = self
            .pictures
            .get(&name)
            .cloned()
            .ok_or_else(|| MarkdownError {
                message: format!(
                    "het sjabloon vraagt een afbeelding ({name}) die dit document niet heeft"
                ),
            })?;
        // What followed the token on its own line starts the name.
        let start = first.unwrap_or(0);
        self.inlines.drain(..start);
        while let Some(Inline::Text(s)) = self.inlines.first_mut() {
            let rest = s.text.trim_start().to_owned();
            if !rest.is_empty() {
                s.text = rest;
                break;
            }
            self.inlines.remove(0);
            if matches!(self.inlines.first(), Some(Inline::LineBreak)) {
                self.inlines.remove(0);
            }
        }
        Ok(Some(Signature::new(image)))
    }

    fn text(&mut self, text: &str) {
        let span = Span {
            text: text.to_string(),
            bold: self.bold > 0,
            italic: self.italic > 0,
            link: self.links.last().cloned().flatten(),
            open_field: false,
        };
        // Adjacent runs with the same style are one run: renderers break lines and
        // kern across them, and the DOCX stays small.
        if let Some(Inline::Text(last)) = self.inlines.last_mut() {
            if last.bold == span.bold && last.italic == span.italic && last.link == span.link {
                last.text.push_str(&span.text);
                return;
            }
        }
        self.inlines.push(Inline::Text(span));
    }

    fn html(&mut self, html: &str) -> Result<(), MarkdownError> {
        for line in html.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let mut rest = line;
            while !rest.is_empty() {
                if let Some(after) = rest.strip_prefix("<div class=\"") {
                    let end = after.find("\">").ok_or_else(|| MarkdownError {
                        message: format!(
                            "blokopdracht `{line}` is onvolledig: schrijf <div class=\"naam\">"
                        ),
                    })?;
                    self.open_directive(&after[..end])?;
                    rest = after[end + 2..].trim_start();
                } else if let Some(after) = rest.strip_prefix("</div>") {
                    self.close_directive()?;
                    rest = after.trim_start();
                } else {
                    return Err(MarkdownError {
                        message: format!(
                            "onbekende HTML `{line}`: een sjabloon kent alleen de blokopdrachten <div class=\"velden-naast|velden-onder|ondertekening|inhoudsopgave|pagina-einde\">"
                        ),
                    });
                }
            }
        }
        Ok(())
    }

    fn open_directive(&mut self, name: &str) -> Result<(), MarkdownError> {
        self.flush_loose();
        match name {
            "velden-naast" => self.layout.push(FieldLayout::Inline),
            "velden-onder" => self.layout.push(FieldLayout::Stacked),
            "inhoudsopgave" => self.push(Block::TableOfContents),
            "pagina-einde" => self.push(Block::PageBreak),
            "ondertekening" => {
                if self
                    .stack
                    .iter()
                    .any(|f| matches!(f, Frame::Signatures { .. }))
                {
                    return Err(MarkdownError {
                        message: "<div class=\"ondertekening\"> staat binnen een andere ondertekening".into(),
                    });
                }
                self.stack.push(Frame::Signatures {
                    sender: Vec::new(),
                    signers: Vec::new(),
                    misplaced: false,
                });
                return Ok(());
            }
            other => {
                return Err(MarkdownError {
                    message: format!(
                        "onbekende blokopdracht `{other}`; bekend zijn: velden-naast, velden-onder, ondertekening, inhoudsopgave, pagina-einde"
                    ),
                })
            }
        }
        self.stack.push(Frame::Directive(name.to_owned()));
        Ok(())
    }

    fn close_directive(&mut self) -> Result<(), MarkdownError> {
        self.flush_loose();
        match self.stack.pop() {
            Some(Frame::Directive(name)) => {
                if name.starts_with("velden") {
                    self.layout.pop();
                }
                Ok(())
            }
            Some(Frame::Signatures {
                sender,
                signers,
                misplaced,
            }) => {
                if misplaced {
                    return Err(MarkdownError {
                        message: "in <div class=\"ondertekening\"> passen alleen één alinea (wie ondertekent, bijvoorbeeld ‘Het college van burgemeester en wethouders van …,’) en een definitielijst (functie / naam)".into(),
                    });
                }
                self.push(Block::Signatures(Signatures { sender, signers }));
                Ok(())
            }
            Some(other) => {
                self.stack.push(other);
                Err(MarkdownError {
                    message: "`</div>` sluit een blok dat niet met <div class=\"…\"> is geopend"
                        .into(),
                })
            }
            None => Err(MarkdownError {
                message: "`</div>` zonder bijbehorende <div class=\"…\">".into(),
            }),
        }
    }

    /// Text outside a paragraph (tight list items, definition titles) becomes one.
    fn flush_loose(&mut self) {
        if self.heading.is_none()
            && !self.inlines.is_empty()
            && !matches!(
                self.stack.last(),
                Some(Frame::Definitions { .. }) | Some(Frame::Table { .. })
            )
        {
            self.paragraph();
        }
    }

    fn paragraph(&mut self) {
        if let Some(blocks) = self.tokens.lookup(&plain_text(&self.inlines), to_blocks) {
            self.inlines.clear();
            let depth = self.list_depth();
            for mut block in blocks.clone() {
                nest_lists(&mut block, depth);
                self.push(block);
            }
            return;
        }
        let content = self.take_inlines();
        let trimmed = trim_inlines(content);
        if !trimmed.is_empty() {
            self.push(Block::Paragraph(trimmed));
        }
    }

    fn push(&mut self, block: Block) {
        let mut images = std::mem::take(&mut self.signatures);
        self.place(block, &mut images);
        // Whatever a closing block did not take is still there for the caller to see.
        self.signatures = images;
    }

    /// Puts `block` into the innermost container; a closing block takes a definition
    /// list's rows as its signers, with `images` (one per row).
    fn place(&mut self, block: Block, images: &mut Vec<Option<Signature>>) {
        // Directives are transparent: their blocks belong to the enclosing container.
        for frame in self.stack.iter_mut().rev() {
            match frame {
                Frame::Root(blocks) | Frame::Item(blocks) => {
                    blocks.push(block);
                    return;
                }
                Frame::Directive(_) => continue,
                Frame::Signatures {
                    sender,
                    signers,
                    misplaced,
                } => {
                    match block {
                        Block::Paragraph(content) => {
                            if !sender.is_empty() {
                                sender.push(Inline::LineBreak);
                            }
                            sender.extend(content);
                        }
                        Block::Fields(fields) => {
                            let mut images = std::mem::take(images).into_iter();
                            signers.extend(fields.rows.into_iter().map(|row| Signer {
                                role: row.label,
                                name: row.value,
                                signature: images.next().flatten(),
                            }))
                        }
                        _ => *misplaced = true,
                    }
                    return;
                }
                _ => return,
            }
        }
    }

    fn finish(mut self) -> Result<Parsed, MarkdownError> {
        self.flush_loose();
        if self.stray_picture {
            return Err(MarkdownError {
                message: "een handtekening ({{gemeente.ondertekening.handtekeningen.…}}) kan alleen in <div class=\"ondertekening\"> staan, aan het begin van de naam van een ondertekenaar (`: {{gemeente.ondertekening.handtekeningen.burgemeester}} {{gemeente.ondertekening.burgemeester}}`)".into(),
            });
        }
        if self.stack.len() != 1 {
            match self.stack.last() {
                Some(Frame::Directive(name)) => {
                    return Err(MarkdownError {
                        message: format!(
                            "<div class=\"{name}\"> wordt nergens gesloten met </div>"
                        ),
                    })
                }
                Some(Frame::Signatures { .. }) => {
                    return Err(MarkdownError {
                        message: "<div class=\"ondertekening\"> wordt nergens gesloten met </div>"
                            .into(),
                    })
                }
                _ => {}
            }
        }
        let blocks = match self.stack.into_iter().next() {
            Some(Frame::Root(blocks)) => blocks,
            _ => Vec::new(),
        };
        Ok(Parsed {
            front_matter: self.front_matter,
            blocks,
        })
    }
}

/// A field's blocks are made on their own, as if at the top of a document; spliced
/// into a list item `depth` lists deep, their lists take the scheme of where they now
/// stand, as if they had been written there.
fn nest_lists(block: &mut Block, depth: usize) {
    if depth == 0 {
        return;
    }
    if let Block::List(list) = block {
        list.scheme = Numbering::for_depth(list.scheme.kind(), depth);
        for item in &mut list.items {
            for b in &mut item.blocks {
                nest_lists(b, depth + 1);
            }
        }
    }
}

/// Removes leading/trailing whitespace of a paragraph (templates indent freely).
fn trim_inlines(mut content: Vec<Inline>) -> Vec<Inline> {
    if let Some(Inline::Text(first)) = content.first_mut() {
        first.text = first.text.trim_start().to_owned();
    }
    if let Some(Inline::Text(last)) = content.last_mut() {
        last.text = last.text.trim_end().to_owned();
    }
    content.retain(|i| !matches!(i, Inline::Text(s) if s.text.is_empty()));
    content
}

/// Column widths from content, as browsers do for auto tables: each column's share
/// follows its longest cell (capped, so one long column cannot squeeze the rest), but is
/// never less than its longest word, which cannot be broken without a hyphen.
fn column_widths(header: &[Vec<Inline>], rows: &[Vec<Vec<Inline>>]) -> Vec<f32> {
    let columns = header
        .len()
        .max(rows.iter().map(Vec::len).max().unwrap_or(0));
    (0..columns)
        .map(|c| {
            let cells: Vec<String> = std::iter::once(header.get(c))
                .chain(rows.iter().map(|r| r.get(c)))
                .flatten()
                .map(|cell| plain_text(cell))
                .collect();
            let longest = cells.iter().map(|t| t.chars().count()).max().unwrap_or(1);
            let word = cells
                .iter()
                .flat_map(|t| t.split_whitespace())
                .map(|w| w.chars().count())
                .max()
                .unwrap_or(1);
            // Cells have padding on both sides: a few characters more than the word.
            let floor = (word as f32 + 4.0).min(24.0);
            (longest as f32).clamp(floor, 60.0_f32.max(floor))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::escape;

    fn blocks(md: &str) -> Vec<Block> {
        parse(md, &FieldTokens::default()).unwrap().blocks
    }

    #[test]
    fn directives_set_field_layout() {
        let b = blocks("<div class=\"velden-onder\">\n\nOnderwerp\n: Jeugd\n\n</div>\n");
        match &b[0] {
            Block::Fields(f) => {
                assert_eq!(f.layout, FieldLayout::Stacked);
                assert_eq!(plain_text(&f.rows[0].label), "Onderwerp");
                assert_eq!(plain_text(&f.rows[0].value), "Jeugd");
            }
            other => panic!("expected fields, got {other:?}"),
        }
    }

    #[test]
    fn ondertekening_directive_is_one_signatures_block() {
        let b = blocks(
            "<div class=\"ondertekening\">\n\nHet college van Laren,\n\nde secretaris,\n: A. Jansen\n\nde burgemeester,\n: B. de Vries\n\n</div>\n\nNa.\n",
        );
        match &b[0] {
            Block::Signatures(s) => {
                assert_eq!(plain_text(&s.sender), "Het college van Laren,");
                let signers: Vec<(String, String)> = s
                    .signers
                    .iter()
                    .map(|x| (plain_text(&x.role), plain_text(&x.name)))
                    .collect();
                assert_eq!(
                    signers,
                    [
                        ("de secretaris,".to_owned(), "A. Jansen".to_owned()),
                        ("de burgemeester,".to_owned(), "B. de Vries".to_owned())
                    ]
                );
            }
            other => panic!("expected signatures, got {other:?}"),
        }
        assert_eq!(b[1], Block::Paragraph(vec![Inline::plain("Na.")]));
    }

    #[test]
    fn ondertekening_refuses_other_blocks_and_must_be_closed() {
        let table = "<div class=\"ondertekening\">\n\n# Kop\n\n</div>\n";
        let err = parse(table, &FieldTokens::default()).unwrap_err();
        assert!(err.message.contains("alleen één alinea"), "{}", err.message);
        let open = "<div class=\"ondertekening\">\n\nHet college,\n";
        let err = parse(open, &FieldTokens::default()).unwrap_err();
        assert!(err.message.contains("nergens gesloten"), "{}", err.message);
    }

    #[test]
    fn title_class_and_headings() {
        let b = blocks("# Een toekomst {.titel}\n\n## Inleiding\n\nTekst *schuin* en **vet**.\n");
        assert!(matches!(&b[0], Block::Title { .. }));
        assert!(matches!(&b[1], Block::Heading { level: 2, .. }));
        match &b[2] {
            Block::Paragraph(p) => assert_eq!(p.len(), 5),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn token_paragraph_is_replaced_by_field_blocks() {
        let mut tokens = FieldTokens::default();
        let token = tokens.add(vec![Block::Paragraph(vec![Inline::plain("uit YAML")])]);
        let parsed = parse(&format!("## Kop\n\n{token}\n\nna\n"), &tokens).unwrap();
        assert_eq!(
            parsed.blocks[1],
            Block::Paragraph(vec![Inline::plain("uit YAML")])
        );
    }

    #[test]
    fn unknown_html_is_an_error() {
        assert!(parse("<script>x</script>\n", &FieldTokens::default()).is_err());
        assert!(parse("<div class=\"velden-naast\">\n", &FieldTokens::default()).is_err());
    }

    #[test]
    fn front_matter_is_returned() {
        let parsed = parse("---\ntitel: \"x\"\n---\n\nTekst\n", &FieldTokens::default()).unwrap();
        assert_eq!(
            parsed.front_matter.as_deref().map(str::trim),
            Some("titel: \"x\"")
        );
    }

    #[test]
    fn lists_nested_too_deep_are_flattened_with_their_text() {
        // 50 levels line by line, then 5 000 more on the last line.
        let mut md: String = (0..50)
            .map(|i| format!("{}- punt {i}\n", "  ".repeat(i)))
            .collect();
        md.push_str(&format!(
            "{}- {}punt 50\n",
            "  ".repeat(50),
            "- ".repeat(5_000)
        ));
        let parsed = parse_with(&md, &FieldTokens::default(), Options::empty()).unwrap();
        let mut depth = 0;
        let mut blocks = &parsed.blocks;
        while let Some(Block::List(list)) = blocks.last() {
            depth += 1;
            blocks = &list.items[0].blocks;
        }
        assert_eq!(depth, MAX_LIST_DEPTH);
        let text = crate::document::Document {
            properties: crate::document::Properties {
                title: String::new(),
                subject: String::new(),
                author: String::new(),
                keywords: Vec::new(),
                language: "nl-NL".into(),
                date: crate::model::Date::today(),
            },
            page: crate::document::PageStyle {
                header: String::new(),
                footer: String::new(),
                draft: false,
                logo: None,
                style: crate::document::style::HouseStyle::with_accent(crate::document::Rgb(
                    0, 0, 0,
                ))
                .justified(false),
            },
            blocks: parsed.blocks,
        }
        .text();
        let positions: Vec<Option<usize>> = (0..=50)
            .map(|i| text.find(&format!("punt {i}\n")))
            .collect();
        assert!(positions.iter().all(Option::is_some), "{text}");
        assert!(
            positions.windows(2).all(|w| w[0] < w[1]),
            "in order: {text}"
        );
    }

    #[test]
    fn only_web_and_mail_links_are_links() {
        for (md, link) in [
            ("[a](https://x.nl)", Some("https://x.nl")),
            ("[a](HTTP://x.nl)", Some("HTTP://x.nl")),
            ("[a](mailto:griffie@x.nl)", Some("mailto:griffie@x.nl")),
            ("[a](file://server/share/x.docx)", None),
            ("[a](javascript:alert(1))", None),
            ("[a](data:text/html,x)", None),
            ("[a](../geheim.docx)", None),
            ("[a](www.x.nl)", None),
        ] {
            let blocks = blocks(md);
            let Some(Block::Paragraph(content)) = blocks.first() else {
                panic!("{md}: {blocks:?}");
            };
            let Some(Inline::Text(span)) = content.first() else {
                panic!("{md}: {content:?}");
            };
            assert_eq!(span.text, "a", "{md}: the text stays");
            assert_eq!(span.link.as_deref(), link, "{md}");
        }
    }

    fn list_at(blocks: &[Block], path: &[usize]) -> List {
        let mut list = match blocks.first() {
            Some(Block::List(l)) => l.clone(),
            other => panic!("no list: {other:?}"),
        };
        for &i in path {
            list = match list.items[0].blocks.get(i) {
                Some(Block::List(l)) => l.clone(),
                other => panic!("no nested list: {other:?}"),
            };
        }
        list
    }

    #[test]
    fn each_list_gets_its_scheme_by_depth_where_it_is_made() {
        use crate::document::BulletKind;
        // A list starting at 9 cannot interrupt a paragraph (CommonMark): blank lines.
        let b = blocks("1. een\n\n   9. negen\n\n      1. diep\n");
        let schemes: Vec<(Numbering, u32)> = [&[][..], &[1], &[1, 1]]
            .iter()
            .map(|path| {
                let l = list_at(&b, path);
                (l.scheme, l.start)
            })
            .collect();
        assert_eq!(
            schemes,
            [
                (Numbering::Decimal, 1),
                (Numbering::LowerAlpha, 9),
                (Numbering::LowerRoman, 1)
            ]
        );
        let b = blocks("- los\n  - dieper\n    - diepst\n");
        assert_eq!(list_at(&b, &[]).scheme, Numbering::Bullet(BulletKind::Disc));
        assert_eq!(
            list_at(&b, &[1]).scheme,
            Numbering::Bullet(BulletKind::Dash)
        );
        assert_eq!(
            list_at(&b, &[1, 1]).scheme,
            Numbering::Bullet(BulletKind::Square)
        );
    }

    #[test]
    fn a_field_list_inside_a_template_list_takes_the_scheme_of_its_depth() {
        use crate::document::BulletKind;
        let mut tokens = FieldTokens::default();
        let field = blocks("1. veld\n   - sub\n");
        assert_eq!(list_at(&field, &[]).scheme, Numbering::Decimal);
        let token = tokens.add(field);
        let parsed = parse(&format!("- {token}\n"), &tokens).unwrap();
        let b = &parsed.blocks;
        assert_eq!(list_at(b, &[]).scheme, Numbering::Bullet(BulletKind::Disc));
        assert_eq!(list_at(b, &[0]).scheme, Numbering::LowerAlpha);
        assert_eq!(
            list_at(b, &[0, 1]).scheme,
            Numbering::Bullet(BulletKind::Square)
        );
    }

    #[test]
    fn blanks_around_a_value_cannot_make_a_code_block_or_a_line_break() {
        assert_eq!(
            escape("  \t J. Jansen <griffie>  \n"),
            "J\\. Jansen \\<griffie\\>"
        );
        for (value, shown) in [
            ("    x<", "x<"),
            ("\tx<", "x<"),
            ("  \t\u{200B}<", "\u{200B}<"),
            ("x<  ", "x<"),
        ] {
            // As the letter templates write the metadata block.
            let md = format!("Portefeuillehouder\n: {}\n\nTekst\n", escape(value));
            let blocks = parse(&md, &FieldTokens::default()).unwrap().blocks;
            let Some(Block::Fields(fields)) = blocks.first() else {
                panic!("{value:?}: {blocks:?}");
            };
            assert_eq!(plain_text(&fields.rows[0].value), shown, "{value:?}");
        }
    }

    #[test]
    fn lists_nest_and_restart() {
        let b = blocks("1. een\n2. twee\n   - a\n\ntekst\n\n1. weer\n");
        match (&b[0], &b[2]) {
            (Block::List(a), Block::List(c)) => {
                assert_eq!(a.items.len(), 2);
                assert!(matches!(a.items[1].blocks[1], Block::List(_)));
                assert_eq!(c.start, 1);
            }
            other => panic!("{other:?}"),
        }
    }
}
