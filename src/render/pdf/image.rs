//! The pictures of a layout (the house-style logo, a template's letterhead) as image
//! XObjects.
//!
//! printpdf decodes every image to pixels and we deflate them: right for PNG. A JPEG
//! would come out several times its own size that way, so when the file is a plain
//! greyscale or RGB JPEG its bytes replace the pixels and the viewer decodes them
//! (/DCTDecode), as the DOCX does.
//!
//! A logo with an alpha channel is composited onto white before printpdf sees it: the
//! header behind it is white, so it looks the same, and the file needs no soft mask
//! (no transparency group, nothing for a PDF/A validator to weigh).

use lopdf::{Object, ObjectId};
use printpdf::{PdfDocument, RawImage, RawImageData, RawImageFormat, XObject, XObjectId};

use crate::document::{Image, ImageFormat};
use crate::layout::{ItemKind, Layout};

/// The pictures a layout draws (the house-style logo, a template's letterhead), each
/// once as an XObject however many pages show it.
#[derive(Default)]
pub struct Images {
    /// The image and its resource name in every page's /XObject dictionary.
    entries: Vec<(Image, String)>,
}

impl Images {
    /// Decodes every distinct picture of `layout` into printpdf's resources; one that
    /// cannot be read is left out with a warning rather than failing the whole letter.
    pub fn add(layout: &Layout, pdf: &mut PdfDocument, warnings: &mut Vec<String>) -> Images {
        let mut images = Images::default();
        let mut refused: Vec<Image> = Vec::new();
        for item in layout.pages.iter().flat_map(|p| &p.items) {
            let ItemKind::Image(b) = &item.kind else {
                continue;
            };
            if images.name(&b.image).is_some() || refused.iter().any(|r| same(r, &b.image)) {
                continue;
            }
            match RawImage::decode_from_bytes(&b.image.bytes, &mut Vec::new()) {
                Ok(mut raw) => {
                    flatten_alpha(&mut raw);
                    let name = format!("Im{}", images.entries.len() + 1);
                    pdf.resources
                        .xobjects
                        .map
                        .insert(XObjectId(name.clone()), XObject::Image(raw));
                    images.entries.push((b.image.clone(), name));
                }
                Err(e) => {
                    warnings.push(format!(
                        "PDF: een afbeelding (logo, briefhoofd of handtekening) kon niet worden gelezen ({e}); \
                         de PDF toont haar niet. Gebruik een PNG- of JPEG-bestand."
                    ));
                    refused.push(b.image.clone());
                }
            }
        }
        images
    }

    /// The resource name of `image`, if it could be decoded.
    pub fn name(&self, image: &Image) -> Option<&str> {
        self.entries
            .iter()
            .find(|(i, _)| same(i, image))
            .map(|(_, n)| n.as_str())
    }
}

fn same(a: &Image, b: &Image) -> bool {
    std::sync::Arc::ptr_eq(&a.bytes, &b.bytes) || a.bytes == b.bytes
}

/// Composites an image with an alpha channel onto white and drops the channel.
fn flatten_alpha(raw: &mut RawImage) {
    use RawImageFormat as F;
    // (channels per pixel, index of alpha, format without alpha)
    let (channels, without) = match raw.data_format {
        F::RG8 => (2, F::R8),
        F::RGBA8 => (4, F::RGB8),
        F::BGRA8 => (4, F::BGR8),
        F::RG16 => (2, F::R16),
        F::RGBA16 => (4, F::RGB16),
        F::RGBAF32 => (4, F::RGBF32),
        _ => return,
    };
    fn over_white<T: Copy>(
        px: &[T],
        channels: usize,
        to: impl Fn(T) -> f64,
        from: impl Fn(f64) -> T,
    ) -> Vec<T> {
        let mut out = Vec::with_capacity(px.len() / channels * (channels - 1));
        for p in px.chunks_exact(channels) {
            let a = to(p[channels - 1]).clamp(0.0, 1.0);
            for &c in &p[..channels - 1] {
                out.push(from(to(c) * a + (1.0 - a)));
            }
        }
        out
    }
    let flat = match &raw.pixels {
        RawImageData::U8(px) => RawImageData::U8(over_white(
            px,
            channels,
            |v| f64::from(v) / 255.0,
            |v| (v * 255.0).round().clamp(0.0, 255.0) as u8,
        )),
        RawImageData::U16(px) => RawImageData::U16(over_white(
            px,
            channels,
            |v| f64::from(v) / 65535.0,
            |v| (v * 65535.0).round().clamp(0.0, 65535.0) as u16,
        )),
        RawImageData::F32(px) => {
            RawImageData::F32(over_white(px, channels, f64::from, |v| v as f32))
        }
    };
    raw.pixels = flat;
    raw.data_format = without;
}

