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
//! touched. When layout first needs the program, every table but the outlines is read
//! ([`Sparse::layout`]: shaping, advances and the PDF's font metrics need no outline),
//! and the PDF reads the outlines of only the glyphs it embeds ([`Sparse::outlines`]):
//! Carlito's `glyf` is four fifths of each file, a letter uses a hundred of its 2 300
//! glyphs, and reading both faces whole (zeroed pages, the copy, the faults) cost the
//! Gooise Meren letter about a millisecond. Each read compares what it finds with what
//! was read first: a file changed in between is not mixed with what was matched.
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
    layout: OnceLock<Option<Layout>>,
}

/// Every table of a file but the outlines, or the whole program (see [`Sparse::layout`]).
struct Layout {
    bytes: &'static [u8],
    whole: bool,
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
            for (tag, range) in table_records(&bytes, start) {
                if TABLES.contains(&&tag) {
                    fill(&mut bytes, range)?;
                }
            }
        }
        Ok(Sparse {
            path,
            bytes: bytes.into_boxed_slice(),
            ranges,
            whole: OnceLock::new(),
            layout: OnceLock::new(),
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

    /// The program with every table but the outlines (`glyf`) read, zero where they
    /// lie; `None` as for [`Sparse::whole`]. The whole program for a file whose
    /// shaping could read outlines: one without GPOS (rustybuzz then places marks by
    /// the glyphs' extents) or a variable font.
    pub fn layout(&self) -> Option<&'static [u8]> {
        self.layout_tables().map(|l| l.bytes)
    }

    fn layout_tables(&self) -> Option<&Layout> {
        self.layout
            .get_or_init(|| {
                let records = self.records();
                let tag = |t: &[u8; 4]| records.iter().any(|r| &r.0 == t);
                if !tag(b"GPOS") || tag(b"fvar") || !tag(b"glyf") {
                    return Some(Layout {
                        bytes: self.whole()?,
                        whole: true,
                    });
                }
                let mut ranges = self.ranges.clone();
                ranges.extend(
                    records
                        .iter()
                        .filter(|r| &r.0 != b"glyf")
                        .map(|r| r.1.clone()),
                );
                let mut file = self.unchanged()?;
                let mut data = vec![0u8; self.bytes.len()];
                for r in merged(ranges, data.len()) {
                    file.seek(SeekFrom::Start(r.start as u64)).ok()?;
                    file.read_exact(&mut data[r]).ok()?;
                }
                let bytes: &'static [u8] = Box::leak(data.into_boxed_slice());
                Some(Layout {
                    bytes,
                    whole: false,
                })
            })
            .as_ref()
    }

    /// A program for a PDF subset of `glyphs`: the layout tables with a `glyf` that
    /// holds the outlines of `glyphs` and of the glyphs their composite glyphs are made
    /// of, and a `loca` that finds them there (every other glyph empty). Glyph ids are
    /// the file's, so a subset of it is the subset of the whole program. Packed rather
    /// than read into a buffer as long as the file: a hundred glyphs lie on a hundred
    /// pages of it, each a page fault. The whole program where layout read it whole,
    /// and for a collection (whose faces share tables); `None` as for
    /// [`Sparse::whole`].
    pub fn outlines(
        &self,
        index: u32,
        glyphs: impl IntoIterator<Item = u16>,
    ) -> Option<std::borrow::Cow<'static, [u8]>> {
        let layout = self.layout_tables()?;
        if layout.whole {
            return Some(std::borrow::Cow::Borrowed(layout.bytes));
        }
        if self.bytes.starts_with(b"ttcf") {
            return self.whole().map(std::borrow::Cow::Borrowed);
        }
        let tables = layout.bytes;
        let start = *directories(&self.bytes).get(usize::try_from(index).ok()?)?;
        let records = self.records_of(start);
        let range = |tag: &[u8; 4]| records.iter().find(|r| &r.0 == tag).map(|r| r.1.clone());
        let (Some(glyf), Some(loca), Some(head)) = (range(b"glyf"), range(b"loca"), range(b"head"))
        else {
            return self.whole().map(std::borrow::Cow::Borrowed);
        };
        let long = be16(tables, head.start + 50)? == 1;
        let glyph_count = be16(tables, range(b"maxp")?.start + 4)?;
        let span = |gid| glyph_range(tables, (&glyf, &loca), long, gid);
        // Each wanted glyph's outline, read from the file, components followed.
        let mut file = self.unchanged()?;
        let mut outline: std::collections::BTreeMap<u16, Vec<u8>> = Default::default();
        let mut todo: Vec<u16> = glyphs.into_iter().collect();
        // Components nest a few levels at most (`maxp`'s maxComponentDepth); a file
        // whose glyphs refer round in circles stops here.
        for _ in 0..MAX_COMPONENT_DEPTH {
            let mut next = Vec::new();
            for gid in std::mem::take(&mut todo) {
                if outline.contains_key(&gid) {
                    continue;
                }
                let Some(r) = span(gid) else {
                    outline.insert(gid, Vec::new());
                    continue;
                };
                let mut bytes = vec![0u8; r.len()];
                file.seek(SeekFrom::Start(r.start as u64)).ok()?;
                file.read_exact(&mut bytes).ok()?;
                next.extend(components(&bytes));
                outline.insert(gid, bytes);
            }
            if next.is_empty() {
                break;
            }
            todo = next;
        }
        // The new `glyf` and `loca`, in the file's `loca` format.
        let mut new_glyf = Vec::new();
        let mut new_loca = Vec::with_capacity((glyph_count + 1) * if long { 4 } else { 2 });
        let offset = |at: usize, loca: &mut Vec<u8>| {
            if long {
                loca.extend(u32::try_from(at).unwrap_or(u32::MAX).to_be_bytes());
            } else {
                loca.extend(u16::try_from(at / 2).unwrap_or(u16::MAX).to_be_bytes());
            }
        };
        for gid in 0..glyph_count {
            offset(new_glyf.len(), &mut new_loca);
            if let Some(bytes) = u16::try_from(gid).ok().and_then(|g| outline.get(&g)) {
                new_glyf.extend_from_slice(bytes);
                // Short offsets count words, so every outline starts on an even byte.
                new_glyf.resize(new_glyf.len().next_multiple_of(if long { 1 } else { 2 }), 0);
            }
        }
        offset(new_glyf.len(), &mut new_loca);
        // The directory as it was, each table after it in the same order, 4-aligned.
        let mut out = Vec::with_capacity(tables.len() / 4 + new_glyf.len());
        let directory_len = 12 + 16 * records.len();
        out.extend_from_slice(tables.get(start..start + 12)?);
        out.resize(directory_len, 0);
        for (i, (tag, range)) in records.iter().enumerate() {
            let body: &[u8] = match tag {
                b"glyf" => &new_glyf,
                b"loca" => &new_loca,
                _ => tables.get(range.clone())?,
            };
            let at = out.len();
            out.extend_from_slice(body);
            out.resize(out.len().next_multiple_of(4), 0);
            let record = 12 + 16 * i;
            let source = start + record;
            out[record..record + 8].copy_from_slice(tables.get(source..source + 8)?);
            out[record + 8..record + 12].copy_from_slice(&u32::try_from(at).ok()?.to_be_bytes());
            out[record + 12..record + 16]
                .copy_from_slice(&u32::try_from(body.len()).ok()?.to_be_bytes());
        }
        Some(std::borrow::Cow::Owned(out))
    }

    /// The file opened again, when it still holds, in every range read first, what it
    /// held then and is as long.
    fn unchanged(&self) -> Option<std::fs::File> {
        let mut file = std::fs::File::open(&self.path).ok()?;
        if file.metadata().ok()?.len() != self.bytes.len() as u64 {
            return None;
        }
        for r in merged(self.ranges.clone(), self.bytes.len()) {
            let mut again = vec![0u8; r.len()];
            file.seek(SeekFrom::Start(r.start as u64)).ok()?;
            file.read_exact(&mut again).ok()?;
            if again != self.bytes[r] {
                return None;
            }
        }
        Some(file)
    }

    /// Every table record of every face: tag and where the table lies.
    fn records(&self) -> Vec<([u8; 4], Range<usize>)> {
        directories(&self.bytes)
            .into_iter()
            .flat_map(|start| self.records_of(start))
            .collect()
    }

    /// The table records of the directory at `start`.
    fn records_of(&self, start: usize) -> Vec<([u8; 4], Range<usize>)> {
        table_records(&self.bytes, start)
    }
}

