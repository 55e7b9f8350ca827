//! Data tables: column widths, a header row repeated on every page the table
//! continues on, body rows with rules between them.
//!
//! [`column_widths`] is the one computation of a table's columns: the PDF lays its
//! cells out in them and the DOCX writes them as its grid, so Word and LibreOffice
//! break the cells' lines where the PDF does.

use crate::document::{plain_text, Inline, Rgb, Table};

use super::cells::{Bands, Cell};
use super::flow::{Element, Flow};
use super::items::{FillRect, Item, ItemKind, LineSeg, NodeId, Rect, Role};
use super::linebreak::{widest, Widest};
use super::shape::shape;
use super::style::Styles;
use super::text::{layout_text, TextParams};
use super::warnings::Warnings;

/// A table's header row, repeated on every page the table continues on.
#[derive(Debug, Clone)]
pub struct TableHeader {
    pub elements: Vec<Element>,
    /// The node the repeats belong to: they are page furniture, not content again.
    pub repeat_node: NodeId,
}

/// The columns of a table, from left to right.
#[derive(Debug, Clone, PartialEq)]
pub struct Columns {
    /// Widths in points, each a whole number of twips (1/20 pt, the unit Word stores),
    /// so the DOCX grid is exactly these widths; together they fill the available width
    /// rounded down to a twip.
    pub widths: Vec<f64>,
    pub fit: Fit,
    /// What the words would need side by side, and what there was, in points: for a
    /// message when they did not fit.
    needed: f64,
    available: f64,
}

/// How a table's words fit its columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// Every column holds its widest word.
    Words,
    /// Some columns hold only their widest piece between hyphenation points: their
    /// long words are hyphenated.
    Hyphenated,
    /// Not even those pieces fit: words are cut without a hyphen.
    Cut,
}

impl Columns {
    /// What the user must hear about this table, if anything. `hyphenates`: whether
    /// the format hyphenates a word that does not fit (our PDF does; Word, without
    /// automatic hyphenation, breaks it anywhere).
    pub fn warning(&self, table: &Table, hyphenates: bool) -> Option<String> {
        let what = match self.fit {
            Fit::Words => return None,
            Fit::Hyphenated if hyphenates => return None,
            Fit::Hyphenated => "its longest words are broken without a hyphen",
            Fit::Cut => "words in its cells are broken without a hyphen",
        };
        Some(format!(
            "the table \"{}\" is too narrow for its words (they need {:.0} pt side by side, \
             there are {:.0} pt): {what}. Use fewer columns or shorter words.",
            first_row(table),
            self.needed,
            self.available,
        ))
    }
}

/// One twip in points.
const TWIP: f64 = 0.05;

/// What a column holds besides its text: the cell padding on both sides, and room for
/// the DOCX's vertical cell borders (at least 0.5 pt on either side), part of which
/// LibreOffice takes from the text's width (at only the padding, it cut "Voldaa|n").
fn cell_extra(styles: &Styles) -> f64 {
    let table = &styles.house.table;
    2.0 * table.pad_x + 2.0 * table.rule_width.max(0.5)
}

/// The number of columns of `table`: its widest row.
fn column_count(table: &Table) -> usize {
    table
        .rows
        .iter()
        .map(Vec::len)
        .chain(std::iter::once(table.header.len()))
        .max()
        .unwrap_or(0)
}

