//! The output folder as the user's workspace: a failed run leaves it exactly as it was.
//!
//! One test per failure class. A folder where a file goes and `--out` naming a file are
//! produced on the real file system through the CLI; a full disk, a missing permission
//! and a file locked by another program cannot be produced portably (CI runs as root),
//! so they are injected through [`FileSystem`] into the real staging and commit code.

mod common;
use common::regions;

use std::collections::BTreeMap;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::SystemTime;

use raadsbrief::batch::{self, FileSystem, Format, Plan, RealFs};
use raadsbrief::validate::validate_file;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_raadsbrief"))
}

fn build(file: &Path, out: &Path, extra: &[&str]) -> Output {
    bin()
        .arg("build")
        .arg(file)
        .arg("--out")
        .arg(out)
        .arg("--quiet")
        .args(extra)
        .output()
        .expect("binary runs")
}

/// Everything under `dir`: folders, and files with their bytes and modification time.
#[derive(Debug, PartialEq)]
enum Node {
    Dir,
    File(Vec<u8>, SystemTime),
}

fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Node> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            let meta = std::fs::symlink_metadata(&p).unwrap();
            let rel = p.strip_prefix(dir).unwrap().to_path_buf();
            if meta.is_dir() {
                stack.push(p);
                out.insert(rel, Node::Dir);
            } else {
                out.insert(
                    rel,
                    Node::File(std::fs::read(&p).unwrap(), meta.modified().unwrap()),
                );
            }
        }
    }
    out
}

#[track_caller]
fn assert_unchanged(before: &BTreeMap<PathBuf, Node>, out: &Path) {
    let after = snapshot(out);
    let added: Vec<_> = after.keys().filter(|k| !before.contains_key(*k)).collect();
    let lost: Vec<_> = before.keys().filter(|k| !after.contains_key(*k)).collect();
    let changed: Vec<_> = after
        .iter()
        .filter(|(k, v)| before.get(*k).is_some_and(|b| b != *v))
        .map(|(k, _)| k)
        .collect();
    assert!(
        added.is_empty() && lost.is_empty() && changed.is_empty(),
        "added {added:?}, lost {lost:?}, changed {changed:?}"
    );
}

/// A Dutch failure message with its fix: exit 1, one `error:` line, no OS error dump.
#[track_caller]
fn assert_failure(o: &Output, must_contain: &[&str]) -> String {
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.starts_with("fout: kan ") || stderr.starts_with("fout: "),
        "{stderr}"
    );
    assert!(
        !stderr.contains("os error") && !stderr.contains("panicked"),
        "{stderr}"
    );
    assert!(
        stderr.contains("= hulp: ") && stderr.contains("ongewijzigd"),
        "{stderr}"
    );
    for s in must_contain {
        assert!(stderr.contains(s), "stderr should mention {s:?}:\n{stderr}");
    }
    stderr
}

/// The Gooi sample as a final letter (see [`regions::gooi_definitief`]), written to `dir`.
fn gooi_file(dir: &Path) -> PathBuf {
    regions::write(dir, "gooi.yaml", regions::gooi_definitief())
}

/// The Gooi sample dated a day later, so that every file of a second run differs.
fn next_day(dir: &Path) -> PathBuf {
    let text = regions::edit(
        &regions::gooi_definitief(),
        "datum: \"2021-11-16\"",
        "datum: \"2021-11-17\"",
    );
    regions::write(dir, "region.yaml", text)
}

/// An output folder that an earlier run filled, plus a file of the user's.
fn earlier_run(dir: &Path) -> PathBuf {
    let out = dir.join("uit");
    let first = build(&gooi_file(dir), &out, &[]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    std::fs::write(out.join("aantekeningen.txt"), "van de gebruiker").unwrap();
    out
}

#[test]
fn a_folder_where_a_file_goes_stops_the_run_before_anything_changes() {
    let dir = tempfile::tempdir().unwrap();
    let out = earlier_run(dir.path());
    let blocker = out.join("laren/raadsinformatiebrief-2021-11-17.pdf");
    std::fs::create_dir(&blocker).unwrap();
    std::fs::write(blocker.join("eigen.txt"), "mijn werk").unwrap();
    let before = snapshot(&out);
    let o = build(&next_day(dir.path()), &out, &[]);
    assert_failure(
        &o,
        &[&format!(
            "op de plaats van {} staat een map",
            blocker.display()
        )],
    );
    assert_unchanged(&before, &out);
}

#[test]
fn a_file_where_a_folder_goes_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let out = earlier_run(dir.path());
    std::fs::remove_dir_all(out.join("laren")).unwrap();
    std::fs::write(out.join("laren"), "geen map").unwrap();
    let before = snapshot(&out);
    let o = build(&next_day(dir.path()), &out, &[]);
    assert_failure(
        &o,
        &[&format!(
            "{} is een bestand, maar raadsbrief heeft daar een map nodig",
            out.join("laren").display()
        )],
    );
    assert_unchanged(&before, &out);
}

