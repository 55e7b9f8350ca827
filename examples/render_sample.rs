//! Writes documents to look at in Word, LibreOffice, a PDF viewer and a browser:
//! `cargo run --example render_sample -- [DIR]` (default `target/sample`).
//!
//! Three documents, each as DOCX, PDF and HTML: `showcase` (every block kind, a nested
//! list that starts at 9, a table with a narrow status column, links, a draft with a
//! logo, characters that must survive escaping), and the Blaricum letter and the
//! samenwerkingsdocument of the Gooi sample, with the test logo. What no assertion
//! can judge (does it look right?) is judged here by eye; the test suite checks the
//! rest.

use std::path::{Path, PathBuf};

use raadsbrief::compose::{load_logo, Composer, Kind};
use raadsbrief::document::style::HouseStyle;
use raadsbrief::document::{
    Block, Document, Field, FieldLayout, Fields, Image, Inline, List, ListItem, ListKind,
    Numbering, PageStyle, Properties, Rgb, Span, Table,
};
use raadsbrief::model::Date;
use raadsbrief::render::docx::Docx;
use raadsbrief::render::html::Html;
use raadsbrief::render::pdf::Pdf;
use raadsbrief::render::Renderer;
use raadsbrief::templates::Templates;
use raadsbrief::validate::validate_file;

fn text(s: &str) -> Inline {
    Inline::plain(s)
}

fn para(s: &str) -> Block {
    Block::Paragraph(vec![text(s)])
}

fn item(blocks: Vec<Block>) -> ListItem {
    ListItem { blocks }
}

/// A list of `kind` nested `depth` deep, with the scheme the Markdown conversion gives it.
fn list(kind: ListKind, depth: usize, start: u32, items: Vec<ListItem>) -> Block {
    Block::List(List {
        scheme: Numbering::for_depth(kind, depth),
        start,
        items,
    })
}

fn heading(level: u8, s: &str) -> Block {
    Block::heading(level, vec![text(s)])
}

fn field(label: &str, value: &str) -> Field {
    Field {
        label: vec![text(label)],
        value: vec![text(value)],
    }
}