/// The table's column widths in points for `available` points, as the table's relative
/// widths ask, but no column narrower than its widest word plus the cell padding, so
/// no word in a cell is ever broken without a hyphen.
///
/// Words are measured in the faces and sizes of `styles` (header cells bold). When the
/// widest words of all columns do not fit side by side, columns may be as narrow as
/// their widest piece between Dutch hyphenation points (the hyphen included): words are
/// then hyphenated, still visibly ([`Fit::Hyphenated`]). Only when even that cannot
/// fit are the columns shared in proportion to those pieces ([`Fit::Cut`]). A missing,
/// zero or negative relative width counts as the average of the others.
pub fn column_widths(table: &Table, available: f64, styles: &Styles) -> Columns {
    let columns = column_count(table);
    let weights = weights(&table.widths, columns);
    let widest = widest_per_column(table, columns, styles);
    let room = twips_floor(available);
    let extra = cell_extra(styles);
    let words: Vec<u64> = widest.iter().map(|w| twips_ceil(w.word + extra)).collect();
    let pieces: Vec<u64> = widest.iter().map(|w| twips_ceil(w.piece + extra)).collect();
    let (words_needed, pieces_needed) = (words.iter().sum::<u64>(), pieces.iter().sum::<u64>());
    let (twips, fit, needed) = if words_needed <= room {
        (share(&weights, &words, room), Fit::Words, words_needed)
    } else if pieces_needed <= room {
        (
            share(&weights, &pieces, room),
            Fit::Hyphenated,
            words_needed,
        )
    } else {
        // Each column squeezed alike: in proportion to what it needs.
        let needs: Vec<f64> = pieces.iter().map(|&p| p as f64).collect();
        (share(&needs, &[], room), Fit::Cut, pieces_needed)
    };
    Columns {
        widths: twips.iter().map(|&t| t as f64 * TWIP).collect(),
        fit,
        needed: needed as f64 * TWIP,
        available: room as f64 * TWIP,
    }
}

/// Relative widths for `columns` columns; invalid ones replaced by the valid ones'
/// average (1 if there are none).
fn weights(relative: &[f32], columns: usize) -> Vec<f64> {
    let valid = |w: f32| w.is_finite() && w > 0.0;
    let known: Vec<f64> = relative
        .iter()
        .copied()
        .filter(|w| valid(*w))
        .map(f64::from)
        .collect();
    let fallback = if known.is_empty() {
        1.0
    } else {
        known.iter().sum::<f64>() / known.len() as f64
    };
    (0..columns)
        .map(|i| match relative.get(i) {
            Some(&w) if valid(w) => f64::from(w),
            _ => fallback,
        })
        .collect()
}

/// The widest word and piece of each column's cells, header included.
fn widest_per_column(table: &Table, columns: usize, styles: &Styles) -> Vec<Widest> {
    // Characters the font lacks are reported when the cells are laid out, not here.
    let mut ignored = Warnings::default();
    let mut out = vec![Widest::default(); columns];
    let rows = std::iter::once((&table.header, &styles.table_header))
        .chain(table.rows.iter().map(|r| (r, &styles.table)));
    for (row, params) in rows {
        for (cell, column) in row.iter().zip(out.iter_mut()) {
            let shaped = shape(cell, params.style, &mut ignored);
            let w = widest(&shaped.clusters, params.hyphenate);
            column.word = column.word.max(w.word);
            column.piece = column.piece.max(w.piece);
        }
    }
    out
}

/// `room` twips shared in proportion to `weights`, no column below its minimum (the
/// minimums must fit together). A column whose share would be too small is held at its
/// minimum and the others share what is left; the last column not held takes the
/// rounding.
fn share(weights: &[f64], mins: &[u64], room: u64) -> Vec<u64> {
    let n = weights.len();
    let min = |i: usize| mins.get(i).copied().unwrap_or(0);
    let mut held = vec![false; n];
    let free_and_total = |held: &[bool]| {
        let used: u64 = (0..n).filter(|&i| held[i]).map(min).sum();
        let total: f64 = (0..n).filter(|&i| !held[i]).map(|i| weights[i]).sum();
        (room.saturating_sub(used), total)
    };
    loop {
        let (free, total) = free_and_total(&held);
        let too_small: Vec<usize> = (0..n)
            .filter(|&i| !held[i] && total > 0.0)
            .filter(|&i| free as f64 * weights[i] / total < min(i) as f64)
            .collect();
        if too_small.is_empty() {
            break;
        }
        for i in too_small {
            held[i] = true;
        }
    }
    let (free, total) = free_and_total(&held);
    let mut out: Vec<u64> = (0..n)
        .map(|i| {
            if held[i] || total <= 0.0 {
                min(i)
            } else {
                (free as f64 * weights[i] / total).floor() as u64
            }
        })
        .collect();
    let rest = room.saturating_sub(out.iter().sum());
    if let Some(i) = (0..n).rev().find(|&i| !held[i]).or(n.checked_sub(1)) {
        out[i] += rest;
    }
    out
}

