//! Reading a font file in two steps: what matching needs when the file is found, the
//! whole program only when a face of it is used.
//!
//! A `lettertypen` folder holds a family's four faces (the sample's Carlito: 5.5 MB),
//! and a letter usually sets two of them. Reading every file whole cost the Gooise
//! Meren letter about a tenth of its run (zeroed pages, the copy, the page faults;
//! `perf`). So a file is first read only where matching and the checks look: its
//! first 4 KiB (the header and table directory, which the font's identity is hashed
//! from), each face's table directory and its `head`, `hhea`, `maxp`, `name` and
//! `OS/2` tables. The rest of the buffer stays zero, which costs no memory until
//! touched. When layout or the PDF first needs the program, the whole file is read
//! once and compared with what was read first: a file changed in between is not
//! mixed with what was matched (see [`Sparse::whole`]).
//!
//! The file is read, not memory-mapped: a mapped file that another program truncates
//! while it is mapped ends the process with SIGBUS.

use std::io::{Read, Seek, SeekFrom};
use std::ops::Range;
use std::path::PathBuf;
use std::sync::OnceLock;

/// What the header and the table directories are read within.
const HEAD: usize = 4096;

/// The tables matching and the first parse read (`ttf_parser::Face::parse` needs the
/// first three).
const TABLES: [&[u8; 4]; 5] = [b"head", b"hhea", b"maxp", b"name", b"OS/2"];

/// A font file of which only some ranges have been read.
pub struct Sparse {
    pub path: PathBuf,
    /// As long as the file, zero outside `ranges`.
    pub bytes: Box<[u8]>,
    ranges: Vec<Range<usize>>,
    whole: OnceLock<Option<&'static [u8]>>,
}

impl Sparse {
    /// Reads the ranges described above from `file`, `len` bytes long.
    pub fn read(path: PathBuf, file: &mut std::fs::File, len: usize) -> std::io::Result<Sparse> {
        // Zeroed memory from the allocator: pages not written to are not touched.
        let mut bytes = vec![0u8; len];
        let mut ranges = Vec::new();
        let mut fill = |bytes: &mut [u8], range: Range<usize>| -> std::io::Result<()> {
            let range = range.start.min(len)..range.end.min(len);
            if range.is_empty() || ranges.iter().any(|r: &Range<usize>| r == &range) {
                return Ok(());
            }
            file.seek(SeekFrom::Start(range.start as u64))?;
            file.read_exact(&mut bytes[range.clone()])?;
            ranges.push(range);
            Ok(())
        };
        fill(&mut bytes, 0..HEAD)?;
        for start in directories(&bytes) {
            fill(&mut bytes, start..start.saturating_add(12))?;
            let count = be16(&bytes, start.saturating_add(4)).unwrap_or(0);
            fill(&mut bytes, start..start.saturating_add(12 + 16 * count))?;
            for i in 0..count {
                let record = start.saturating_add(12 + 16 * i);
                let Some(tag) = bytes.get(record..record.saturating_add(4)) else {
                    break;
                };
                if !TABLES.iter().any(|t| t.as_slice() == tag) {
                    continue;
                }
                let (Some(offset), Some(length)) =
                    (be32(&bytes, record + 8), be32(&bytes, record + 12))
                else {
                    continue;
                };
                fill(&mut bytes, offset..offset.saturating_add(length))?;
            }
        }
        Ok(Sparse {
            path,
            bytes: bytes.into_boxed_slice(),
            ranges,
            whole: OnceLock::new(),
        })
    }

    /// The whole program, read once for every face of the file; `None` when the file
    /// can no longer be read or no longer holds, in every range read first, what it
    /// held then (it was replaced or changed during the run).
    pub fn whole(&self) -> Option<&'static [u8]> {
        *self.whole.get_or_init(|| {
            let len = self.bytes.len();
            // Memory the kernel fills in one go (populated), where a heap buffer took a
            // page fault for every 4 KiB the read copied in: 345 of a Carlito letter's
            // 1 261. Anonymous memory, not the file mapped: a mapped file that another
            // program truncates ends the process with SIGBUS.
            let mut data = memmap2::MmapOptions::new()
                .len(len.max(1))
                .populate()
                .map_anon()
                .ok()?;
            let mut file = std::fs::File::open(&self.path).ok()?;
            file.read_exact(&mut data[..len]).ok()?;
            // The file must end where it ended when it was first read.
            let longer = file.read(&mut [0u8; 1]).ok()? != 0;
            let same = !longer
                && self
                    .ranges
                    .iter()
                    .all(|r| data[r.clone()] == self.bytes[r.clone()]);
            same.then(|| &Box::leak(Box::new(data))[..len])
        })
    }
}

