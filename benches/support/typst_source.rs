//! Our document model written as Typst markup, so that Typst typesets the same letter we
//! do: the same blocks, text, emphasis, lists, tables, fields and signers, in the same
//! font (our Liberation Sans) and house-style sizes and margins, on A4 with a header,
//! page numbers and, for a concept, the diagonal watermark.
//!
//! Text goes in as string literals (`#"…"`), never as markup, so nothing in a letter can
//! be read as Typst syntax and both engines set exactly the same characters.

use std::fmt::Write as _;

use raadsbrief::document::style::HouseStyle;
use raadsbrief::document::{Block, Document, FieldLayout, Inline, List, Numbering};

/// The whole `.typ` source of `doc`.
pub fn source(doc: &Document) -> String {
    let style = &doc.page.style;
    let mut s = String::new();
    let p = &doc.properties;
    let _ = writeln!(
        s,
        "#set document(title: {}, author: {})",
        string(&p.title),
        string(&p.author)
    );
    let _ = writeln!(
        s,
        "#set text(font: \"Liberation Sans\", size: {}pt, lang: \"nl\", fill: {})",
        style.body.size,
        color(style.colors.text)
    );
    let g = &style.page;
    let _ = writeln!(
        s,
        "#set page(width: {}pt, height: {}pt, margin: (top: {}pt, right: {}pt, bottom: {}pt, left: {}pt),",
        g.width,
        g.height,
        style.body_top(None),
        g.margin_right,
        g.margin_bottom,
        g.margin_left
    );
    let _ = writeln!(
        s,
        "  header: text(size: {}pt, fill: {})[{}], ",
        style.header.text.size,
        color(style.colors.muted),
        string_content(&doc.page.header)
    );
    let _ = writeln!(
        s,
        "  footer: context align(right, text(size: {}pt)[#counter(page).display() / #counter(page).final().first()]),",
        style.footer.text.size
    );
    if doc.page.draft {
        let _ = writeln!(
            s,
            "  background: rotate(-{}rad, text(size: {}pt, weight: \"bold\", fill: {})[CONCEPT]),",
            style.watermark.angle,
            style.watermark.size,
            color(style.colors.watermark)
        );
    }
    s.push_str(")\n");
    let _ = writeln!(
        s,
        "#set par(leading: {}pt, spacing: {}pt, justify: {})",
        (style.body.line_height - style.body.size).max(0.0),
        style.body.space_after,
        matches!(
            style.body.align,
            raadsbrief::document::style::Align::Justify
        )
    );
    for (level, role) in style.headings.iter().enumerate() {
        let _ = writeln!(
            s,
            "#show heading.where(level: {}): set text(size: {}pt, fill: {})\n\
             #show heading.where(level: {}): set block(above: {}pt, below: {}pt)",
            level + 1,
            role.size,
            color(role.color),
            level + 1,
            role.space_before + style.body.space_after,
            role.space_after
        );
    }
    for block in &doc.blocks {
        write_block(&mut s, block, style);
    }
    s
}