/// Points as whole twips, rounded down (room) or up (what must fit).
fn twips_floor(points: f64) -> u64 {
    if points.is_finite() && points > 0.0 {
        (points / TWIP + 1e-6).floor() as u64
    } else {
        0
    }
}

fn twips_ceil(points: f64) -> u64 {
    if points.is_finite() && points > 0.0 {
        (points / TWIP - 1e-6).ceil() as u64
    } else {
        0
    }
}

/// The table's first row, for a message that must say which table it means.
fn first_row(table: &Table) -> String {
    let first = if table.header.is_empty() {
        table.rows.first().map(Vec::as_slice).unwrap_or_default()
    } else {
        table.header.as_slice()
    };
    let text = first
        .iter()
        .map(|c| plain_text(c))
        .collect::<Vec<_>>()
        .join(" | ");
    let mut short: String = text.chars().take(40).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    short
}

impl Flow {
    pub(super) fn table(&mut self, table: &Table, x: f64, width: f64, parent: NodeId) {
        let columns = column_widths(table, width, &self.styles);
        if columns.widths.is_empty() {
            return;
        }
        if let Some(w) = columns.warning(table, true) {
            self.warnings.note(w);
        }
        let node = self.node(Role::Table, parent);
        let mut edges = vec![x];
        for w in &columns.widths {
            let last = edges.last().copied().unwrap_or(x);
            edges.push(last + w);
        }
        let right = edges.last().copied().unwrap_or(x);
        let space = self.take_space(0.0);
        let accent = self.styles.accent();
        let house = &self.styles.house;
        let (fill, top_rule, grid) = (
            house.table.header_fill,
            house.table.top_rule_width,
            house.colors.rule,
        );
        let mut table_index = None;
        let mut first_row = true;
        if !table.header.is_empty() {
            let row = self.node(Role::TableRow, node);
            let cells = self.cells(&table.header, &edges, row, Role::TableHeaderCell, true);
            let mut elements = self.row_elements(cells, &edges, Some(fill), grid);
            if let Some(first) = elements.first_mut() {
                first.space_before = space;
                first
                    .items
                    .insert(0, rule(x, right, 0.0, top_rule, accent, row));
            }
            if let Some(last) = elements.last_mut() {
                last.keep_with_next = true;
            }
            let repeat_node = self.node(Role::RepeatedHeaderArtifact, node);
            self.table_headers.push(TableHeader {
                elements: elements.clone(),
                repeat_node,
            });
            table_index = Some(self.table_headers.len() - 1);
            self.elements.extend(elements);
            first_row = false;
        }
        for cells_in in &table.rows {
            let row = self.node(Role::TableRow, node);
            let cells = self.cells(cells_in, &edges, row, Role::TableCell, false);
            let mut elements = self.row_elements(cells, &edges, None, grid);
            for e in &mut elements {
                e.table = table_index;
            }
            if first_row {
                if let Some(first) = elements.first_mut() {
                    first.space_before = space;
                    first
                        .items
                        .insert(0, rule(x, right, 0.0, top_rule, accent, row));
                }
                first_row = false;
            }
            self.elements.extend(elements);
        }
        self.pending_space = self.styles.house.table.space_after;
    }

    fn cells(
        &mut self,
        content: &[Vec<Inline>],
        edges: &[f64],
        row: NodeId,
        role: Role,
        header: bool,
    ) -> Vec<Cell> {
        let params = if header {
            self.styles.table_header
        } else {
            self.styles.table
        };
        let mut out = Vec::new();
        let pad_x = self.styles.house.table.pad_x;
        for (i, pair) in edges.windows(2).enumerate() {
            let (left, right) = (pair[0], pair[1]);
            let node = self.node(role, row);
            let empty = Vec::new();
            let inlines = content.get(i).unwrap_or(&empty);
            let p = TextParams {
                width: (right - left - 2.0 * pad_x).max(1.0),
                ..params
            };
            out.push(Cell {
                block: layout_text(inlines, &p, &mut self.warnings),
                x: left + pad_x,
                node,
            });
        }
        out
    }

