//! Reading font files the user names: a region's `lettertypen` and `--lettertypen`.
//!
//! Fonts arrive by e-mail like templates do, so a file is checked before it is parsed:
//! a regular file, at most [`MAX_FONT_BYTES`], starting like a TrueType/OpenType font
//! or collection, and parsing as one. Whatever fails becomes a finding with the path
//! and a fix, never a panic or a silently different font.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Finding, Severity};

use super::face::{file_faces, FontFace};
use super::sparse::Sparse;

/// Largest font file read. A text face is 100 KB to a few MB; even CJK families with
/// tens of thousands of glyphs stay under 30 MiB. A bigger file is the wrong file, or
/// one made to exhaust memory.
pub const MAX_FONT_BYTES: u64 = 50 * 1024 * 1024;

/// Font files taken from a folder: other files there (a licence, a README) are left
/// alone.
const FONT_EXTENSIONS: [&str; 4] = ["ttf", "otf", "ttc", "otc"];

/// How deep folders are searched: a folder of families, each in its own folder.
const MAX_DEPTH: usize = 3;

/// Folders hold at most this many font files; a larger one is a system folder given
/// by mistake, and scanning it would slow every build.
const MAX_FILES: usize = 2_000;

/// The faces found at `path` (a file or a folder), and the findings of files that are
/// not usable fonts.
pub fn load_path(path: &Path) -> (Vec<&'static FontFace>, Vec<Finding>) {
    let mut faces = Vec::new();
    let mut findings = Vec::new();
    if path.is_dir() {
        let mut files = Vec::new();
        collect(path, 0, &mut files);
        files.sort();
        for file in files.into_iter().take(MAX_FILES) {
            match load_file(&file) {
                Ok(f) => faces.extend(f),
                Err(finding) => findings.push(*finding),
            }
        }
    } else {
        match load_file(path) {
            Ok(f) => faces.extend(f),
            Err(finding) => findings.push(*finding),
        }
    }
    (faces, findings)
}

fn collect(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() && depth + 1 < MAX_DEPTH {
            collect(&path, depth + 1, out);
        } else if kind.is_file() && is_font_name(&path) {
            out.push(path);
        }
    }
}

fn is_font_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| FONT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// The faces of one font file.
pub fn load_file(path: &Path) -> Result<Vec<&'static FontFace>, Box<Finding>> {
    let refuse = |message: String, help: &'static str| {
        Box::new(Finding::new(
            Severity::Error,
            "font-file",
            path.display().to_string(),
            (1, 1),
            String::new(),
            message,
            help,
        ))
    };
    let meta = std::fs::metadata(path).map_err(|e| {
        refuse(
            format!("lettertype ‘{}’ is niet te lezen: {e}", path.display()),
            "controleer het pad in `lettertypen:` (vanuit de map van het regiobestand) of bij --lettertypen",
        )
    })?;
    if !meta.is_file() {
        return Err(refuse(
            format!("‘{}’ is geen gewoon bestand", path.display()),
            "wijs een TTF- of OTF-bestand aan, of een map met zulke bestanden",
        ));
    }
    if meta.len() > MAX_FONT_BYTES {
        return Err(refuse(
            format!(
                "lettertypebestand ‘{}’ is groter dan {} MiB",
                path.display(),
                MAX_FONT_BYTES / (1024 * 1024)
            ),
            "gebruik het TTF- of OTF-bestand van alleen de stijl die u nodig hebt (Regular, Bold, Italic, Bold Italic)",
        ));
    }
    let len = usize::try_from(meta.len()).unwrap_or(usize::MAX);
    let sparse = std::fs::File::open(path)
        .and_then(|mut f| Sparse::read(path.to_path_buf(), &mut f, len))
        .map_err(|e| {
            refuse(
                format!("lettertype ‘{}’ is niet te lezen: {e}", path.display()),
                "controleer of het bestand niet door een ander programma is vergrendeld",
            )
        })?;
    let bytes = &sparse.bytes;
    let magic = bytes.get(..4).unwrap_or(&[]);
    let known = matches!(magic, [0, 1, 0, 0] | b"OTTO" | b"ttcf" | b"true");
    if !known {
        let help = if matches!(magic, b"wOFF" | b"wOF2") {
            "dit is een weblettertype (WOFF); gebruik de TTF- of OTF-versie van het lettertype"
        } else {
            "gebruik een TrueType- (.ttf) of OpenType-bestand (.otf); vraag het bij de afdeling communicatie op"
        };
        return Err(refuse(
            format!(
                "‘{}’ is geen TrueType- of OpenType-lettertype",
                path.display()
            ),
            help,
        ));
    }
    let faces = file_faces(sparse, &path.display().to_string());
    if faces.is_empty() {
        return Err(refuse(
            format!(
                "lettertype ‘{}’ is beschadigd of onvolledig: het is niet te lezen als lettertype",
                path.display()
            ),
            "vraag het lettertypebestand opnieuw op, of download het opnieuw van de maker",
        ));
    }
    Ok(faces)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_that_are_not_fonts_are_findings_with_their_path() {
        let dir = tempfile::tempdir().expect("temp dir");
        let text = dir.path().join("huisstijl.ttf");
        std::fs::write(&text, "geen lettertype").expect("write");
        let err = load_file(&text).expect_err("refused");
        assert_eq!(err.rule, "font-file");
        assert!(err.file.ends_with("huisstijl.ttf"), "{}", err.file);

        let cut = dir.path().join("afgekapt.ttf");
        let full = include_bytes!("../../fonts/LiberationSans-Regular.ttf");
        std::fs::write(&cut, &full[..2000]).expect("write");
        let err = load_file(&cut).expect_err("refused");
        assert!(err.message.contains("beschadigd"), "{}", err.message);
    }

    /// A program of its own (not the built-in face's, which the process may know
    /// already): one byte of the first table record's checksum changed.
    fn own_program() -> Vec<u8> {
        let mut bytes = include_bytes!("../../fonts/LiberationSans-BoldItalic.ttf").to_vec();
        bytes[16] ^= 0x5a;
        bytes
    }

    #[test]
    fn a_face_is_read_whole_only_when_used_and_only_if_unchanged() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("eigen.ttf");
        let bytes = own_program();
        std::fs::write(&path, &bytes).expect("write");
        let face = load_file(&path).expect("a font")[0];
        assert!(face.is_bold() && face.italic);
        // Changed after it was matched (as by copying another version over it), in a
        // part that was read for matching: not used.
        let mut other = bytes.clone();
        other[17] ^= 0x5a;
        std::fs::write(&path, &other).expect("write");
        assert!(face.changed());
        assert_eq!(face.glyph('a'), None, "no glyphs from a changed file");

        let mut bytes = own_program();
        bytes[18] ^= 0x5a;
        std::fs::write(&path, &bytes).expect("write");
        let face = load_file(&path).expect("a font")[0];
        assert!(!face.changed());
        assert!(face.glyph('a').is_some());
        assert_eq!(face.data(), &bytes[..]);
    }

    #[test]
    fn folders_take_only_font_files() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("OFL.txt"), "licence").expect("write");
        std::fs::write(
            dir.path().join("a.ttf"),
            include_bytes!("../../fonts/LiberationSans-Bold.ttf"),
        )
        .expect("write");
        let (faces, findings) = load_path(dir.path());
        assert!(findings.is_empty(), "{findings:?}");
        assert_eq!(faces.len(), 1);
        assert!(faces[0].is_bold());
    }
}
