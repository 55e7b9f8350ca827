//! Which Word templates a region names (`regio.huisstijl.sjabloon` and each
//! municipality's), opened once for the whole run.

use std::path::Path;

use crate::diagnostics::Finding;
use crate::model::Region;
use crate::word_template::{Place, TemplateSet, Use};

/// Where a JSON pointer's value stands: file name and line:column.
pub type Locate<'a> = &'a dyn Fn(&str) -> (String, (usize, usize));

/// Every `sjabloon` in the region file, resolved against its folder.
pub fn uses(region: &Region, base_dir: &Path, locate: Locate) -> Vec<Use> {
    let mut named = vec![(
        "/regio/huisstijl/sjabloon".to_owned(),
        region.regio.huisstijl.sjabloon.as_deref(),
    )];
    for (i, g) in region.gemeenten.iter().enumerate() {
        named.push((
            format!("/gemeenten/{i}/huisstijl/sjabloon"),
            g.huisstijl.sjabloon.as_deref(),
        ));
    }
    named
        .into_iter()
        .filter_map(|(pointer, written)| {
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