    /// A row as elements (see [`Bands`]), with its fill and the rule below it.
    fn row_elements(
        &mut self,
        mut cells: Vec<Cell>,
        edges: &[f64],
        fill: Option<Rgb>,
        rule_color: Rgb,
    ) -> Vec<Element> {
        let (left, right) = (
            edges.first().copied().unwrap_or(0.0),
            edges.last().copied().unwrap_or(0.0),
        );
        let bands = Bands::split(&cells, self.styles.house.table.pad_y, self.body_height);
        let row_node = cells
            .first()
            .and_then(|c| self.nodes.get(c.node))
            .and_then(|n| n.parent)
            .unwrap_or(0);
        let mut out = Vec::new();
        for band in &bands.bands {
            let height = band.height;
            let mut e = Element {
                height,
                ..Element::default()
            };
            if let Some(color) = fill {
                e.items.push(Item {
                    node: row_node,
                    kind: ItemKind::Fill(FillRect {
                        rect: Rect {
                            x: left,
                            y: 0.0,
                            width: right - left,
                            height,
                        },
                        color,
                    }),
                });
            }
            self.push_band(&mut cells, &bands, band, &mut e.items);
            if band.last {
                let width = self.styles.house.table.rule_width;
                e.items
                    .push(rule(left, right, height, width, rule_color, row_node));
            }
            out.push(e);
        }
        out
    }
}