/// Swaps decoded JPEG pixels for the original file where the PDF can carry it as is.
pub fn keep_jpeg(lo: &mut lopdf::Document, resources: ObjectId, images: &Images) {
    for (image, name) in &images.entries {
        keep_one_jpeg(lo, resources, image, name);
    }
}

fn keep_one_jpeg(lo: &mut lopdf::Document, resources: ObjectId, image: &Image, name: &str) {
    if image.format != ImageFormat::Jpeg {
        return;
    }
    let Some(components) = jpeg_components(&image.bytes) else {
        return;
    };
    let id = lo
        .get_dictionary(resources)
        .and_then(|r| r.get(b"XObject"))
        .and_then(Object::as_reference)
        .and_then(|x| lo.get_dictionary(x))
        .and_then(|x| x.get(name.as_bytes()))
        .and_then(Object::as_reference);
    let Ok(id) = id else { return };
    let Some(Object::Stream(stream)) = lo.objects.get_mut(&id) else {
        return;
    };
    let space = stream
        .dict
        .get(b"ColorSpace")
        .and_then(Object::as_name)
        .ok();
    let matches = matches!(
        (components, space),
        (3, Some(b"DeviceRGB")) | (1, Some(b"DeviceGray"))
    );
    if !matches || stream.dict.has(b"SMask") {
        return;
    }
    stream
        .dict
        .set("Filter", Object::Name(b"DCTDecode".to_vec()));
    stream.set_content(image.bytes.to_vec());
}

/// The number of colour components in a baseline or progressive JPEG's frame header.
fn jpeg_components(b: &[u8]) -> Option<u8> {
    if b.get(..2)? != [0xFF, 0xD8] {
        return None;
    }
    let mut at = 2;
    loop {
        if *b.get(at)? != 0xFF {
            return None;
        }
        let marker = *b.get(at + 1)?;
        let len = usize::from(u16::from_be_bytes([*b.get(at + 2)?, *b.get(at + 3)?]));
        let is_frame = matches!(marker, 0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF);
        if is_frame {
            return b.get(at + 9).copied();
        }
        // Adobe's APP14 can declare RGB or CMYK storage; leave those to the decoder.
        if marker == 0xEE {
            return None;
        }
        at += 2 + len;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_frame_header() {
        // SOI, an APP0 of length 4, SOF0 with 3 components.
        let jpeg = [
            0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00,
            0x10, 0x00, 0x10, 0x03,
        ];
        assert_eq!(jpeg_components(&jpeg), Some(3));
        assert_eq!(jpeg_components(b"\x89PNG"), None);
        assert_eq!(jpeg_components(&jpeg[..9]), None);
    }

    #[test]
    fn alpha_is_composited_onto_white() {
        let mut raw = RawImage {
            // An opaque red pixel, a transparent one, a half-transparent black one.
            pixels: RawImageData::U8(vec![255, 0, 0, 255, 10, 20, 30, 0, 0, 0, 0, 128]),
            width: 3,
            height: 1,
            data_format: RawImageFormat::RGBA8,
            tag: Vec::new(),
        };
        flatten_alpha(&mut raw);
        assert_eq!(raw.data_format, RawImageFormat::RGB8);
        assert_eq!(
            raw.pixels,
            RawImageData::U8(vec![255, 0, 0, 255, 255, 255, 127, 127, 127])
        );
    }
}