fn showcase(logo: Option<Image>) -> Document {
    let link = Inline::Text(Span {
        text: "de Norm voor Opdrachtgeverschap".into(),
        italic: true,
        link: Some("https://vng.nl/rubrieken/onderwerpen/jeugd".into()),
        ..Span::default()
    });
    let row = |nr: &str, afspraak: &str, status: &str| {
        vec![vec![text(nr)], vec![text(afspraak)], vec![text(status)]]
    };
    // Built as a literal for readability, then through `Document::new`, which decides
    // the heading levels.
    let doc = Document {
        properties: Properties {
            title: "Voorbeelddocument raadsbrief".into(),
            subject: "Alle bloksoorten".into(),
            author: "College van Burgemeester en Wethouders van Blaricum".into(),
            keywords: vec!["jeugdzorg".into(), "NvO".into()],
            language: "nl-NL".into(),
            date: Date {
                year: 2021,
                month: 11,
                day: 16,
            },
        },
        page: PageStyle {
            header: "Gemeente Blaricum".into(),
            footer: "Pagina {pagina} van {paginas}".into(),
            draft: true,
            logo,
            style: HouseStyle::with_accent(Rgb(0x1F, 0x5F, 0x8B)).justified(true),
        },
        blocks: vec![
            Block::title(vec![text("Raadsinformatiebrief")]),
            Block::Subtitle(vec![text("Doorontwikkeling samenwerkingsafspraken Jeugd")]),
            Block::Fields(Fields {
                layout: FieldLayout::Inline,
                rows: vec![
                    field("Van", "College van Burgemeester en Wethouders"),
                    field("Aan", "Gemeente Blaricum - Gemeenteraad"),
                ],
            }),
            Block::Fields(Fields {
                layout: FieldLayout::Stacked,
                rows: vec![field("Onderwerp", "Samenwerkingsafspraken"), field("Openbaar", "Ja")],
            }),
            Block::TableOfContents,
            heading(1, "Kennisnemen van"),
            Block::Paragraph(vec![
                text("De wijze waarop "),
                Inline::bold("Blaricum"),
                text(" in regionaal verband samenwerkt, zoals "),
                link,
                text(" vraagt."),
                Inline::LineBreak,
                text("Een regel na een harde regelovergang."),
            ]),
            heading(2, "Afspraken"),
            list(
                ListKind::Numbered,
                0,
                1,
                vec![
                    item(vec![para("De gewenste ontwikkeling van het zorglandschap")]),
                    item(vec![
                        para("Een genest lijstje dat bij 9 begint:"),
                        list(
                            ListKind::Numbered,
                            1,
                            9,
                            vec![
                                item(vec![para("negende")]),
                                item(vec![para("tiende")]),
                            ],
                        ),
                    ]),
                    item(vec![
                        para("Governance"),
                        list(ListKind::Bulleted, 1, 1, vec![item(vec![para("niet vrijblijvend")])]),
                    ]),
                ],
            ),
            Block::Table(Table {
                widths: vec![7.0, 60.0, 11.0],
                header: vec![vec![text("Nr.")], vec![text("Afspraak")], vec![text("Status")]],
                rows: vec![
                    row("1", "De gewenste ontwikkeling van het zorglandschap", "Voldaan"),
                    row("2", "Zorgvuldigheidseisen voor inkoop en reële tarieven", "In ontwikkeling"),
                    row("3", "Beperking van de administratieve lasten", "Niet voldaan"),
                ],
            }),
            Block::PageBreak,
            heading(1, "Vervolg"),
            heading(3, "Tekens die moeten overleven"),
            para("<&>\"' ’s-Hertogenbosch, Súdwest-Fryslân; een verticale\u{B}tab; zero\u{200B}width; soft\u{AD}hyphen; samenwerkingsafspraken."),
        ],
    };
    Document::new(doc.properties, doc.page, doc.blocks)
}

fn write(dir: &Path, name: &str, doc: &Document) -> Result<(), String> {
    let renderers: [(&str, &dyn Renderer); 3] = [
        ("docx", &Docx::default()),
        ("pdf", &Pdf::default()),
        ("html", &Html),
    ];
    for (extension, renderer) in renderers {
        let out = renderer
            .render(doc)
            .map_err(|e| format!("{name}.{extension}: {e}"))?;
        let path = dir.join(format!("{name}.{extension}"));
        std::fs::write(&path, &out.bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        let pages = out.pages.map_or(String::new(), |p| format!(", {p} pages"));
        println!("{}{pages}", path.display());
        for w in &out.warnings {
            println!("  warning: {w}");
        }
    }
    Ok(())
}

fn run() -> Result<(), String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::args_os()
        .nth(1)
        .map_or_else(|| root.join("target/sample"), PathBuf::from);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let logo = load_logo(
        &root.join("tests/data/logo.png"),
        "Logo van de gemeente Blaricum".into(),
    )
    .map_err(|e| e.to_string())?;
    write(&dir, "showcase", &showcase(Some(logo.clone())))?;

    let gooi =
        validate_file(&root.join("samples/gooi-en-vechtstreek.yaml")).map_err(|e| e.to_string())?;
    let templates = Templates::builtin().map_err(|e| e.to_string())?;
    let (word_templates, _) =
        raadsbrief::compose::word_templates::load(&gooi.region, &gooi.source.dir, &|p| {
            gooi.value_place(p)
        });
    let composer = Composer {
        region: &gooi.region,
        templates: &templates,
        base_dir: &gooi.source.dir,
        word_templates: &word_templates,
    };
    for (name, kind) in [("letter", Kind::Letter(0)), ("appendix", Kind::Appendix)] {
        let mut doc = composer.compose(kind).map_err(|e| e.to_string())?;
        if doc.page.logo.is_none() {
            doc.page.logo = Some(logo.clone());
        }
        write(&dir, name, &doc)?;
    }
    Ok(())
}

fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("render_sample: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
