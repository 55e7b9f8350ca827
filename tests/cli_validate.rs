//! The built binary as a user runs it: exit codes, what is printed, `schema`, `init`.

#[path = "common/regions.rs"]
mod regions;

use std::path::Path;
use std::process::{Command, Output};

use regions::*;

const EXE: &str = env!("CARGO_BIN_EXE_raadsbrief");

fn run(args: &[&str], cwd: &Path) -> Output {
    Command::new(EXE)
        .args(args)
        .current_dir(cwd)
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE")
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[track_caller]
fn assert_code(o: &Output, code: i32) {
    assert_eq!(
        o.status.code(),
        Some(code),
        "exit code\n--- stdout\n{}\n--- stderr\n{}",
        stdout(o),
        stderr(o)
    );
    assert_no_panic(o);
}

#[track_caller]
fn assert_no_panic(o: &Output) {
    for text in [stdout(o), stderr(o)] {
        for bad in ["panicked", "RUST_BACKTRACE"] {
            assert!(!text.contains(bad), "output contains {bad:?}:\n{text}");
        }
    }
}

/// A bad region file in a fresh temporary folder, with the path as given to the CLI.
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Self {
        Fixture {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn file(&self, name: &str, bytes: impl AsRef<[u8]>) -> &Self {
        write(self.dir.path(), name, bytes);
        self
    }

    fn run(&self, args: &[&str]) -> Output {
        run(args, self.dir.path())
    }
}

#[test]
fn valid_samples_exit_0() {
    for path in sample_paths() {
        let o = run(&["validate", path.to_str().unwrap()], &root());
        assert_code(&o, 0);
        assert!(stdout(&o).contains(": geldig ("), "{}", stdout(&o));
    }
}

#[test]
fn invalid_file_exits_2_and_shows_file_line_column() {
    let text = edit(&gooi(), "    cbs: GM0317\n", "    cbs: GM317\n");
    let (line, column) = pos_of(&text, "GM317");
    let fx = Fixture::new();
    fx.file("regio.yaml", &text);
    let o = fx.run(&["validate", "regio.yaml"]);
    assert_code(&o, 2);
    let out = stdout(&o);
    assert!(
        out.contains(&format!("regio.yaml:{line}:{column}")),
        "{out}"
    );
    assert!(out.contains("fout[cbs-code]"), "{out}");
    assert!(out.contains("    cbs: GM317"), "the snippet: {out}");
    assert!(out.contains("= veld: gemeenten[1].cbs"), "{out}");
    assert!(out.contains("= hulp: "), "{out}");
    assert!(
        out.contains("regio.yaml: ongeldig (1 fout, 0 waarschuwingen)"),
        "{out}"
    );
}

#[test]
fn missing_file_exits_1() {
    let fx = Fixture::new();
    let o = fx.run(&["validate", "bestaat-niet.yaml"]);
    assert_code(&o, 1);
    let all = stdout(&o) + &stderr(&o);
    assert!(all.contains("bestaat-niet.yaml"), "{all}");
    assert!(!all.contains("os error"), "{all}");
}

#[test]
fn worst_exit_code_wins_over_several_files() {
    let fx = Fixture::new();
    fx.file("goed.yaml", gooi()).file(
        "fout.yaml",
        edit(&gooi(), "  openbaar: true\n", "  openbaar: ja\n"),
    );
    assert_code(&fx.run(&["validate", "goed.yaml", "fout.yaml"]), 2);
    assert_code(&fx.run(&["validate", "goed.yaml", "weg.yaml"]), 1);
    // Invalid input outranks a missing file: the user has something to fix.
    assert_code(&fx.run(&["validate", "weg.yaml", "fout.yaml"]), 2);
}

#[test]
fn json_format_parses_and_carries_every_field() {
    let text = edit(&gooi(), "  openbaar: true\n", "  openbaar: ja\n");
    let (line, column) = pos_in(&text, "openbaar: ja", "ja");
    let fx = Fixture::new();
    fx.file("fout.yaml", &text).file("goed.yaml", gooi());
    let o = fx.run(&[
        "validate",
        "--format",
        "json",
        "fout.yaml",
        "goed.yaml",
        "weg.yaml",
    ]);
    assert_code(&o, 2);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", stdout(&o)));
    let files = json["files"].as_array().expect("`files` array");
    assert_eq!(files.len(), 3);

    let bad = &files[0];
    assert_eq!(bad["file"], "fout.yaml");
    assert_eq!(bad["valid"], false);
    assert_eq!(bad["errors"], 1);
    assert_eq!(bad["warnings"], 0);
    let f = &bad["findings"][0];
    assert_eq!(f["severity"], "error");
    assert_eq!(f["rule"], "wrong-type");
    assert_eq!(f["file"], "fout.yaml");
    assert_eq!(f["line"], line);
    assert_eq!(f["column"], column);
    assert_eq!(f["field"], "brief.openbaar");
    assert!(f["message"]
        .as_str()
        .unwrap()
        .contains("moet `true` of `false` zijn, maar is tekst"));
    assert!(!f["help"].as_str().unwrap().is_empty());

    let good = &files[1];
    assert_eq!(good["valid"], true);
    assert_eq!(good["errors"], 0);
    assert_eq!(good["findings"].as_array().map(Vec::len), Some(0));

    let missing = &files[2];
    assert_eq!(missing["valid"], false);
    assert!(missing["failure"].as_str().unwrap().contains("weg.yaml"));
}

#[test]
fn json_format_for_warnings_only_exits_0() {
    let o = run(
        &[
            "validate",
            "--format",
            "json",
            "samples/midden-ijssel-oost-veluwe.yaml",
        ],
        &root(),
    );
    assert_code(&o, 0);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let file = &json["files"][0];
    assert_eq!(file["valid"], true);
    let findings = file["findings"].as_array().unwrap();
    assert_eq!(file["warnings"], findings.len());
    assert!(findings.iter().all(|f| f["severity"] == "warning"));
}

#[test]
fn schema_command_prints_the_schema_file() {
    let o = run(&["schema"], &root());
    assert_code(&o, 0);
    let printed: serde_json::Value =
        serde_json::from_slice(&o.stdout).expect("`raadsbrief schema` prints JSON");
    let on_disk = std::fs::read_to_string(root().join("schemas/region.schema.json")).unwrap();
    let on_disk_json: serde_json::Value = serde_json::from_str(&on_disk).unwrap();
    assert_eq!(printed, on_disk_json);
    assert_eq!(
        stdout(&o),
        on_disk,
        "byte for byte, so editors can use either"
    );
}

#[test]
fn init_writes_a_valid_file_and_refuses_to_overwrite() {
    let fx = Fixture::new();
    let o = fx.run(&["init", "r.yaml"]);
    assert_code(&o, 0);
    let path = fx.dir.path().join("r.yaml");
    let written = std::fs::read(&path).expect("init wrote r.yaml");
    assert_code(&fx.run(&["validate", "r.yaml"]), 0);

    // Refuses without --force, and leaves the file alone.
    std::fs::write(&path, "# mijn eigen werk\n").unwrap();
    let o = fx.run(&["init", "r.yaml"]);
    assert_code(&o, 1);
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "# mijn eigen werk\n"
    );

    // With --force it overwrites, with the same starter.
    assert_code(&fx.run(&["init", "--force", "r.yaml"]), 0);
    assert_eq!(std::fs::read(&path).unwrap(), written);
    assert_code(&fx.run(&["validate", "r.yaml"]), 0);
}

#[test]
fn init_with_an_absolute_path_writes_there() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.yaml");
    let o = run(&["init", path.to_str().unwrap()], &root());
    assert_code(&o, 0);
    assert_code(&run(&["validate", path.to_str().unwrap()], &root()), 0);
}

