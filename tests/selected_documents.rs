//! A build opens only the Word templates and fonts of the documents it makes: another
//! municipality's broken template or font file does not stop `build --gemeente X`, it
//! stops the build of that municipality (with its place in the file), and `validate`
//! still reports both.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_raadsbrief");
const SYSTEM_FONTS_ENV: &str = "RAADSBRIEF_SYSTEEMLETTERTYPEN";

/// A folder holding copies of the Gooi sample's templates, fonts and signatures.
fn sample_folders() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for folder in ["sjablonen", "lettertypen", "handtekeningen"] {
        let to = dir.path().join(folder);
        std::fs::create_dir(&to).expect("mkdir");
        for entry in std::fs::read_dir(Path::new("samples").join(folder)).expect("sample folder") {
            let from = entry.expect("entry").path();
            std::fs::copy(&from, to.join(from.file_name().expect("name"))).expect("copy");
        }
    }
    dir
}

/// The Gooi sample with its templates, fonts and signatures, Huizen's template replaced by a file
/// that is not a template and Hilversum given a font folder holding a file that is not
/// a font.
fn broken_region() -> (tempfile::TempDir, PathBuf) {
    let hilversum = "      kleur: \"#7A1F3D\" # voorbeeldkleur, geen officiële huisstijl\n";
    let (dir, path) = edited_sample(hilversum, "      lettertypen: kapot/\n");
    std::fs::write(
        dir.path().join("sjablonen/huizen.dotx"),
        "geen Word-sjabloon",
    )
    .expect("write");
    let kapot = dir.path().join("kapot");
    std::fs::create_dir(&kapot).expect("mkdir");
    std::fs::write(kapot.join("Huisletter.ttf"), "<html>geen lettertype</html>").expect("write");
    (dir, path)
}

/// The Gooi sample with `insert` put after the first `after` in it, written as
/// `regio.yaml` beside copies of its folders.
fn edited_sample(after: &str, insert: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = sample_folders();
    let text = std::fs::read_to_string("samples/gooi-en-vechtstreek.yaml").expect("sample");
    assert!(text.contains(after), "the sample changed");
    let text = text.replacen(after, &format!("{after}{insert}"), 1);
    let path = dir.path().join("regio.yaml");
    std::fs::write(&path, text).expect("write");
    (dir, path)
}

fn build(region: &Path, gemeente: &str) -> Output {
    Command::new(BIN)
        .arg("build")
        .arg(region)
        .args([
            "--gemeente",
            gemeente,
            "--alleen",
            "brieven",
            "--format",
            "pdf",
        ])
        .arg("--out")
        .arg(region.parent().expect("folder").join("uit"))
        .env(SYSTEM_FONTS_ENV, "0")
        .output()
        .expect("runs")
}

fn line_of(region: &Path, needle: &str) -> usize {
    std::fs::read_to_string(region)
        .expect("read")
        .lines()
        .position(|l| l.contains(needle))
        .expect("the line")
        + 1
}

#[test]
fn a_letter_on_the_built_in_style_opens_no_other_template_or_font() {
    let (_dir, path) = broken_region();
    let out = build(&path, "Eemnes");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("huizen.dotx"), "{stderr}");
    assert!(!stderr.contains("Huisletter"), "{stderr}");
    // Gooise Meren's template and Carlito still work beside the broken ones.
    let out = build(&path, "Gooise Meren");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("huizen.dotx"), "{stderr}");
}

#[test]
fn the_letter_that_uses_a_broken_template_stops_at_its_place() {
    let (_dir, path) = broken_region();
    let out = build(&path, "Huizen");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let line = line_of(&path, "sjabloon: sjablonen/huizen.dotx");
    assert!(stderr.contains(&format!("regio.yaml:{line}:")), "{stderr}");
    assert!(stderr.contains("huizen.dotx"), "{stderr}");
    assert!(!stderr.contains("Huisletter"), "{stderr}");
}

#[test]
fn the_letter_that_uses_a_broken_font_stops_with_its_path() {
    let (_dir, path) = broken_region();
    let out = build(&path, "Hilversum");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("Huisletter.ttf"), "{stderr}");
    assert!(stderr.contains("font-file"), "{stderr}");
    assert!(!stderr.contains("huizen.dotx"), "{stderr}");
}

