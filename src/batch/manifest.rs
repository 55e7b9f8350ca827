//! `manifest.json`: what a run wrote, so a griffie can check and archive it.
//!
//! Every file with its municipality, document kind, format, size, pages and SHA-256, in a
//! stable order. No timestamps: identical input gives an identical manifest.

use serde::{Deserialize, Serialize};

use super::commit::Staged;
use super::consistency::{self, Consistency};
use super::Format;
use crate::compose::Kind;
use crate::error::{Error, Result};
use crate::validate::Validated;

pub const FILE_NAME: &str = "manifest.json";

#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    pub generator: String,
    pub regio: String,
    /// The region file's name as given (not its full path: the manifest travels).
    pub bron: String,
    pub files: Vec<Entry>,
    pub consistency: Consistency,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    pub path: String,
    pub gemeente: Option<Municipality>,
    pub kind: String,
    pub format: Format,
    pub bytes: usize,
    /// Measured pages of a PDF; absent for DOCX and HTML, which the reader's program
    /// paginates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<usize>,
    pub sha256: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Municipality {
    pub naam: String,
    pub cbs: String,
}

impl Manifest {
    /// The entry of one file this run wrote.
    pub fn entry(
        validated: &Validated,
        kind: Kind,
        format: Format,
        staged: &Staged,
        pages: Option<usize>,
    ) -> Entry {
        let region = &validated.region;
        let (gemeente, kind) = match kind {
            Kind::Letter(i) => {
                let g = &region.gemeenten[i];
                let soort = crate::templates::context::effective_brief(region, g)
                    .map(|b| b.soort)
                    .unwrap_or(region.brief.soort);
                (
                    Some(Municipality {
                        naam: g.naam.clone(),
                        cbs: g.cbs.clone(),
                    }),
                    soort.id().to_owned(),
                )
            }
            Kind::Appendix => (None, "samenwerkingsdocument".to_owned()),
        };
        Entry {
            path: staged.path.clone(),
            gemeente,
            kind,
            format,
            bytes: staged.bytes,
            pages,
            sha256: staged.sha256.clone(),
        }
    }

    /// The manifest of the folder: this run's files and those of earlier runs that
    /// stay, in path order. The consistency report covers every municipality of the
    /// region whose letter is in the folder.
    pub fn new(validated: &Validated, mut files: Vec<Entry>) -> Manifest {
        let region = &validated.region;
        files.sort_by(|a, b| a.path.cmp(&b.path));
        // A set, not a search of `files` per municipality, which grows with the
        // square of the region.
        let in_folder: std::collections::BTreeSet<&str> = files
            .iter()
            .filter_map(|f| f.gemeente.as_ref().map(|m| m.cbs.as_str()))
            .collect();
        let letters: Vec<usize> = region
            .gemeenten
            .iter()
            .enumerate()
            .filter(|(_, g)| in_folder.contains(g.cbs.as_str()))
            .map(|(i, _)| i)
            .collect();
        let bron = std::path::Path::new(&validated.source.name)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        Manifest {
            generator: format!("raadsbrief {}", env!("CARGO_PKG_VERSION")),
            regio: region.regio.naam.clone(),
            bron,
            files,
            consistency: consistency::check(region, &letters),
        }
    }

    pub fn to_json(&self) -> Result<String> {
        serde_json::to_string_pretty(self)
            .map(|s| s + "\n")
            .map_err(|e| Error::failed(format!("kan het manifest niet opstellen: {e}"), ""))
    }
}
