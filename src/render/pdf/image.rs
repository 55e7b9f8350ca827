//! The pictures of a layout (the house-style logo, a template's letterhead) as image
//! XObjects.
//!
//! A PNG without transparency goes in as its own compressed pixel rows: PNG's image
//! data is a zlib stream of filtered rows, which is what /FlateDecode with PNG
//! predictors reads, so neither expanding a palette nor compressing again is needed
//! (for the Eemnes signatures, 4-bit palette images, this was a quarter of a letter's
//! work). Its rows are still inflated and checked once, so a damaged file is refused
//! here and not shown broken by the reader. Any other PNG (transparency, 16 bits, interlaced,
//! animated) is decoded to 8-bit grey or RGB pixels, which the renderer deflates. A
//! JPEG goes in as the file itself (/DCTDecode) and the viewer decodes it, as the DOCX
//! does: decoded, it would come out several times its own size. Only the frame header
//! is read, for the size and the colour components.
//!
//! A PNG with transparency is composited onto white: the header behind it is white,
//! so it looks the same, and the file needs no soft mask (no transparency group,
//! nothing for a PDF/A validator to weigh).
//!
//! The files are the user's (or a Word template's): a picture that cannot be read, or
//! would decode to more memory than a letter can use, is left out with a warning
//! rather than failing the whole letter.

use lopdf::{Dictionary, Object, ObjectId, Stream};

use crate::document::Image;
use crate::layout::{ItemKind, Layout};

/// The most pixels decoded for one picture, checked from its header before anything is
/// allocated.
const MAX_PIXELS: u64 = crate::document::MAX_PICTURE_PIXELS;

/// The pictures a layout draws (the house-style logo, a template's letterhead), each
/// once as an XObject however many pages show it.
#[derive(Default)]
pub struct Images {
    /// The image, its resource name in every page's /XObject dictionary, its object.
    entries: Vec<(Image, String, ObjectId)>,
}

impl Images {
    /// Adds every distinct picture of `layout` to `lo` as an image XObject; one that
    /// cannot be read is left out with a warning.
    pub fn add(layout: &Layout, lo: &mut lopdf::Document, warnings: &mut Vec<String>) -> Images {
        let mut images = Images::default();
        let mut refused: Vec<Image> = Vec::new();
        for item in layout.pages.iter().flat_map(|p| &p.items) {
            let ItemKind::Image(b) = &item.kind else {
                continue;
            };
            if images.name(&b.image).is_some() || refused.iter().any(|r| same(r, &b.image)) {
                continue;
            }
            match xobject(&b.image.bytes) {
                Ok(stream) => {
                    let name = format!("Im{}", images.entries.len() + 1);
                    let id = lo.add_object(stream);
                    images.entries.push((b.image.clone(), name, id));
                }
                Err(why) => {
                    warnings.push(format!(
                        "PDF: een afbeelding (logo, briefhoofd of handtekening) kon niet worden gelezen ({why}); \
                         de PDF toont haar niet. Gebruik een PNG- of JPEG-bestand."
                    ));
                    refused.push(b.image.clone());
                }
            }
        }
        images
    }

    /// The resource name of `image`, if it could be read.
    pub fn name(&self, image: &Image) -> Option<&str> {
        self.entries
            .iter()
            .find(|(i, _, _)| same(i, image))
            .map(|(_, n, _)| n.as_str())
    }

    /// The /XObject resource dictionary.
    pub fn resources(&self) -> Dictionary {
        let mut d = Dictionary::new();
        for (_, name, id) in &self.entries {
            d.set(name.as_bytes().to_vec(), Object::Reference(*id));
        }
        d
    }
}

fn same(a: &Image, b: &Image) -> bool {
    std::sync::Arc::ptr_eq(&a.bytes, &b.bytes) || a.bytes == b.bytes
}

/// A picture as an image XObject, by what the file is rather than what its name
/// says. The error is Dutch, for the warning.
fn xobject(bytes: &[u8]) -> Result<Stream, String> {
    if bytes.starts_with(PNG_SIGNATURE) {
        if let Some(stream) = png_as_it_is(bytes)? {
            return Ok(stream);
        }
        let px = decode_png(bytes)?;
        Ok(image_stream(px.width, px.height, px.gray, None, px.data))
    } else if bytes.starts_with(&[0xFF, 0xD8]) {
        let frame = jpeg_frame(bytes)?;
        Ok(image_stream(
            u32::from(frame.width),
            u32::from(frame.height),
            frame.components == 1,
            Some("DCTDecode"),
            bytes.to_vec(),
        ))
    } else {
        Err("het is geen PNG- of JPEG-bestand".into())
    }
}