/// Where each face's table directory starts: one, or one per face of a collection.
fn directories(bytes: &[u8]) -> Vec<usize> {
    if bytes.starts_with(b"ttcf") {
        let count = be32(bytes, 8).unwrap_or(0).min(64);
        (0..count).filter_map(|i| be32(bytes, 12 + 4 * i)).collect()
    } else {
        vec![0]
    }
}

fn be16(bytes: &[u8], at: usize) -> Option<usize> {
    let b = bytes.get(at..at.checked_add(2)?)?;
    Some(usize::from(u16::from_be_bytes([b[0], b[1]])))
}

fn be32(bytes: &[u8], at: usize) -> Option<usize> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    usize::try_from(u32::from_be_bytes([b[0], b[1], b[2], b[3]])).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const REGULAR: &[u8] = include_bytes!("../../fonts/LiberationSans-Regular.ttf");

    fn sparse_of(bytes: &[u8]) -> (tempfile::TempDir, Sparse) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.ttf");
        std::fs::write(&path, bytes).expect("write");
        let mut file = std::fs::File::open(&path).expect("open");
        let sparse = Sparse::read(path, &mut file, bytes.len()).expect("read");
        (dir, sparse)
    }

    #[test]
    fn only_the_directory_and_the_matching_tables_are_read() {
        let (_dir, sparse) = sparse_of(REGULAR);
        let read: usize = sparse.ranges.iter().map(|r| r.len()).sum();
        assert!(read < REGULAR.len() / 4, "{read} of {}", REGULAR.len());
        for r in &sparse.ranges {
            assert_eq!(sparse.bytes[r.clone()], REGULAR[r.clone()]);
        }
        let face = rustybuzz::ttf_parser::Face::parse(&sparse.bytes, 0).expect("parses as a font");
        let whole = rustybuzz::ttf_parser::Face::parse(REGULAR, 0).expect("parses");
        assert_eq!(face.weight(), whole.weight());
        assert_eq!(face.units_per_em(), whole.units_per_em());
        assert_eq!(face.number_of_glyphs(), whole.number_of_glyphs());
        assert_eq!(
            face.names()
                .into_iter()
                .filter_map(|n| n.to_string())
                .collect::<Vec<_>>(),
            whole
                .names()
                .into_iter()
                .filter_map(|n| n.to_string())
                .collect::<Vec<_>>()
        );
        assert_eq!(sparse.whole(), Some(REGULAR));
    }

    #[test]
    fn a_file_changed_after_it_was_found_is_not_used() {
        let (dir, sparse) = sparse_of(REGULAR);
        let path = dir.path().join("a.ttf");
        // Another face of the same length: the name table differs.
        let other = include_bytes!("../../fonts/LiberationSans-Bold.ttf");
        let mut changed = other[..other.len().min(REGULAR.len())].to_vec();
        changed.resize(REGULAR.len(), 0);
        std::fs::write(&path, &changed).expect("write");
        assert_eq!(sparse.whole(), None);

        let (dir, sparse) = sparse_of(REGULAR);
        std::fs::remove_file(dir.path().join("a.ttf")).expect("remove");
        assert_eq!(sparse.whole(), None, "a removed file");
    }

    #[test]
    fn a_file_that_grew_or_shrank_is_not_used_and_one_unchanged_is_read_whole() {
        let (_dir, sparse) = sparse_of(REGULAR);
        assert_eq!(sparse.whole(), Some(REGULAR));
        for len in [REGULAR.len() + 1, REGULAR.len() - 1] {
            let (dir, sparse) = sparse_of(REGULAR);
            let mut changed = REGULAR.to_vec();
            changed.resize(len, 0);
            std::fs::write(dir.path().join("a.ttf"), &changed).expect("write");
            assert_eq!(sparse.whole(), None, "{len} bytes");
        }
    }
}