#[test]
fn out_naming_a_file_says_so_and_leaves_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("uit.txt");
    std::fs::write(&file, "bestaand").unwrap();
    let source = tempfile::tempdir().unwrap();
    let gooi = gooi_file(source.path());
    let o = build(&gooi, &file, &[]);
    assert_failure(
        &o,
        &[&format!(
            "--out {} is een bestand, geen map",
            file.display()
        )],
    );
    assert_eq!(std::fs::read(&file).unwrap(), b"bestaand");
    let o = build(&gooi, &file.join("sub"), &[]);
    assert_failure(&o, &[&format!("{} is een bestand", file.display())]);
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "nothing beside it"
    );
}

/// Delegates to the real file system but fails the `nth` call of one operation.
struct Faulty {
    op: &'static str,
    nth: usize,
    kind: ErrorKind,
    calls: AtomicUsize,
}

impl Faulty {
    fn new(op: &'static str, nth: usize, kind: ErrorKind) -> Faulty {
        Faulty {
            op,
            nth,
            kind,
            calls: AtomicUsize::new(0),
        }
    }

    fn check(&self, op: &str) -> std::io::Result<()> {
        if op == self.op && self.calls.fetch_add(1, Ordering::SeqCst) + 1 == self.nth {
            return Err(std::io::Error::from(self.kind));
        }
        Ok(())
    }

    /// How many calls of the faulty operation were made, the failing one included.
    fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
}

impl FileSystem for Faulty {
    fn write_new(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        self.check("write_new")?;
        RealFs.write_new(path, bytes)
    }
    fn flush(&self, path: &Path) -> std::io::Result<()> {
        self.check("flush")?;
        RealFs.flush(path)
    }
    fn rename(&self, from: &Path, to: &Path) -> std::io::Result<()> {
        self.check("rename")?;
        RealFs.rename(from, to)
    }
    fn create_dir(&self, path: &Path) -> std::io::Result<()> {
        self.check("create_dir")?;
        RealFs.create_dir(path)
    }
    fn remove_file(&self, path: &Path) -> std::io::Result<()> {
        self.check("remove_file")?;
        RealFs.remove_file(path)
    }
    fn remove_dir(&self, path: &Path) -> std::io::Result<()> {
        self.check("remove_dir")?;
        RealFs.remove_dir(path)
    }
}

fn plan(out: &Path) -> Plan {
    Plan {
        gemeenten: Vec::new(),
        documents: Default::default(),
        formats: vec![Format::Docx, Format::Pdf],
        out: out.to_path_buf(),
        templates: None,
        pdf_profile: Default::default(),
        lettertypen: Vec::new(),
    }
}

/// Runs the library build through `fs` and returns the failure's text.
fn failing_build(fs: &Faulty, region: &Path, out: &Path) -> String {
    let v = validate_file(region).expect("valid region");
    match batch::build_with(fs, &v, &plan(out)) {
        Ok(_) => panic!("the injected {:?} should fail the build", fs.kind),
        Err(e) => {
            let text = e.to_string();
            assert_eq!(e.exit_code(), 1, "{text}");
            assert!(text.contains("ongewijzigd"), "{text}");
            assert!(
                !text.contains(".raadsbrief-"),
                "names a staging path: {text}"
            );
            text
        }
    }
}

#[test]
fn a_full_disk_while_staging_leaves_the_folder_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let out = earlier_run(dir.path());
    let before = snapshot(&out);
    let fs = Faulty::new("write_new", 7, ErrorKind::StorageFull);
    let text = failing_build(&fs, &next_day(dir.path()), &out);
    assert!(
        text.contains("de schijf is vol") && text.contains("ruimte vrij"),
        "{text}"
    );
    assert!(text.contains(&out.display().to_string()), "{text}");
    assert_unchanged(&before, &out);
}