/// Every class of bad input through the binary: findings or a failure message, a
/// non-zero exit, never a panic or a hint to set RUST_BACKTRACE.
#[test]
fn no_input_makes_the_binary_panic() {
    let sample = gooi();
    let mut latin1 = sample
        .replacen("Regio Gooi en Vechtstreek", "Régio", 1)
        .into_bytes();
    let at = latin1.windows(2).position(|w| w == "é".as_bytes()).unwrap();
    latin1.splice(at..at + 2, [0xE9]);
    let deep = format!("a: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for w in ["a", "b", "c", "d", "e", "f", "g", "h", "i"].windows(2) {
        bomb.push_str(&format!(
            "{}: &{} [{}]\n",
            w[1],
            w[1],
            vec![format!("*{}", w[0]); 9].join(",")
        ));
    }
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "quote.yaml",
            sample.replacen("  titel: ", "  titel: \"", 1).into_bytes(),
        ),
        (
            "tab.yaml",
            sample
                .replacen("    cbs: GM0376", "\tcbs: GM0376", 1)
                .into_bytes(),
        ),
        (
            "dup.yaml",
            sample
                .replacen("  naam: Regio", "  naam: X\n  naam: Regio", 1)
                .into_bytes(),
        ),
        ("latin1.yaml", latin1),
        ("deep.yaml", deep.into_bytes()),
        ("bomb.yaml", bomb.into_bytes()),
        ("empty.yaml", Vec::new()),
        ("comments.yaml", b"# niets\n".to_vec()),
        ("prose.yaml", b"Geachte raad,\nhierbij de brief.\n".to_vec()),
        ("nul.yaml", b"regio: \x00\n".to_vec()),
        ("utf16.yaml", vec![0xFF, 0xFE, b'r', 0]),
        ("two-docs.yaml", b"---\nregio: 1\n---\nbrief: 2\n".to_vec()),
    ];
    let fx = Fixture::new();
    for (name, bytes) in &cases {
        fx.file(name, bytes);
    }
    let big = fx.dir.path().join("big.yaml");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(60 * 1024 * 1024)
        .unwrap();
    std::fs::create_dir(fx.dir.path().join("map.yaml")).unwrap();

    for name in cases.iter().map(|(n, _)| *n).chain(["big.yaml"]) {
        for format in ["human", "json"] {
            let o = fx.run(&["validate", "--format", format, name]);
            assert_code(&o, 2);
            let out = stdout(&o);
            if format == "human" {
                assert!(
                    out.contains(&format!("{name}:")) && out.contains("fout["),
                    "{name}: {out}"
                );
            } else {
                let json: serde_json::Value = serde_json::from_str(&out)
                    .unwrap_or_else(|e| panic!("{name}: not JSON ({e}): {out}"));
                let f = &json["files"][0]["findings"][0];
                assert!(f["line"].as_u64().unwrap() >= 1, "{name}: {out}");
                assert!(f["column"].as_u64().unwrap() >= 1, "{name}: {out}");
            }
        }
    }
    // A folder is not the content's fault.
    assert_code(&fx.run(&["validate", "map.yaml"]), 1);
}

