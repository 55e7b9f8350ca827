//! Table columns: one computation for the PDF and the DOCX, and no column narrower
//! than its widest word plus the cell padding.

mod common;

use raadsbrief::compose::Kind;
use raadsbrief::document::{plain_text, Block, Table};
use raadsbrief::render::docx::read;

/// The data tables' `w:gridCol` widths, in document order.
fn table_grids(docx: &[u8]) -> Vec<Vec<u32>> {
    let xml = read::part(docx, "word/document.xml").expect("document.xml");
    xml.split("<w:tbl>")
        .skip(1)
        .filter(|t| t.starts_with("<w:tblPr><w:tblStyle w:val=\"TableGrid\"/>"))
        .map(|t| {
            let grid = t
                .split("<w:tblGrid>")
                .nth(1)
                .and_then(|g| g.split("</w:tblGrid>").next())
                .unwrap_or_default();
            grid.split("w:w=\"")
                .skip(1)
                .filter_map(|w| w.split('"').next()?.parse().ok())
                .collect()
        })
        .collect()
}

fn tables(blocks: &[Block], out: &mut Vec<Table>) {
    for b in blocks {
        match b {
            Block::Table(t) => out.push(t.clone()),
            Block::List(l) => l.items.iter().for_each(|i| tables(&i.blocks, out)),
            _ => {}
        }
    }
}

/// Issue 10's defect: LibreOffice showed the appendix's Status column as "Volda|an"
/// and "In ontwikkeli|ng" because the DOCX had columns of its own. The grid is now the
/// layout's columns in twips, the PDF's cells start on the same edges, and every
/// column holds its widest word (measured here on its own, from the font's advances
/// and kerning) plus the cell padding.
#[test]
fn table_grids_are_the_layouts_columns_and_hold_their_widest_words() {
    use raadsbrief::layout::font::{metrics, Face};
    use raadsbrief::layout::style::{frame, Styles};
    use raadsbrief::layout::table::column_widths;
    for path in [
        "samples/gooi-en-vechtstreek.yaml",
        "samples/midden-ijssel-oost-veluwe.yaml",
    ] {
        let doc = common::document(&common::validated(path), Kind::Appendix);
        let docx = raadsbrief::render::docx::render(&doc).unwrap_or_else(|e| panic!("{path}: {e}"));
        let grids = table_grids(&docx);
        let mut model = Vec::new();
        tables(&doc.blocks, &mut model);
        assert_eq!(grids.len(), model.len(), "{path}");
        assert!(!model.is_empty(), "{path}");

        let styles = Styles::new(&doc.page);
        let body = frame(&doc.page).body;
        let (table_size, pad_x) = (doc.page.style.table.text.size, doc.page.style.table.pad_x);
        for (grid, table) in grids.iter().zip(&model) {
            let layout: Vec<u32> = column_widths(table, body.width, &styles)
                .widths
                .iter()
                .map(|w| (w * 20.0).round() as u32)
                .collect();
            assert_eq!(grid, &layout, "{path}");

            let rows = std::iter::once((&table.header, Face::from_style(true, false))).chain(
                table
                    .rows
                    .iter()
                    .map(|r| (r, Face::from_style(false, false))),
            );
            for (row, face) in rows {
                for (cell, twips) in row.iter().zip(grid) {
                    let text = plain_text(cell);
                    let widest = text
                        .split_whitespace()
                        .flat_map(|w| w.split_inclusive(['-', '/']))
                        .map(|w| metrics(face).text_width(w, table_size))
                        .fold(0.0, f64::max);
                    let column = f64::from(*twips) / 20.0;
                    assert!(
                        column >= widest + 2.0 * pad_x,
                        "{path}: {text:?} needs {widest} pt + padding, column {column} pt"
                    );
                }
            }
        }

        // The PDF lays the first table's header cells out on those same edges.
        let l = raadsbrief::layout::layout(&doc);
        let mut starts: Vec<f64> = Vec::new();
        for item in l.pages.iter().flat_map(|p| &p.items) {
            let role = l.nodes.get(item.node).map(|n| n.role);
            if let (
                Some(raadsbrief::layout::Role::TableHeaderCell),
                raadsbrief::layout::ItemKind::Text(r),
            ) = (role, &item.kind)
            {
                if !starts.iter().any(|x| (x - r.x).abs() < 1e-6) {
                    starts.push(r.x);
                }
            }
        }
        let mut edge = body.x;
        for (k, twips) in grids[0].iter().enumerate() {
            let want = edge + pad_x;
            assert!(
                starts.iter().any(|x| (x - want).abs() < 1e-6),
                "{path}: header cell {k} should start at {want}, cells start at {starts:?}"
            );
            edge += f64::from(*twips) / 20.0;
        }
    }
}
