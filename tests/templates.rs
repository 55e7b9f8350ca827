//! A user's template folder and template mistakes: what is not used is said, an open
//! block is pointed at where it begins, every helper is documented.

use std::path::Path;

use raadsbrief::diagnostics::Finding;
use raadsbrief::error::Error;
use raadsbrief::templates::{folder, helpers, Templates, BUILTIN};

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

fn builtin(name: &str) -> &'static str {
    BUILTIN.iter().find(|(n, _)| *n == name).unwrap().1
}

fn one_finding(result: raadsbrief::error::Result<Templates>) -> Finding {
    match result {
        Err(Error::Invalid(mut findings)) if findings.len() == 1 => findings.remove(0),
        Err(e) => panic!("expected one finding, got {e}"),
        Ok(_) => panic!("expected the template to be refused"),
    }
}

#[test]
fn every_helper_a_template_can_call_is_in_readme() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let start = readme.find("\n## Sjablonen").expect("a Sjablonen section");
    let section = &readme[start..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |i| i + 3)];
    let names = helpers::names();
    assert!(
        names.contains(&"eq") && names.contains(&"datum"),
        "{names:?}"
    );
    for name in names {
        assert!(
            section.contains(&format!("| `{name}` | `")),
            "helper `{name}` has no row with an example in README's Sjablonen section"
        );
    }
}

#[test]
fn files_that_are_not_used_get_a_warning_naming_them() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "Raadsinformatiebrief.md.hbs",
        builtin("raadsinformatiebrief"),
    );
    write(d, "notities.txt", "mijn aantekeningen");
    write(
        d,
        "samenwerkingsdocument.hbs",
        builtin("samenwerkingsdocument"),
    );
    write(d, "brief.md.hbs", "---\ntitel: x\n---\n");
    write(d, "samenwerkingsdocument.md.hbs", "  \n");
    write(
        d,
        "actieve-raadsinformatie.md.hbs",
        b"PK\x03\x04\x00\xff\xfe",
    );
    write(d, ".DS_Store", b"\x00\x01");
    std::fs::create_dir(d.join("oud")).unwrap();
    let survey = folder::survey(d).unwrap();
    assert!(survey.used.is_empty(), "{:?}", survey.used);
    let said: Vec<(String, (usize, usize), String, String)> = survey
        .warnings
        .iter()
        .map(|w| {
            assert_eq!(w.rule, "template-file");
            assert!(!w.is_error());
            let file = Path::new(&w.file)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (
                file,
                (w.line, w.column),
                w.message.clone(),
                w.help.to_string(),
            )
        })
        .collect();
    let expect = |file: &str, message: &str, help: &str| {
        let w = said
            .iter()
            .find(|(f, ..)| f == file)
            .unwrap_or_else(|| panic!("no warning for {file}: {said:?}"));
        assert_eq!(w.1, (1, 1), "{file}");
        assert!(w.2.starts_with(message), "{file}: {}", w.2);
        assert!(w.3.starts_with(help), "{file}: {}", w.3);
    };
    expect(
        "Raadsinformatiebrief.md.hbs",
        "Raadsinformatiebrief.md.hbs heet bijna als het sjabloon raadsinformatiebrief.md.hbs, maar de hoofdletters verschillen: raadsbrief gebruikt het niet",
        "hernoem het bestand naar raadsinformatiebrief.md.hbs",
    );
    expect(
        "notities.txt",
        "notities.txt is geen sjabloon (een sjabloon eindigt op .md.hbs): het wordt niet gebruikt",
        "haal het uit de sjablonenmap",
    );
    expect(
        "samenwerkingsdocument.hbs",
        "samenwerkingsdocument.hbs is geen sjabloon",
        "is het bedoeld als samenwerkingsdocument.md.hbs? Hernoem het dan zo",
    );
    expect(
        "brief.md.hbs",
        "brief.md.hbs is geen van de sjablonen die raadsbrief kent (raadsinformatiebrief.md.hbs, actieve-raadsinformatie.md.hbs, samenwerkingsdocument.md.hbs)",
        "",
    );
    expect(
        "samenwerkingsdocument.md.hbs",
        "het sjabloon samenwerkingsdocument.md.hbs is leeg: raadsbrief gebruikt het ingebouwde sjabloon",
        "zet er de tekst van een sjabloon in",
    );
    expect(
        "actieve-raadsinformatie.md.hbs",
        "actieve-raadsinformatie.md.hbs is geen tekstbestand (UTF-8) en dus geen sjabloon",
        "sla actieve-raadsinformatie.md.hbs op als platte tekst",
    );
    assert_eq!(
        said.len(),
        6,
        "hidden files and folders are skipped: {said:?}"
    );
    // None of them replaces a built-in template.
    let templates = Templates::load(Some(d)).unwrap();
    for (name, _) in BUILTIN {
        assert!(templates.origin(name).ends_with(", ingebouwd"), "{name}");
    }
}

