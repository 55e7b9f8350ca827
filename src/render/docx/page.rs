//! The page: A4 geometry, header (logo, name, draft marking), footer with page fields.

use crate::document::style::{Align, HouseStyle, Side};
use crate::document::{Image, ImageFormat, PageStyle};
use crate::error::{Error, Result};

use super::props::{self, Para, Run};
use super::styles::{self, id};
use super::units::{emu, twips};
use super::xml::Xml;

/// Relationship ids shared between the parts and their `.rels`.
pub(super) const LOGO_REL: &str = "rIdLogo";
pub(super) const HEADER_REL: &str = "rIdHeader";
pub(super) const FOOTER_REL: &str = "rIdFooter";

/// The logo, checked and sized for the header.
pub(super) struct Logo<'a> {
    pub bytes: &'a [u8],
    /// File extension in the package, which also selects the content type.
    pub extension: &'static str,
    pub content_type: &'static str,
    alt: &'a str,
    width_emu: u64,
    height_emu: u64,
}

impl<'a> Logo<'a> {
    /// Checks that the bytes are what the model says they are (Word refuses to open a
    /// package whose image does not match its content type) and sizes it as the house
    /// style says.
    pub(super) fn new(image: &'a Image, style: &HouseStyle) -> Result<Logo<'a>> {
        let help = "sla het logo opnieuw op als PNG of JPEG en laat de huisstijl naar het nieuwe bestand wijzen";
        if image.width_px == 0 || image.height_px == 0 {
            return Err(Error::failed("het logo heeft geen breedte of hoogte", help));
        }
        let (extension, content_type) = super::pictures::kind(image).ok_or_else(|| {
            let format = match image.format {
                ImageFormat::Png => "PNG",
                ImageFormat::Jpeg => "JPEG",
            };
            Error::failed(
                format!("het logo is geen geldige {format}-afbeelding"),
                help,
            )
        })?;
        let (width, height) = style.logo.size(image.width_px, image.height_px);
        let (width_emu, height_emu) = (emu(width).max(1), emu(height).max(1));
        Ok(Logo {
            bytes: image.bytes.as_slice(),
            extension,
            content_type,
            alt: &image.alt,
            width_emu,
            height_emu,
        })
    }

    pub(super) fn file_name(&self) -> String {
        format!("logo.{}", self.extension)
    }
}

/// Whether the page has a header at all.
pub(super) fn has_header(page: &PageStyle) -> bool {
    !page.header.trim().is_empty() || page.logo.is_some() || page.draft
}

pub(super) fn has_footer(page: &PageStyle) -> bool {
    !page.footer.trim().is_empty() || !page.style.address.is_empty()
}

/// `w:sectPr`: the house style's paper, margins and header/footer distances.
pub(super) fn section(x: &mut Xml, page: &PageStyle) {
    let geometry = &page.style.page;
    x.start("w:sectPr", &[]);
    if has_header(page) {
        x.empty(
            "w:headerReference",
            &[("w:type", "default"), ("r:id", HEADER_REL)],
        );
    }
    if has_footer(page) {
        x.empty(
            "w:footerReference",
            &[("w:type", "default"), ("r:id", FOOTER_REL)],
        );
    }
    x.empty(
        "w:pgSz",
        &[
            ("w:w", &twips(geometry.width).to_string()),
            ("w:h", &twips(geometry.height).to_string()),
        ],
    );
    let logo = page.logo.as_ref().map(|l| (l.width_px, l.height_px));
    x.empty(
        "w:pgMar",
        &[
            ("w:top", &twips(page.style.body_top(logo)).to_string()),
            ("w:right", &twips(geometry.margin_right).to_string()),
            ("w:bottom", &twips(geometry.margin_bottom).to_string()),
            ("w:left", &twips(geometry.margin_left).to_string()),
            ("w:header", &twips(geometry.header_distance).to_string()),
            ("w:footer", &twips(geometry.footer_distance).to_string()),
            ("w:gutter", "0"),
        ],
    );
    x.empty("w:cols", &[("w:space", "708")]);
    x.end("w:sectPr");
}

/// `word/header1.xml`: one line as the PDF draws it — the header text, and at the
/// right margin "CONCEPT" for a draft; the logo at the side the house style puts it —
/// plus the watermark of a draft, anchored here as Word anchors its own.
pub(super) fn header_xml(page: &PageStyle, logo: Option<&Logo>) -> Vec<u8> {
    let style = &page.style;
    let mut x = Xml::part();
    x.start("w:hdr", HEADER_NAMESPACES);
    x.start("w:p", &[]);
    Para::styled(id::HEADER).write(&mut x);
    if page.draft {
        watermark(&mut x, page);
    }
    let logo_left = logo.filter(|_| style.logo.side == Side::Left);
    let logo_right = logo.filter(|_| style.logo.side == Side::Right);
    if let Some(logo) = logo_left {
        logo_run(&mut x, logo);
        if !page.header.trim().is_empty() {
            props::text_run(&mut x, Run::default(), " ");
        }
    }
    props::text_run(&mut x, Run::default(), page.header.trim());
    if page.draft || logo_right.is_some() {
        x.start("w:r", &[]);
        x.empty("w:tab", &[]);
        x.end("w:r");
    }
    if page.draft {
        let color = style.colors.draft.hex();
        let mark = Run {
            bold: true,
            color: Some(&color),
            no_proof: true,
            ..Run::default()
        };
        props::text_run(&mut x, mark, "CONCEPT");
    }
    if let Some(logo) = logo_right {
        logo_run(&mut x, logo);
    }
    x.end("w:p");
    x.end("w:hdr");
    x.into_bytes()
}

/// `word/footer1.xml`: the footer text, `{pagina}` and `{paginas}` as PAGE and NUMPAGES
/// fields so Word and LibreOffice count the pages themselves; aligned by its style.
pub(super) fn footer_xml(page: &PageStyle) -> Vec<u8> {
    let style = &page.style;
    let mut x = Xml::part();
    x.start("w:ftr", HEADER_NAMESPACES);
    let address = style.address.as_str();
    // The address line sits left on the footer's line, the footer text at the right tab
    // stop, as the PDF draws them; with a footer aligned otherwise it gets a line above.
    let beside = !address.is_empty() && style.footer.text.align == Align::Right;
    if !address.is_empty() && !beside {
        x.start("w:p", &[]);
        Para {
            align: Some("left"),
            ..Para::styled(id::FOOTER)
        }
        .write(&mut x);
        props::text_run(&mut x, Run::default(), address);
        x.end("w:p");
    }
    x.start("w:p", &[]);
    if beside {
        Para {
            align: Some("left"),
            ..Para::styled(id::FOOTER)
        }
        .write(&mut x);
        props::text_run(&mut x, Run::default(), address);
        props::text_run(&mut x, Run::default(), "\t");
    } else {
        Para::styled(id::FOOTER).write(&mut x);
    }
    for piece in footer_pieces(page.footer.trim()) {
        match piece {
            FooterPiece::Text(text) => props::text_run(&mut x, Run::default(), text),
            FooterPiece::Page => props::field(&mut x, Run::default(), " PAGE ", "1"),
            FooterPiece::Pages => props::field(&mut x, Run::default(), " NUMPAGES ", "1"),
        }
    }
    x.end("w:p");
    x.end("w:ftr");
    x.into_bytes()
}

#[derive(Debug, PartialEq)]
enum FooterPiece<'a> {
    Text(&'a str),
    Page,
    Pages,
}

/// Splits the footer template at its placeholders.
fn footer_pieces(footer: &str) -> Vec<FooterPiece<'_>> {
    const PAGES: &str = "{paginas}";
    const PAGE: &str = "{pagina}";
    let mut pieces = Vec::new();
    let mut rest = footer;
    while let Some(at) = rest.find('{') {
        let (text, tail) = rest.split_at(at);
        let (piece, len) = if tail.starts_with(PAGES) {
            (FooterPiece::Pages, PAGES.len())
        } else if tail.starts_with(PAGE) {
            (FooterPiece::Page, PAGE.len())
        } else {
            pieces.push(FooterPiece::Text(&rest[..at + 1]));
            rest = &rest[at + 1..];
            continue;
        };
        if !text.is_empty() {
            pieces.push(FooterPiece::Text(text));
        }
        pieces.push(piece);
        rest = &tail[len..];
    }
    if !rest.is_empty() {
        pieces.push(FooterPiece::Text(rest));
    }
    pieces
}

