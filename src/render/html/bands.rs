//! A Word template's header and footer bands as HTML: the first page's header above
//! the letter, its footer below it.
//!
//! A screen has no pages, so the page-number part of a line (the tab segment holding
//! a PAGE or NUMPAGES field, "pagina 2") is left out rather than showing a number that
//! means nothing; anchored pictures stand in the band, floated to their side.

use std::fmt::Write as _;

use crate::document::page_bands::{
    AnchorFrom, Band, BandBlock, BandParagraph, BandRun, InlineImage, Place,
};
use crate::document::style::{Align, HouseStyle};
use crate::document::ImageFormat;

use super::text::{base64, escape, push_escaped};

/// The band's content, or nothing when it is empty.
pub fn band(out: &mut String, band: &Band, style: &HouseStyle) {
    for a in &band.anchored {
        let right = match (a.x.from, a.x.place) {
            (_, Place::End) => true,
            (AnchorFrom::Page, Place::Offset(x)) => x > style.page.width / 2.0,
            (_, Place::Offset(x)) => x > style.page.text_width() / 2.0,
            _ => false,
        };
        image(out, &a.image, Some(if right { "right" } else { "left" }));
    }
    for b in &band.blocks {
        match b {
            BandBlock::Paragraph(p) => paragraph(out, p, style),
            BandBlock::Table(t) => {
                out.push_str("<table class=\"band-table\" role=\"presentation\"><tr>");
                for row in &t.rows {
                    for (i, cell) in row.iter().enumerate() {
                        match t.columns.get(i) {
                            Some(w) => {
                                let _ = write!(out, "<td style=\"width:{w:.1}pt\">");
                            }
                            None => out.push_str("<td>"),
                        }
                        for p in cell {
                            paragraph(out, p, style);
                        }
                        out.push_str("</td>");
                    }
                    out.push_str("</tr><tr>");
                }
                out.push_str("</tr></table>\n");
            }
        }
    }
}

fn paragraph(out: &mut String, p: &BandParagraph, style: &HouseStyle) {
    let segments: Vec<&[BandRun]> = p.runs.split(|r| matches!(r, BandRun::Tab)).collect();
    let kept: Vec<&[BandRun]> = segments
        .into_iter()
        .filter(|s| !s.iter().any(|r| matches!(r, BandRun::Field { .. })))
        .collect();
    if kept.iter().all(|s| s.is_empty()) {
        return;
    }
    let align = match p.align {
        Align::Left | Align::Justify => "left",
        Align::Center => "center",
        Align::Right => "right",
    };
    let _ = write!(
        out,
        "<p class=\"band-line\" style=\"text-align:{align};margin:{:.1}pt 0 {:.1}pt\">",
        p.space_before, p.space_after
    );
    for (k, seg) in kept.iter().enumerate() {
        if k > 0 {
            out.push_str("<span class=\"band-tab\"> </span>");
        }
        for r in seg.iter() {
            match r {
                BandRun::Text { text, format } => {
                    let _ = write!(
                        out,
                        "<span style=\"font-family:'{}';font-size:{}pt;color:#{}{}{}\">",
                        escape(style.family(format.family)),
                        format.size,
                        format.color.hex().to_ascii_lowercase(),
                        if format.bold { ";font-weight:bold" } else { "" },
                        if format.italic {
                            ";font-style:italic"
                        } else {
                            ""
                        },
                    );
                    push_escaped(out, text);
                    out.push_str("</span>");
                }
                BandRun::Image(i) => image(out, i, None),
                BandRun::Tab | BandRun::Field { .. } => {}
            }
        }
    }
    out.push_str("</p>\n");
}

fn image(out: &mut String, i: &InlineImage, float: Option<&str>) {
    let mime = match i.image.format {
        ImageFormat::Png => "image/png",
        ImageFormat::Jpeg => "image/jpeg",
    };
    let alt = i.image.alt.split_whitespace().collect::<Vec<_>>().join(" ");
    let float = float.map_or(String::new(), |f| format!(";float:{f}"));
    let _ = write!(
        out,
        "<img class=\"band-image\" src=\"data:{mime};base64,{}\" alt=\"{}\" style=\"width:{:.1}pt;height:{:.1}pt{float}\">",
        base64(&i.image.bytes),
        escape(&alt),
        i.width,
        i.height
    );
}
