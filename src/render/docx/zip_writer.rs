//! The ZIP container of a DOCX, written here with one deflate compressor per thread
//! ([`crate::render::deflate`]).
//!
//! The zip crate makes a new compressor for every entry, a few hundred KiB of window
//! and hash tables, and a DOCX has a dozen entries. Freed a moment later, those blocks
//! raise glibc's mmap threshold to their size, so from then on they come from the
//! per-thread arenas, which the small allocations that outlive a document fragment: a
//! build of 1 000 letters (release, `--child-batch country --grow 1000 --letters-only`
//! of the build bench, without a fixed mmap threshold) held 170 MiB resident for 15 MiB
//! of live heap (heaptrack), growing with every letter; as DOCX only 213 MiB, and 28 MiB
//! with the parts stored uncompressed. Reusing one compressor per rayon thread, as the
//! PDF's streams do, allocates those tables once per thread: 27 MiB for the DOCX.
//!
//! The headers are the zip crate's for the same entries (a test compares them): local
//! headers without extra fields or data descriptors, Unix permissions 0644, no comment;
//! the deflate data are libdeflate's at zlib's default level. The zip crate still reads
//! packages (templates, tests).

use libdeflater::Crc;

use crate::document::word_base::StoredPart;
use crate::render::deflate::{self, Wrapper};

/// zlib's default level, which the zip crate deflated these packages with. Measured on
/// the sample region's nine DOCX (callgrind of the whole build, DOCX + PDF, zlib-rs):
/// level 4 made them 4.9 % larger for 1.6 % fewer instructions, level 1 32 % larger for
/// 7 %; with libdeflate 4 is 7 % larger for no measurable gain (table in README).
const LEVEL: u32 = 6;

/// Version needed to extract a deflated entry (2.0) or a stored one (1.0); the "made
/// by" field says the same version, on a Unix host.
fn version(method: u16) -> u16 {
    if method == DEFLATED {
        20
    } else {
        10
    }
}
const UNIX: u16 = 3 << 8;
/// Deflate, and no compression (pictures, which are compressed already).
const DEFLATED: u16 = 8;
const STORED: u16 = 0;
/// General purpose bit 11: the name is UTF-8.
const UTF8_NAME: u16 = 1 << 11;
/// A regular file, rw-r--r--, in the upper half of the external attributes.
const EXTERNAL_ATTRIBUTES: u32 = 0o100_644 << 16;

/// An MS-DOS timestamp, as ZIP stores it.
#[derive(Debug, Clone, Copy)]
pub struct DosTime {
    pub time: u16,
    pub date: u16,
}

/// What the central directory repeats of an entry.
struct Written {
    flags: u16,
    method: u16,
    crc: u32,
    compressed: u32,
    size: u32,
    offset: u32,
}

/// How an entry goes into the archive.
#[derive(Clone, Copy)]
enum How<'a> {
    Deflate,
    Store,
    /// As a template's package stored it: its data copied, not compressed again.
    Copy(&'a StoredPart),
}

/// A PNG or JPEG is compressed already: deflating it again costs time (0.6 ms for
/// the sample region's pictures) to win 2.5 %.
fn compressed_already(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".gif"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// `entries` (name, contents), in this order, as a ZIP archive whose every entry
/// carries `stamp`. `stored` gives, for an entry whose contents are still a
/// template's part, that part as the template's zip stored it.
pub fn write<'a>(
    entries: &[(String, Vec<u8>)],
    stamp: DosTime,
    stored: &dyn Fn(&str, &[u8]) -> Option<&'a StoredPart>,
) -> std::io::Result<Vec<u8>> {
    let total: usize = entries.iter().map(|(n, b)| n.len() * 2 + b.len()).sum();
    // Parts are XML that deflates to well under a half; one reservation for the usual
    // case rather than a doubling buffer, with room for the compressor's worst case
    // (a little more than the input) of the largest part.
    let largest = entries.iter().map(|(_, b)| b.len()).max().unwrap_or(0);
    let mut out = Vec::with_capacity(total / 2 + entries.len() * 100 + largest + 1024);
    let mut written = Vec::with_capacity(entries.len());
    for (name, bytes) in entries {
        let how = match stored(name, bytes) {
            Some(part) => How::Copy(part),
            None if compressed_already(name) => How::Store,
            None => How::Deflate,
        };
        written.push(entry(&mut out, name, bytes, how, stamp)?);
    }
    let central_start = u32_of(out.len())?;
    for ((name, _), w) in entries.iter().zip(&written) {
        put32(&mut out, 0x0201_4b50);
        put16(&mut out, UNIX | version(w.method));
        put16(&mut out, version(w.method));
        put16(&mut out, w.flags);
        put16(&mut out, w.method);
        put16(&mut out, stamp.time);
        put16(&mut out, stamp.date);
        put32(&mut out, w.crc);
        put32(&mut out, w.compressed);
        put32(&mut out, w.size);
        put16(&mut out, u16_of(name.len())?);
        put16(&mut out, 0); // extra field
        put16(&mut out, 0); // comment
        put16(&mut out, 0); // disk
        put16(&mut out, 0); // internal attributes
        put32(&mut out, EXTERNAL_ATTRIBUTES);
        put32(&mut out, w.offset);
        out.extend_from_slice(name.as_bytes());
    }
    let central_size = u32_of(out.len())? - central_start;
    let count = u16_of(entries.len())?;
    put32(&mut out, 0x0605_4b50);
    put16(&mut out, 0); // this disk
    put16(&mut out, 0); // the central directory's disk
    put16(&mut out, count);
    put16(&mut out, count);
    put32(&mut out, central_size);
    put32(&mut out, central_start);
    put16(&mut out, 0); // comment
    Ok(out)
}