/// The table records of the directory at `start` of `bytes`: each table's tag and where
/// it lies, within `bytes`.
fn table_records(bytes: &[u8], start: usize) -> Vec<([u8; 4], Range<usize>)> {
    let count = be16(bytes, start.saturating_add(4)).unwrap_or(0);
    (0..count)
        .filter_map(|i| {
            let record = start.checked_add(12 + 16 * i)?;
            let tag: [u8; 4] = bytes.get(record..record + 4)?.try_into().ok()?;
            let offset = be32(bytes, record + 8)?;
            let length = be32(bytes, record + 12)?;
            let end = offset.checked_add(length)?.min(bytes.len());
            Some((tag, offset.min(end)..end))
        })
        .collect()
}

/// Where glyph `gid`'s outline lies in the file, by `loca` (in `tables`, long offsets
/// or short), within `glyf`; `None` for an empty glyph or one outside the table.
fn glyph_range(
    tables: &[u8],
    (glyf, loca): (&Range<usize>, &Range<usize>),
    long: bool,
    gid: u16,
) -> Option<Range<usize>> {
    let g = usize::from(gid);
    let (a, b) = if long {
        (
            be32(tables, loca.start + 4 * g)?,
            be32(tables, loca.start + 4 * g + 4)?,
        )
    } else {
        (
            2 * be16(tables, loca.start + 2 * g)?,
            2 * be16(tables, loca.start + 2 * g + 2)?,
        )
    };
    let range = glyf.start.checked_add(a)?..glyf.start.checked_add(b)?;
    (range.start < range.end && range.end <= glyf.end).then_some(range)
}