#[test]
fn usage_errors_do_not_panic() {
    let root = root();
    assert_code(&run(&["validate"], &root), 2);
    assert_code(&run(&["validate", "--format", "xml", "x.yaml"], &root), 2);
    assert_code(&run(&["bestaat-niet"], &root), 2);
    assert_code(&run(&["--help"], &root), 0);
    assert_code(&run(&["--version"], &root), 0);
}

#[test]
fn help_and_argument_errors_are_dutch() {
    let run = |args: &[&str]| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_raadsbrief"))
            .args(args)
            .output()
            .expect("binary runs");
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let (code, out, _) = run(&["--help"]);
    assert_eq!(code, Some(0));
    for dutch in [
        "Gebruik:",
        "Opdrachten:",
        "Opties:",
        "Toon deze hulp",
        "Afsluitcodes",
    ] {
        assert!(out.contains(dutch), "{dutch} in:\n{out}");
    }
    for english in ["Usage:", "Commands:", "Options:", "Print help"] {
        assert!(!out.contains(english), "{english} in:\n{out}");
    }
    let (code, out, _) = run(&["build", "--help"]);
    assert_eq!(code, Some(0));
    assert!(
        out.contains("Argumenten:") && out.contains("Uitvoermap"),
        "{out}"
    );

    let (code, _, err) = run(&["biuld", "x.yaml"]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("fout: onbekende opdracht biuld. Bedoelt u build?"),
        "{err}"
    );
    let (code, _, err) = run(&["build", "x.yaml", "--formaat", "pdf"]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("onbekende optie --formaat. Bedoelt u --format?"),
        "{err}"
    );
    let (code, _, err) = run(&["validate"]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("er ontbreekt een verplicht argument: <BESTAND>"),
        "{err}"
    );
    let (code, _, err) = run(&["build", "x.yaml", "--pdf-profile", "x"]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("ongeldige waarde ‘x’ voor --pdf-profile"),
        "{err}"
    );
    assert!(err.contains("mogelijk: archief, plain"), "{err}");
}