/// One local header and the contents, deflated, stored or copied; the header's
/// checksum and sizes are filled in once the contents are written.
fn entry(
    out: &mut Vec<u8>,
    name: &str,
    bytes: &[u8],
    how: How,
    stamp: DosTime,
) -> std::io::Result<Written> {
    let offset = u32_of(out.len())?;
    let flags = if name.is_ascii() { 0 } else { UTF8_NAME };
    let method = match how {
        How::Deflate => DEFLATED,
        How::Store => STORED,
        How::Copy(part) if part.deflated => DEFLATED,
        How::Copy(_) => STORED,
    };
    put32(out, 0x0403_4b50);
    put16(out, version(method));
    put16(out, flags);
    put16(out, method);
    put16(out, stamp.time);
    put16(out, stamp.date);
    let sizes_at = out.len();
    put32(out, 0); // checksum
    put32(out, 0); // compressed size
    put32(out, 0); // size
    put16(out, u16_of(name.len())?);
    put16(out, 0); // extra field
    out.extend_from_slice(name.as_bytes());
    let start = out.len();
    let crc = match how {
        How::Copy(part) => {
            out.extend_from_slice(&part.data);
            part.crc32
        }
        How::Store | How::Deflate => {
            if matches!(how, How::Store) {
                out.extend_from_slice(bytes);
            } else {
                deflate_into(out, bytes)?;
            }
            let mut crc = Crc::new();
            crc.update(bytes);
            crc.sum()
        }
    };
    let w = Written {
        flags,
        method,
        crc,
        compressed: u32_of(out.len() - start)?,
        size: u32_of(bytes.len())?,
        offset,
    };
    let fields = [w.crc, w.compressed, w.size];
    for (i, v) in fields.iter().enumerate() {
        out[sizes_at + 4 * i..sizes_at + 4 * i + 4].copy_from_slice(&v.to_le_bytes());
    }
    Ok(w)
}

/// Appends `data` as a raw deflate stream (RFC 1951, what ZIP's method 8 holds).
fn deflate_into(out: &mut Vec<u8>, data: &[u8]) -> std::io::Result<()> {
    deflate::deflate_into(out, data, LEVEL, Wrapper::Raw)
}

fn put16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// ZIP without its 64-bit extension counts in 32 bits; a part of 4 GiB is not a letter.
fn u32_of(n: usize) -> std::io::Result<u32> {
    u32::try_from(n).map_err(|_| std::io::Error::other("het bestand wordt groter dan 4 GiB"))
}

