//! A template's header and footer parts, read into [`Band`]s: paragraphs, runs, tabs,
//! PAGE/NUMPAGES fields, pictures and simple tables.
//!
//! What the PDF and HTML cannot draw (text boxes, shapes, WordArt, SmartArt, charts,
//! other fields, linked or unusual pictures) is left out with one warning per part and
//! kind of element, naming both: the Word document keeps it, so the user must know
//! that the PDF does not.

use std::sync::Arc;

use crate::document::page_bands::{
    AnchorFrom, AnchorPos, AnchoredImage, Band, BandBlock, BandParagraph, BandRun, BandTable,
    Field, InlineImage, Place, RunFormat,
};
use crate::document::style::{HouseStyle, TextRole};
use crate::document::{image_size, Image};

use super::styles::{Props, Styles};
use super::theme::Theme;
use super::xml::{self, Element};
use super::{rels, Parts};

const EMU_PER_PT: f64 = 12_700.0;
const TWIPS: f64 = 20.0;

/// Largest picture a template's band may carry, as every picture.
const MAX_PIXELS: u64 = crate::document::MAX_PICTURE_PIXELS;

/// What the band reader needs besides the part.
pub struct Context<'a> {
    pub parts: &'a dyn Parts,
    pub styles: &'a Styles,
    pub theme: &'a Theme,
    /// Sizes and colours not stated anywhere in the template.
    pub fallback: TextRole,
}

/// Collects warnings, one per part and kind of element.
#[derive(Default)]
pub struct Report {
    seen: Vec<(String, String)>,
    pub messages: Vec<String>,
}

impl Report {
    fn cannot_draw(&mut self, label: &str, part: &str, what: &str) {
        let key = (part.to_owned(), what.to_owned());
        if self.seen.contains(&key) {
            return;
        }
        self.seen.push(key);
        self.messages.push(format!(
            "{label} ({part}): {what} kan niet in de PDF en de HTML worden getekend; \
             het staat wel in het Word-document"
        ));
    }
}

/// Reads the header or footer part `part`; `label` names it for the user
/// ("Koptekst eerste pagina").
pub fn read_band(
    cx: &Context,
    style: &mut HouseStyle,
    part: &str,
    label: &str,
    report: &mut Report,
) -> Band {
    let short = part.rsplit('/').next().unwrap_or(part).to_owned();
    let mut band = Band {
        part: short.clone(),
        ..Band::default()
    };
    let Some(root) = cx.parts.part(part).and_then(xml::parse) else {
        report.messages.push(format!(
            "{label} ({short}): het onderdeel ontbreekt of is geen leesbare XML; de PDF en de \
             HTML tonen deze kop- of voettekst niet"
        ));
        return band;
    };
    let mut r = Reader {
        cx,
        style,
        rels: rels::of(cx.parts, part),
        label,
        part: short,
        report,
        anchored: Vec::new(),
    };
    band.blocks = r.blocks(&root);
    band.anchored = r.anchored;
    band
}

struct Reader<'a, 'b> {
    cx: &'a Context<'a>,
    style: &'b mut HouseStyle,
    rels: Vec<rels::Rel>,
    label: &'b str,
    part: String,
    report: &'b mut Report,
    anchored: Vec<AnchoredImage>,
}

impl Reader<'_, '_> {
    fn warn(&mut self, what: &str) {
        self.report.cannot_draw(self.label, &self.part, what);
    }

    fn blocks(&mut self, parent: &Element) -> Vec<BandBlock> {
        let mut out = Vec::new();
        for e in parent.elements() {
            match e.name.as_ref() {
                "w:p" => out.extend(self.paragraph(e).into_iter().map(BandBlock::Paragraph)),
                "w:tbl" => out.push(BandBlock::Table(self.table(e))),
                "w:sdt" => {
                    if let Some(c) = e.child("w:sdtContent") {
                        out.extend(self.blocks(c));
                    }
                }
                "w:customXml" => out.extend(self.blocks(e)),
                "w:altChunk" => self.warn("een ingevoegd document (altChunk)"),
                _ => {}
            }
        }
        out
    }

