//! One laid-out page as printpdf operations.
//!
//! Pure translation: flip y (layout measures from the top, PDF from the bottom), turn
//! each glyph's intended advance into a TJ adjustment against the font's own width,
//! and wrap page furniture in `/Artifact` marked content so extraction and assistive
//! technology can skip it. Link annotations are added afterwards (see `links`).

use printpdf::{
    Codepoint, Color, CurTransMat, Line, LinePoint, Op, PaintMode, PdfFontHandle, Point, Pt,
    TextItem, TextMatrix, XObjectId, XObjectTransform,
};

use crate::document::Rgb;
use crate::layout::{GlyphRun, ItemKind, Layout, Page};

use super::fonts::FontTable;

/// TJ adjustments smaller than this (thousandths of an em) are not written.
const MIN_ADJUST: f64 = 0.05;

pub fn page_ops(
    layout: &Layout,
    page: &Page,
    fonts: &FontTable,
    logo: Option<&XObjectId>,
) -> Vec<Op> {
    let height = layout.page_height;
    let mut ops = Vec::new();
    let mut in_text = false;
    let mut in_artifact = false;
    let mut state = TextState::default();
    for item in &page.items {
        let artifact = item.is_artifact(&layout.nodes);
        let is_text = matches!(item.kind, ItemKind::Text(_));
        let paints = !matches!(item.kind, ItemKind::Link(_));
        if !paints {
            continue;
        }
        if (!is_text || artifact != in_artifact) && in_text {
            ops.push(Op::EndTextSection);
            in_text = false;
        }
        if artifact != in_artifact {
            if in_artifact {
                ops.push(Op::EndMarkedContent);
            } else {
                ops.push(Op::BeginMarkedContent {
                    tag: "Artifact".into(),
                });
            }
            in_artifact = artifact;
        }
        match &item.kind {
            ItemKind::Text(run) => {
                if !in_text {
                    ops.push(Op::StartTextSection);
                    in_text = true;
                    state = TextState::default();
                }
                text_ops(run, height, fonts, &mut state, &mut ops);
            }
            ItemKind::Line(l) => {
                ops.push(Op::SetOutlineColor {
                    col: color(l.color),
                });
                ops.push(Op::SetOutlineThickness {
                    pt: Pt(l.width as f32),
                });
                ops.push(Op::DrawLine {
                    line: Line {
                        points: vec![point(l.x1, height - l.y1), point(l.x2, height - l.y2)],
                        is_closed: false,
                    },
                });
            }
            ItemKind::Fill(f) => {
                ops.push(Op::SetFillColor {
                    col: color(f.color),
                });
                ops.push(Op::DrawRectangle {
                    rectangle: printpdf::Rect {
                        x: Pt(f.rect.x as f32),
                        y: Pt((height - f.rect.bottom()) as f32),
                        width: Pt(f.rect.width as f32),
                        height: Pt(f.rect.height as f32),
                        mode: Some(PaintMode::Fill),
                        winding_order: None,
                    },
                });
            }
            ItemKind::Image(img) => {
                if let Some(id) = logo {
                    let r = img.rect;
                    ops.push(Op::SaveGraphicsState);
                    ops.push(Op::SetTransformationMatrix {
                        matrix: CurTransMat::Raw([
                            r.width as f32,
                            0.0,
                            0.0,
                            r.height as f32,
                            r.x as f32,
                            (height - r.bottom()) as f32,
                        ]),
                    });
                    ops.push(Op::UseXobject {
                        id: id.clone(),
                        transform: XObjectTransform {
                            no_auto_scale: true,
                            ..XObjectTransform::default()
                        },
                    });
                    ops.push(Op::RestoreGraphicsState);
                }
            }
            ItemKind::Link(_) => {}
        }
    }
    if in_text {
        ops.push(Op::EndTextSection);
    }
    if in_artifact {
        ops.push(Op::EndMarkedContent);
    }
    ops
}

/// Font, size and colour last set inside the current text object, to skip repeats.
#[derive(Default)]
struct TextState {
    font: Option<(crate::layout::Face, u32)>,
    color: Option<Rgb>,
}

fn text_ops(
    run: &GlyphRun,
    height: f64,
    fonts: &FontTable,
    state: &mut TextState,
    ops: &mut Vec<Op>,
) {
    let Some(font_id) = fonts.ids.get(&run.face) else {
        return;
    };
    if run.glyphs.is_empty() {
        return;
    }
    let size_key = (run.size * 1000.0).round() as u32;
    if state.font != Some((run.face, size_key)) {
        ops.push(Op::SetFont {
            font: PdfFontHandle::External(font_id.clone()),
            size: Pt(run.size as f32),
        });
        state.font = Some((run.face, size_key));
    }
    if state.color != Some(run.color) {
        ops.push(Op::SetFillColor {
            col: color(run.color),
        });
        state.color = Some(run.color);
    }
    let (x, y) = (run.x as f32, (height - run.y) as f32);
    let matrix = if run.angle == 0.0 {
        TextMatrix::Translate(Pt(x), Pt(y))
    } else {
        let (s, c) = (
            run.angle.to_radians().sin() as f32,
            run.angle.to_radians().cos() as f32,
        );
        TextMatrix::Raw([c, s, -s, c, x, y])
    };
    ops.push(Op::SetTextMatrix { matrix });
    let em = run.size / 1000.0;
    let count = run.glyphs.len();
    let codepoints = run
        .glyphs
        .iter()
        .enumerate()
        .map(|(i, g)| {
            // The pen after the last glyph goes nowhere, so its adjustment is moot.
            let wanted = g.advance / em;
            let natural = FontTable::pdf_advance(run.face, g.gid);
            let adjust = if i + 1 == count {
                0.0
            } else {
                natural - wanted
            };
            let offset = if adjust.abs() < MIN_ADJUST {
                0.0
            } else {
                (adjust * 100.0).round() / 100.0
            };
            let text = fonts
                .text(run.face, g.gid)
                .unwrap_or_else(|| g.ch.to_string());
            Codepoint::with_cid(g.gid, offset as f32, text)
        })
        .collect();
    ops.push(Op::ShowText {
        items: vec![TextItem::GlyphIds(codepoints)],
    });
}

fn point(x: f64, y: f64) -> LinePoint {
    LinePoint {
        p: Point {
            x: Pt(x as f32),
            y: Pt(y as f32),
        },
        bezier: false,
    }
}

pub fn color(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb {
        r: f32::from(c.0) / 255.0,
        g: f32::from(c.1) / 255.0,
        b: f32::from(c.2) / 255.0,
        icc_profile: None,
    })
}