/// Namespaces for header and footer parts: DrawingML for the logo, VML for the watermark.
pub(super) const HEADER_NAMESPACES: &[(&str, &str)] = &[
    ("xmlns:w", super::NS_W),
    ("xmlns:r", super::NS_R),
    super::pictures::NAMESPACES[0],
    super::pictures::NAMESPACES[1],
    super::pictures::NAMESPACES[2],
    ("xmlns:v", "urn:schemas-microsoft-com:vml"),
    ("xmlns:o", "urn:schemas-microsoft-com:office:office"),
    ("xmlns:w10", "urn:schemas-microsoft-com:office:word"),
];

/// The logo as an inline picture; the alternative text goes into `descr`, where screen
/// readers and Word's accessibility checker look for it.
fn logo_run(x: &mut Xml, logo: &Logo) {
    super::pictures::Drawing {
        rel: LOGO_REL,
        id: 1,
        name: "Logo",
        file_name: &logo.file_name(),
        alt: logo.alt,
        cx: logo.width_emu,
        cy: logo.height_emu,
    }
    .run(x);
}

/// A large, light-grey, diagonal "CONCEPT" behind the text of every page, written as
/// Word writes its own watermarks (a VML text path anchored in the header), which is
/// also what LibreOffice recognises as a watermark.
pub(super) fn watermark(x: &mut Xml, page: &PageStyle) {
    let style = &page.style;
    let font: String = styles::font_name(style.body_font())
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .collect();
    x.start("w:r", &[]);
    x.start("w:rPr", &[]);
    x.empty("w:noProof", &[]);
    x.end("w:rPr");
    x.start("w:pict", &[]);
    x.start(
        "v:shapetype",
        &[
            ("id", "_x0000_t136"),
            ("coordsize", "21600,21600"),
            ("o:spt", "136"),
            ("adj", "10800"),
            ("path", "m@7,l@8,m@5,21600l@6,21600e"),
        ],
    );
    x.start("v:formulas", &[]);
    for eqn in [
        "sum #0 0 10800",
        "prod #0 2 1",
        "sum 21600 0 @1",
        "sum 0 0 @2",
        "sum 21600 0 @3",
        "if @0 @3 0",
        "if @0 21600 @1",
        "if @0 0 @2",
        "if @0 @4 21600",
        "mid @5 @6",
        "mid @8 @5",
        "mid @7 @8",
        "mid @6 @7",
        "sum @6 0 @5",
    ] {
        x.empty("v:f", &[("eqn", eqn)]);
    }
    x.end("v:formulas");
    x.empty(
        "v:path",
        &[
            ("textpathok", "t"),
            ("o:connecttype", "custom"),
            ("o:connectlocs", "@9,0;@10,10800;@11,21600;@12,10800"),
            ("o:connectangles", "270,180,90,0"),
        ],
    );
    x.empty("v:textpath", &[("on", "t"), ("fitshape", "t")]);
    x.start("v:handles", &[]);
    x.empty(
        "v:h",
        &[("position", "#0,bottomRight"), ("xrange", "6629,14971")],
    );
    x.end("v:handles");
    x.empty(
        "o:lock",
        &[("v:ext", "edit"), ("text", "t"), ("shapetype", "t")],
    );
    x.end("v:shapetype");
    let mark = &style.watermark;
    // VML rotates clockwise; the style's angle rises from the baseline, counter-clockwise.
    let rotation = (360.0 - mark.angle.to_degrees()).round();
    let shape_style = format!(
        "position:absolute;margin-left:0;margin-top:0;width:{:.1}pt;height:{:.1}pt;\
         rotation:{rotation};z-index:-251654144;mso-position-horizontal:center;\
         mso-position-horizontal-relative:page;mso-position-vertical:center;\
         mso-position-vertical-relative:page",
        crate::layout::font::metrics(crate::layout::font::Face::from_style(true, false))
            .text_width("CONCEPT", mark.size),
        mark.size
    );
    let fill = format!("#{}", style.colors.watermark.hex().to_ascii_lowercase());
    x.start(
        "v:shape",
        &[
            ("id", "PowerPlusWaterMarkObject1"),
            ("o:spid", "_x0000_s1025"),
            ("type", "#_x0000_t136"),
            ("style", &shape_style),
            ("o:allowincell", "f"),
            ("fillcolor", &fill),
            ("stroked", "f"),
        ],
    );
    x.empty(
        "v:textpath",
        &[
            ("style", &format!("font-family:\"{font}\";font-size:1pt")),
            ("string", "CONCEPT"),
        ],
    );
    x.empty("w10:wrap", &[("anchorx", "page"), ("anchory", "page")]);
    x.end("v:shape");
    x.end("w:pict");
    x.end("w:r");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn footer_placeholders_become_pieces() {
        use FooterPiece::*;
        assert_eq!(
            footer_pieces("Pagina {pagina} van {paginas}"),
            vec![Text("Pagina "), Page, Text(" van "), Pages]
        );
        assert_eq!(
            footer_pieces("{x} {pagina}{"),
            vec![Text("{"), Text("x} "), Page, Text("{")]
        );
        assert_eq!(footer_pieces(""), vec![]);
    }
}