#[test]
fn validate_still_checks_every_template_and_font() {
    let (_dir, path) = broken_region();
    let out = Command::new(BIN)
        .arg("validate")
        .arg(&path)
        .env(SYSTEM_FONTS_ENV, "0")
        .output()
        .expect("runs");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(2), "{report}");
    assert!(report.contains("Huisletter.ttf"), "{report}");
    assert!(report.contains("huizen.dotx"), "{report}");
}

/// A region run makes the documents on the built-in style beside the opening of the Word
/// templates, and tells them apart with `is_drawn`: it must say of every document what
/// `uses_for`, which the templates are opened by, says — also where the region itself
/// names a template that the letters without their own inherit.
#[test]
fn is_drawn_agrees_with_the_templates_a_document_uses() {
    use raadsbrief::compose::word_templates::{is_drawn, uses_for};
    use raadsbrief::compose::Kind;
    let sample = Path::new("samples/gooi-en-vechtstreek.yaml");
    let mut region = raadsbrief::validate::validate_file(sample)
        .expect("the sample validates")
        .region;
    for inherited in [None, Some("sjablonen/huizen.dotx".to_owned())] {
        region.regio.huisstijl.sjabloon = inherited;
        let kinds = std::iter::once(Kind::Appendix)
            .chain((0..region.gemeenten.len()).map(Kind::Letter))
            .collect::<Vec<_>>();
        let mut drawn = 0;
        for kind in kinds {
            let uses = uses_for(
                &region,
                Path::new("samples"),
                &|_| (String::new(), (1, 1)),
                &[kind],
            );
            assert_eq!(is_drawn(&region, kind), !uses.is_empty(), "{kind:?}");
            drawn += usize::from(is_drawn(&region, kind));
        }
        assert!(drawn >= 2, "the sample draws letters on templates");
    }
}

