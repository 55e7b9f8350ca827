//! `manifest.json`: what a run wrote, so a griffie can check and archive it.
//!
//! Every file with its municipality, document kind, format, size, pages and SHA-256, in a
//! stable order. No timestamps: identical input gives an identical manifest.

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::consistency::{self, Consistency};
use super::{Format, Rendered};
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

#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub path: String,
    pub gemeente: Option<Municipality>,
    pub kind: String,
    pub format: Format,
    pub bytes: usize,
    /// Measured pages of a PDF; absent for DOCX and HTML, which the reader's program
    /// paginates.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pages: Option<usize>,
    pub sha256: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Municipality {
    pub naam: String,
    pub cbs: String,
}

impl Manifest {
    pub fn new(validated: &Validated, rendered: &[Rendered]) -> Manifest {
        let region = &validated.region;
        let mut letters: Vec<usize> = rendered
            .iter()
            .filter_map(|r| match r.kind {
                Kind::Letter(i) => Some(i),
                Kind::Appendix => None,
            })
            .collect();
        letters.sort_unstable();
        letters.dedup();
        let files = rendered
            .iter()
            .map(|r| {
                let (gemeente, kind) = match r.kind {
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
                    path: r.path.clone(),
                    gemeente,
                    kind,
                    format: r.format,
                    bytes: r.bytes.len(),
                    pages: r.pages,
                    sha256: hex(&Sha256::digest(&r.bytes)),
                }
            })
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
            .map_err(|e| Error::failed(format!("cannot write the manifest: {e}"), ""))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