fn rule(x1: f64, x2: f64, y: f64, width: f64, color: Rgb, node: NodeId) -> Item {
    Item {
        node,
        kind: ItemKind::Line(LineSeg {
            x1,
            y1: y,
            x2,
            y2: y,
            width,
            color,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Inline, PageStyle};

    fn styles() -> Styles {
        Styles::new(&PageStyle {
            header: String::new(),
            footer: String::new(),
            draft: false,
            logo: None,
            style: crate::document::style::HouseStyle::with_accent(Rgb(0x1F, 0x5F, 0x8B)),
        })
    }

    fn cells(texts: &[&str]) -> Vec<Vec<Inline>> {
        texts.iter().map(|t| vec![Inline::plain(*t)]).collect()
    }

    /// The appendix's overview: a status column that the relative widths alone make
    /// narrower than "Voldaan".
    fn overview() -> Table {
        Table {
            widths: vec![7.0, 60.0, 11.0, 40.0],
            header: cells(&["Nr.", "Afspraak", "Status", "Samenvatting"]),
            rows: vec![
                cells(&[
                    "1",
                    "De gewenste ontwikkeling van het zorglandschap",
                    "Voldaan",
                    "De gewenste ontwikkeling van het zorglandschap",
                ]),
                cells(&[
                    "2",
                    "De lokale toegang, met daarin de vijf basisfuncties",
                    "In ontwikkeling",
                    "De lokale toegang",
                ]),
            ],
        }
    }

    fn width_of(text: &str, params: TextParams) -> f64 {
        let shaped = shape(
            &[Inline::plain(text)],
            params.style,
            &mut Warnings::default(),
        );
        widest(&shaped.clusters, false).word
    }

    #[test]
    fn no_column_is_narrower_than_its_widest_word() {
        let st = styles();
        let c = column_widths(&overview(), 453.5, &st);
        assert_eq!(c.fit, Fit::Words);
        let status = width_of("ontwikkeling", st.table).max(width_of("Status", st.table_header));
        assert!(
            c.widths[2] >= status + 2.0 * st.house.table.pad_x,
            "{:?}",
            c.widths
        );
        assert!(c.widths[0] >= width_of("Nr.", st.table_header) + 2.0 * st.house.table.pad_x);
        // The wide columns keep the proportion the table asks for (60 : 40).
        let ratio = c.widths[1] / c.widths[3];
        assert!((ratio - 1.5).abs() < 0.01, "{:?}", c.widths);
        assert!(c.warning(&overview(), false).is_none());
    }

    #[test]
    fn widths_are_whole_twips_filling_the_width() {
        let c = column_widths(&overview(), 453.544, &styles());
        let twips: Vec<f64> = c.widths.iter().map(|w| w * 20.0).collect();
        for t in &twips {
            assert!((t - t.round()).abs() < 1e-6, "{twips:?}");
        }
        assert_eq!(twips.iter().sum::<f64>().round(), 9070.0);
    }

    #[test]
    fn too_narrow_for_whole_words_hyphenates_and_only_the_docx_warns() {
        let table = Table {
            widths: vec![1.0; 4],
            header: vec![],
            rows: vec![cells(&[
                "samenwerkingsafspraken",
                "jeugdhulpaanbieders",
                "gemeenteraadsleden",
                "basisfuncties",
            ])],
        };
        let st = styles();
        let whole: f64 = table.rows[0]
            .iter()
            .map(|c| width_of(&crate::document::plain_text(c), st.table) + cell_extra(&st))
            .sum();
        let c = column_widths(&table, whole - 20.0, &st);
        assert_eq!(c.fit, Fit::Hyphenated);
        assert!(c.warning(&table, true).is_none());
        let w = c.warning(&table, false).unwrap_or_default();
        assert!(
            w.contains("samenwerkingsafspraken | jeugdhulpaanbie…"),
            "{w}"
        );
        // Every column still holds its widest piece and its hyphen.
        for (cell, width) in table.rows[0].iter().zip(&c.widths) {
            let shaped = shape(cell, st.table.style, &mut Warnings::default());
            assert!(*width >= widest(&shaped.clusters, true).piece + cell_extra(&st) - 1e-9);
        }
    }

    #[test]
    fn hopelessly_narrow_tables_share_the_width_and_warn() {
        let table = Table {
            widths: vec![1.0, 1.0],
            header: cells(&["Onderwerp", "Toelichting"]),
            rows: vec![],
        };
        let c = column_widths(&table, 30.0, &styles());
        assert_eq!(c.fit, Fit::Cut);
        assert!((c.widths.iter().sum::<f64>() - 30.0).abs() < 1e-9);
        let w = c.warning(&table, true).unwrap_or_default();
        assert!(w.contains("\"Onderwerp | Toelichting\""), "{w}");
        assert!(w.contains("there are 30 pt"), "{w}");
    }

    #[test]
    fn invalid_relative_widths_count_as_the_average() {
        assert_eq!(weights(&[2.0, f32::NAN, -1.0], 4), [2.0; 4]);
        assert_eq!(weights(&[], 2), [1.0, 1.0]);
        assert_eq!(weights(&[1.0, 3.0], 2), [1.0, 3.0]);
    }

    #[test]
    fn sharing_holds_columns_at_their_minimum() {
        // Shares 100 : 100 : 800 of 1000, but the first needs 300: it gets 300 and
        // the others split the remaining 700 as 1 : 8.
        assert_eq!(share(&[1.0, 1.0, 8.0], &[300, 0, 0], 1000), [300, 77, 623]);
        assert_eq!(share(&[1.0, 3.0], &[0, 0], 9070), [2267, 6803]);
        assert_eq!(share(&[1.0, 1.0], &[600, 400], 1000), [600, 400]);
        assert_eq!(share(&[], &[], 100), Vec::<u64>::new());
    }

    #[test]
    fn empty_and_odd_tables() {
        let st = styles();
        let empty = Table {
            widths: vec![1.0],
            header: vec![],
            rows: vec![],
        };
        assert!(column_widths(&empty, 400.0, &st).widths.is_empty());
        let ragged = Table {
            widths: vec![],
            header: vec![],
            rows: vec![vec![], cells(&["a", "b", "c"])],
        };
        assert_eq!(column_widths(&ragged, 400.0, &st).widths.len(), 3);
        for available in [0.0, -5.0, f64::NAN, f64::INFINITY] {
            let c = column_widths(&ragged, available, &st);
            assert_eq!(c.widths.len(), 3);
            assert!(c.widths.iter().all(|w| w.is_finite()));
        }
    }
}
