//! Pictures in the body (a signer's signature): each a media part with its own
//! relationship from `document.xml`, drawn inline with its alternative text.
//!
//! Names and ids are counted in document order, so the same document gives the same
//! package; the names carry a prefix of ours so that they cannot meet a Word
//! template's own media.

use crate::document::{Image, ImageFormat};

use super::xml::Xml;

/// DrawingML namespaces an inline picture in `document.xml` needs.
pub(super) const NAMESPACES: &[(&str, &str)] = &[
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
];

/// First `wp:docPr` id of body pictures; the header's logo has 1, and ids must differ
/// throughout the document.
const FIRST_ID: u32 = 100;

/// A picture of the body, as the package carries it.
#[derive(Debug, Clone)]
pub(super) struct BodyPicture {
    pub bytes: std::sync::Arc<Vec<u8>>,
    pub extension: &'static str,
    pub content_type: &'static str,
    /// Relationship id from `document.xml`.
    pub rel: String,
    /// File name under `word/media/`.
    pub file_name: String,
}

/// Extension, content type and magic bytes of an image: Word refuses a package whose
/// image does not match its content type, so the bytes are checked against them.
pub(super) fn kind(image: &Image) -> Option<(&'static str, &'static str)> {
    let (extension, content_type, magic): (_, _, &[u8]) = match image.format {
        ImageFormat::Png => ("png", "image/png", b"\x89PNG\r\n\x1a\n"),
        ImageFormat::Jpeg => ("jpeg", "image/jpeg", b"\xFF\xD8\xFF"),
    };
    (image.bytes.starts_with(magic) && image.width_px > 0 && image.height_px > 0)
        .then_some((extension, content_type))
}

/// Adds `image` to `pictures` and returns the picture it became, or `None` when its
/// bytes are not the image the model says.
pub(super) fn add(pictures: &mut Vec<BodyPicture>, image: &Image) -> Option<BodyPicture> {
    let (extension, content_type) = kind(image)?;
    let n = pictures.len() + 1;
    let picture = BodyPicture {
        bytes: image.bytes.clone(),
        extension,
        content_type,
        rel: format!("rIdPicture{n}"),
        file_name: format!("rb-afbeelding{n}.{extension}"),
    };
    pictures.push(picture.clone());
    Some(picture)
}

/// What an inline picture says about itself.
pub(super) struct Drawing<'a> {
    pub rel: &'a str,
    /// `wp:docPr` id, unique in the document.
    pub id: u32,
    pub name: &'a str,
    pub file_name: &'a str,
    /// Alternative text, in `descr`, where screen readers and Word's accessibility
    /// checker look for it.
    pub alt: &'a str,
    /// Size in EMU.
    pub cx: u64,
    pub cy: u64,
}

impl Drawing<'_> {
    /// The `wp:docPr` id of the `n`-th body picture (1-based).
    pub(super) fn body_id(n: usize) -> u32 {
        FIRST_ID + u32::try_from(n).unwrap_or(0)
    }

    /// The picture as a run holding an inline drawing.
    pub(super) fn run(&self, x: &mut Xml) {
        let (cx, cy) = (self.cx.max(1).to_string(), self.cy.max(1).to_string());
        let alt = self.alt;
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
            &[
                ("id", &self.id.to_string()),
                ("name", self.name),
                ("descr", alt),
            ],
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
            &[("id", "0"), ("name", self.file_name), ("descr", alt)],
        );
        x.empty("pic:cNvPicPr", &[]);
        x.end("pic:nvPicPr");
        x.start("pic:blipFill", &[]);
        x.empty("a:blip", &[("r:embed", self.rel)]);
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
}
