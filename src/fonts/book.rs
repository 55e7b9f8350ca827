//! The fonts of one run: which face sets a family, found in a fixed order.
//!
//! 1. the house style's `lettertypen` (files or folders; a municipality's own over the
//!    region's), 2. the folder of `--lettertypen`, 3. the embedded Liberation Sans for
//!    Arial, Helvetica and Liberation Sans (metric-compatible: the default output is the
//!    same on every machine), 4. the system's installed fonts, 5. Liberation Sans as
//!    the fallback, with a warning.
//!
//! Everything is loaded once per run and only when asked: a run in the default style
//! never reads a font file or scans the system. Messages are collected here, once per
//! family, for the run's summary, rather than in every letter.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use crate::diagnostics::Finding;

use super::embedded;
use super::face::{faces_of, FontFace};
use super::family::{fill, Family};
use super::files::{load_path, MAX_FONT_BYTES};

/// Set to `0` to leave the system's installed fonts out of the lookup (tests do, so
/// that they give the same result on every machine).
pub const SYSTEM_FONTS_ENV: &str = "RAADSBRIEF_SYSTEEMLETTERTYPEN";

/// Where fonts come from besides the house style.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FontOptions {
    /// `--lettertypen DIR`.
    pub dirs: Vec<PathBuf>,
    /// Whether the system's installed fonts are searched.
    pub system: bool,
}

impl FontOptions {
    /// The options of a run with these `--lettertypen` folders, the system searched
    /// unless [`SYSTEM_FONTS_ENV`] says `0`.
    pub fn with_dirs(dirs: Vec<PathBuf>) -> FontOptions {
        let system = std::env::var(SYSTEM_FONTS_ENV).map_or(true, |v| v.trim() != "0");
        FontOptions { dirs, system }
    }
}

type FamilyKey = (Vec<PathBuf>, String);

pub struct FontBook {
    options: FontOptions,
    /// Faces per `lettertypen` path (file or folder), read once.
    paths: Mutex<HashMap<PathBuf, Arc<Vec<&'static FontFace>>>>,
    dirs: OnceLock<Vec<&'static FontFace>>,
    system: OnceLock<Option<fontdb::Database>>,
    families: Mutex<HashMap<FamilyKey, &'static Family>>,
    /// Messages for the user, once each.
    notes: Mutex<BTreeSet<String>>,
    /// Files that are not usable fonts, by path.
    findings: Mutex<BTreeMap<String, Finding>>,
}

impl std::fmt::Debug for FontBook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FontBook")
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl Default for FontBook {
    fn default() -> FontBook {
        FontBook::new(FontOptions::with_dirs(Vec::new()))
    }
}

impl FontBook {
    pub fn new(options: FontOptions) -> FontBook {
        FontBook {
            options,
            paths: Mutex::default(),
            dirs: OnceLock::new(),
            system: OnceLock::new(),
            families: Mutex::default(),
            notes: Mutex::default(),
            findings: Mutex::default(),
        }
    }

    /// The book of callers that have no run of their own (a test rendering one
    /// document, the DOCX's table-of-contents pages): no `--lettertypen`, shared by the
    /// process.
    pub fn shared() -> Arc<FontBook> {
        static SHARED: OnceLock<Arc<FontBook>> = OnceLock::new();
        SHARED.get_or_init(|| Arc::new(FontBook::default())).clone()
    }