/// The disk fails while the staged files are flushed (several at once, on several
/// threads): nothing is renamed yet, so the folder stays as it was, and the message
/// names the file whose flush failed.
#[test]
fn a_disk_error_while_flushing_leaves_the_folder_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let out = earlier_run(dir.path());
    let before = snapshot(&out);
    let fs = Faulty::new("flush", 5, ErrorKind::StorageFull);
    let text = failing_build(&fs, &next_day(dir.path()), &out);
    assert!(text.contains("de schijf is vol"), "{text}");
    assert!(text.contains(&out.display().to_string()), "{text}");
    assert!(
        fs.calls() >= 5,
        "the fifth flush was reached: {}",
        fs.calls()
    );
    assert_unchanged(&before, &out);
}

#[test]
fn a_full_disk_in_a_new_output_folder_leaves_no_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("nieuw/uit");
    let fs = Faulty::new("write_new", 3, ErrorKind::StorageFull);
    failing_build(&fs, &gooi_file(dir.path()), &out);
    assert!(
        !dir.path().join("nieuw").exists(),
        "no empty folders left behind"
    );
}

/// Permission refused halfway through the commit, creating a municipality's folder
/// after other files were already renamed into place: all of them are put back.
#[test]
fn no_permission_during_the_commit_puts_back_what_was_renamed() {
    let dir = tempfile::tempdir().unwrap();
    let out = earlier_run(dir.path());
    for folder in ["laren", "weesp"] {
        std::fs::remove_dir_all(out.join(folder)).unwrap();
    }
    let before = snapshot(&out);
    let fs = Faulty::new("create_dir", 2, ErrorKind::PermissionDenied);
    let text = failing_build(&fs, &next_day(dir.path()), &out);
    assert_eq!(
        fs.calls(),
        2,
        "the second folder failed, after the first was made"
    );
    assert!(
        text.contains("geen toestemming")
            && text.contains(&out.join("weesp").display().to_string()),
        "{text}"
    );
    assert_unchanged(&before, &out);
}

/// A file open in another program refuses to be replaced, late in the commit: every
/// file already replaced gets its old content back, and the new ones go.
#[test]
fn a_locked_file_during_the_commit_puts_back_what_was_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let out = earlier_run(dir.path());
    let before = snapshot(&out);
    // Each file of the next day is new: one rename each; fail the 15th of 19.
    let fs = Faulty::new("rename", 15, ErrorKind::ResourceBusy);
    let text = failing_build(&fs, &next_day(dir.path()), &out);
    assert!(fs.calls() > 15, "the renames before the fault were undone");
    assert!(
        text.contains("in gebruik door een ander programma") && text.contains("sluit het bestand"),
        "{text}"
    );
    assert_unchanged(&before, &out);

    // Same paths, other content: every file is replaced (moved aside, then placed).
    let fs = Faulty::new("rename", 30, ErrorKind::ResourceBusy);
    let renamed = regions::edit(
        &regions::gooi_definitief(),
        "naam: Regio Gooi en Vechtstreek",
        "naam: Regio Gooi & Vechtstreek",
    );
    let v = validate_file(&regions::write(dir.path(), "renamed.yaml", renamed)).unwrap();
    let gooi_again = batch::build_with(&fs, &v, &plan(&out));
    assert!(gooi_again.is_err());
    assert_unchanged(&before, &out);
}

// ---------------------------------------------------------------------------------
// The folder is ours only where the manifest says so; unchanged files stay untouched.
// ---------------------------------------------------------------------------------

fn with_status(dir: &Path, status: &str) -> PathBuf {
    let text = regions::edit(
        &regions::gooi_definitief(),
        "status: definitief",
        &format!("status: {status}"),
    );
    regions::write(dir, &format!("{status}.yaml"), text)
}

fn manifest_paths(out: &Path) -> Vec<String> {
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_owned())
        .collect()
}

/// The files raadsbrief wrote, as they are on disk (manifest and the user's excluded).
fn our_files(out: &Path, users: &[&str]) -> Vec<String> {
    let mut files: Vec<String> = snapshot(out)
        .into_iter()
        .filter(|(_, n)| matches!(n, Node::File(..)))
        .map(|(p, _)| p.to_string_lossy().replace('\\', "/"))
        .filter(|p| p != "manifest.json" && !users.contains(&p.as_str()))
        .collect();
    files.sort();
    files
}

