//! Every template of a run, opened and checked once however many municipalities use
//! it: a batch of eight letters on one regional template reads the file once.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use crate::diagnostics::{Finding, Severity};
use crate::document::style::HouseStyle;
use crate::document::word_base::WordBase;

use rayon::prelude::*;

use super::package;

/// A template opened and checked: the package, its look for the PDF and HTML and the
/// notes on what the look could not take over; or why it was refused.
type Opened = Result<(Arc<WordBase>, HouseStyle, Vec<String>), super::Refusal>;

/// Opens and checks one template and reads its look over the built-in style.
fn open_file(path: &Path, written: &str, needs: package::Needs) -> Opened {
    let checked = package::open_for(path, written, needs)?;
    let base = Arc::new(checked.base);
    let mut look = HouseStyle::default();
    let notes = super::apply::apply_style_read(base.as_ref(), checked.styles, &mut look);
    look.base = Some(Arc::clone(&base));
    Ok((base, look, notes))
}

/// Templates opened before the run asks for them, each once: a build opens those the
/// parsed file names on the second core while the file is validated and the
/// handlebars templates compile (`cli::build`). Opening a real house style (its
/// styles part of some 350 KB inflated and checked) is a letter's longest step before
/// layout; it was waited for after validation. A template the run asks for that is
/// not here, or not yet, is opened (or waited for) then.
#[derive(Default)]
pub struct Opening {
    /// By the path's one key and the template as written (which its checks name).
    slots: Mutex<BTreeMap<(PathBuf, String), Slot>>,
    /// What the run makes of its templates ([`Opening::for_run`]).
    needs: package::Needs,
}

/// One template of an [`Opening`], opened by whoever asks first; the others wait.
type Slot = Arc<OnceLock<Opened>>;

impl Opening {
    /// The openings of a run that makes a DOCX (`docx`) or only PDF and HTML, which
    /// need less of a template.
    pub fn for_run(docx: bool) -> Opening {
        Opening {
            needs: if docx {
                package::Needs::Docx
            } else {
                package::Needs::Look
            },
            ..Opening::default()
        }
    }

    /// Opens the template at `path` (written `written` in the file), unless it was.
    pub fn open(&self, path: &Path, written: &str) {
        self.slot(path, written)
            .get_or_init(|| open_file(path, written, self.needs));
    }

    /// The font families the look of the template at `path` names, once it is opened
    /// here (none while it is not, or when it was refused).
    pub fn families(&self, path: &Path, written: &str) -> Vec<String> {
        match self.slot(path, written).get() {
            Some(Ok((_, look, _))) => look.families.clone(),
            _ => Vec::new(),
        }
    }

    fn opened(&self, path: &Path, written: &str) -> Opened {
        self.slot(path, written)
            .get_or_init(|| open_file(path, written, self.needs))
            .clone()
    }

    fn slot(&self, path: &Path, written: &str) -> Slot {
        let mut slots = self
            .slots
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Arc::clone(slots.entry((key(path), written.to_owned())).or_default())
    }
}

/// Where a template is named in the region file, for its findings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// The field as findings write it: `gemeenten[0].huisstijl.sjabloon`.
    pub field: String,
}

/// One `sjabloon` value: as written, the path it resolves to, and where it stands.
#[derive(Debug, Clone)]
pub struct Use {
    pub written: String,
    pub path: PathBuf,
    pub place: Place,
}

/// The checked templates of a run, by path.
#[derive(Debug, Clone, Default)]
pub struct TemplateSet {
    by_path: BTreeMap<PathBuf, Arc<WordBase>>,
    /// Each template's look for the PDF and HTML ([`super::apply_style`] over the
    /// built-in style, the package set as its `base`): read once per run, so a template
    /// shared by many letters is parsed once and its warnings are said once.
    looks: BTreeMap<PathBuf, Arc<HouseStyle>>,
}

impl TemplateSet {
    /// Opens each distinct template once. A refusal is reported at every place that
    /// names the template; what was left out of one, once, at its first place.
    pub fn load(uses: &[Use]) -> (TemplateSet, Vec<Finding>) {
        TemplateSet::load_from(uses, &Opening::default())
    }

    /// [`TemplateSet::load`], taking what `opening` opened already.
    pub fn load_from(uses: &[Use], opening: &Opening) -> (TemplateSet, Vec<Finding>) {
        // Distinct templates in the order of their first use. Several are opened at
        // once: checking a template and reading its styles is a run's largest step
        // before the first document (the sample region's two: 55 M instructions).
        let mut firsts: Vec<(PathBuf, &Use)> = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for u in uses {
            let key = key(&u.path);
            if seen.insert(key.clone()) {
                firsts.push((key, u));
            }
        }
        let open = |u: &Use| opening.opened(&u.path, &u.written);
        let opened: Vec<Opened> = if firsts.len() > 1 {
            firsts.par_iter().map(|(_, u)| open(u)).collect()
        } else {
            firsts.iter().map(|(_, u)| open(u)).collect()
        };
        let mut opened: BTreeMap<PathBuf, Opened> =
            firsts.into_iter().map(|(key, _)| key).zip(opened).collect();
        let mut set = TemplateSet::default();
        let mut findings = Vec::new();
        let mut refused: BTreeMap<PathBuf, super::Refusal> = BTreeMap::new();
        for u in uses {
            let key = key(&u.path);
            if set.by_path.contains_key(&key) {
                continue;
            }
            if let Some(refusal) = refused.get(&key) {
                findings.push(refusal.finding(&u.written, &u.place));
                continue;
            }
            let Some(first) = opened.remove(&key) else {
                continue;
            };
            match first {
                Ok((base, look, notes)) => {
                    for note in &base.left_out {
                        findings.push(Finding::new(
                            Severity::Warning,
                            "template-external",
                            u.place.file.clone(),
                            (u.place.line, u.place.column),
                            u.place.field.clone(),
                            format!("sjabloon ‘{}’, {note}", u.written),
                            "niets te doen; wilt u het onderdeel wel in de brief, zet de afbeelding dan in het sjabloon zelf (Invoegen > Afbeelding, niet ‘Koppelen aan bestand’)",
                        ));
                    }
                    for note in notes {
                        findings.push(Finding::new(
                            Severity::Warning,
                            "template-not-drawn",
                            u.place.file.clone(),
                            (u.place.line, u.place.column),
                            u.place.field.clone(),
                            format!("sjabloon ‘{}’: {note}", u.written),
                            "niets te doen als het Word-document zo goed is; wilt u het ook in de PDF en de HTML, zet de tekst dan in een gewone alinea of tabel van de kop- of voettekst",
                        ));
                    }
                    set.looks.insert(key.clone(), Arc::new(look));
                    set.by_path.insert(key, base);
                }
                Err(refusal) => {
                    findings.push(refusal.finding(&u.written, &u.place));
                    refused.insert(key, refusal);
                }
            }
        }
        (set, findings)
    }

    /// The checked template at `path`, if it was loaded.
    pub fn get(&self, path: &Path) -> Option<Arc<WordBase>> {
        self.by_path.get(&key(path)).cloned()
    }

    /// The house style of the template at `path`: the built-in style with everything
    /// the template states, carrying the package for the DOCX.
    pub fn look(&self, path: &Path) -> Option<Arc<HouseStyle>> {
        self.looks.get(&key(path)).cloned()
    }

    pub fn len(&self) -> usize {
        self.by_path.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_path.is_empty()
    }
}

/// One key for every spelling of a path (`./a.dotx`, `sub/../a.dotx`).
fn key(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}
