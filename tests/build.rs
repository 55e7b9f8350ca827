//! The main job end to end: `raadsbrief build` on the samples, read back.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

/// The Gooi sample, to be written into a temp folder.
fn gooi_text() -> String {
    common::regions_portable(&std::fs::read_to_string(GOOI).unwrap())
}
use raadsbrief::compose::Kind;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_raadsbrief"))
}

fn build(sample: &str, out: &Path, extra: &[&str]) -> std::process::Output {
    bin()
        .args(["build", sample, "--out"])
        .arg(out)
        .args(["--quiet"])
        .args(extra)
        .output()
        .expect("binary runs")
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn builds_every_municipality_in_both_formats_with_a_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let out = build(GOOI, dir.path(), &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written = files(dir.path());
    // 8 letters + 1 appendix, each DOCX and PDF, plus the manifest.
    assert_eq!(
        written.len(),
        9 * 2 + 1,
        "{:?}",
        written.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    assert!(written
        .iter()
        .any(|(p, _)| p == "blaricum/raadsinformatiebrief-2021-11-16-concept.pdf"));
    assert!(written
        .iter()
        .any(|(p, _)| p == "samenwerkingsdocument-2021-11-16-concept.docx"));
    assert!(
        !written.iter().any(|(p, _)| p.contains(".tmp")),
        "no temporary files left"
    );

    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("manifest.json")).unwrap()).unwrap();
    let entries = manifest["files"].as_array().unwrap();
    assert_eq!(entries.len(), 18);
    for entry in entries {
        let path = entry["path"].as_str().unwrap();
        let bytes = std::fs::read(dir.path().join(path)).unwrap();
        assert_eq!(
            entry["bytes"].as_u64().unwrap() as usize,
            bytes.len(),
            "{path}"
        );
        let digest: String = sha2::Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(entry["sha256"], digest, "{path}");
        // Pages are measured for a PDF (and equal the file's own count); a DOCX or HTML
        // file is paginated by the program that opens it, so none is claimed.
        if path.ends_with(".pdf") {
            let pdf = lopdf::Document::load_mem(&bytes).unwrap();
            assert_eq!(
                entry["pages"].as_u64().unwrap() as usize,
                pdf.get_pages().len(),
                "{path}"
            );
        } else {
            assert!(entry.get("pages").is_none(), "{path}: {entry}");
        }
    }
    let blaricum = entries
        .iter()
        .find(|e| e["path"] == "blaricum/raadsinformatiebrief-2021-11-16-concept.docx")
        .unwrap();
    assert_eq!(blaricum["gemeente"]["cbs"], "GM0376");
    assert_eq!(blaricum["kind"], "raadsinformatiebrief");
    assert_eq!(blaricum["format"], "docx");
    assert_eq!(
        manifest["consistency"]["deviations"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
}

use sha2::Digest;

#[test]
fn identical_input_gives_identical_bytes_whatever_the_thread_count() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let one = bin()
        .env("RAYON_NUM_THREADS", "1")
        .args(["build", MIJOV, "--quiet", "--out"])
        .arg(a.path())
        .status()
        .unwrap();
    let many = bin()
        .env("RAYON_NUM_THREADS", "4")
        .args(["build", MIJOV, "--quiet", "--out"])
        .arg(b.path())
        .status()
        .unwrap();
    assert!(one.success() && many.success());
    let (fa, fb) = (files(a.path()), files(b.path()));
    assert_eq!(fa.len(), fb.len());
    for ((pa, ba), (pb, bb)) in fa.iter().zip(&fb) {
        assert_eq!(pa, pb);
        assert!(ba == bb, "{pa} differs between runs");
    }
}

#[test]
fn docx_reads_back_with_every_text_of_the_document_in_order() {
    let v = validated(GOOI);
    for kind in [Kind::Letter(0), Kind::Appendix] {
        let doc = document(&v, kind);
        let docx = raadsbrief::render::docx::render(&doc).unwrap();
        let text = raadsbrief::render::docx::read::docx_text(&docx).unwrap();
        // Word keeps list numbers in numbering.xml, not in the text: compare without labels.
        let expected = strip_list_labels(&doc.text());
        let got = normalise(&text);
        let mut at = 0;
        for word in expected.split_whitespace() {
            match got[at..].find(word) {
                Some(i) => at += i + word.len(),
                None => panic!("{kind:?}: `{word}` missing or out of order in the DOCX text"),
            }
        }
    }
}

/// Drops the list labels Document::text() prints ("1.", "a.", "•", "–").
fn strip_list_labels(text: &str) -> String {
    text.split_whitespace()
        .filter(|w| {
            !(["•", "–", "▪"].contains(w)
                || (w.len() > 1
                    && w.len() <= 4
                    && w.ends_with('.')
                    && w[..w.len() - 1].chars().all(|c| c.is_ascii_digit())))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn concept_is_in_the_file_name_and_marked() {
    let dir = tempfile::tempdir().unwrap();
    let region = gooi_text().replace("status: definitief", "status: concept");
    let yaml = dir.path().join("region.yaml");
    std::fs::write(&yaml, region).unwrap();
    let out = dir.path().join("out");
    let result = build(yaml.to_str().unwrap(), &out, &["--gemeente", "Blaricum"]);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let names: Vec<String> = files(&out).into_iter().map(|f| f.0).collect();
    assert!(
        names.contains(&"blaricum/raadsinformatiebrief-2021-11-16-concept.docx".to_owned()),
        "{names:?}"
    );
    assert!(
        names.contains(&"blaricum/raadsinformatiebrief-2021-11-16-concept.pdf".to_owned()),
        "{names:?}"
    );
    let docx =
        std::fs::read(out.join("blaricum/raadsinformatiebrief-2021-11-16-concept.docx")).unwrap();
    let header = raadsbrief::render::docx::read::part(&docx, "word/header1.xml").unwrap();
    assert!(header.contains("CONCEPT"), "the DOCX header says CONCEPT");
}

#[test]
fn invalid_input_writes_nothing_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = dir.path().join("region.yaml");
    std::fs::write(&yaml, gooi_text().replace("GM0317", "GM317")).unwrap();
    let out = dir.path().join("out");
    let result = build(yaml.to_str().unwrap(), &out, &[]);
    assert_eq!(result.status.code(), Some(2));
    assert!(!out.exists(), "nothing is written for invalid input");
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        stderr.contains("region.yaml:") && stderr.contains("CBS"),
        "{stderr}"
    );
}

#[test]
fn unknown_municipality_gets_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    let result = build(GOOI, dir.path(), &["--gemeente", "Blaricm"]);
    assert_eq!(result.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&result.stderr).contains("bedoelt u `Blaricum`?"));
}

