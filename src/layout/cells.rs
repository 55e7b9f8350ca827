//! Text blocks side by side (table cells, a field's label and value) turned into
//! elements: one band splitter and one line pusher for every kind of row.
//!
//! A row is placed whole unless it is taller than a page; then it is cut into one band
//! per line, so a huge cell flows over pages instead of running off the bottom. Line
//! `k` of every cell shares one baseline grid: the band's height is the tallest line
//! `k` of the row, so cells with different line heights stay aligned.

use std::collections::HashMap;
use std::ops::Range;

use super::flow::Flow;
use super::items::{Item, NodeId};
use super::text::TextBlock;

/// One text block of a row and where its text starts.
pub(super) struct Cell {
    pub block: TextBlock,
    /// Left edge of the cell's text.
    pub x: f64,
    pub node: NodeId,
}

/// The height of each of the first `count` lines of a row: its tallest cell's, so that
/// lines side by side share a baseline.
pub(super) fn line_heights(cells: &[Cell], count: usize) -> Vec<f64> {
    (0..count)
        .map(|k| {
            cells
                .iter()
                .filter_map(|c| c.block.lines.get(k).map(|l| l.height))
                .fold(0.0, f64::max)
        })
        .collect()
}

/// A piece of a row placed whole: some of its lines, with the row's padding on the
/// outer sides.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Band {
    pub lines: Range<usize>,
    /// Padding above the first line (only in the row's first band).
    pub top: f64,
    pub height: f64,
    /// The row's last band, which carries the padding below and the rule.
    pub last: bool,
}

/// A row of cells cut into bands; `line_heights[k]` is the height of line `k` of the
/// row.
pub(super) struct Bands {
    pub bands: Vec<Band>,
    line_heights: Vec<f64>,
}

impl Bands {
    /// The band splitter: the whole row as one band if it fits in `page_height` with
    /// `pad` above and below, else one band per line.
    pub fn split(cells: &[Cell], pad: f64, page_height: f64) -> Bands {
        let count = cells
            .iter()
            .map(|c| c.block.lines.len())
            .max()
            .unwrap_or(0)
            .max(1);
        let line_heights = line_heights(cells, count);
        let content: f64 = cells.iter().map(|c| c.block.height()).fold(0.0, f64::max);
        let groups: Vec<Range<usize>> = if content + 2.0 * pad <= page_height {
            std::iter::once(0..count).collect()
        } else {
            (0..count).map(|k| k..k + 1).collect()
        };
        let n = groups.len();
        let bands = groups
            .into_iter()
            .enumerate()
            .map(|(g, lines)| {
                let last = g + 1 == n;
                let top = if g == 0 { pad } else { 0.0 };
                let bottom = if last { pad } else { 0.0 };
                let text: f64 = lines
                    .clone()
                    .map(|k| line_heights.get(k).copied().unwrap_or(0.0))
                    .sum();
                Band {
                    lines,
                    top,
                    height: top + text + bottom,
                    last,
                }
            })
            .collect();
        Bands {
            bands,
            line_heights,
        }
    }
}

impl Flow {
    /// The line pusher: the lines of `band` of every cell as items, y relative to the
    /// band's top. The runs move out of the cells: each line is placed once.
    pub(super) fn push_band(
        &mut self,
        cells: &mut [Cell],
        bands: &Bands,
        band: &Band,
        out: &mut Vec<Item>,
    ) {
        for cell in cells {
            let mut y = band.top;
            let mut link_nodes = HashMap::new();
            for k in band.lines.clone() {
                if let Some(line) = cell.block.lines.get_mut(k) {
                    self.line_items(
                        line,
                        &cell.block.links,
                        cell.x,
                        y,
                        cell.node,
                        &mut link_nodes,
                        out,
                    );
                }
                y += bands.line_heights.get(k).copied().unwrap_or(0.0);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::text::TextLine;

    fn cell(heights: &[f64]) -> Cell {
        Cell {
            block: TextBlock {
                lines: heights
                    .iter()
                    .map(|&height| TextLine {
                        height,
                        ..TextLine::default()
                    })
                    .collect(),
                links: Vec::new(),
            },
            x: 0.0,
            node: 0,
        }
    }

    #[test]
    fn a_row_that_fits_is_one_band_with_padding_on_both_sides() {
        let cells = [cell(&[10.0, 10.0]), cell(&[12.0])];
        let b = Bands::split(&cells, 3.0, 100.0);
        assert_eq!(
            b.bands,
            [Band {
                lines: 0..2,
                top: 3.0,
                height: 3.0 + 12.0 + 10.0 + 3.0,
                last: true,
            }]
        );
    }

    #[test]
    fn a_row_taller_than_a_page_is_cut_per_line() {
        let cells = [cell(&[10.0; 5]), cell(&[10.0])];
        let b = Bands::split(&cells, 3.0, 50.0);
        let heights: Vec<f64> = b.bands.iter().map(|b| b.height).collect();
        assert_eq!(heights, [13.0, 10.0, 10.0, 10.0, 13.0]);
        let tops: Vec<f64> = b.bands.iter().map(|b| b.top).collect();
        assert_eq!(tops, [3.0, 0.0, 0.0, 0.0, 0.0]);
        let lasts: Vec<bool> = b.bands.iter().map(|b| b.last).collect();
        assert_eq!(lasts, [false, false, false, false, true]);
    }

    #[test]
    fn an_empty_row_still_has_one_band() {
        let b = Bands::split(&[], 3.0, 50.0);
        assert_eq!(b.bands.len(), 1);
        assert_eq!(b.bands[0].height, 6.0);
    }
}
