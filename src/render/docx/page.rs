//! The page: A4 geometry, header (logo, name, draft marking), footer with page fields.

use crate::document::{Image, ImageFormat, PageStyle};
use crate::error::{Error, Result};

use super::props::{self, Para, Run};
use super::styles::{self, id};
use super::xml::Xml;

/// A4 in twips (1/1440 inch).
pub(super) const PAGE_WIDTH: u32 = 11906;
pub(super) const PAGE_HEIGHT: u32 = 16838;
/// 2.5 cm.
pub(super) const MARGIN: u32 = 1418;
pub(super) const TEXT_WIDTH: u32 = PAGE_WIDTH - 2 * MARGIN;
/// Distance of the header from the top and the footer from the bottom edge (1.25 cm, 1 cm).
const HEADER_DISTANCE: u32 = 709;
const FOOTER_DISTANCE: u32 = 567;
/// One header line of 9 pt text, with some air below the header.
const HEADER_LINE: u32 = 260;
const HEADER_GAP: u32 = 340;

/// EMU (DrawingML's unit) per twip.
const EMU_PER_TWIP: u64 = 635;
/// The logo's height: 2 cm.
const LOGO_HEIGHT_EMU: u64 = 720_000;

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
    /// package whose image does not match its content type) and scales the logo to 2 cm
    /// high, narrower if it would not fit the text width.
    pub(super) fn new(image: &'a Image) -> Result<Logo<'a>> {
        let (extension, content_type, magic): (_, _, &[u8]) = match image.format {
            ImageFormat::Png => ("png", "image/png", b"\x89PNG\r\n\x1a\n"),
            ImageFormat::Jpeg => ("jpeg", "image/jpeg", b"\xFF\xD8\xFF"),
        };
        if !image.bytes.starts_with(magic) {
            return Err(Error::failed(
                format!("the logo is not a valid {} image", extension.to_uppercase()),
                "export the logo again as PNG or JPEG and point the house style at the new file",
            ));
        }
        if image.width_px == 0 || image.height_px == 0 {
            return Err(Error::failed(
                "the logo has no width or height",
                "export the logo again as PNG or JPEG and point the house style at the new file",
            ));
        }
        let max_width = u64::from(TEXT_WIDTH) * EMU_PER_TWIP;
        let mut height_emu = LOGO_HEIGHT_EMU;
        let mut width_emu = height_emu * u64::from(image.width_px) / u64::from(image.height_px);
        if width_emu > max_width {
            height_emu = (height_emu * max_width / width_emu).max(1);
            width_emu = max_width;
        }
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

    fn height_twips(&self) -> u32 {
        u32::try_from(self.height_emu.div_ceil(EMU_PER_TWIP)).unwrap_or(u32::MAX)
    }
}

/// Whether the page has a header at all.
pub(super) fn has_header(page: &PageStyle) -> bool {
    !page.header.trim().is_empty() || page.logo.is_some() || page.draft
}

pub(super) fn has_footer(page: &PageStyle) -> bool {
    !page.footer.trim().is_empty()
}

/// `w:sectPr`: A4 portrait, 2.5 cm margins, the top margin lowered below a tall header.
pub(super) fn section(x: &mut Xml, page: &PageStyle, logo: Option<&Logo>) {
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
            ("w:w", &PAGE_WIDTH.to_string()),
            ("w:h", &PAGE_HEIGHT.to_string()),
        ],
    );
    let margin = MARGIN.to_string();
    x.empty(
        "w:pgMar",
        &[
            ("w:top", &top_margin(logo).to_string()),
            ("w:right", &margin),
            ("w:bottom", &margin),
            ("w:left", &margin),
            ("w:header", &HEADER_DISTANCE.to_string()),
            ("w:footer", &FOOTER_DISTANCE.to_string()),
            ("w:gutter", "0"),
        ],
    );
    x.empty("w:cols", &[("w:space", "708")]);
    x.end("w:sectPr");
}

/// Word pushes the body down when the header is taller than the top margin, but
/// LibreOffice lets them overlap; so the margin makes room for the logo itself.
fn top_margin(logo: Option<&Logo>) -> u32 {
    let header = logo.map_or(0, Logo::height_twips);
    MARGIN.max(HEADER_DISTANCE + header + HEADER_LINE + HEADER_GAP)
}

/// `word/header1.xml`: watermark (draft), logo, then the header text with "CONCEPT" at the
/// right margin.
pub(super) fn header_xml(page: &PageStyle, logo: Option<&Logo>) -> Vec<u8> {
    let mut x = Xml::part();
    x.start("w:hdr", HEADER_NAMESPACES);
    if let Some(logo) = logo {
        x.start("w:p", &[]);
        Para::styled(id::HEADER).write(&mut x);
        if page.draft {
            watermark(&mut x, styles::font_name(&page.font));
        }
        logo_run(&mut x, logo);
        x.end("w:p");
    }
    x.start("w:p", &[]);
    Para::styled(id::HEADER).write(&mut x);
    if page.draft && logo.is_none() {
        watermark(&mut x, styles::font_name(&page.font));
    }
    props::text_run(&mut x, Run::default(), page.header.trim());
    if page.draft {
        x.start("w:r", &[]);
        x.empty("w:tab", &[]);
        x.end("w:r");
        let mark = Run {
            bold: true,
            color: Some("C00000"),
            no_proof: true,
            ..Run::default()
        };
        props::text_run(&mut x, mark, "CONCEPT");
    }
    x.end("w:p");
    x.end("w:hdr");
    x.into_bytes()
}

