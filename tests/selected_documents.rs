//! A build opens only the Word templates and fonts of the documents it makes: another
//! municipality's broken template or font file does not stop `build --gemeente X`, it
//! stops the build of that municipality (with its place in the file), and `validate`
//! still reports both.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_raadsbrief");
const SYSTEM_FONTS_ENV: &str = "RAADSBRIEF_SYSTEEMLETTERTYPEN";

/// The Gooi sample with its templates, fonts and signatures, Huizen's template replaced by a file
/// that is not a template and Hilversum given a font folder holding a file that is not
/// a font.
fn broken_region() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    for folder in ["sjablonen", "lettertypen", "handtekeningen"] {
        let to = dir.path().join(folder);
        std::fs::create_dir(&to).expect("mkdir");
        for entry in std::fs::read_dir(Path::new("samples").join(folder)).expect("sample folder") {
            let from = entry.expect("entry").path();
            std::fs::copy(&from, to.join(from.file_name().expect("name"))).expect("copy");
        }
    }
    std::fs::write(
        dir.path().join("sjablonen/huizen.dotx"),
        "geen Word-sjabloon",
    )
    .expect("write");
    let kapot = dir.path().join("kapot");
    std::fs::create_dir(&kapot).expect("mkdir");
    std::fs::write(kapot.join("Huisletter.ttf"), "<html>geen lettertype</html>").expect("write");
    let text = std::fs::read_to_string("samples/gooi-en-vechtstreek.yaml").expect("sample");
    let hilversum = "      kleur: \"#7A1F3D\" # voorbeeldkleur, geen officiële huisstijl\n";
    assert!(text.contains(hilversum), "the sample changed");
    let text = text.replacen(
        hilversum,
        &format!("{hilversum}      lettertypen: kapot/\n"),
        1,
    );
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
