//! Writes the Blaricum letter and the samenwerkingsdocument of the Gooi sample as HTML
//! to the temp folder, with a test logo where the sample has none, to look at in a
//! browser: `cargo run --example html_preview`.
//!
//! It runs the whole pipeline, so it lives here rather than among the HTML renderer's
//! unit tests, which read only the document model.

use std::path::Path;
use std::process::ExitCode;

use raadsbrief::compose::{load_logo, Composer, Kind};
use raadsbrief::error::Result;
use raadsbrief::templates::Templates;
use raadsbrief::validate::validate_file;

fn main() -> ExitCode {
    match write() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

fn write() -> Result<()> {
    let dir = std::env::temp_dir();
    let validated = validate_file(Path::new("samples/gooi-en-vechtstreek.yaml"))?;
    let templates = Templates::builtin()?;
    let (word_templates, _) =
        raadsbrief::compose::word_templates::load(&validated.region, &validated.source.dir, &|p| {
            validated.value_place(p)
        });
    let composer = Composer {
        region: &validated.region,
        templates: &templates,
        base_dir: &validated.source.dir,
        word_templates: &word_templates,
    };
    for (name, kind) in [
        ("raadsbrief-letter.html", Kind::Letter(0)),
        ("raadsbrief-appendix.html", Kind::Appendix),
    ] {
        let mut doc = composer.compose(kind)?;
        if doc.page.logo.is_none() {
            doc.page.logo = Some(load_logo(
                Path::new("tests/data/logo.png"),
                "Logo van de gemeente Blaricum".into(),
            )?);
        }
        let path = dir.join(name);
        let html = raadsbrief::render::html::render(&doc)?;
        std::fs::write(&path, html)
            .map_err(|e| raadsbrief::error::Error::io("write", &path, &e))?;
        println!("{}", path.display());
    }
    Ok(())
}