#[test]
fn a_template_under_its_exact_name_is_used() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "raadsinformatiebrief.md.hbs",
        builtin("raadsinformatiebrief"),
    );
    let survey = folder::survey(dir.path()).unwrap();
    assert!(survey.warnings.is_empty());
    let templates = Templates::load(Some(dir.path())).unwrap();
    assert!(templates
        .origin("raadsinformatiebrief")
        .ends_with("raadsinformatiebrief.md.hbs"));
    assert!(!templates
        .origin("raadsinformatiebrief")
        .contains("ingebouwd"));
}

/// An unclosed block is reported where it was opened, for each block helper.
#[test]
fn an_unclosed_block_points_at_its_opener() {
    for helper in ["if", "each", "unless", "with"] {
        let dir = tempfile::tempdir().unwrap();
        let text = builtin("raadsinformatiebrief").replacen(
            "\n\n",
            &format!("\n\nTekst {{{{#{helper} gemeenten}}}}open\n\n"),
            1,
        );
        let at = text.find(&format!("{{{{#{helper} gemeenten")).unwrap();
        let line = text[..at].matches('\n').count() + 1;
        let column = text[..at].rsplit('\n').next().unwrap().chars().count() + 1;
        write(dir.path(), "raadsinformatiebrief.md.hbs", &text);
        let f = one_finding(Templates::load(Some(dir.path())));
        assert_eq!(f.rule, "template");
        assert!(
            f.file.ends_with("raadsinformatiebrief.md.hbs"),
            "{}",
            f.file
        );
        assert_eq!((f.line, f.column), (line, column), "{helper}");
        assert_eq!(
            f.message,
            format!(
                "fout in het sjabloon: het blok `{{{{#{helper}}}}}` dat hier begint, wordt nergens gesloten: `{{{{/{helper}}}}}` ontbreekt"
            )
        );
        assert_eq!(
            f.help.to_string(),
            format!(
                "zet `{{{{/{helper}}}}}` op de plek waar het blok moet eindigen; elk `{{{{#{helper} …}}}}` heeft zijn eigen `{{{{/{helper}}}}}`"
            )
        );
    }
}

#[test]
fn a_close_of_the_wrong_block_points_at_the_open_one() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "raadsinformatiebrief.md.hbs",
        "---\ntitel: x\n---\n{{#if brief.kenmerk}}\n  {{#each gemeenten}}{{this}}\n{{/if}}\n",
    );
    let f = one_finding(Templates::load(Some(dir.path())));
    assert_eq!((f.line, f.column), (5, 3));
    assert_eq!(
        f.message,
        "fout in het sjabloon: het blok `{{#each}}` dat hier begint, is nog open als `{{/if}}` op regel 6, kolom 1 komt"
    );
    assert!(
        f.help.starts_with("zet `{{/each}}` vóór `{{/if}}`"),
        "{}",
        f.help
    );
}

/// A field the data does not have is said in Dutch, at its place in the template.
#[test]
fn a_missing_field_is_said_in_dutch_with_its_place() {
    let f = render_finding("---\ntitel: x\n---\n\nTekst {{regio.onbekend}}\n");
    assert_eq!((f.line, f.column), (5, 7));
    assert_eq!(
        f.message,
        "fout in het sjabloon: het veld `regio.onbekend` bestaat niet in de gegevens van dit document"
    );
    assert!(f
        .help
        .starts_with("controleer de naam tegen de lijst onder ‘Sjablonen’ in README"));
}

/// A place in a template is its line and its column in characters, whatever the
/// template's line ends (Windows editors write CRLF) and however many bytes a letter
/// before it takes. handlebars is patched to read places from pest's line index
/// (vendor/handlebars/PATCH.md); the places are those upstream's scan gives.
#[test]
fn a_place_in_a_template_counts_lines_and_characters_with_any_line_ends() {
    let cases = [
        ("\n", "---\ntitel: x\n---\n\nTekst {{regio.naam}}\n\nÉén € {{regio.onbekend}}\n"),
        ("\r\n", "---\r\ntitel: x\r\n---\r\n\r\nTekst {{regio.naam}}\r\n\r\nÉén € {{regio.onbekend}}\r\n"),
    ];
    for (ends, text) in cases {
        let f = render_finding(text);
        assert_eq!((f.line, f.column), (7, 7), "line ends {ends:?}");
    }
}