/// How deep composite glyphs are followed into their components.
const MAX_COMPONENT_DEPTH: usize = 8;

/// `ranges` in order, those less than a page apart made one: one read each.
fn merged(mut ranges: Vec<Range<usize>>, len: usize) -> Vec<Range<usize>> {
    ranges.retain(|r| r.start < r.end && r.end <= len);
    ranges.sort_by_key(|r| r.start);
    let mut out: Vec<Range<usize>> = Vec::new();
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end.saturating_add(4096) => {
                last.end = last.end.max(r.end);
            }
            _ => out.push(r),
        }
    }
    out
}

/// The glyph ids a composite glyph (`glyf` entry `glyph`) is made of; none for a
/// simple glyph (OpenType `glyf`, "Composite glyph description").
fn components(glyph: &[u8]) -> Vec<u16> {
    const ARGS_ARE_WORDS: u16 = 0x0001;
    const HAVE_SCALE: u16 = 0x0008;
    const MORE: u16 = 0x0020;
    const X_AND_Y_SCALE: u16 = 0x0040;
    const TWO_BY_TWO: u16 = 0x0080;
    let mut out = Vec::new();
    let contours = glyph.get(..2).map(|b| i16::from_be_bytes([b[0], b[1]]));
    if !matches!(contours, Some(n) if n < 0) {
        return out;
    }
    let mut at = 10;
    while let (Some(flags), Some(gid)) = (be16(glyph, at), be16(glyph, at + 2)) {
        let flags = flags as u16;
        out.push(gid as u16);
        at += 4 + if flags & ARGS_ARE_WORDS != 0 { 4 } else { 2 };
        at += if flags & TWO_BY_TWO != 0 {
            8
        } else if flags & X_AND_Y_SCALE != 0 {
            4
        } else if flags & HAVE_SCALE != 0 {
            2
        } else {
            0
        };
        if flags & MORE == 0 {
            break;
        }
    }
    out
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

    /// Outline `gid` of the single-face program `bytes`, as its `loca` finds it.
    fn outline_of(bytes: &[u8], gid: u16) -> Vec<u8> {
        let records = table_records(bytes, 0);
        let range = |tag: &[u8; 4]| records.iter().find(|r| &r.0 == tag).unwrap().1.clone();
        let (glyf, loca, head) = (range(b"glyf"), range(b"loca"), range(b"head"));
        let long = be16(bytes, head.start + 50) == Some(1);
        glyph_range(bytes, (&glyf, &loca), long, gid).map_or_else(Vec::new, |r| bytes[r].to_vec())
    }

    #[test]
    fn layout_reads_every_table_but_the_outlines() {
        let (_dir, sparse) = sparse_of(REGULAR);
        let layout = sparse.layout().expect("layout tables");
        assert_eq!(layout.len(), REGULAR.len());
        for (tag, range) in sparse.records() {
            if &tag == b"glyf" {
                assert!(layout[range].iter().all(|b| *b == 0), "glyf not read");
            } else {
                let name = String::from_utf8_lossy(&tag).into_owned();
                assert_eq!(layout[range.clone()], REGULAR[range], "{name}");
            }
        }
        // Without GPOS, rustybuzz may place marks by the outlines: read whole.
        let mut no_gpos = REGULAR.to_vec();
        let at = no_gpos
            .windows(4)
            .position(|w| w == b"GPOS")
            .expect("GPOS record");
        no_gpos[at..at + 4].copy_from_slice(b"XPOS");
        let (_dir, sparse) = sparse_of(&no_gpos);
        assert_eq!(sparse.layout(), Some(&no_gpos[..]));
    }

    #[test]
    fn the_outlines_of_the_glyphs_asked_and_their_components_are_those_of_the_file() {
        let face = rustybuzz::ttf_parser::Face::parse(REGULAR, 0).expect("parses");
        let glyph = |c: char| face.glyph_index(c).expect("glyph").0;
        let simple = glyph('a');
        // A composite glyph of the face, and the glyphs it is made of.
        let composite = (0..face.number_of_glyphs())
            .find(|g| !components(&outline_of(REGULAR, *g)).is_empty())
            .expect("a composite glyph");
        let parts = components(&outline_of(REGULAR, composite));
        let (_dir, sparse) = sparse_of(REGULAR);
        let program = sparse
            .outlines(0, [0, simple, composite])
            .expect("outlines");
        let packed = rustybuzz::ttf_parser::Face::parse(&program, 0).expect("a font");
        assert_eq!(packed.number_of_glyphs(), face.number_of_glyphs());
        for gid in [0, simple, composite]
            .into_iter()
            .chain(parts.iter().copied())
        {
            assert_eq!(
                outline_of(&program, gid),
                outline_of(REGULAR, gid),
                "glyph {gid}"
            );
        }
        let other = glyph('z');
        assert!(!outline_of(REGULAR, other).is_empty());
        assert!(
            outline_of(&program, other).is_empty(),
            "a glyph not asked for is empty"
        );
        assert!(program.len() < REGULAR.len() / 2, "{} bytes", program.len());
        // A subset of it is the subset of the whole program.
        let mut remapper = subsetter::GlyphRemapper::new();
        for gid in [simple, composite] {
            remapper.remap(gid);
        }
        assert_eq!(
            subsetter::subset(&program, 0, &remapper).expect("subset"),
            subsetter::subset(REGULAR, 0, &remapper).expect("subset")
        );
    }

    #[test]
    fn outlines_are_not_read_from_a_file_changed_since_it_was_found() {
        let (dir, sparse) = sparse_of(REGULAR);
        assert!(sparse.layout().is_some());
        let other = include_bytes!("../../fonts/LiberationSans-Bold.ttf");
        let mut changed = other[..other.len().min(REGULAR.len())].to_vec();
        changed.resize(REGULAR.len(), 0);
        std::fs::write(dir.path().join("a.ttf"), &changed).expect("write");
        assert!(sparse.outlines(0, [0, 36]).is_none());
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
