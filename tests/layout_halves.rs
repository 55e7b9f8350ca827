//! A letter's text is set in two halves at once (`layout::halves`): for every document
//! of the samples, the layout made that way is the layout made in one pass, and the
//! letters are long enough to be split.

mod common;

use raadsbrief::alongside::Helper;
use raadsbrief::compose::Kind;
use raadsbrief::fonts::FontBook;
use raadsbrief::layout;

#[test]
fn every_sample_document_is_laid_out_in_halves_as_in_one_pass() {
    let mut split = 0;
    for path in [common::GOOI, common::MIJOV] {
        let v = common::validated(path);
        let kinds = (0..v.region.gemeenten.len())
            .map(Kind::Letter)
            .chain([Kind::Appendix]);
        for kind in kinds {
            let doc = common::document(&v, kind);
            let book = FontBook::shared();
            let one = format!("{:?}", layout::layout_with(&doc, &book));
            let halves = std::thread::scope(|scope| {
                let helper = Helper::start(scope, "test");
                format!("{:?}", layout::layout_beside(&doc, &book, &helper))
            });
            assert!(one == halves, "{path}, {kind:?}: the halves differ");
            // The space only says where the second half starts, not whether there is one.
            if matches!(kind, Kind::Letter(_)) {
                split += usize::from(layout::halves::seam(&doc.blocks, 0.0).is_some());
            }
        }
    }
    assert!(
        split >= 10,
        "only {split} letters were long enough to split"
    );
}