    fn table(&mut self, tbl: &Element) -> BandTable {
        let columns: Vec<f64> = tbl
            .child("w:tblGrid")
            .map(|g| {
                g.children_named("w:gridCol")
                    .map(|c| {
                        c.attr("w:w")
                            .and_then(|v| v.parse::<f64>().ok())
                            .unwrap_or(0.0)
                            / TWIPS
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut rows = Vec::new();
        for tr in tbl.children_named("w:tr") {
            let mut cells = Vec::new();
            for tc in tr.children_named("w:tc") {
                let mut paragraphs = Vec::new();
                for e in tc.elements() {
                    match e.name.as_ref() {
                        "w:p" => paragraphs.extend(self.paragraph(e)),
                        "w:tbl" => self.warn("een tabel in een tabel"),
                        _ => {}
                    }
                }
                cells.push(paragraphs);
            }
            rows.push(cells);
        }
        BandTable { columns, rows }
    }

    /// A paragraph; a line break (`w:br`) starts a new one with the same settings.
    fn paragraph(&mut self, p: &Element) -> Vec<BandParagraph> {
        let ppr = p.child("w:pPr");
        let style_id = ppr.and_then(|p| p.child("w:pStyle")).and_then(Element::val);
        let mut props = self.cx.styles.resolve(style_id);
        // The paragraph mark's own rPr formats only the mark, not the runs.
        props.overlay(&Props::read(ppr, None));
        let mut runs = Vec::new();
        let mut field = FieldState::None;
        self.runs(p, &props, &mut runs, &mut field);
        let mut out = Vec::new();
        let mut current = Vec::new();
        for r in runs {
            match r {
                Some(run) => current.push(run),
                None => out.push(std::mem::take(&mut current)),
            }
        }
        out.push(current);
        out.into_iter()
            .map(|runs| self.finish_paragraph(&props, runs))
            .collect()
    }

    fn finish_paragraph(&self, props: &Props, runs: Vec<BandRun>) -> BandParagraph {
        let base = self.format(props);
        let size = runs
            .iter()
            .filter_map(|r| match r {
                BandRun::Text { format, .. } | BandRun::Field { format, .. } => Some(format.size),
                _ => None,
            })
            .fold(base.size, f64::max);
        let line = props
            .line
            .map_or(size * super::styles::SINGLE_LINE, |l| l.points(size));
        let images = runs
            .iter()
            .filter_map(|r| match r {
                BandRun::Image(i) => Some(i.height),
                _ => None,
            })
            .fold(0.0, f64::max);
        BandParagraph {
            align: props.align.unwrap_or(self.cx.fallback.align),
            space_before: props.space_before.unwrap_or(0.0),
            space_after: props.space_after.unwrap_or(0.0),
            line_height: line.max(images),
            tabs: props.tab_stops(),
            runs,
        }
    }

    fn format(&self, props: &Props) -> RunFormat {
        let fb = &self.cx.fallback;
        RunFormat {
            family: fb.family,
            size: props.size.unwrap_or(fb.size),
            bold: props.bold.unwrap_or(fb.bold),
            italic: props.italic.unwrap_or(fb.italic),
            color: props.rgb(self.cx.theme).unwrap_or(fb.color),
        }
    }

    fn run_format(&mut self, props: &Props) -> RunFormat {
        let mut f = self.format(props);
        if let Some(name) = props.family(self.cx.theme) {
            f.family = self.style.family_id(name);
        }
        f
    }

    /// The runs of a paragraph (or of a hyperlink, field or content control in it);
    /// `None` marks a line break.
    fn runs(
        &mut self,
        parent: &Element,
        para: &Props,
        out: &mut Vec<Option<BandRun>>,
        field: &mut FieldState,
    ) {
        for e in parent.elements() {
            match e.name.as_ref() {
                "w:r" => self.run(e, para, out, field),
                "w:hyperlink" | "w:smartTag" | "w:ins" | "w:customXml" | "w:bdo" | "w:dir" => {
                    self.runs(e, para, out, field)
                }
                "w:sdt" => {
                    if let Some(c) = e.child("w:sdtContent") {
                        self.runs(c, para, out, field);
                    }
                }
                "w:fldSimple" => {
                    let instr = e.attr("w:instr").unwrap_or_default();
                    let props = self.run_props(e.find("w:r"), para);
                    match known_field(instr) {
                        Some(f) => {
                            let format = self.run_format(&props);
                            out.push(Some(BandRun::Field { field: f, format }));
                        }
                        None => self.unknown_field(instr),
                    }
                }
                "mc:AlternateContent" => self.alternate(e, out),
                _ => {}
            }
        }
    }

    fn unknown_field(&mut self, instr: &str) {
        let name = instr
            .split_whitespace()
            .next()
            .unwrap_or("?")
            .to_uppercase();
        self.warn(&format!("een veld {name}"));
    }

    fn run_props(&self, run: Option<&Element>, para: &Props) -> Props {
        let mut props = para.clone();
        let rpr = run.and_then(|r| r.child("w:rPr"));
        if let Some(id) = rpr.and_then(|r| r.child("w:rStyle")).and_then(Element::val) {
            if let Some(own) = self.cx.styles.own_by_id(id) {
                props.overlay(&own);
            }
        }
        props.overlay(&Props::read(None, rpr));
        props
    }

    fn run(
        &mut self,
        r: &Element,
        para: &Props,
        out: &mut Vec<Option<BandRun>>,
        field: &mut FieldState,
    ) {
        let props = self.run_props(Some(r), para);
        for e in r.elements() {
            match e.name.as_ref() {
                "w:fldChar" => match e.attr("w:fldCharType") {
                    Some("begin") => *field = FieldState::Instr(String::new()),
                    Some("separate") => {
                        if let FieldState::Instr(i) = field {
                            let instr = std::mem::take(i);
                            match known_field(&instr) {
                                Some(f) => {
                                    let format = self.run_format(&props);
                                    out.push(Some(BandRun::Field { field: f, format }));
                                }
                                None => self.unknown_field(&instr),
                            }
                            *field = FieldState::Result;
                        }
                    }
                    Some("end") => {
                        // A field without a result part: its instruction decides alone.
                        if let FieldState::Instr(instr) = std::mem::replace(field, FieldState::None)
                        {
                            match known_field(&instr) {
                                Some(f) => {
                                    let format = self.run_format(&props);
                                    out.push(Some(BandRun::Field { field: f, format }));
                                }
                                None => self.unknown_field(&instr),
                            }
                        }
                    }
                    _ => {}
                },
                "w:instrText" => {
                    if let FieldState::Instr(i) = field {
                        i.push_str(&e.text());
                    }
                }
                // The cached result of a field is Word's last value, not this page's.
                _ if !matches!(field, FieldState::None) => {}
                "w:t" => {
                    let text = e.text();
                    if !text.is_empty() {
                        let format = self.run_format(&props);
                        out.push(Some(BandRun::Text { text, format }));
                    }
                }
                "w:tab" | "w:ptab" => out.push(Some(BandRun::Tab)),
                "w:br" | "w:cr" => out.push(None),
                "w:noBreakHyphen" => {
                    let format = self.run_format(&props);
                    out.push(Some(BandRun::Text {
                        text: "\u{2011}".into(),
                        format,
                    }));
                }
                "w:drawing" => self.drawing(e, out),
                "mc:AlternateContent" => self.alternate(e, out),
                "w:pict" => self.pict(e),
                "w:object" => self.warn("een ingesloten object"),
                _ => {}
            }
        }
    }

    /// Word writes shapes twice: DrawingML in `mc:Choice`, VML in `mc:Fallback`. The
    /// choice is read; the fallback is the same thing again.
    fn alternate(&mut self, e: &Element, out: &mut Vec<Option<BandRun>>) {
        let choice = e.child("mc:Choice").or_else(|| e.child("mc:Fallback"));
        for d in choice.iter().flat_map(|c| c.elements()) {
            match d.name.as_ref() {
                "w:drawing" => self.drawing(d, out),
                "w:pict" => self.pict(d),
                _ => {}
            }
        }
    }

    fn pict(&mut self, e: &Element) {
        if e.find("v:textbox").is_some() {
            self.warn("een tekstvak");
        } else if e.find("v:textpath").is_some() {
            self.warn("WordArt");
        } else if e.find("v:imagedata").is_some() {
            self.warn("een afbeelding in VML-opmaak");
        } else {
            self.warn("een vorm");
        }
    }

    fn drawing(&mut self, d: &Element, out: &mut Vec<Option<BandRun>>) {
        for holder in d.elements() {
            let anchored = match holder.name.as_ref() {
                "wp:inline" => false,
                "wp:anchor" => true,
                _ => continue,
            };
            let Some(data) = holder.find("a:graphicData") else {
                continue;
            };
            let uri = data.attr("uri").unwrap_or_default();
            if !uri.ends_with("/picture") {
                let what =
                    if data.find("wps:txbx").is_some() || data.find("w:txbxContent").is_some() {
                        "een tekstvak"
                    } else if uri.contains("chart") {
                        "een grafiek"
                    } else if uri.contains("diagram") {
                        "een SmartArt-afbeelding"
                    } else if data.find("a:prstTxWarp").is_some() {
                        "WordArt"
                    } else if uri.contains("wordprocessingShape") || uri.contains("Group") {
                        "een vorm"
                    } else {
                        "een object"
                    };
                self.warn(what);
                continue;
            }
            let Some(image) = self.picture(holder, data) else {
                continue;
            };
            if anchored {
                let pos = |name: &str| {
                    let e = holder.child(name)?;
                    let from = match e.attr("relativeFrom") {
                        Some("page") => AnchorFrom::Page,
                        Some("paragraph" | "line") => AnchorFrom::Band,
                        _ => AnchorFrom::Margin,
                    };
                    let place = if let Some(o) = e.child("wp:posOffset") {
                        Place::Offset(o.text().trim().parse::<f64>().ok()? / EMU_PER_PT)
                    } else {
                        match e.child("wp:align")?.text().trim() {
                            "left" | "top" | "inside" => Place::Start,
                            "center" => Place::Center,
                            _ => Place::End,
                        }
                    };
                    Some(AnchorPos { from, place })
                };
                let start = AnchorPos {
                    from: AnchorFrom::Band,
                    place: Place::Start,
                };
                self.anchored.push(AnchoredImage {
                    x: pos("wp:positionH").unwrap_or(AnchorPos {
                        from: AnchorFrom::Margin,
                        ..start
                    }),
                    y: pos("wp:positionV").unwrap_or(start),
                    image,
                });
            } else {
                out.push(Some(BandRun::Image(image)));
            }
        }
    }

    fn picture(&mut self, holder: &Element, data: &Element) -> Option<InlineImage> {
        let extent = holder.child("wp:extent")?;
        let emu = |n: &str| {
            extent
                .attr(n)
                .and_then(|v| v.parse::<f64>().ok())
                .map(|v| v / EMU_PER_PT)
        };
        let (width, height) = (emu("cx")?, emu("cy")?);
        let blip = data.find("a:blip")?;
        let Some(id) = blip.attr("r:embed") else {
            if blip.attr("r:link").is_some() {
                self.warn("een gekoppelde afbeelding (die wordt niet opgehaald)");
            }
            return None;
        };
        let rel = self.rels.iter().find(|r| r.id == id)?.clone();
        if rel.external {
            self.warn("een gekoppelde afbeelding (die wordt niet opgehaald)");
            return None;
        }
        let Some(bytes) = self.cx.parts.part(&rel.target) else {
            self.warn("een afbeelding die in het sjabloon ontbreekt");
            return None;
        };
        let Some((format, w, h)) = image_size(bytes) else {
            let name = rel.target.rsplit('/').next().unwrap_or_default().to_owned();
            self.warn(&format!("een afbeelding die geen PNG of JPEG is ({name})"));
            return None;
        };
        if u64::from(w) * u64::from(h) > MAX_PIXELS || !(width > 0.0 && height > 0.0) {
            self.warn("een afbeelding van onbruikbaar formaat");
            return None;
        }
        let alt = holder
            .child("wp:docPr")
            .and_then(|d| d.attr("descr").or_else(|| d.attr("title")))
            .unwrap_or_default()
            .trim()
            .to_owned();
        Some(InlineImage {
            image: Image {
                bytes: Arc::new(bytes.to_vec()),
                format,
                width_px: w,
                height_px: h,
                alt,
            },
            width,
            height,
        })
    }
}

enum FieldState {
    None,
    Instr(String),
    /// Between `separate` and `end`.
    Result,
}

fn known_field(instr: &str) -> Option<Field> {
    match instr.split_whitespace().next()?.to_uppercase().as_str() {
        "PAGE" => Some(Field::Page),
        "NUMPAGES" | "SECTIONPAGES" => Some(Field::NumPages),
        _ => None,
    }
}