/// clap's own words that no setting renames; none may reach a user in any command's help.
const ENGLISH_CLAP: [&str; 16] = [
    "[OPTIONS]",
    "[COMMAND]",
    "<COMMAND>",
    "Possible values",
    "possible values",
    "[default:",
    "[aliases:",
    "[env:",
    "Usage:",
    "Options:",
    "Arguments:",
    "Commands:",
    "Print help",
    "Print version",
    "see more with",
    "see a summary with",
];

#[test]
fn no_command_help_has_english_clap_fragments() {
    let root = root();
    let commands: [&[&str]; 9] = [
        &[],
        &["build"],
        &["validate"],
        &["bekijk"],
        &["init"],
        &["schema"],
        &["templates"],
        &["templates", "export"],
        &["templates", "list"],
    ];
    for command in commands {
        for flag in ["--help", "-h"] {
            let args: Vec<&str> = command.iter().copied().chain([flag]).collect();
            let o = run(&args, &root);
            assert_code(&o, 0);
            let help = stdout(&o) + &stderr(&o);
            assert!(help.contains("Gebruik: raadsbrief"), "{args:?}:\n{help}");
            for english in ENGLISH_CLAP {
                assert!(
                    !help.contains(english),
                    "{english:?} in `raadsbrief {}`:\n{help}",
                    args.join(" ")
                );
            }
        }
    }
    let o = run(&["build", "--help"], &root);
    let help = stdout(&o);
    for dutch in [
        "raadsbrief build [OPTIES] <BESTAND>",
        "Mogelijke waarden:",
        "[standaard: docx,pdf]",
    ] {
        assert!(help.contains(dutch), "{dutch} in:\n{help}");
    }
}

#[test]
fn every_kind_of_argument_error_is_dutch() {
    let root = root();
    for (args, expected) in [
        (
            &["bekijk", "x.yaml", "--poort", "abc"][..],
            "fout: ‘abc’ is geen geldige waarde voor --poort <N>",
        ),
        (
            &["build", "a.yaml", "b.yaml"][..],
            "fout: onverwacht argument ‘b.yaml’: deze opdracht neemt er niet meer.",
        ),
        (
            &["init", "--force", "--force"][..],
            "fout: --force staat er meer dan één keer; geef het één keer",
        ),
    ] {
        let o = run(args, &root);
        assert_code(&o, 2);
        let err = stderr(&o);
        assert!(err.starts_with(expected), "{args:?}:\n{err}");
        assert!(err.contains("  = hulp: `raadsbrief --help`"), "{err}");
    }
}

#[test]
fn a_file_that_cannot_be_read_is_said_in_dutch() {
    let fx = Fixture::new();
    let o = fx.run(&["validate", "bestaat-niet.yaml"]);
    assert_code(&o, 1);
    let out = stdout(&o);
    assert!(
        out.contains(
            "fout: kan bestaat-niet.yaml niet lezen: het bestand of de map bestaat niet\n  = hulp: controleer de spelling van het pad"
        ),
        "{out}"
    );
}

