//! Deflating a PDF's streams with one compressor per thread, reset between streams.
//!
//! A zlib compressor holds a few hundred KiB of window and hash tables, and a PDF has
//! a stream per page, font program, ToUnicode map, picture and object stream: a new
//! compressor for each meant that many large allocations freed again a moment later,
//! which glibc's malloc keeps in its arenas (a build of 342 municipalities held 108 MiB
//! for 18 MiB of live heap) and whose setup was a measurable part of a short letter's
//! run. Reusing one per rayon thread allocates those tables once per thread.

use std::cell::RefCell;

use flate2::{Compress, Compression, FlushCompress, Status};

thread_local! {
    /// The thread's compressor and the level it was made for.
    static COMPRESSOR: RefCell<Option<(u32, Compress)>> = const { RefCell::new(None) };
}

/// `data` as a zlib stream (RFC 1950, what PDF's FlateDecode reads) at `level` (0–9).
pub fn deflate(data: &[u8], level: u32) -> std::io::Result<Vec<u8>> {
    let level = level.min(9);
    COMPRESSOR.with(|slot| {
        let mut slot = slot.borrow_mut();
        let z = match &mut *slot {
            Some((made_for, z)) if *made_for == level => {
                z.reset();
                z
            }
            other => {
                &mut other
                    .insert((level, Compress::new(Compression::new(level), true)))
                    .1
            }
        };
        let mut out = Vec::with_capacity(data.len() / 2 + 64);
        loop {
            let consumed = z.total_in() as usize;
            let status = z
                .compress_vec(&data[consumed..], &mut out, FlushCompress::Finish)
                .map_err(std::io::Error::other)?;
            match status {
                Status::StreamEnd => return Ok(out),
                Status::Ok | Status::BufError => out.reserve(out.capacity().max(1024)),
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read as _;

    fn inflate(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::ZlibDecoder::new(data)
            .read_to_end(&mut out)
            .expect("a zlib stream");
        out
    }

    #[test]
    fn a_reused_compressor_gives_each_stream_whole_and_alone() {
        let long: Vec<u8> = (0..200_000u32)
            .flat_map(|i| (i % 251).to_le_bytes())
            .collect();
        let inputs: [&[u8]; 4] = [b"BT /F1 12 Tf (Blaricum) Tj ET", &long, b"", &long[..1000]];
        let first: Vec<Vec<u8>> = inputs.iter().map(|d| deflate(d, 4).unwrap()).collect();
        for (data, packed) in inputs.iter().zip(&first) {
            assert_eq!(&inflate(packed), data);
        }
        // The same input after other streams and another level: the same bytes.
        deflate(&long, 9).unwrap();
        let again: Vec<Vec<u8>> = inputs.iter().map(|d| deflate(d, 4).unwrap()).collect();
        assert_eq!(first, again);
    }

    #[test]
    fn the_bytes_are_those_of_a_fresh_encoder() {
        use std::io::Write as _;
        let text: Vec<u8> = b"0 0 1 rg 72 720 Td (Gooi en Vechtstreek) Tj\n".repeat(3000);
        deflate(b"warm the compressor up", 6).unwrap();
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), Compression::new(6));
        z.write_all(&text).unwrap();
        assert_eq!(deflate(&text, 6).unwrap(), z.finish().unwrap());
    }
}