/// `word/footer1.xml`: the footer text, `{pagina}` and `{paginas}` as PAGE and NUMPAGES
/// fields so Word and LibreOffice count the pages themselves.
pub(super) fn footer_xml(page: &PageStyle) -> Vec<u8> {
    let mut x = Xml::part();
    x.start("w:ftr", HEADER_NAMESPACES);
    x.start("w:p", &[]);
    Para {
        align: Some("right"),
        ..Para::styled(id::FOOTER)
    }
    .write(&mut x);
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
const HEADER_NAMESPACES: &[(&str, &str)] = &[
    ("xmlns:w", super::NS_W),
    ("xmlns:r", super::NS_R),
    (
        "xmlns:wp",
        "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    ),
    (
        "xmlns:a",
        "http://schemas.openxmlformats.org/drawingml/2006/main",
    ),
    (
        "xmlns:pic",
        "http://schemas.openxmlformats.org/drawingml/2006/picture",
    ),
    ("xmlns:v", "urn:schemas-microsoft-com:vml"),
    ("xmlns:o", "urn:schemas-microsoft-com:office:office"),
    ("xmlns:w10", "urn:schemas-microsoft-com:office:word"),
];

/// The logo as an inline picture; the alternative text goes into `descr`, where screen
/// readers and Word's accessibility checker look for it.
fn logo_run(x: &mut Xml, logo: &Logo) {
    let (cx, cy) = (logo.width_emu.to_string(), logo.height_emu.to_string());
    let name = logo.file_name();
    x.start("w:r", &[]);
    x.start("w:drawing", &[]);
    x.start(
        "wp:inline",
        &[
            ("distT", "0"),
            ("distB", "0"),
            ("distL", "0"),
            ("distR", "0"),
        ],
    );
    x.empty("wp:extent", &[("cx", &cx), ("cy", &cy)]);
    x.empty(
        "wp:effectExtent",
        &[("l", "0"), ("t", "0"), ("r", "0"), ("b", "0")],
    );
    x.empty(
        "wp:docPr",
        &[("id", "1"), ("name", "Logo"), ("descr", logo.alt)],
    );
    x.start("wp:cNvGraphicFramePr", &[]);
    x.empty("a:graphicFrameLocks", &[("noChangeAspect", "1")]);
    x.end("wp:cNvGraphicFramePr");
    x.start("a:graphic", &[]);
    x.start(
        "a:graphicData",
        &[(
            "uri",
            "http://schemas.openxmlformats.org/drawingml/2006/picture",
        )],
    );
    x.start("pic:pic", &[]);
    x.start("pic:nvPicPr", &[]);
    x.empty(
        "pic:cNvPr",
        &[("id", "0"), ("name", &name), ("descr", logo.alt)],
    );
    x.empty("pic:cNvPicPr", &[]);
    x.end("pic:nvPicPr");
    x.start("pic:blipFill", &[]);
    x.empty("a:blip", &[("r:embed", LOGO_REL)]);
    x.start("a:stretch", &[]);
    x.empty("a:fillRect", &[]);
    x.end("a:stretch");
    x.end("pic:blipFill");
    x.start("pic:spPr", &[]);
    x.start("a:xfrm", &[]);
    x.empty("a:off", &[("x", "0"), ("y", "0")]);
    x.empty("a:ext", &[("cx", &cx), ("cy", &cy)]);
    x.end("a:xfrm");
    x.start("a:prstGeom", &[("prst", "rect")]);
    x.empty("a:avLst", &[]);
    x.end("a:prstGeom");
    x.end("pic:spPr");
    x.end("pic:pic");
    x.end("a:graphicData");
    x.end("a:graphic");
    x.end("wp:inline");
    x.end("w:drawing");
    x.end("w:r");
}

/// A large, light-grey, diagonal "CONCEPT" behind the text of every page, written as
/// Word writes its own watermarks (a VML text path anchored in the header), which is
/// also what LibreOffice recognises as a watermark.
fn watermark(x: &mut Xml, font: &str) {
    let font: String = font
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
    x.start(
        "v:shape",
        &[
            ("id", "PowerPlusWaterMarkObject1"),
            ("o:spid", "_x0000_s1025"),
            ("type", "#_x0000_t136"),
            (
                "style",
                "position:absolute;margin-left:0;margin-top:0;width:430pt;height:107.5pt;\
                 rotation:315;z-index:-251654144;mso-position-horizontal:center;\
                 mso-position-horizontal-relative:margin;mso-position-vertical:center;\
                 mso-position-vertical-relative:margin",
            ),
            ("o:allowincell", "f"),
            ("fillcolor", "#d8d8d8"),
            ("stroked", "f"),
        ],
    );
    x.empty("v:fill", &[("opacity", ".5")]);
    x.empty(
        "v:textpath",
        &[
            ("style", &format!("font-family:\"{font}\";font-size:1pt")),
            ("string", "CONCEPT"),
        ],
    );
    x.empty("w10:wrap", &[("anchorx", "margin"), ("anchory", "margin")]);
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