#[test]
fn build_and_init_speak_dutch() {
    let fx = Fixture::new();
    let o = fx.run(&["init", "r.yaml"]);
    assert_code(&o, 0);
    assert!(
        stderr(&o).starts_with("r.yaml geschreven: vul de velden met [in te vullen: …] in"),
        "{}",
        stderr(&o)
    );
    let o = fx.run(&["init", "r.yaml"]);
    assert_code(&o, 1);
    assert!(
        stderr(&o).contains(
            "fout: r.yaml bestaat al\n  = hulp: kies een andere naam, of voeg --force toe"
        ),
        "{}",
        stderr(&o)
    );
    let o = fx.run(&["build", "r.yaml", "--format", "xls"]);
    assert_code(&o, 2);
    let err = stderr(&o);
    assert!(
        err.contains("fout: onbekend formaat ‘xls’\n  = hulp: gebruik --format docx, pdf of html"),
        "{err}"
    );
    // The starter has subjects still in development: warnings, each with its place.
    let warning = err
        .lines()
        .find(|l| l.contains("nog in ontwikkeling"))
        .expect("a warning");
    assert!(warning.starts_with("waarschuwing: r.yaml:"), "{err}");
    assert!(
        err.contains("toont elke waarschuwing met de regel uit het bestand en de hulp"),
        "{err}"
    );
    let o = fx.run(&["build", "r.yaml", "--templates", "geen-map"]);
    assert_code(&o, 1);
    assert!(
        stderr(&o).contains("fout: de sjablonenmap geen-map bestaat niet"),
        "{}",
        stderr(&o)
    );
    let o = fx.run(&["templates", "export", "t"]);
    assert_code(&o, 0);
    let o = fx.run(&["templates", "export", "t"]);
    assert_code(&o, 1);
    assert!(
        stderr(&o).contains("bestaat al\n  = hulp: kies een lege map, of voeg --force toe"),
        "{}",
        stderr(&o)
    );
}

/// A wrong placeholder is said in the same run as a schema error, each at its place.
#[test]
fn a_placeholder_error_comes_with_the_schema_errors() {
    let text = edit(&gooi(), "  onderwerp: ", "  onbekendveld: x\n  onderwerp: ");
    let text = edit(
        &text,
        "De wijze waarop {gemeente}",
        "De wijze waarop {gemeentenaam}",
    );
    let (field_line, field_column) = pos_of(&text, "onbekendveld:");
    let (line, column) = pos_of(&text, "{gemeentenaam}");
    let fx = Fixture::new();
    fx.file("regio.yaml", &text);
    let o = fx.run(&["validate", "regio.yaml"]);
    assert_code(&o, 2);
    let out = stdout(&o);
    assert!(
        out.contains(&format!(
            "fout[unknown-field]: onbekend veld `onbekendveld`\n  --> regio.yaml:{field_line}:{field_column}"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "fout[placeholder]: onbekende plaatshouder `{{gemeentenaam}}`\n  --> regio.yaml:{line}:{column}"
        )),
        "{out}"
    );
    assert!(
        out.contains("= hulp: bedoelt u `{gemeente}`? Wilt u een accolade als teken"),
        "{out}"
    );
}

/// `validate` says what `build` says about a field the letter format never shows.
#[test]
fn validate_warns_about_a_field_the_letter_format_does_not_use() {
    let text = edit(
        &sample("midden-ijssel-oost-veluwe.yaml"),
        "  soort: actieve-raadsinformatie\n",
        "  soort: actieve-raadsinformatie\n  kennisnemen-van: Komt niet in de Ari.\n",
    );
    let (line, column) = pos_of(&text, "kennisnemen-van:");
    let fx = Fixture::new();
    fx.file("regio.yaml", &text);
    let o = fx.run(&["validate", "regio.yaml"]);
    assert_code(&o, 0);
    let out = stdout(&o);
    assert!(
        out.contains(&format!(
            "waarschuwing[unused-field]: het veld `brief.kennisnemen-van` staat in het \
             regiobestand, maar het briefformat `actieve-raadsinformatie` \
             (sjabloon templates/actieve-raadsinformatie.md.hbs, ingebouwd) gebruikt het niet: de \
             tekst komt niet in de brief\n  --> regio.yaml:{line}:{column}"
        )),
        "{out}"
    );
    assert!(
        out.contains("= hulp: haal het veld weg, kies een ander `soort`, of neem het op in uw eigen sjabloon"),
        "{out}"
    );
    // A template of the user's own that shows the field: no warning.
    std::fs::create_dir(fx.dir.path().join("t")).unwrap();
    fx.file(
        "t/actieve-raadsinformatie.md.hbs",
        raadsbrief::templates::BUILTIN[1].1.replace(
            "{{brief.kernboodschap}}",
            "{{brief.kernboodschap}}\n\n{{brief.kennisnemen_van}}",
        ),
    );
    let o = fx.run(&["validate", "regio.yaml", "--templates", "t"]);
    assert_code(&o, 0);
    assert!(!stdout(&o).contains("unused-field"), "{}", stdout(&o));
}
