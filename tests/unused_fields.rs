//! A field of the letter that the chosen letter format does not show gets a warning
//! with its place, instead of its text silently missing from the letter.

#[path = "common/regions.rs"]
mod regions;

use std::process::Command;

#[test]
fn kennisnemen_van_in_an_actieve_raadsinformatie_is_said_with_its_place() {
    let text = regions::edit(
        &regions::sample("midden-ijssel-oost-veluwe.yaml"),
        "  soort: actieve-raadsinformatie\n",
        "  soort: actieve-raadsinformatie\n  kennisnemen-van: Komt niet in de Ari.\n",
    );
    let (line, column) = regions::pos_of(&text, "kennisnemen-van:");
    let dir = tempfile::tempdir().unwrap();
    let file = regions::write(dir.path(), "regio.yaml", &text);
    let o = Command::new(env!("CARGO_BIN_EXE_raadsbrief"))
        .arg("build")
        .arg(&file)
        .arg("--out")
        .arg(dir.path().join("uit"))
        .args(["--format", "docx"])
        .output()
        .expect("binary runs");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "a warning, not an error: {stderr}");
    let expected = format!(
        "{}:{line}:{column}: het veld `brief.kennisnemen-van` staat in het regiobestand, maar het \
         briefformat `actieve-raadsinformatie`",
        file.display()
    );
    let said: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("briefformat"))
        .collect();
    assert_eq!(
        said.len(),
        1,
        "once for the shared field, not per municipality: {stderr}"
    );
    assert!(said[0].contains(&expected), "{stderr}");
    assert!(
        said[0].contains("de tekst komt niet in de brief"),
        "{stderr}"
    );

    // The same field in a raadsinformatiebrief is used: no warning.
    let used = regions::edit(
        &text,
        "soort: actieve-raadsinformatie",
        "soort: raadsinformatiebrief",
    );
    let file = regions::write(dir.path(), "brief.yaml", &used);
    let o = Command::new(env!("CARGO_BIN_EXE_raadsbrief"))
        .arg("build")
        .arg(&file)
        .arg("--out")
        .arg(dir.path().join("uit2"))
        .args(["--format", "docx"])
        .output()
        .expect("binary runs");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    assert!(!stderr.contains("briefformat"), "{stderr}");
}
