//! Which Word templates a region names (`regio.huisstijl.sjabloon` and each
//! municipality's), opened once for the whole run.
//!
//! `validate` opens every one of them ([`load`]); a build only those of the documents
//! it makes ([`uses_for`]): one letter on the built-in style opens no template at all,
//! however many the other municipalities have.

use std::path::Path;

use super::Kind;
use crate::diagnostics::Finding;
use crate::model::Region;
use crate::word_template::{Place, TemplateSet, Use};

/// Where a JSON pointer's value stands: file name and line:column.
pub type Locate<'a> = &'a dyn Fn(&str) -> (String, (usize, usize));

/// Every `sjabloon` in the region file, resolved against its folder.
pub fn uses(region: &Region, base_dir: &Path, locate: Locate) -> Vec<Use> {
    let mut owners = vec![None];
    owners.extend((0..region.gemeenten.len()).map(Some));
    resolve(region, base_dir, locate, owners)
}

/// The `sjabloon` each of `kinds` is drawn on, where it is written: a letter's own, or
/// the region's that it inherits ([`crate::model::Huisstijl::over`]); the appendix
/// takes the region's.
pub fn uses_for(region: &Region, base_dir: &Path, locate: Locate, kinds: &[Kind]) -> Vec<Use> {
    let mut owners: Vec<Option<usize>> = Vec::new();
    for kind in kinds {
        let owner = owner(region, *kind);
        if !owners.contains(&owner) {
            owners.push(owner);
        }
    }
    resolve(region, base_dir, locate, owners)
}

/// Whether document `kind` is drawn on a Word template: what [`uses_for`] gives it,
/// without resolving or locating the path.
pub fn is_drawn(region: &Region, kind: Kind) -> bool {
    named(region, owner(region, kind))
        .1
        .is_some_and(|written| !written.trim().is_empty())
}

/// Whose `sjabloon` a document is drawn on: a letter's own where it has one (`Some(i)`),
/// else the region's (`None`).
fn owner(region: &Region, kind: Kind) -> Option<usize> {
    match kind {
        Kind::Letter(i) => region
            .gemeenten
            .get(i)
            .filter(|g| g.huisstijl.sjabloon.is_some())
            .map(|_| i),
        Kind::Appendix => None,
    }
}

/// Where a `sjabloon` is written, the region's (`None`) or municipality `i`'s, and
/// what is written there.
fn named(region: &Region, owner: Option<usize>) -> (String, Option<&str>) {
    match owner {
        None => (
            "/regio/huisstijl/sjabloon".to_owned(),
            region.regio.huisstijl.sjabloon.as_deref(),
        ),
        Some(i) => (
            format!("/gemeenten/{i}/huisstijl/sjabloon"),
            region
                .gemeenten
                .get(i)
                .and_then(|g| g.huisstijl.sjabloon.as_deref()),
        ),
    }
}

fn resolve(
    region: &Region,
    base_dir: &Path,
    locate: Locate,
    owners: Vec<Option<usize>>,
) -> Vec<Use> {
    owners
        .into_iter()
        .filter_map(|owner| {
            let (pointer, written) = named(region, owner);
            let written = written?.trim();
            if written.is_empty() {
                return None;
            }
            let (file, (line, column)) = locate(&pointer);
            Some(Use {
                written: written.to_owned(),
                path: base_dir.join(written),
                place: Place {
                    file,
                    line,
                    column,
                    field: crate::diagnostics::field_from_pointer(&pointer),
                },
            })
        })
        .collect()
}

/// Opens and checks every template the region names, each once.
pub fn load(region: &Region, base_dir: &Path, locate: Locate) -> (TemplateSet, Vec<Finding>) {
    TemplateSet::load(&uses(region, base_dir, locate))
}