fn image_stream(
    width: u32,
    height: u32,
    gray: bool,
    filter: Option<&str>,
    data: Vec<u8>,
) -> Stream {
    let space: &[u8] = if gray { b"DeviceGray" } else { b"DeviceRGB" };
    let mut dict = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"XObject".to_vec())),
        ("Subtype", Object::Name(b"Image".to_vec())),
        ("Width", Object::Integer(i64::from(width))),
        ("Height", Object::Integer(i64::from(height))),
        ("ColorSpace", Object::Name(space.to_vec())),
        ("BitsPerComponent", Object::Integer(8)),
    ]);
    if let Some(f) = filter {
        dict.set("Filter", Object::Name(f.as_bytes().to_vec()));
    }
    Stream::new(dict, data)
}

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
const PNG_BROKEN: &str = "het PNG-bestand is beschadigd of wordt niet ondersteund";

/// A PNG's own image data as the XObject's stream, when PDF can read it as it is:
/// grey, RGB or a palette, at most 8 bits, not interlaced, no transparency, not
/// animated. `None` for any other PNG.
fn png_as_it_is(bytes: &[u8]) -> Result<Option<Stream>, String> {
    let broken = |_: png::DecodingError| PNG_BROKEN.to_string();
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::IDENTITY);
    let header = decoder.read_header_info().map_err(broken)?;
    check_size(header.width, header.height)?;
    let reader = decoder.read_info().map_err(broken)?;
    let info = reader.info();
    let depth = info.bit_depth as u8;
    let colours: u8 = match info.color_type {
        png::ColorType::Grayscale | png::ColorType::Indexed => 1,
        png::ColorType::Rgb => 3,
        png::ColorType::GrayscaleAlpha | png::ColorType::Rgba => return Ok(None),
    };
    if depth > 8 || info.interlaced || info.trns.is_some() || info.animation_control.is_some() {
        return Ok(None);
    }
    let (width, height) = (info.width, info.height);
    let space = match (info.color_type, info.palette.as_deref()) {
        (png::ColorType::Grayscale, _) => Object::Name(b"DeviceGray".to_vec()),
        (png::ColorType::Rgb, _) => Object::Name(b"DeviceRGB".to_vec()),
        (_, Some(palette)) => indexed(palette, depth),
        (_, None) => return Err(PNG_BROKEN.into()),
    };
    let data = idat(bytes).ok_or(PNG_BROKEN)?;
    if !rows_are_whole(&data, width, height, u32::from(colours) * u32::from(depth)) {
        return Err(PNG_BROKEN.into());
    }
    let parms = Dictionary::from_iter(vec![
        ("Predictor", Object::Integer(15)),
        ("Colors", Object::Integer(i64::from(colours))),
        ("BitsPerComponent", Object::Integer(i64::from(depth))),
        ("Columns", Object::Integer(i64::from(width))),
    ]);
    let dict = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"XObject".to_vec())),
        ("Subtype", Object::Name(b"Image".to_vec())),
        ("Width", Object::Integer(i64::from(width))),
        ("Height", Object::Integer(i64::from(height))),
        ("ColorSpace", space),
        ("BitsPerComponent", Object::Integer(i64::from(depth))),
        ("Filter", Object::Name(b"FlateDecode".to_vec())),
        ("DecodeParms", Object::Dictionary(parms)),
    ]);
    Ok(Some(Stream::new(dict, data)))
}

/// A palette as an /Indexed colour space over RGB, with as many entries as the bit
/// depth can name: a PNG may list fewer, and an index past the end is black, as
/// decoders show it, rather than whatever a reader makes of it.
fn indexed(palette: &[u8], depth: u8) -> Object {
    let entries = 1usize << depth;
    let mut table = palette
        .get(..palette.len() / 3 * 3)
        .unwrap_or_default()
        .to_vec();
    table.resize(entries * 3, 0);
    table.truncate(entries * 3);
    Object::Array(vec![
        Object::Name(b"Indexed".to_vec()),
        Object::Name(b"DeviceRGB".to_vec()),
        Object::Integer(entries as i64 - 1),
        Object::String(table, lopdf::StringFormat::Hexadecimal),
    ])
}