/// `text` rendered as the samenwerkingsdocument template with a region that has only a
/// name, "R".
fn render_appendix(text: &str) -> raadsbrief::error::Result<String> {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "samenwerkingsdocument.md.hbs", text);
    Templates::load(Some(dir.path())).unwrap().render(
        "samenwerkingsdocument",
        &serde_json::json!({ "regio": { "naam": "R" } }),
    )
}

/// The first finding of rendering `text` as [`render_appendix`] does.
fn render_finding(text: &str) -> Finding {
    let err = render_appendix(text).unwrap_err();
    let Error::Invalid(mut findings) = err else {
        panic!("a finding")
    };
    findings.remove(0)
}

/// `build` and `validate` print the folder's warnings with their help.
#[test]
fn the_cli_says_which_template_files_are_not_used() {
    let dir = tempfile::tempdir().unwrap();
    let t = dir.path().join("t");
    std::fs::create_dir(&t).unwrap();
    write(
        &t,
        "Raadsinformatiebrief.md.hbs",
        builtin("raadsinformatiebrief"),
    );
    let sample = std::fs::canonicalize("samples/gooi-en-vechtstreek.yaml").unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_raadsbrief"))
        .current_dir(dir.path())
        .arg("validate")
        .arg(&sample)
        .args(["--templates", "t"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains(
            "waarschuwing[template-file]: t/Raadsinformatiebrief.md.hbs: Raadsinformatiebrief.md.hbs heet bijna als"
        ),
        "{out}"
    );
    assert!(
        out.contains("  = hulp: hernoem het bestand naar raadsinformatiebrief.md.hbs"),
        "{out}"
    );
}

/// A letter's context carries `gemeenten` and `samenwerkingsdocument` only for a
/// template that names them (the built-in letters do not); one that does gets them as
/// before.
#[test]
fn a_letter_template_that_names_the_region_wide_fields_gets_them() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "raadsinformatiebrief.md.hbs",
        "---\ntitel: x\n---\nGemeenten: {{opsomming gemeenten}}.\n\n\
         Bijlage: {{samenwerkingsdocument.titel}}, {{len samenwerkingsdocument.afspraken}} afspraken.\n",
    );
    let v =
        raadsbrief::validate::validate_file(Path::new("samples/gooi-en-vechtstreek.yaml")).unwrap();
    let plan = raadsbrief::batch::Plan {
        gemeenten: vec![0],
        documents: raadsbrief::batch::Documents::Letters,
        formats: vec![raadsbrief::batch::Format::Html],
        out: std::path::PathBuf::from("unused"),
        templates: Some(dir.path().to_path_buf()),
        pdf_profile: Default::default(),
        lettertypen: Vec::new(),
    };
    let rendered = raadsbrief::batch::render(&v, &plan).unwrap();
    let html = String::from_utf8(rendered[0].bytes.clone()).unwrap();
    assert!(
        html.contains(
            "Gemeenten: Blaricum, Eemnes, Gooise Meren, Hilversum, Huizen, Laren, Weesp en Wijdemeren."
        ),
        "{html}"
    );
    let titel = &v.region.samenwerkingsdocument.titel;
    let afspraken = v.region.samenwerkingsdocument.afspraken.len();
    assert!(
        html.contains(&format!("Bijlage: {titel}, {afspraken} afspraken.")),
        "{html}"
    );
}

/// Raw text around expressions, backslashes and lone braces comes out as handlebars
/// 6.4.4 as published gives it: the patched grammar reads runs of plain text in one
/// search (`vendor/handlebars/PATCH.md`) and must match exactly the same text.
#[test]
fn raw_text_reads_as_the_published_grammar_reads_it() {
    let cases = [
        ("plain text, no expression\n", "plain text, no expression\n"),
        ("a {{regio.naam}} b", "a R b"),
        ("a\\{{regio.naam}}b", "a{{regio.naam}}b"),
        ("a\\\\{{regio.naam}}b", "a\\Rb"),
        ("a\\b \\ c\\", "a\\b \\ c\\"),
        ("{ } {x} }} {{regio.naam}}{", "{ } {x} }} R{"),
        (
            "één € {{regio.naam}}\r\nregel\\{{x}}",
            "één € R\r\nregel{{x}}",
        ),
        ("{{!-- commentaar --}}tekst {{regio.naam}}", "tekst R"),
        ("\\{{{{raw}}}}", "{{{{raw}}}}"),
    ];
    for (text, expected) in cases {
        assert_eq!(render_appendix(text).unwrap(), expected, "{text:?}");
    }
}
