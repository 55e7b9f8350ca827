//! What a run does to each file of the output folder, decided before anything changes.
//!
//! A file whose bytes are already on disk is not rewritten (its modification time stays,
//! so a sync client or a colleague sees that nothing changed). A file an earlier run
//! wrote that this run does not write is removed when it lies within what this run
//! builds — and only if it still holds what that run wrote: a copy someone edited is
//! the user's now. Files outside the run's selection (other municipalities with
//! `--gemeente`, the appendix with `--alleen brieven`) stay, with their manifest entries,
//! so the manifest always describes the folder.

use std::collections::BTreeSet;
use std::path::Path;

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::commit::{hex, Op, Staged};
use super::manifest::Entry;
use super::previous::Previous;

/// What happened to one file, in the user's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Nieuw,
    Gewijzigd,
    Ongewijzigd,
    Verwijderd,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Nieuw,
        Status::Gewijzigd,
        Status::Ongewijzigd,
        Status::Verwijderd,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Status::Nieuw => "nieuw",
            Status::Gewijzigd => "gewijzigd",
            Status::Ongewijzigd => "ongewijzigd",
            Status::Verwijderd => "verwijderd",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub path: String,
    pub status: Status,
}

/// Which of the folder's documents this run is responsible for.
#[derive(Debug, Clone)]
pub struct Scope {
    /// `None`: no letters this run; `Some(None)`: every municipality's; otherwise the
    /// CBS codes of the selected ones.
    pub letters: Option<Option<Vec<String>>>,
    pub appendix: bool,
}

impl Scope {
    fn covers(&self, entry: &Entry) -> bool {
        match (&entry.gemeente, &self.letters) {
            (None, _) => self.appendix,
            (Some(_), None) => false,
            (Some(_), Some(None)) => true,
            (Some(m), Some(Some(codes))) => codes.contains(&m.cbs),
        }
    }
}

/// The decided changes: the commit's operations, the earlier entries that stay, and
/// the summary per file.
#[derive(Debug, Default)]
pub struct Planned {
    pub ops: Vec<Op>,
    pub kept: Vec<Entry>,
    pub changes: Vec<Change>,
    pub warnings: Vec<String>,
}

pub fn plan(out: &Path, previous: &Previous, staged: Vec<Staged>, scope: &Scope) -> Planned {
    let mut planned = Planned {
        warnings: previous.warnings.clone(),
        ..Planned::default()
    };
    let written: BTreeSet<&str> = staged.iter().map(|s| s.path.as_str()).collect();
    for entry in &previous.files {
        if written.contains(entry.path.as_str()) {
            continue;
        }
        let path = out.join(&entry.path);
        let on_disk = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file());
        if !on_disk {
            continue;
        }
        if !scope.covers(entry) {
            planned.kept.push(entry.clone());
        } else if holds(&path, entry.bytes, &entry.sha256) {
            planned.ops.push(Op::Remove(entry.path.clone()));
            planned.changes.push(Change {
                path: entry.path.clone(),
                status: Status::Verwijderd,
            });
        } else {
            planned.warnings.push(format!(
                "{} is na de vorige run bewerkt; het blijft staan, maar hoort niet meer bij de uitvoer",
                path.display()
            ));
        }
    }
    for file in staged {
        let path = out.join(&file.path);
        let status = if holds(&path, file.bytes, &file.sha256) {
            Status::Ongewijzigd
        } else if std::fs::symlink_metadata(&path).is_ok() {
            Status::Gewijzigd
        } else {
            Status::Nieuw
        };
        planned.changes.push(Change {
            path: file.path.clone(),
            status,
        });
        if status != Status::Ongewijzigd {
            planned.ops.push(Op::Put(file));
        }
    }
    planned.changes.sort_by(|a, b| a.path.cmp(&b.path));
    planned
}

/// Is `path` a regular file with exactly these bytes? The size is checked first, so an
/// unequal file is seldom read.
pub fn holds(path: &Path, bytes: usize, sha256: &str) -> bool {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_file() && m.len() == bytes as u64 => {
            std::fs::read(path).is_ok_and(|b| hex(&Sha256::digest(&b)) == sha256)
        }
        _ => false,
    }
}