/// Whether `data`, a PNG's zlib stream of filtered rows, holds `height` whole rows
/// of `width` pixels of `bits` bits, each row led by one of PNG's five filter types.
/// That is all a PDF reader needs of it: undoing the filters cannot fail, so the rows
/// are inflated but not unfiltered (unfiltering them, as decoding does, was nearly
/// all of a picture's cost: 2.9 M instructions for the Gooise Meren logo, 760 × 160).
/// As when they were decoded, what follows the last row is not read. The rows pass
/// through a small buffer, checked as they come: holding them all (the Gooise Meren
/// logo's are 486 KB) cost a page fault for every 4 KiB and the zeroing of all of it.
fn rows_are_whole(data: &[u8], width: u32, height: u32, bits: u32) -> bool {
    use std::io::Read as _;
    let stride = (u64::from(width) * u64::from(bits)).div_ceil(8) + 1;
    let size = stride * u64::from(height);
    // The header's size was checked against MAX_PIXELS before this.
    let mut rows = flate2::read::ZlibDecoder::new(data).take(size);
    let mut buffer = [0u8; 16 * 1024];
    // Where the next row starts, counted from the first byte read.
    let (mut read, mut next_row) = (0u64, 0u64);
    loop {
        let n = match rows.read(&mut buffer) {
            Ok(0) => return read == size,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => return false,
        };
        let end = read + n as u64;
        while next_row < end {
            if buffer[(next_row - read) as usize] > 4 {
                return false;
            }
            next_row += stride;
        }
        read = end;
    }
}

/// The image data of a PNG: its IDAT chunks' contents, one zlib stream, each chunk's
/// checksum checked.
fn idat(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut at = PNG_SIGNATURE.len();
    let mut data = Vec::new();
    while at < bytes.len() {
        let len = u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?) as usize;
        let kind = bytes.get(at + 4..at + 8)?;
        let body = bytes.get(at + 8..(at + 8).checked_add(len)?)?;
        if kind == b"IDAT" {
            let crc = bytes.get(at + 8 + len..at + 12 + len)?;
            let mut sum = libdeflater::Crc::new();
            sum.update(kind);
            sum.update(body);
            if crc != sum.sum().to_be_bytes() {
                return None;
            }
            data.extend_from_slice(body);
        } else if kind == b"IEND" || !data.is_empty() {
            // The image data is one run of chunks.
            break;
        }
        at += 12 + len;
    }
    (!data.is_empty()).then_some(data)
}

fn check_size(w: u32, h: u32) -> Result<(), String> {
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(format!(
            "ze is {w} × {h} pixels, meer dan een brief kan gebruiken; \
             sla haar op in drukformaat (een paar honderd pixels breed is genoeg)"
        ));
    }
    Ok(())
}

/// Decoded pixels: 8-bit grey (one byte a pixel) or RGB (three).
struct Pixels {
    width: u32,
    height: u32,
    gray: bool,
    data: Vec<u8>,
}

fn decode_png(bytes: &[u8]) -> Result<Pixels, String> {
    const BROKEN: &str = PNG_BROKEN;
    let broken = |_: png::DecodingError| BROKEN.to_string();
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    // Palettes to RGB, grey below 8 bits to 8, tRNS to alpha, 16 bits to 8.
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let header = decoder.read_header_info().map_err(broken)?;
    check_size(header.width, header.height)?;
    let mut reader = decoder.read_info().map_err(broken)?;
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| "het PNG-bestand is te groot".to_string())?;
    let mut buf = vec![0u8; size];
    let frame = reader.next_frame(&mut buf).map_err(broken)?;
    let (w, h) = (frame.width, frame.height);
    let channels = match frame.color_type {
        png::ColorType::Grayscale => 1,
        png::ColorType::GrayscaleAlpha => 2,
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        png::ColorType::Indexed => {
            return Err("het PNG-bestand heeft een onleesbaar palet".into());
        }
    };
    // Rows may be padded beyond width × channels; keep exactly the pixels.
    let row = frame.line_size;
    let used = w as usize * channels;
    let mut data = Vec::with_capacity(used * h as usize);
    for line in buf.chunks(row).take(h as usize) {
        data.extend_from_slice(line.get(..used).ok_or(BROKEN)?);
    }
    let (gray, data) = match channels {
        2 => (true, over_white(&data, 2)),
        4 => (false, over_white(&data, 4)),
        c => (c == 1, data),
    };
    Ok(Pixels {
        width: w,
        height: h,
        gray,
        data,
    })
}