fn write_block(s: &mut String, block: &Block, style: &HouseStyle) {
    match block {
        Block::Title { content, .. } => {
            let _ = writeln!(
                s,
                "#heading(level: 1, outlined: false)[#text(size: {}pt)[{}]]\n",
                style.title.size,
                inlines(content)
            );
        }
        Block::Subtitle(content) => {
            let _ = writeln!(
                s,
                "#text(size: {}pt, fill: {})[{}]\n",
                style.subtitle.size,
                color(style.subtitle.color),
                inlines(content)
            );
        }
        Block::Heading { level, content, .. } => {
            let _ = writeln!(
                s,
                "#heading(level: {})[{}]\n",
                (*level).clamp(1, 3),
                inlines(content)
            );
        }
        Block::Paragraph(content) => {
            let _ = writeln!(s, "{}\n", inlines(content));
        }
        Block::List(list) => {
            s.push_str(&list_call(list, style));
            s.push_str("\n\n");
        }
        Block::Table(table) => {
            let columns: Vec<String> = table.widths.iter().map(|w| format!("{w}fr")).collect();
            let _ = write!(
                s,
                "#table(columns: ({},), inset: 4pt, stroke: 0.5pt + {},\n  table.header(",
                columns.join(", "),
                color(style.colors.rule)
            );
            for cell in &table.header {
                let _ = write!(s, "[#strong[{}]], ", inlines(cell));
            }
            s.push_str("),\n");
            for row in &table.rows {
                s.push_str("  ");
                for cell in row {
                    let _ = write!(s, "[{}], ", inlines(cell));
                }
                s.push('\n');
            }
            s.push_str(")\n\n");
        }
        Block::Fields(fields) => match fields.layout {
            FieldLayout::Inline => {
                let _ = writeln!(
                    s,
                    "#grid(columns: ({}pt, 1fr), row-gutter: 4pt,",
                    style.fields.label_width
                );
                for f in &fields.rows {
                    let _ = writeln!(s, "  [{}], [{}],", inlines(&f.label), inlines(&f.value));
                }
                s.push_str(")\n\n");
            }
            FieldLayout::Stacked => {
                for f in &fields.rows {
                    let _ = writeln!(
                        s,
                        "#v({}pt)#strong[{}] \\\n{}\n",
                        style.fields.stacked_label.space_before,
                        inlines(&f.label),
                        inlines(&f.value)
                    );
                }
            }
        },
        Block::Signatures(sig) => {
            let _ = writeln!(
                s,
                "#v({}pt)\n{}\n",
                style.signatures.space_before,
                inlines(&sig.sender)
            );
            let _ = write!(s, "#grid(columns: {}, ", sig.signers.len().max(1));
            for signer in &sig.signers {
                let _ = write!(
                    s,
                    "[{} #v({}pt) {}], ",
                    inlines(&signer.role),
                    style.signatures.signature_space,
                    inlines(&signer.name)
                );
            }
            s.push_str(")\n\n");
        }
        Block::TableOfContents => s.push_str("#outline()\n\n"),
        Block::PageBreak => s.push_str("#pagebreak()\n\n"),
    }
}

fn list_call(list: &List, style: &HouseStyle) -> String {
    let (function, numbering) = match list.scheme {
        Numbering::Decimal => ("enum", Some("1.")),
        Numbering::LowerAlpha => ("enum", Some("a.")),
        Numbering::LowerRoman => ("enum", Some("i.")),
        Numbering::Bullet(_) => ("list", None),
    };
    let mut s = format!("#{function}(");
    if let Some(n) = numbering {
        let _ = write!(s, "numbering: \"{n}\", start: {}, ", list.start);
    }
    for item in &list.items {
        s.push('[');
        for block in &item.blocks {
            match block {
                Block::List(nested) => s.push_str(&list_call(nested, style)),
                other => {
                    let mut inner = String::new();
                    write_block(&mut inner, other, style);
                    s.push_str(inner.trim_end());
                    s.push(' ');
                }
            }
        }
        s.push_str("], ");
    }
    s.push(')');
    s
}

fn inlines(content: &[Inline]) -> String {
    let mut s = String::new();
    for inline in content {
        match inline {
            Inline::LineBreak => s.push_str("#linebreak()"),
            Inline::Text(span) => {
                let mut expr = string(&span.text);
                if span.italic {
                    expr = format!("emph({expr})");
                }
                if span.bold {
                    expr = format!("strong({expr})");
                }
                if span.open_field {
                    expr = format!("highlight({expr})");
                }
                if let Some(link) = &span.link {
                    expr = format!("link({}, {expr})", string(link));
                }
                let _ = write!(s, "#{expr}");
            }
        }
    }
    s
}

/// A Typst string literal.
fn string(text: &str) -> String {
    let mut s = String::with_capacity(text.len() + 2);
    s.push('"');
    for c in text.chars() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            '\n' => s.push_str("\\n"),
            c => s.push(c),
        }
    }
    s.push('"');
    s
}

fn string_content(text: &str) -> String {
    format!("#{}", string(text))
}

fn color(c: raadsbrief::document::Rgb) -> String {
    format!("rgb({}, {}, {})", c.0, c.1, c.2)
}