fn u16_of(n: usize) -> std::io::Result<u16> {
    u16::try_from(n)
        .map_err(|_| std::io::Error::other("meer dan 65 535 onderdelen of een te lange naam"))
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Read as _, Write as _};

    use super::*;

    /// What the zip crate wrote for the same entries, with the options DOCX packages
    /// were written with before (pictures stored, not deflated).
    fn zip_crates(entries: &[(String, Vec<u8>)], when: zip::DateTime) -> Vec<u8> {
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(when)
            .system(zip::System::Unix)
            .unix_permissions(0o644);
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, bytes) in entries {
            let options = if compressed_already(name) {
                options.compression_method(zip::CompressionMethod::Stored)
            } else {
                options
            };
            zip.start_file(name.as_str(), options).unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    /// What a package has: small and large XML parts, an empty one, a picture that
    /// does not deflate, a name outside ASCII.
    fn entries() -> Vec<(String, Vec<u8>)> {
        // Long enough for several rounds of output room, varied enough to need them.
        let xml: Vec<u8> = (0..60_000u32)
            .flat_map(|i| {
                format!(
                    "<w:p><w:r><w:t>Gemeente {}</w:t></w:r></w:p>",
                    i * 7919 % 100_003
                )
                .into_bytes()
            })
            .collect();
        let noise: Vec<u8> = (0..70_000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
            .collect();
        vec![
            ("[Content_Types].xml".into(), b"<Types/>".to_vec()),
            ("word/document.xml".into(), xml),
            ("word/empty.xml".into(), Vec::new()),
            ("word/media/logo.png".into(), noise),
            ("word/media/wapen-ĳsselstein.png".into(), b"x".repeat(300)),
        ]
    }

    /// What the central directory says of each entry, as the zip crate reads it.
    fn described(zip: Vec<u8>) -> Vec<String> {
        let mut archive = zip::ZipArchive::new(Cursor::new(zip)).unwrap();
        (0..archive.len())
            .map(|i| {
                let f = archive.by_index(i).unwrap();
                format!(
                    "{} {:?} crc {:08x} size {} mode {:?} time {:?} extra {:?}",
                    f.name(),
                    f.compression(),
                    f.crc32(),
                    f.size(),
                    f.unix_mode(),
                    f.last_modified(),
                    f.extra_data(),
                )
            })
            .collect()
    }

    #[test]
    fn every_entry_is_described_as_the_zip_crate_describes_it() {
        let when = zip::DateTime::from_date_and_time(2026, 11, 23, 0, 0, 0).unwrap();
        let stamp = DosTime {
            time: when.timepart(),
            date: when.datepart(),
        };
        // Twice, so that the second archive is written by a reused compressor.
        let first = write(&entries(), stamp, &|_, _| None).unwrap();
        for _ in 0..2 {
            let ours = write(&entries(), stamp, &|_, _| None).unwrap();
            assert_eq!(ours, first, "the same entries, the same bytes");
            assert_eq!(described(ours), described(zip_crates(&entries(), when)));
        }
    }

    #[test]
    fn the_zip_crate_reads_every_entry_back() {
        let stamp = DosTime { time: 0, date: 33 };
        let bytes = write(&entries(), stamp, &|_, _| None).unwrap();
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        for (name, expected) in entries() {
            let mut file = archive.by_name(&name).unwrap();
            let mut read = Vec::new();
            file.read_to_end(&mut read).unwrap();
            assert_eq!(read, expected, "{name}");
        }
    }

    /// A template's part that is still as the template had it goes in as the
    /// template's zip stored it: the same compressed bytes, readable and checked (CRC)
    /// by the zip crate; a part that was changed is compressed anew.
    #[test]
    fn a_template_part_is_copied_as_it_was_stored() {
        // The "template": deflated at level 9, so its bytes differ from ours at 6.
        let styles: Vec<u8> = b"<w:style w:styleId=\"Kop1\"/>".repeat(2_000);
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(9));
        zip.start_file("word/styles.xml", options).unwrap();
        zip.write_all(&styles).unwrap();
        let template = zip.finish().unwrap().into_inner();
        let mut archive = zip::ZipArchive::new(Cursor::new(template)).unwrap();
        let mut raw = archive.by_index_raw(0).unwrap();
        let crc32 = raw.crc32();
        let mut data = Vec::new();
        raw.read_to_end(&mut data).unwrap();
        let part = StoredPart {
            deflated: true,
            crc32,
            data: data.clone(),
        };
        let changed = b"<w:styles/>".to_vec();
        let entries = vec![
            ("word/styles.xml".to_owned(), styles.clone()),
            ("word/settings.xml".to_owned(), changed.clone()),
        ];
        let stamp = DosTime { time: 0, date: 33 };
        let stored = |name: &str, bytes: &[u8]| {
            // As `WordBase::stored_as`: only while the contents are the template's.
            (name == "word/styles.xml" && bytes == styles.as_slice()).then_some(&part)
        };
        let ours = write(&entries, stamp, &stored).unwrap();
        assert!(
            ours.windows(data.len()).any(|w| w == data.as_slice()),
            "the template's compressed bytes are in the package"
        );
        let mut back = zip::ZipArchive::new(Cursor::new(ours)).unwrap();
        for (name, expected) in entries {
            let mut file = back.by_name(&name).unwrap();
            let mut read = Vec::new();
            file.read_to_end(&mut read).unwrap();
            assert_eq!(read, expected, "{name}");
        }
    }
}