fn build_json(file: &Path, out: &Path, extra: &[&str]) -> serde_json::Value {
    let o = build(file, out, &[&["--message-format", "json"], extra].concat());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).expect("one JSON document")
}

fn statuses(json: &serde_json::Value) -> BTreeMap<String, String> {
    json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["path"].as_str().unwrap().to_owned(),
                c["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn a_definitief_build_removes_the_concept_files_but_never_the_users() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("uit");
    build_json(
        &with_status(dir.path(), "concept"),
        &out,
        &["--gemeente", "Blaricum"],
    );
    // The user's files, one with exactly our name pattern, in our folder and beside it.
    let users = [
        "blaricum/notitie-2021-11-16-concept.pdf",
        "laren/raadsinformatiebrief-2021-11-16-concept.pdf",
        "eigen.docx",
    ];
    for u in users {
        std::fs::create_dir_all(out.join(u).parent().unwrap()).unwrap();
        std::fs::write(out.join(u), "van de gebruiker").unwrap();
    }
    let json = build_json(
        &with_status(dir.path(), "definitief"),
        &out,
        &["--gemeente", "Blaricum"],
    );
    let st = statuses(&json);
    assert_eq!(
        st["blaricum/raadsinformatiebrief-2021-11-16-concept.pdf"],
        "verwijderd"
    );
    assert_eq!(
        st["samenwerkingsdocument-2021-11-16-concept.docx"],
        "verwijderd"
    );
    assert_eq!(st["blaricum/raadsinformatiebrief-2021-11-16.pdf"], "nieuw");
    assert_eq!(json["totals"]["verwijderd"], 4);
    assert_eq!(json["totals"]["nieuw"], 4);
    for u in users {
        assert_eq!(
            std::fs::read(out.join(u)).unwrap(),
            b"van de gebruiker",
            "{u} touched"
        );
    }
    assert_eq!(
        our_files(&out, &users),
        manifest_paths(&out),
        "the manifest describes the folder"
    );
    assert!(!our_files(&out, &users)
        .iter()
        .any(|p| p.contains("concept")));
}

#[test]
fn a_gemeente_run_keeps_the_other_municipalities_files_and_entries() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("uit");
    let gooi = &gooi_file(dir.path());
    build_json(gooi, &out, &["--gemeente", "Blaricum"]);
    let json = build_json(gooi, &out, &["--gemeente", "Laren"]);
    assert_eq!(json["kept"], 2, "Blaricum's two files stay");
    let paths = manifest_paths(&out);
    assert_eq!(our_files(&out, &[]), paths);
    for p in [
        "blaricum/raadsinformatiebrief-2021-11-16.pdf",
        "laren/raadsinformatiebrief-2021-11-16.docx",
    ] {
        assert!(paths.iter().any(|x| x == p), "{p} in {paths:?}");
    }
    // A full run afterwards takes responsibility for all of them again.
    let json = build_json(gooi, &out, &[]);
    assert_eq!(json["kept"], 0);
    assert_eq!(
        json["totals"]["ongewijzigd"], 6,
        "Blaricum, Laren and the appendix"
    );
    assert_eq!(json["totals"]["nieuw"], 12);
}