    /// The family `name` for a document whose house style names `sources` (paths
    /// already joined to the region file's folder).
    pub fn family(&self, name: &str, sources: &[PathBuf]) -> &'static Family {
        let name = name.trim();
        let key = (sources.to_vec(), name.to_lowercase());
        if let Some(f) = self.families.lock().ok().and_then(|m| m.get(&key).copied()) {
            return f;
        }
        let family = self.resolve(name, sources);
        if let Ok(mut m) = self.families.lock() {
            m.insert(key, family);
        }
        family
    }

    /// Makes the regular and bold faces of family `name` at `sources` ready for layout
    /// ([`FontFace::prepare`]) on a thread with nothing else to do: a letter on a Word
    /// template has a core idle while its template is opened, and the faces the
    /// template names were otherwise parsed and planned at the layout's start. Only
    /// paths this book has read already are looked at, and nothing is noted: the run's
    /// own [`family`](FontBook::family) lookup finds these faces first and says what
    /// there is to say.
    pub fn prepare(&self, name: &str, sources: &[PathBuf]) {
        let name = name.trim();
        let found: Vec<&'static FontFace> = match self.paths.lock() {
            Ok(paths) => sources
                .iter()
                .filter_map(|path| paths.get(path))
                .flat_map(|faces| faces.iter().copied())
                .filter(|face| face.is_family(name))
                .collect(),
            Err(_) => return,
        };
        for bold in [false, true] {
            if let Some(face) = super::family::nearest(&found, bold, false) {
                face.prepare();
            }
        }
    }

    fn resolve(&self, name: &str, sources: &[PathBuf]) -> &'static Family {
        if name.is_empty() || name.eq_ignore_ascii_case(embedded::NAME) && sources.is_empty() {
            return embedded::family();
        }
        let mut found: Vec<&'static FontFace> = Vec::new();
        for path in sources {
            found.extend(self.path(path).iter().filter(|f| f.is_family(name)));
        }
        if found.is_empty() && !self.options.dirs.is_empty() {
            found.extend(self.dir_faces().iter().filter(|f| f.is_family(name)));
        }
        if found.is_empty() && embedded::is_metric_compatible(name) {
            return embedded::family();
        }
        if found.is_empty() && self.options.system {
            found = self.system_faces(name);
        }
        let Some((slots, borrowed)) = fill(&found) else {
            self.note(format!(
                "lettertype ‘{name}’ is niet gevonden (gezocht in: {}); de PDF gebruikt {} \
                 (met de maten van Arial), dus regels kunnen anders afbreken dan in het DOCX. \
                 Zet het lettertypebestand in een map en noem die bij `lettertypen:` in de \
                 huisstijl of met --lettertypen MAP",
                self.searched(sources),
                embedded::NAME
            ));
            return embedded::family();
        };
        if !borrowed.is_empty() {
            let uses: Vec<String> = borrowed
                .iter()
                .map(|style| {
                    let (bold, italic) = match *style {
                        "vet" => (true, false),
                        "cursief" => (false, true),
                        "vet cursief" => (true, true),
                        _ => (false, false),
                    };
                    let f = slots[usize::from(bold) + 2 * usize::from(italic)];
                    format!("{style} wordt {}", f.postscript_name)
                })
                .collect();
            self.note(format!(
                "lettertype ‘{name}’ heeft geen {} variant; de PDF neemt de dichtstbijzijnde: {}. \
                 Voeg het ontbrekende bestand toe aan `lettertypen:` voor echte {}",
                borrowed.join(" of "),
                uses.join(", "),
                borrowed.join(" en ")
            ));
        }
        Family::intern(name, slots)
    }

    fn searched(&self, sources: &[PathBuf]) -> String {
        let mut places: Vec<String> = sources
            .iter()
            .map(|p| format!("lettertypen {}", p.display()))
            .collect();
        places.extend(
            self.options
                .dirs
                .iter()
                .map(|d| format!("--lettertypen {}", d.display())),
        );
        if self.options.system {
            places.push("de lettertypen van dit systeem".into());
        } else {
            places.push(format!(
                "niet in de lettertypen van dit systeem ({SYSTEM_FONTS_ENV}=0)"
            ));
        }
        places.join(", ")
    }

    /// The faces at one `lettertypen` path, read once; problems become findings.
    fn path(&self, path: &Path) -> Arc<Vec<&'static FontFace>> {
        if let Some(f) = self.paths.lock().ok().and_then(|m| m.get(path).cloned()) {
            return f;
        }
        let faces = Arc::new(if path.exists() {
            let (faces, findings) = load_path(path);
            self.add_findings(findings);
            faces
        } else {
            // Validation reports a missing path with its line and column.
            Vec::new()
        });
        if let Ok(mut m) = self.paths.lock() {
            m.insert(path.to_owned(), faces.clone());
        }
        faces
    }

    fn dir_faces(&self) -> &[&'static FontFace] {
        self.dirs.get_or_init(|| {
            let mut all = Vec::new();
            for dir in &self.options.dirs {
                let (faces, findings) = load_path(dir);
                self.add_findings(findings);
                all.extend(faces);
            }
            all
        })
    }

    /// The installed faces of `name`, read from disk only for that family.
    fn system_faces(&self, name: &str) -> Vec<&'static FontFace> {
        let db = self.system.get_or_init(|| {
            let mut db = fontdb::Database::new();
            db.load_system_fonts();
            Some(db)
        });
        let Some(db) = db else {
            return Vec::new();
        };
        let wanted = name.to_lowercase();
        let mut ids: Vec<(String, fontdb::ID)> = db
            .faces()
            .filter(|f| f.families.iter().any(|(n, _)| n.to_lowercase() == wanted))
            .map(|f| (f.post_script_name.clone(), f.id))
            .collect();
        ids.sort();
        let mut faces = Vec::new();
        for (_, id) in ids {
            let data = db.with_face_data(id, |data, index| {
                (data.len() as u64 <= MAX_FONT_BYTES).then(|| (data.to_vec(), index))
            });
            let Some((bytes, index)) = data.flatten() else {
                continue;
            };
            let origin = match db.face(id).map(|f| &f.source) {
                Some(fontdb::Source::File(p)) | Some(fontdb::Source::SharedFile(p, _)) => {
                    p.display().to_string()
                }
                _ => "systeem".into(),
            };
            faces.extend(
                faces_of(bytes, &origin)
                    .into_iter()
                    .filter(|f| f.index == index && f.is_family(name)),
            );
        }
        faces
    }

    /// Checks every path of `sources` now (validation and the start of a build), so a
    /// broken file is reported before anything is written.
    pub fn check(&self, sources: &[PathBuf]) -> Vec<Finding> {
        for path in sources {
            self.path(path);
        }
        if !self.options.dirs.is_empty() {
            self.dir_faces();
        }
        self.findings()
    }

    fn add_findings(&self, findings: Vec<Finding>) {
        if let Ok(mut all) = self.findings.lock() {
            for f in findings {
                all.entry(f.file.clone()).or_insert(f);
            }
        }
    }

    /// Files that are not usable fonts, by path.
    pub fn findings(&self) -> Vec<Finding> {
        self.findings
            .lock()
            .map(|f| f.values().cloned().collect())
            .unwrap_or_default()
    }

    fn note(&self, message: String) {
        if let Ok(mut n) = self.notes.lock() {
            n.insert(message);
        }
    }

    /// The run's messages about fonts (a family not found, a style borrowed), sorted.
    pub fn notes(&self) -> Vec<String> {
        self.notes
            .lock()
            .map(|n| n.iter().cloned().collect())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book() -> FontBook {
        FontBook::new(FontOptions {
            dirs: Vec::new(),
            system: false,
        })
    }

    #[test]
    fn arial_and_the_default_are_the_embedded_family() {
        let b = book();
        for name in ["", "Arial", "helvetica", "Liberation Sans"] {
            assert!(
                std::ptr::eq(b.family(name, &[]), embedded::family()),
                "{name}"
            );
        }
        assert!(b.notes().is_empty());
    }

    #[test]
    fn an_unknown_family_falls_back_once_with_a_dutch_warning() {
        let b = book();
        let f = b.family("Georgia", &[]);
        assert!(std::ptr::eq(f, embedded::family()));
        b.family("Georgia", &[]);
        let notes = b.notes();
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(
            notes[0].contains("‘Georgia’ is niet gevonden"),
            "{}",
            notes[0]
        );
        assert!(notes[0].contains("Liberation Sans"), "{}", notes[0]);
    }

    #[test]
    fn a_family_from_a_folder_borrows_missing_styles_and_says_so() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join("bold.ttf"),
            include_bytes!("../../fonts/LiberationSans-Bold.ttf"),
        )
        .expect("write");
        let b = book();
        let f = b.family("liberation sans", &[dir.path().to_owned()]);
        assert!(f.font(false, false).is_bold());
        let notes = b.notes();
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].contains("geen normaal of cursief"), "{}", notes[0]);
    }

    /// A family's regular and bold faces are made ready ahead of layout only from the
    /// paths the run has read, and they are the faces the run's lookup then sets text
    /// in; nothing else is read or said.
    #[test]
    fn prepared_faces_are_the_familys_regular_and_bold_at_paths_already_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        for file in ["Carlito-Regular", "Carlito-Bold", "Carlito-Italic"] {
            std::fs::copy(
                format!("samples/lettertypen/{file}.ttf"),
                dir.path().join(format!("{file}.ttf")),
            )
            .expect("copy");
        }
        let sources = [dir.path().to_owned()];
        let b = book();
        b.prepare("Carlito", &sources);
        assert!(
            b.paths.lock().unwrap().is_empty(),
            "a path not read yet is left to the run"
        );
        assert!(b.check(&sources).is_empty());
        b.prepare("Carlito", &sources);
        b.prepare("Georgia", &sources);
        assert!(b.notes().is_empty(), "{:?}", b.notes());
        let faces = b.path(dir.path());
        let ready: Vec<&str> = faces
            .iter()
            .filter(|f| f.is_prepared())
            .map(|f| f.postscript_name.as_str())
            .collect();
        assert_eq!(ready.len(), 2, "{ready:?}");
        let family = b.family("carlito", &sources);
        assert!(family.font(false, false).is_prepared());
        assert!(family.font(true, false).is_prepared());
        assert!(!family.font(false, true).is_prepared());
    }
}