/// What a build compiles and opens while the file is validated is what its documents
/// use: for every selection of municipalities and documents, the template names read
/// from the parsed tree equal the soorten of the validated model's letters (each
/// municipality's own `brief:` over the shared one) plus the samenwerkingsdocument, and
/// the Word templates equal those the documents are drawn on (a letter's own, else the
/// region's, which the samenwerkingsdocument takes), and so do the font paths (a
/// letter's own `lettertypen`, one path, else the region's, a list).
#[test]
fn what_is_foreseen_before_validation_is_what_the_documents_use() {
    use raadsbrief::batch::Documents;
    use raadsbrief::cli::foreseen;
    use raadsbrief::compose::Kind;
    use raadsbrief::templates::context::effective_brief;
    // Huizen writes an actieve raadsinformatie, the others the shared raadsinformatiebrief;
    // the region has a template of its own, which Blaricum (no template) inherits.
    let (_dir, file) = edited_sample(
        "  - naam: Huizen\n    cbs: GM0406\n",
        "    brief:\n      soort: actieve-raadsinformatie\n",
    );
    let text = std::fs::read_to_string(&file).expect("read");
    let organisation = "    organisatie: Regio Gooi en Vechtstreek\n";
    assert!(text.contains(organisation), "the sample changed");
    let text = text.replacen(
        organisation,
        &format!(
            "{organisation}  huisstijl:\n    sjabloon: sjablonen/huizen.dotx\n    lettertypen: [lettertypen/Carlito-Regular.ttf, lettertypen/Carlito-Bold.ttf]\n"
        ),
        1,
    );
    std::fs::write(&file, text).expect("write");
    let (named, validated) = {
        let seen = std::sync::Mutex::new(Vec::new());
        let validated = std::thread::scope(|scope| {
            raadsbrief::validate::validate_file_beside(
                scope,
                &file,
                |source, tree| (source.name.clone(), tree.root.get("gemeenten").is_some()),
                |taken| seen.lock().expect("lock").push(taken),
            )
        })
        .expect("the edited sample validates");
        // `beside` ran once, with what `wanted` took from the file and its tree.
        let name = file.display().to_string();
        assert_eq!(seen.into_inner().expect("lock"), [(name, true)]);
        let source = raadsbrief::parse::Source::load(&file).expect("read");
        let tree = source.parse().expect("parses");
        (
            move |g: &[&str], d| {
                let given: Vec<String> = g.iter().map(|s| s.to_string()).collect();
                foreseen(&source, &tree, &given, d)
            },
            validated,
        )
    };
    let region = &validated.region;
    let used = |indices: &[usize], documents: Documents| {
        let mut names: Vec<&str> = Vec::new();
        let mut kinds = Vec::new();
        if documents != Documents::Appendix {
            for &i in indices {
                let brief = effective_brief(region, &region.gemeenten[i]).expect("brief");
                names.push(brief.soort.id());
                kinds.push(Kind::Letter(i));
            }
        }
        if documents != Documents::Letters {
            names.push("samenwerkingsdocument");
            kinds.push(Kind::Appendix);
        }
        names.sort_unstable();
        names.dedup();
        let place = |p: &str| validated.value_place(p);
        let dir = &validated.source.dir;
        let mut drawn: Vec<(String, PathBuf)> =
            raadsbrief::compose::word_templates::uses_for(region, dir, &place, &kinds)
                .into_iter()
                .map(|u| (u.written, u.path))
                .collect();
        drawn.sort();
        drawn.dedup();
        // The font paths each document is set with, as the model merges them.
        let mut fonts: Vec<PathBuf> = kinds
            .iter()
            .flat_map(|kind| {
                let style = match kind {
                    Kind::Letter(i) => region.gemeenten[*i].huisstijl.over(&region.regio.huisstijl),
                    Kind::Appendix => region.regio.huisstijl.clone(),
                };
                let paths: Vec<PathBuf> = style
                    .lettertypen
                    .iter()
                    .flat_map(|l| l.paths())
                    .map(|p| dir.join(p))
                    .collect();
                paths
            })
            .collect();
        fonts.sort();
        fonts.dedup();
        raadsbrief::cli::Foreseen {
            documents: kinds.len(),
            templates: names,
            word_templates: drawn,
            lettertypen: fonts,
        }
    };
    let sorted = |mut f: raadsbrief::cli::Foreseen| {
        f.word_templates.sort();
        f.lettertypen.sort();
        f
    };
    let index = |name: &str| {
        region
            .gemeenten
            .iter()
            .position(|g| g.naam == name)
            .expect("listed")
    };
    let all: Vec<usize> = (0..region.gemeenten.len()).collect();
    for documents in [Documents::All, Documents::Letters, Documents::Appendix] {
        assert_eq!(
            sorted(named(&[], documents)),
            used(&all, documents),
            "{documents:?}"
        );
        for (given, meant) in [
            (vec!["Huizen"], vec![index("Huizen")]),
            (vec!["eemnes"], vec![index("Eemnes")]),
            (vec!["Gooise Meren"], vec![index("Gooise Meren")]),
            (
                vec!["GM0406", "Eemnes"],
                vec![index("Huizen"), index("Eemnes")],
            ),
        ] {
            assert_eq!(
                sorted(named(&given, documents)),
                used(&meant, documents),
                "{given:?} {documents:?}"
            );
        }
    }
    let eemnes = named(&["Eemnes"], Documents::Letters);
    assert_eq!(
        eemnes.templates,
        ["raadsinformatiebrief"],
        "a letter on the shared soort names only its own template"
    );
    assert_eq!(
        eemnes.word_templates,
        [(
            "sjablonen/huizen.dotx".to_owned(),
            validated.source.dir.join("sjablonen/huizen.dotx")
        )],
        "a letter without a template of its own is drawn on the region's"
    );
    assert_eq!(
        eemnes.lettertypen,
        [
            validated.source.dir.join("lettertypen/Carlito-Regular.ttf"),
            validated.source.dir.join("lettertypen/Carlito-Bold.ttf")
        ],
        "a letter without fonts of its own is set with the region's"
    );
    // A folder name is no municipality's name or code: every letter may be meant.
    assert_eq!(
        named(&["gooise-meren"], Documents::Letters).templates,
        ["actieve-raadsinformatie", "raadsinformatiebrief"]
    );
}

/// `beside` gets nothing when the file does not parse, and the findings are those of
/// a validation without it.
#[test]
fn nothing_is_done_beside_a_file_that_does_not_parse() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("kapot.yaml");
    std::fs::write(&file, "regio:\n  naam: \"Gooi\n").expect("write");
    let ran = std::sync::atomic::AtomicBool::new(false);
    let beside = std::thread::scope(|scope| {
        raadsbrief::validate::validate_file_beside(
            scope,
            &file,
            |_, _| (),
            |()| ran.store(true, std::sync::atomic::Ordering::SeqCst),
        )
    });
    let alone = raadsbrief::validate::validate_file(&file);
    assert!(!ran.load(std::sync::atomic::Ordering::SeqCst));
    match (beside, alone) {
        (Err(a), Err(b)) => assert_eq!(format!("{a:?}"), format!("{b:?}")),
        other => panic!("both refuse the file: {other:?}"),
    }
}
