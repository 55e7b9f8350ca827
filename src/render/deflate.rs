//! Deflate for both containers: a PDF's streams (zlib, RFC 1950, what FlateDecode reads)
//! and a DOCX's zip entries (raw deflate, RFC 1951, zip's method 8).
//!
//! libdeflate rather than zlib: it compresses a whole buffer in one call, which is all
//! we ever have (a part or a stream is made in memory before it is packed), and on our
//! own output it is faster at the same size (`cargo run --release --example
//! deflate_levels`, table in README). Compressors are kept for the run and shared (one
//! per level for each thread deflating at once): their tables are a few hundred KiB,
//! and making them for every stream of a PDF or part of a DOCX was a measurable part of
//! a short letter's run and fragmented glibc's arenas.

use std::sync::Mutex;

use libdeflater::{CompressionLvl, Compressor};

/// What wraps the deflate data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wrapper {
    /// A zlib header and Adler-32 trailer: a PDF stream's `FlateDecode`.
    Zlib,
    /// Nothing: a zip entry, whose header holds the CRC-32.
    Raw,
}

/// Compressors not in use, each with its level: taken for one call and put back. Shared
/// by the threads rather than one per thread, so that a compressor made and first used
/// on a helper thread (`pdf::deflating`, while the letter is laid out) is the one the
/// main thread takes afterwards: a compressor's first call touches its tables, some
/// 300 KiB of fresh pages, which was a tenth of a millisecond of a letter.
static IDLE: Mutex<Vec<(i32, Compressor)>> = Mutex::new(Vec::new());

fn idle() -> std::sync::MutexGuard<'static, Vec<(i32, Compressor)>> {
    // A panic while it is held cannot leave it half-changed: each change is one call.
    IDLE.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Makes `count` compressors for `level` ready beside those idle, each used once so
/// that its tables are touched (libdeflate stores inputs under some 40 bytes without
/// them): a thread with nothing else to do takes this from those that deflate next.
pub fn prepare(level: u32, count: usize) {
    let Ok((level, lvl)) = level_of(level) else {
        return;
    };
    let sample = [b' '; 64];
    let mut out = [0u8; 256];
    for _ in 0..count {
        let mut z = Compressor::new(lvl);
        let _ = z.zlib_compress(&sample, &mut out);
        idle().push((level, z));
    }
}

/// `level` clamped to libdeflate's 0–12, as the key of the idle list and as its level.
fn level_of(level: u32) -> std::io::Result<(i32, CompressionLvl)> {
    let level = i32::try_from(level.min(12)).unwrap_or(12);
    CompressionLvl::new(level)
        .map(|lvl| (level, lvl))
        .map_err(|_| std::io::Error::other(format!("compressieniveau {level} bestaat niet")))
}

/// Appends `data` deflated at `level` (clamped to libdeflate's 0–12) to `out`.
pub fn deflate_into(
    out: &mut Vec<u8>,
    data: &[u8],
    level: u32,
    wrapper: Wrapper,
) -> std::io::Result<()> {
    let (level, lvl) = level_of(level)?;
    let taken = {
        let mut idle = idle();
        let at = idle.iter().rposition(|(l, _)| *l == level);
        at.map(|i| idle.swap_remove(i).1)
    };
    let mut z = taken.unwrap_or_else(|| Compressor::new(lvl));
    let start = out.len();
    let bound = match wrapper {
        Wrapper::Zlib => z.zlib_compress_bound(data.len()),
        Wrapper::Raw => z.deflate_compress_bound(data.len()),
    };
    out.resize(start + bound, 0);
    let written = match wrapper {
        Wrapper::Zlib => z.zlib_compress(data, &mut out[start..]),
        Wrapper::Raw => z.deflate_compress(data, &mut out[start..]),
    };
    idle().push((level, z));
    match written {
        Ok(n) => {
            out.truncate(start + n);
            Ok(())
        }
        Err(e) => {
            out.truncate(start);
            Err(std::io::Error::other(format!(
                "comprimeren is mislukt ({e:?}): meld dit als fout in raadsbrief"
            )))
        }
    }
}

/// `data` deflated at `level` as a new buffer.
pub fn deflate(data: &[u8], level: u32, wrapper: Wrapper) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    deflate_into(&mut out, data, level, wrapper)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read as _;

    fn inflate(data: &[u8], wrapper: Wrapper) -> Vec<u8> {
        let mut out = Vec::new();
        match wrapper {
            Wrapper::Zlib => flate2::read::ZlibDecoder::new(data).read_to_end(&mut out),
            Wrapper::Raw => flate2::read::DeflateDecoder::new(data).read_to_end(&mut out),
        }
        .expect("a deflate stream");
        out
    }

    #[test]
    fn a_reused_compressor_gives_each_stream_whole_and_alone() {
        let long: Vec<u8> = (0..200_000u32)
            .flat_map(|i| (i % 251).to_le_bytes())
            .collect();
        let inputs: [&[u8]; 4] = [b"BT /F1 12 Tf (Blaricum) Tj ET", &long, b"", &long[..1000]];
        for wrapper in [Wrapper::Zlib, Wrapper::Raw] {
            let first: Vec<Vec<u8>> = inputs
                .iter()
                .map(|d| deflate(d, 4, wrapper).unwrap())
                .collect();
            for (data, packed) in inputs.iter().zip(&first) {
                assert_eq!(&inflate(packed, wrapper), data);
            }
            // The same input after other streams and another level: the same bytes.
            deflate(&long, 9, wrapper).unwrap();
            let again: Vec<Vec<u8>> = inputs
                .iter()
                .map(|d| deflate(d, 4, wrapper).unwrap())
                .collect();
            assert_eq!(first, again);
        }
    }

    #[test]
    fn appending_keeps_what_was_there() {
        let text = b"0 0 1 rg 72 720 Td (Gooi en Vechtstreek) Tj\n".repeat(300);
        let mut out = b"PK".to_vec();
        deflate_into(&mut out, &text, 6, Wrapper::Raw).unwrap();
        assert_eq!(&out[..2], b"PK");
        assert_eq!(inflate(&out[2..], Wrapper::Raw), text);
        assert!(out.len() < text.len() / 10, "{} bytes", out.len());
    }

    #[test]
    fn a_thread_of_its_own_makes_the_same_bytes() {
        let text = b"<w:p><w:r><w:t>Eemnes</w:t></w:r></w:p>".repeat(500);
        let here = deflate(&text, 6, Wrapper::Zlib).unwrap();
        let there = std::thread::scope(|s| {
            s.spawn(|| deflate(&text, 6, Wrapper::Zlib).unwrap())
                .join()
                .unwrap()
        });
        assert_eq!(here, there);
    }
}