#[test]
fn an_edited_earlier_file_and_a_foreign_manifest_are_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("uit");
    build_json(
        &with_status(dir.path(), "concept"),
        &out,
        &["--gemeente", "Blaricum"],
    );
    let edited = out.join("blaricum/raadsinformatiebrief-2021-11-16-concept.docx");
    std::fs::write(&edited, "bewerkt in Word").unwrap();
    let json = build_json(
        &with_status(dir.path(), "definitief"),
        &out,
        &["--gemeente", "Blaricum"],
    );
    assert_eq!(std::fs::read(&edited).unwrap(), b"bewerkt in Word");
    assert!(
        json["warnings"].to_string().contains("bewerkt"),
        "{}",
        json["warnings"]
    );
    assert!(!manifest_paths(&out)
        .iter()
        .any(|p| p.contains("concept.docx")));

    // A manifest another program wrote: none of the files it lists is ours.
    let foreign = serde_json::json!({
        "generator": "iets anders 2.0",
        "files": [{"path": "blaricum/raadsinformatiebrief-2021-11-16.pdf", "gemeente": null,
                   "kind": "x", "format": "pdf", "bytes": 1, "sha256": "00"},
                  {"path": "samenwerkingsdocument-2021-11-16-concept.pdf", "gemeente": null,
                   "kind": "x", "format": "pdf", "bytes": 1, "sha256": "00"}]
    });
    std::fs::write(out.join("manifest.json"), foreign.to_string()).unwrap();
    std::fs::write(
        out.join("samenwerkingsdocument-2021-11-16-concept.pdf"),
        "x",
    )
    .unwrap();
    let o = bin()
        .args([
            "build",
            gooi_file(dir.path()).to_str().unwrap(),
            "--gemeente",
            "Blaricum",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    assert!(stderr.contains("niet door raadsbrief"), "{stderr}");
    assert!(out
        .join("samenwerkingsdocument-2021-11-16-concept.pdf")
        .exists());
}

#[test]
fn unchanged_files_are_not_rewritten_and_the_summary_says_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("uit");
    let gooi = &gooi_file(dir.path());
    build_json(gooi, &out, &[]);
    // An old modification time on everything, so a rewrite cannot go unnoticed.
    let old = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_600_000_000);
    for (p, n) in snapshot(&out) {
        if matches!(n, Node::File(..)) {
            std::fs::File::options()
                .write(true)
                .open(out.join(p))
                .unwrap()
                .set_modified(old)
                .unwrap();
        }
    }
    let before = snapshot(&out);
    let json = build_json(gooi, &out, &[]);
    assert_eq!(json["totals"]["ongewijzigd"], 18);
    assert_eq!(json["totals"]["nieuw"], 0);
    assert_unchanged(&before, &out);

    // One municipality's letter changes: only its two files and the manifest are written.
    let edited = regions::edit(
        &regions::gooi_definitief(),
        "portefeuillehouder: G.C. Knoop",
        "portefeuillehouder: G. Knoop",
    );
    let json = build_json(&regions::write(dir.path(), "r.yaml", edited), &out, &[]);
    let st = statuses(&json);
    assert_eq!(
        st["blaricum/raadsinformatiebrief-2021-11-16.docx"],
        "gewijzigd"
    );
    assert_eq!(json["totals"]["gewijzigd"], 2);
    assert_eq!(json["totals"]["ongewijzigd"], 16);
    let after = snapshot(&out);
    let rewritten: Vec<_> = after
        .iter()
        .filter(|(p, n)| before.get(*p) != Some(*n))
        .map(|(p, _)| p.to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        rewritten,
        [
            "blaricum/raadsinformatiebrief-2021-11-16.docx",
            "blaricum/raadsinformatiebrief-2021-11-16.pdf",
            "manifest.json"
        ]
    );

    // The text summary names each file's status and the totals, in Dutch.
    let o = bin()
        .arg("build")
        .arg(gooi)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("gewijzigd") && l.contains("blaricum")),
        "{stdout}"
    );
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("ongewijzigd") && l.contains("laren")),
        "{stdout}"
    );
    assert!(
        stdout.contains("18 bestand(en): 0 nieuw, 2 gewijzigd, 16 ongewijzigd, 0 verwijderd"),
        "{stdout}"
    );
}

// ---------------------------------------------------------------------------------
// Selection without editing the region file.
// ---------------------------------------------------------------------------------