/// Composites 8-bit pixels with a trailing alpha channel onto white and drops the
/// channel.
fn over_white(px: &[u8], channels: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(px.len() / channels * (channels - 1));
    for p in px.chunks_exact(channels) {
        let a = f64::from(p[channels - 1]) / 255.0;
        for &c in &p[..channels - 1] {
            let v = f64::from(c) / 255.0 * a + (1.0 - a);
            out.push((v * 255.0).round().clamp(0.0, 255.0) as u8);
        }
    }
    out
}

/// What a JPEG's frame header says.
#[derive(Debug, PartialEq, Eq)]
struct Frame {
    width: u16,
    height: u16,
    components: u8,
}

/// Reads the frame header (SOF) of a JPEG that PDF readers can decode as it is:
/// baseline, extended or progressive Huffman coding, 8 bits, grey or colour (YCbCr
/// or RGB; an Adobe marker says which, and /DCTDecode honours it).
fn jpeg_frame(b: &[u8]) -> Result<Frame, String> {
    let broken = || "het JPEG-bestand is beschadigd".to_string();
    if b.get(..2) != Some(&[0xFF, 0xD8][..]) {
        return Err(broken());
    }
    let mut at = 2;
    loop {
        if *b.get(at).ok_or_else(broken)? != 0xFF {
            return Err(broken());
        }
        let marker = *b.get(at + 1).ok_or_else(broken)?;
        // Fill bytes, and markers without a length (RSTn, TEM).
        if marker == 0xFF {
            at += 1;
            continue;
        }
        if matches!(marker, 0x01 | 0xD0..=0xD7) {
            at += 2;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([
            *b.get(at + 2).ok_or_else(broken)?,
            *b.get(at + 3).ok_or_else(broken)?,
        ]));
        if len < 2 || marker == 0xDA || marker == 0xD9 {
            // Scan data or the end before any frame header.
            return Err(broken());
        }
        let is_frame = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_frame {
            let s = b.get(at + 4..at + 10).ok_or_else(broken)?;
            let frame = Frame {
                height: u16::from_be_bytes([s[1], s[2]]),
                width: u16::from_be_bytes([s[3], s[4]]),
                components: s[5],
            };
            if !matches!(marker, 0xC0..=0xC2) || s[0] != 8 {
                return Err(
                    "het is een JPEG-soort die PDF niet kan tonen (verliesvrij, rekenkundig of \
                     12 bits); sla de afbeelding op als PNG of als gewone JPEG"
                        .into(),
                );
            }
            if frame.components == 4 {
                return Err(
                    "het is een CMYK-JPEG, voor drukwerk; sla de afbeelding op als RGB-JPEG of PNG"
                        .into(),
                );
            }
            if !matches!(frame.components, 1 | 3) || frame.width == 0 || frame.height == 0 {
                return Err(broken());
            }
            return Ok(frame);
        }
        at += 2 + len;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SOI, an APP0 of length 4, then a frame header of `sof` with `precision` bits
    /// and `components` components, 16 × 32 pixels.
    fn jpeg(sof: u8, precision: u8, components: u8) -> Vec<u8> {
        vec![
            0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0xFF, sof, 0x00, 0x11, precision, 0x00,
            0x20, 0x00, 0x10, components,
        ]
    }

    #[test]
    fn reads_the_frame_header() {
        let frame = Frame {
            width: 16,
            height: 32,
            components: 3,
        };
        assert_eq!(jpeg_frame(&jpeg(0xC0, 8, 3)), Ok(frame));
        assert_eq!(jpeg_frame(&jpeg(0xC2, 8, 1)).map(|f| f.components), Ok(1));
        assert!(jpeg_frame(b"\x89PNG").is_err());
        assert!(jpeg_frame(&jpeg(0xC0, 8, 3)[..9]).is_err());
        assert!(jpeg_frame(&jpeg(0xC0, 8, 4)).unwrap_err().contains("CMYK"));
        assert!(jpeg_frame(&jpeg(0xC1, 12, 3))
            .unwrap_err()
            .contains("12 bits"));
        assert!(jpeg_frame(&jpeg(0xC9, 8, 3)).is_err());
    }

    #[test]
    fn a_jpeg_without_a_frame_header_is_refused_without_reading_past_its_end() {
        // A marker whose length runs past the end, and one that loops on itself.
        assert!(jpeg_frame(&[0xFF, 0xD8, 0xFF, 0xE0, 0xFF, 0xFF]).is_err());
        assert!(jpeg_frame(&[0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x00]).is_err());
        assert!(jpeg_frame(&[0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x08]).is_err());
    }

    /// A PNG of the given chunks, each with its checksum, or with a wrong one.
    fn chunks(parts: &[(&[u8], &[u8], bool)]) -> Vec<u8> {
        let mut png = PNG_SIGNATURE.to_vec();
        for (kind, data, sound) in parts {
            png.extend_from_slice(&(data.len() as u32).to_be_bytes());
            png.extend_from_slice(kind);
            png.extend_from_slice(data);
            let mut sum = libdeflater::Crc::new();
            sum.update(kind);
            sum.update(data);
            let crc = if *sound { sum.sum() } else { !sum.sum() };
            png.extend_from_slice(&crc.to_be_bytes());
        }
        png
    }

    #[test]
    fn the_image_data_is_every_idat_chunk_each_checked() {
        let ihdr: &[u8] = &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0];
        let sound = chunks(&[
            (b"IHDR", ihdr, true),
            (b"IDAT", b"ab", true),
            (b"IDAT", b"cd", true),
            (b"IEND", b"", true),
        ]);
        assert_eq!(idat(&sound).as_deref(), Some(b"abcd".as_slice()));
        let damaged = chunks(&[
            (b"IHDR", ihdr, true),
            (b"IDAT", b"ab", true),
            (b"IDAT", b"cd", false),
            (b"IEND", b"", true),
        ]);
        assert_eq!(idat(&damaged), None);
    }

    #[test]
    fn rows_are_whole_only_with_every_row_and_a_filter_each() {
        let deflated = |raw: &[u8]| {
            crate::render::deflate::deflate(raw, 4, crate::render::deflate::Wrapper::Zlib).unwrap()
        };
        // Two rows of three RGB pixels: a filter byte and nine samples each.
        let rows = [[0u8; 10], [4; 10]].concat();
        assert!(rows_are_whole(&deflated(&rows), 3, 2, 24));
        assert!(!rows_are_whole(&deflated(&rows[..19]), 3, 2, 24));
        let mut bad = rows.clone();
        bad[10] = 5;
        assert!(!rows_are_whole(&deflated(&bad), 3, 2, 24));
        // 4-bit palette: five pixels are three bytes a row.
        assert!(rows_are_whole(
            &deflated(&[0, 1, 2, 3, 1, 4, 5, 6]),
            5,
            2,
            4
        ));
        assert!(!rows_are_whole(b"no zlib", 3, 2, 24));
    }

    /// Rows longer than the buffer they pass through, and rows that straddle it: each
    /// row's filter byte is still the one checked.
    #[test]
    fn rows_are_checked_across_the_buffer() {
        let deflated = |raw: &[u8]| {
            crate::render::deflate::deflate(raw, 4, crate::render::deflate::Wrapper::Zlib).unwrap()
        };
        // 1 000 RGB pixels a row: 3 001 bytes; 20 rows, 60 020 bytes.
        let (stride, height) = (3_001usize, 20usize);
        let mut rows: Vec<u8> = (0..stride * height).map(|i| (i % 7) as u8 * 30).collect();
        for row in 0..height {
            rows[row * stride] = (row % 5) as u8;
        }
        assert!(rows_are_whole(&deflated(&rows), 1_000, 20, 24));
        for bad_row in [5, 6, 19] {
            // Row 5 starts at 15 005 and row 6 at 18 006, either side of 16 KiB.
            let mut bad = rows.clone();
            bad[bad_row * stride] = 9;
            assert!(
                !rows_are_whole(&deflated(&bad), 1_000, 20, 24),
                "row {bad_row}"
            );
        }
        // A sample byte above 4 is no filter byte, wherever it falls.
        let mut samples = rows.clone();
        samples[16_384] = 200;
        assert!(rows_are_whole(&deflated(&samples), 1_000, 20, 24));
        // One byte short of the last row.
        assert!(!rows_are_whole(
            &deflated(&rows[..rows.len() - 1]),
            1_000,
            20,
            24
        ));
    }

    #[test]
    fn alpha_is_composited_onto_white() {
        // An opaque red pixel, a transparent one, a half-transparent black one.
        let px = [255, 0, 0, 255, 10, 20, 30, 0, 0, 0, 0, 128];
        assert_eq!(
            over_white(&px, 4),
            vec![255, 0, 0, 255, 255, 255, 127, 127, 127]
        );
        assert_eq!(over_white(&[0, 128, 200, 255], 2), vec![127, 200]);
    }
}
