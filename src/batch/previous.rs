//! What an earlier run wrote, read back from its `manifest.json`.
//!
//! The folder is ours only where our manifest says so: the files it lists may be
//! replaced or removed, everything else belongs to the user. A manifest we cannot read,
//! or one another program wrote, therefore gives no files at all (and a warning): when
//! in doubt, nothing is ours. A listed path must look like one we write (slugs, no `..`,
//! no hidden names), so an edited manifest cannot make us remove a file elsewhere.

use std::path::Path;

use serde::Deserialize;

use super::manifest::{Entry, FILE_NAME};

/// The files an earlier run wrote, and why some (or all) were not taken as ours.
#[derive(Debug, Default)]
pub struct Previous {
    pub files: Vec<Entry>,
    pub warnings: Vec<String>,
}

#[derive(Deserialize)]
struct OnDisk {
    generator: String,
    files: Vec<Entry>,
}

pub fn read(out: &Path) -> Previous {
    let path = out.join(FILE_NAME);
    let Ok(meta) = std::fs::symlink_metadata(&path) else {
        return Previous::default();
    };
    let not_ours = |why: &str| Previous {
        files: Vec::new(),
        warnings: vec![format!(
            "{} {why}; raadsbrief behandelt de bestanden die erin staan als niet van zichzelf \
             (ze blijven staan) en vervangt het door een nieuw manifest",
            path.display()
        )],
    };
    if !meta.is_file() {
        // A folder or a link at the manifest's place: the commit refuses it by name.
        return Previous::default();
    }
    let Ok(text) = std::fs::read_to_string(&path) else {
        return not_ours("is onleesbaar");
    };
    let on_disk: OnDisk = match serde_json::from_str(&text) {
        Ok(m) => m,
        Err(_) => return not_ours("is geen manifest van raadsbrief (onleesbaar JSON)"),
    };
    if !on_disk.generator.starts_with("raadsbrief ") {
        return not_ours(&format!(
            "is geschreven door ‘{}’, niet door raadsbrief",
            on_disk.generator
        ));
    }
    let mut previous = Previous::default();
    for entry in on_disk.files {
        if is_our_kind_of_path(&entry.path) {
            previous.files.push(entry);
        } else {
            previous.warnings.push(format!(
                "{} noemt ‘{}’, een pad dat raadsbrief nooit schrijft; dat bestand wordt niet aangeraakt",
                path.display(),
                entry.path
            ));
        }
    }
    previous
}

/// Relative, `/`-separated, each part a slug with an extension: what `file_path` makes.
fn is_our_kind_of_path(path: &str) -> bool {
    path != FILE_NAME
        && path.split('/').count() <= 2
        && path.split('/').all(|part| {
            !part.is_empty()
                && !part.starts_with(['.', '-'])
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
                && !part.contains("..")
        })
}

#[cfg(test)]
mod tests {
    use super::is_our_kind_of_path;

    #[test]
    fn only_paths_we_write_are_ours() {
        assert!(is_our_kind_of_path(
            "blaricum/raadsinformatiebrief-2021-11-16.pdf"
        ));
        assert!(is_our_kind_of_path("samenwerkingsdocument-2021-11-16.docx"));
        for bad in [
            "../x.pdf",
            "/etc/passwd",
            "a/../../b.pdf",
            "a/b/c.pdf",
            ".raadsbrief-x/1.tmp",
            "Blaricum/x.pdf",
            "a\\b.pdf",
            "",
            "manifest.json",
        ] {
            assert!(!is_our_kind_of_path(bad), "{bad}");
        }
    }
}
