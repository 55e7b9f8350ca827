//! Cuts the flow into pages.
//!
//! Greedy filling with one step back: when an element does not fit, the page ends at
//! the last place a break is allowed (after an element without `keep_with_next`).
//! Headings kept with their next lines, widow and orphan control and table headers
//! kept with a first row all reduce to that one rule. If a keep-chain is longer than
//! a page there is no allowed break; the page is then cut where it is full, because
//! an overfull page is worse than a broken rule.

use super::flow::Element;
use super::table::TableHeader;

/// Where an element lands on its page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    pub source: Source,
    /// Top of the element, points below the top of the text area.
    pub y: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Element(usize),
    /// A repeated header row: `table` in the flow's headers, its `element`.
    Header {
        table: usize,
        element: usize,
    },
}

/// Rounding slack: lines whose heights sum to the text area's height must fit.
const EPS: f64 = 0.01;

/// The placements of each page. Always at least one (possibly empty) page.
pub fn paginate(elements: &[Element], headers: &[TableHeader], height: f64) -> Vec<Vec<Placement>> {
    let mut pages = Vec::new();
    let mut start = 0;
    while start < elements.len() {
        let mut page = Vec::new();
        let mut y = 0.0;
        if let Some(t) = continued_table(elements, start) {
            if let Some(h) = headers.get(t) {
                for (k, e) in h.elements.iter().enumerate() {
                    page.push(Placement {
                        source: Source::Header {
                            table: t,
                            element: k,
                        },
                        y,
                    });
                    y += e.height;
                }
            }
        }
        let mut last_break: Option<usize> = None;
        let mut i = start;
        let mut next = elements.len();
        while i < elements.len() {
            let e = &elements[i];
            if e.page_break {
                next = i + 1;
                break;
            }
            let first_on_page = i == start;
            let space = if first_on_page { 0.0 } else { e.space_before };
            if first_on_page || y + space + e.height <= height + EPS {
                page.push(Placement {
                    source: Source::Element(i),
                    y: y + space,
                });
                y += space + e.height;
                if !e.keep_with_next {
                    last_break = Some(i + 1);
                }
                i += 1;
                continue;
            }
            next = match last_break {
                Some(k) if k > start => k,
                _ => i,
            };
            page.retain(|p| !matches!(p.source, Source::Element(j) if j >= next));
            break;
        }
        // A page break as the very last element adds no empty page.
        let trailing_break = next == elements.len() && page.is_empty() && start > 0;
        if !trailing_break {
            pages.push(page);
        }
        start = next;
    }
    if pages.is_empty() {
        pages.push(Vec::new());
    }
    pages
}

/// The table whose body continues at `start`, if the page before ended inside it.
fn continued_table(elements: &[Element], start: usize) -> Option<usize> {
    let t = elements.get(start)?.table?;
    let prev = elements.get(start.checked_sub(1)?)?;
    (prev.table == Some(t) || prev.keep_with_next).then_some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(h: f64, keep: bool) -> Element {
        Element {
            height: h,
            keep_with_next: keep,
            ..Element::default()
        }
    }

    fn page_of(pages: &[Vec<Placement>], idx: usize) -> Option<usize> {
        pages
            .iter()
            .position(|p| p.iter().any(|pl| pl.source == Source::Element(idx)))
    }

    #[test]
    fn keeps_heading_with_following_lines() {
        // Nine filler lines, a heading (kept with next), then a paragraph's first
        // two lines kept together (orphan rule): page height 10 lines.
        let mut els: Vec<Element> = (0..8).map(|_| line(10.0, false)).collect();
        els.push(line(10.0, true)); // heading, index 8
        els.push(line(10.0, true)); // first line, index 9
        els.push(line(10.0, false)); // second line, index 10
        els.push(line(10.0, false));
        let pages = paginate(&els, &[], 100.0);
        assert_eq!(
            page_of(&pages, 8),
            Some(1),
            "heading moved to the next page"
        );
        assert_eq!(page_of(&pages, 7), Some(0));
    }

    #[test]
    fn overlong_keep_chains_still_break() {
        let els: Vec<Element> = (0..30).map(|_| line(10.0, true)).collect();
        let pages = paginate(&els, &[], 100.0);
        assert_eq!(pages.len(), 3);
        assert!(pages.iter().all(|p| p.len() == 10));
    }

    #[test]
    fn page_breaks_and_empty_input() {
        assert_eq!(paginate(&[], &[], 100.0).len(), 1);
        let mut els = vec![line(10.0, false)];
        els.push(Element {
            page_break: true,
            ..Element::default()
        });
        els.push(line(10.0, false));
        assert_eq!(paginate(&els, &[], 100.0).len(), 2);
        els.push(Element {
            page_break: true,
            ..Element::default()
        });
        assert_eq!(
            paginate(&els, &[], 100.0).len(),
            2,
            "no empty trailing page"
        );
    }

    #[test]
    fn space_before_is_dropped_at_page_top() {
        let mut els: Vec<Element> = (0..10).map(|_| line(10.0, false)).collect();
        els.push(Element {
            space_before: 20.0,
            ..line(10.0, false)
        });
        let pages = paginate(&els, &[], 100.0);
        assert_eq!(pages[1][0].y, 0.0);
    }
}