/// A run compiles only the templates it renders: a broken samenwerkingsdocument
/// template stops a run that builds the appendix, not one of letters only.
#[test]
fn a_broken_template_the_run_does_not_use_is_not_compiled() {
    let dir = tempfile::tempdir().unwrap();
    let tpl = dir.path().join("tpl");
    std::fs::create_dir(&tpl).unwrap();
    std::fs::write(
        tpl.join("samenwerkingsdocument.md.hbs"),
        "---\ntitel: x\n---\n{{#if regio.naam}}\nopen\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let templates = ["--templates", tpl.to_str().unwrap()];
    let letters = build(
        GOOI,
        &out,
        &[&["--alleen", "brieven", "--format", "docx"][..], &templates].concat(),
    );
    assert!(
        letters.status.success(),
        "{}",
        String::from_utf8_lossy(&letters.stderr)
    );
    let all = build(GOOI, &dir.path().join("all"), &templates);
    assert_eq!(all.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&all.stderr);
    assert!(
        stderr.contains("samenwerkingsdocument.md.hbs:4:1")
            && stderr.contains("fout in het sjabloon"),
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("fout in het sjabloon").count(),
        1,
        "said once: {stderr}"
    );
}

#[test]
fn exported_templates_are_used_and_a_broken_one_is_located() {
    let dir = tempfile::tempdir().unwrap();
    let tpl = dir.path().join("tpl");
    let export = bin()
        .args(["templates", "export"])
        .arg(&tpl)
        .output()
        .unwrap();
    assert!(export.status.success());
    // An edited template changes the output.
    let path = tpl.join("raadsinformatiebrief.md.hbs");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("# Vervolg", "# Hoe verder");
    std::fs::write(&path, &text).unwrap();
    let out = dir.path().join("out");
    let ok = build(
        GOOI,
        &out,
        &[
            "--gemeente",
            "Laren",
            "--format",
            "docx",
            "--templates",
            tpl.to_str().unwrap(),
        ],
    );
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let docx =
        std::fs::read(out.join("laren/raadsinformatiebrief-2021-11-16-concept.docx")).unwrap();
    assert!(raadsbrief::render::docx::read::docx_text(&docx)
        .unwrap()
        .contains("Hoe verder"));
    // A broken one fails with its file, line and reason.
    let broken = text.replace("{{#if brief.vervolg}}", "{{#if brief.vervolg}");
    std::fs::write(&path, broken).unwrap();
    // The whole region: its letters on a Word template are composed while the
    // handlebars template is compiled, and the mistake is still said once.
    let bad = build(GOOI, &out, &["--templates", tpl.to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(stderr.contains("raadsinformatiebrief.md.hbs:"), "{stderr}");
    assert_eq!(
        stderr.matches("fout in het sjabloon").count(),
        1,
        "{stderr}"
    );
    // The same for one letter on a Word template, whose handlebars template is compiled
    // on a thread of its own while the Word template is opened: said once, nothing written.
    let one = dir.path().join("one");
    let bad = build(
        GOOI,
        &one,
        &[
            "--gemeente",
            "Gooise Meren",
            "--alleen",
            "brieven",
            "--format",
            "pdf",
            "--templates",
            tpl.to_str().unwrap(),
        ],
    );
    assert_eq!(bad.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(stderr.contains("raadsinformatiebrief.md.hbs:"), "{stderr}");
    assert_eq!(
        stderr.matches("fout in het sjabloon").count(),
        1,
        "{stderr}"
    );
    assert!(!one.exists(), "no output folder after a failed run");
}

/// A region run makes its letters on the built-in style while the Word templates are
/// opened. A template that turns out to be broken still refuses the whole run: said
/// once, at its `sjabloon`, with the folder of an earlier run left exactly as it was
/// (the letters made meanwhile are not written).
#[test]
fn a_broken_word_template_refuses_the_region_run_though_other_letters_were_made() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("goed.yaml");
    std::fs::write(&good, gooi_text()).unwrap();
    let out = dir.path().join("out");
    let first = build(good.to_str().unwrap(), &out, &[]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let before = files(&out);

    std::fs::write(dir.path().join("kapot.dotx"), b"Dit is geen sjabloon.").unwrap();
    let text = gooi_text();
    let gooise_meren = format!(
        "sjabloon: {}",
        common::regions::samples_dir()
            .join("sjablonen/gooise-meren.dotx")
            .display()
    );
    assert!(
        text.contains(&gooise_meren),
        "the sample names its template"
    );
    let broken = dir.path().join("kapot.yaml");
    std::fs::write(&broken, text.replace(&gooise_meren, "sjabloon: kapot.dotx")).unwrap();
    let run = build(broken.to_str().unwrap(), &out, &[]);
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(stderr.matches("template-broken").count(), 1, "{stderr}");
    assert!(stderr.contains("kapot.dotx"), "{stderr}");
    assert_eq!(files(&out), before, "the earlier run's folder is untouched");
}

#[test]
fn a_house_style_logo_appears_in_both_formats_with_its_alt_text() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("tests/data/logo.png", dir.path().join("logo.png")).unwrap();
    let region = gooi_text().replace(
        "      kleur: \"#1F5F8B\"",
        "      kleur: \"#1F5F8B\"\n      logo: logo.png\n      logo-alt: Logo van de gemeente Blaricum",
    );
    assert!(
        region.contains("logo.png"),
        "the sample's Blaricum house style is where the test expects it"
    );
    let yaml = dir.path().join("region.yaml");
    std::fs::write(&yaml, region).unwrap();
    let out = dir.path().join("out");
    let result = build(yaml.to_str().unwrap(), &out, &["--gemeente", "GM0376"]);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let docx =
        std::fs::read(out.join("blaricum/raadsinformatiebrief-2021-11-16-concept.docx")).unwrap();
    let parts = raadsbrief::render::docx::read::part_names(&docx).unwrap();
    assert!(
        parts.iter().any(|p| p.starts_with("word/media/")),
        "{parts:?}"
    );
    let header = raadsbrief::render::docx::read::part(&docx, "word/header1.xml").unwrap();
    assert!(
        header.contains("Logo van de gemeente Blaricum"),
        "alt text in the header drawing"
    );
    let pdf =
        std::fs::read(out.join("blaricum/raadsinformatiebrief-2021-11-16-concept.pdf")).unwrap();
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let images = doc
        .objects
        .values()
        .filter(|o| {
            o.as_stream()
                .ok()
                .and_then(|s| s.dict.get(b"Subtype").ok())
                .and_then(|n| n.as_name().ok())
                == Some(b"Image".as_slice())
        })
        .count();
    assert!(images >= 1, "the PDF carries the logo as an image");
}

#[test]
fn a_logo_without_alt_text_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("tests/data/logo.png", dir.path().join("logo.png")).unwrap();
    let region = gooi_text().replace(
        "      kleur: \"#1F5F8B\"",
        "      kleur: \"#1F5F8B\"\n      logo: logo.png",
    );
    let yaml = dir.path().join("region.yaml");
    std::fs::write(&yaml, region).unwrap();
    let result = bin().arg("validate").arg(&yaml).output().unwrap();
    assert_eq!(result.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert!(
        stdout.contains("fout[logo-alt]: het logo van Blaricum heeft geen alternatieve tekst"),
        "{stdout}"
    );
    assert!(
        stdout.contains("= hulp: voeg `logo-alt: \"Logo gemeente …\"` toe"),
        "{stdout}"
    );
}

#[test]
fn output_that_cannot_be_written_fails_with_exit_1_and_one_message() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "not a folder").unwrap();
    let result = build(GOOI, &blocker.join("out"), &[]);
    assert_eq!(result.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.starts_with("fout: kan de uitvoermap"), "{stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("os error"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_in_the_output_folder_is_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let outside = dir.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::os::unix::fs::symlink(&outside, out.join("blaricum")).unwrap();
    let result = build(GOOI, &out, &["--gemeente", "Blaricum"]);
    assert_eq!(result.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&result.stderr).contains("symbolische koppeling"));
    assert_eq!(
        std::fs::read_dir(&outside).unwrap().count(),
        0,
        "nothing written through the link"
    );
}

#[test]
fn html_is_built_on_request_with_the_letter_text() {
    let dir = tempfile::tempdir().unwrap();
    let result = build(
        GOOI,
        dir.path(),
        &["--gemeente", "Blaricum", "--format", "html"],
    );
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let html = std::fs::read_to_string(
        dir.path()
            .join("blaricum/raadsinformatiebrief-2021-11-16-concept.html"),
    )
    .unwrap();
    assert!(html.contains("<html lang=\"nl\">"));
    // The letter has no title: its six sections are siblings, each an h1, as in the PDF.
    assert_eq!(html.matches("<h1").count(), 6);
    assert!(html.contains("<h1 class=\"kop1\" id=\"kennisnemen-van\">Kennisnemen van</h1>"));
    let names: Vec<String> = files(dir.path()).into_iter().map(|f| f.0).collect();
    assert!(
        !names
            .iter()
            .any(|n| n.ends_with(".pdf") || n.ends_with(".docx")),
        "{names:?}"
    );
}

/// The PDF profile travels in the PDF renderer: `plain` leaves out the structure tree
/// and the PDF/A identification, the default has both; the DOCX is the same either way.
#[test]
fn the_pdf_profile_reaches_the_pdf_renderer() {
    let catalog_has = |pdf: &[u8], key: &[u8]| {
        let doc = lopdf::Document::load_mem(pdf).unwrap();
        doc.catalog().unwrap().has(key)
    };
    let dir = tempfile::tempdir().unwrap();
    let mut docx = Vec::new();
    for (profile, tagged) in [("plain", false), ("archief", true)] {
        let out = dir.path().join(profile);
        let result = build(
            GOOI,
            &out,
            &["--gemeente", "Blaricum", "--pdf-profile", profile],
        );
        assert!(
            result.status.success(),
            "{}",
            String::from_utf8_lossy(&result.stderr)
        );
        let pdf = std::fs::read(out.join("blaricum/raadsinformatiebrief-2021-11-16-concept.pdf"))
            .unwrap();
        assert_eq!(catalog_has(&pdf, b"StructTreeRoot"), tagged, "{profile}");
        assert_eq!(catalog_has(&pdf, b"OutputIntents"), tagged, "{profile}");
        docx.push(
            std::fs::read(out.join("blaricum/raadsinformatiebrief-2021-11-16-concept.docx"))
                .unwrap(),
        );
    }
    assert_eq!(docx[0], docx[1]);
}

#[test]
fn a_definitief_letter_with_open_fields_is_refused_with_a_finding_per_field() {
    let dir = tempfile::tempdir().unwrap();
    let region = gooi_text().replace("  status: concept", "  status: definitief");
    let yaml = dir.path().join("region.yaml");
    std::fs::write(&yaml, &region).unwrap();
    let out = dir.path().join("out");
    let result = bin()
        .args(["build", yaml.to_str().unwrap(), "--out"])
        .arg(&out)
        .args(["--gemeente", "Blaricum"])
        .output()
        .unwrap();
    assert_eq!(result.status.code(), Some(2));
    assert!(!out.exists(), "nothing is written");
    let stderr = String::from_utf8_lossy(&result.stderr);
    let line_of = |needle: &str| {
        region
            .lines()
            .position(|l| l.contains(needle))
            .map(|i| i + 1)
            .unwrap()
    };
    let burgemeester = line_of("burgemeester: \"[in te vullen: burgemeester Blaricum]\"");
    let rol = line_of("rol: \"[in te vullen: rol aanspreekpunt]\"");
    for (message, position, field) in [
        (
            "fout[open-field]: open veld in de definitieve brief van Blaricum: ‘[in te vullen: burgemeester Blaricum]’",
            format!("region.yaml:{burgemeester}:22"),
            "gemeenten[0].ondertekening.burgemeester",
        ),
        (
            "fout[open-field]: open veld in de definitieve brief van Blaricum: ‘[in te vullen: gemeentesecretaris Blaricum]’",
            format!("region.yaml:{}:20", burgemeester + 1),
            "gemeenten[0].ondertekening.secretaris",
        ),
        (
            "fout[open-field]: open veld in het definitieve samenwerkingsdocument: ‘[in te vullen: rol aanspreekpunt]’",
            format!("region.yaml:{rol}:11"),
            "regio.aanspreekpunt.rol",
        ),
    ] {
        let at = stderr.find(message).unwrap_or_else(|| panic!("{message}\n{stderr}"));
        let rest = &stderr[at..];
        let block = &rest[..rest.find("\n\n").unwrap_or(rest.len())];
        assert!(block.contains(&position), "{position} in {block}");
        assert!(block.contains(&format!("= veld: {field}")), "{block}");
        assert!(
            block.contains("= hulp: vervang ‘[in te vullen: …]’ door de echte waarde"),
            "{block}"
        );
    }
    // Eemnes was not asked for: its open fields are not reported.
    assert!(!stderr.contains("Eemnes"), "{stderr}");
}

#[test]
fn a_concept_with_open_fields_builds_and_warns_where_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let result = bin()
        .args(["build", GOOI, "--out"])
        .arg(dir.path())
        .args(["--gemeente", "Blaricum"])
        .output()
        .unwrap();
    assert!(result.status.success());
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        stderr.contains(
            "waarschuwing: blaricum/raadsinformatiebrief-2021-11-16-concept.docx: 2 open velden ([in te vullen: …]), geel gemarkeerd in het concept: gemeenten[0].ondertekening.secretaris (samples/gooi-en-vechtstreek.yaml:25:20), gemeenten[0].ondertekening.burgemeester (samples/gooi-en-vechtstreek.yaml:24:22)"
        ),
        "{stderr}"
    );
}