#[test]
fn alleen_concept_and_the_folder_slug_select_without_editing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("uit");
    let gooi = &gooi_file(dir.path());
    // The tool's own folder name is accepted, and --alleen brieven leaves out the appendix.
    let json = build_json(
        gooi,
        &out,
        &[
            "--gemeente",
            "gooise-meren",
            "--alleen",
            "brieven",
            "--concept",
        ],
    );
    assert_eq!(
        our_files(&out, &[]),
        [
            "gooise-meren/raadsinformatiebrief-2021-11-16-concept.docx",
            "gooise-meren/raadsinformatiebrief-2021-11-16-concept.pdf"
        ],
        "{json}"
    );
    let docx = std::fs::read(out.join("gooise-meren/raadsinformatiebrief-2021-11-16-concept.docx"))
        .unwrap();
    let header = raadsbrief::render::docx::read::part(&docx, "word/header1.xml").unwrap();
    assert!(
        header.contains("CONCEPT"),
        "--concept marks the letter itself, not only its name"
    );
    // --alleen samenwerkingsdocument adds the appendix and keeps the letters.
    let json = build_json(gooi, &out, &["--alleen", "samenwerkingsdocument"]);
    assert_eq!(json["kept"], 2);
    assert_eq!(json["totals"]["nieuw"], 2);
    assert_eq!(our_files(&out, &[]).len(), 4);
    assert_eq!(our_files(&out, &[]), manifest_paths(&out));
    // The old spellings still work.
    let o = bin()
        .args(["validate", "--format", "json", common::GOOI])
        .output()
        .unwrap();
    assert!(o.status.success());
    serde_json::from_slice::<serde_json::Value>(&o.stdout).expect("JSON");
    let o = bin()
        .args(["validate", "--meldingen", "json", common::GOOI])
        .output()
        .unwrap();
    serde_json::from_slice::<serde_json::Value>(&o.stdout).expect("JSON");
    let o = bin()
        .args(["validate", "--meldingen", "tekst", common::GOOI])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&o.stdout).contains(": geldig ("));
    let o = bin()
        .args(["validate", "--meldingen", "xml", common::GOOI])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let o = bin()
        .args(["build", common::GOOI, "--gemeente", "gooise-mere"])
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("mapnaam"));
}

/// The hidden staging folders in `out` (`.raadsbrief-…`), by name.
fn staging_folders(out: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(out)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".raadsbrief-"))
        .collect();
    names.sort();
    names
}

#[cfg(unix)]
#[test]
fn a_run_killed_mid_build_leaves_a_staging_folder_that_the_next_run_removes() {
    let dir = tempfile::tempdir().unwrap();
    let out = earlier_run(dir.path());
    let before = snapshot(&out);
    // Large enough to be still rendering when it is killed.
    let big = regions::write(dir.path(), "groot.yaml", regions::region_with(300));
    let mut child = bin()
        .arg("build")
        .arg(&big)
        .arg("--out")
        .arg(&out)
        .arg("--quiet")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    let leftover = loop {
        let found = staging_folders(&out)
            .into_iter()
            .find(|n| out.join(n).join("lock").is_file());
        if let Some(name) = found {
            break name;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the build ended before it could be killed"
        );
        assert!(started.elapsed().as_secs() < 120, "no staging folder");
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    child.kill().unwrap(); // SIGKILL: the run cannot clean up
    child.wait().unwrap();
    assert!(
        out.join(&leftover).is_dir(),
        "a killed run leaves its staging folder"
    );
    let o = build(&gooi_file(dir.path()), &out, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(staging_folders(&out), Vec::<String>::new());
    let mut expected = before;
    expected.retain(|p, _| !p.starts_with(&leftover));
    assert_unchanged(&expected, &out);
}

#[test]
fn only_unlocked_staging_folders_of_ours_are_removed() {
    let dir = tempfile::tempdir().unwrap();
    let out = earlier_run(dir.path());
    // As a killed run leaves it: staged and set-aside files, and a lock nobody holds.
    let stale = out.join(".raadsbrief-Ab12Cd");
    std::fs::create_dir(&stale).unwrap();
    std::fs::write(stale.join("lock"), "raadsbrief staging 4242\n").unwrap();
    std::fs::write(stale.join("000003.tmp"), "half").unwrap();
    std::fs::write(stale.join("aside-000001"), "oud").unwrap();
    // A run that is still busy holds its lock.
    let busy = out.join(".raadsbrief-Ef34Gh");
    std::fs::create_dir(&busy).unwrap();
    std::fs::write(busy.join("lock"), "raadsbrief staging 1\n").unwrap();
    let held = std::fs::File::open(busy.join("lock")).unwrap();
    held.lock().unwrap();
    // Look-alikes that are not ours: no lock file, or a lock file of someone else.
    let no_lock = out.join(".raadsbrief-notities");
    std::fs::create_dir(&no_lock).unwrap();
    std::fs::write(no_lock.join("eigen.txt"), "mijn werk").unwrap();
    let foreign = out.join(".raadsbrief-ander");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("lock"), "iets anders").unwrap();
    let mut before = snapshot(&out);
    before.retain(|p, _| !p.starts_with(".raadsbrief-Ab12Cd"));

    let o = build(&gooi_file(dir.path()), &out, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(!stale.exists(), "the leftover of a killed run is removed");
    assert_unchanged(&before, &out);
    drop(held);
}
