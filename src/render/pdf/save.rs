//! Writing the finished lopdf document: object streams and a cross-reference stream,
//! the file lopdf's own `save_with_options` writes, without its copies.
//!
//! lopdf clones every dictionary into its object streams before it writes the first,
//! and serialises each of them three times (twice to count offsets, once to write).
//! A tagged samenwerkingsdocument that lists every municipality has tens of thousands
//! of structure elements, so that copy was the biggest allocation of a large region's
//! run. Here each object is taken out of the document, serialised once and dropped;
//! only the deflated object streams wait until the streams that come before them in
//! the file are written. The file is lopdf's but for the deflated bytes of each object
//! stream (ours are libdeflate's): a test reads both back and compares every object,
//! so what readers and validators accept is unchanged.
//!
//! Objects that are not in the document are made by the caller as they are reached
//! (`deferred`, in number order): the structure tree's elements, so that tens of
//! thousands of them never exist as dictionaries all at once.

use std::collections::BTreeMap;
use std::io::Write as _;

use lopdf::{Dictionary, Object, ObjectId, StringFormat};

use crate::render::deflate::{deflate, Wrapper};

/// How an object is found: at an offset in the file, or by index in an object stream.
enum Entry {
    Direct(u32),
    Packed { container: u32, index: u16 },
}

/// Object streams of at most `per_stream` objects, deflated at zlib's `level` itself
/// (lopdf rounds 4–6 to 6: at 6 the bytes are its own, which the test compares).
/// `deferred` yields objects that are not in `lo`, by increasing number; they are
/// written in their place among `lo`'s, as if they had been in it.
pub fn save(
    mut lo: lopdf::Document,
    deferred: impl Iterator<Item = (ObjectId, Object)>,
    per_stream: usize,
    level: u32,
) -> std::io::Result<Vec<u8>> {
    let compression = (level > 0).then(|| flate2::Compression::new(level.min(9)));
    let version = if lo.version.as_str() < "1.5" {
        "1.5".to_owned()
    } else {
        lo.version.clone()
    };
    let mut out = Vec::new();
    writeln!(out, "%PDF-{version}")?;
    if !lo.binary_mark.iter().all(|b| *b >= 128) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "Invalid binary mark",
        ));
    }
    out.push(b'%');
    out.extend_from_slice(&lo.binary_mark);
    out.push(b'\n');

    let encrypt = lo
        .trailer
        .get(b"Encrypt")
        .and_then(Object::as_reference)
        .ok();
    let mut xref: BTreeMap<u32, Entry> = BTreeMap::new();
    let mut packed: Vec<(Vec<u32>, Object)> = Vec::new();
    let mut open = Packed::default();
    let objects = Merged {
        a: std::mem::take(&mut lo.objects).into_iter().peekable(),
        b: deferred.peekable(),
    };
    for ((id, generation), object) in objects {
        let kind = type_name(&object);
        if matches!(object, Object::Stream(_)) && kind == Some(b"ObjStm") {
            continue;
        }
        let compressible = !matches!(object, Object::Stream(_))
            && generation == 0
            && encrypt != Some((id, generation))
            && !matches!(kind, Some(b"XRef" | b"ObjStm"));
        if compressible {
            open.add(id, &object)?;
            if open.ids.len() >= per_stream {
                packed.push(std::mem::take(&mut open).finish(compression)?);
            }
        } else {
            indirect(&mut out, id, generation, &object, &mut xref)?;
        }
    }
    if !open.ids.is_empty() {
        packed.push(open.finish(compression)?);
    }
    let mut max_id = lo.max_id;
    for (n, (ids, stream)) in packed.into_iter().enumerate() {
        let container = lo.max_id + 1 + n as u32;
        for (index, id) in ids.iter().enumerate() {
            xref.insert(
                *id,
                Entry::Packed {
                    container,
                    index: index as u16,
                },
            );
        }
        indirect(&mut out, container, 0, &stream, &mut xref)?;
        max_id = container;
    }

    // The cross-reference stream, as an object of its own after everything else.
    let xref_start = out.len();
    max_id += 1;
    xref.insert(max_id, Entry::Direct(xref_start as u32));
    let (content, index) = xref_stream(&xref, max_id + 1);
    let mut trailer = std::mem::take(&mut lo.trailer);
    trailer.set("Type", Object::Name(b"XRef".to_vec()));
    trailer.set("Size", i64::from(max_id + 1));
    trailer.set(
        "W",
        Object::Array(vec![
            Object::Integer(1),
            Object::Integer(4),
            Object::Integer(2),
        ]),
    );
    trailer.set("Index", index);
    trailer.remove(b"Filter");
    trailer.set("Length", content.len() as i64);
    let stream = Object::Stream(lopdf::Stream {
        dict: trailer,
        content,
        allows_compression: true,
        start_position: None,
    });
    indirect(&mut out, max_id, 0, &stream, &mut xref)?;
    write!(out, "\nstartxref\n{xref_start}\n%%EOF")?;
    Ok(out)
}

/// Two sequences of numbered objects, each in number order, as one.
struct Merged<A: Iterator<Item = (ObjectId, Object)>, B: Iterator<Item = (ObjectId, Object)>> {
    a: std::iter::Peekable<A>,
    b: std::iter::Peekable<B>,
}

impl<A, B> Iterator for Merged<A, B>
where
    A: Iterator<Item = (ObjectId, Object)>,
    B: Iterator<Item = (ObjectId, Object)>,
{
    type Item = (ObjectId, Object);

    fn next(&mut self) -> Option<Self::Item> {
        match (self.a.peek(), self.b.peek()) {
            (Some((a, _)), Some((b, _))) if b < a => self.b.next(),
            (Some(_), _) => self.a.next(),
            (None, _) => self.b.next(),
        }
    }
}

/// An object stream being filled: the objects' numbers, their offsets and their
/// serialised text.
#[derive(Default)]
struct Packed {
    ids: Vec<u32>,
    header: String,
    body: Vec<u8>,
}

impl Packed {
    fn add(&mut self, id: u32, object: &Object) -> std::io::Result<()> {
        self.header.push_str(&format!("{id} {} ", self.body.len()));
        write_object(&mut self.body, object)?;
        self.body.push(b' ');
        self.ids.push(id);
        Ok(())
    }

    /// The objects' numbers and the stream object.
    fn finish(
        mut self,
        compression: Option<flate2::Compression>,
    ) -> std::io::Result<(Vec<u32>, Object)> {
        let first = self.header.len();
        let mut content = std::mem::take(&mut self.header).into_bytes();
        content.append(&mut self.body);
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"ObjStm".to_vec()));
        dict.set("N", self.ids.len() as i64);
        dict.set("First", first as i64);
        let mut stream = lopdf::Stream::new(dict, content);
        if let Some(level) = compression {
            let deflated = deflate(&stream.content, level.level(), Wrapper::Zlib)?;
            stream
                .dict
                .set("Filter", Object::Name(b"FlateDecode".to_vec()));
            stream.set_content(deflated);
        }
        Ok((self.ids, Object::Stream(stream)))
    }
}

fn type_name(object: &Object) -> Option<&[u8]> {
    let dict = match object {
        Object::Dictionary(d) => d,
        Object::Stream(s) => &s.dict,
        _ => return None,
    };
    dict.get(b"Type").and_then(Object::as_name).ok()
}

/// The entries of objects 1 to `size - 1`, in runs of consecutive numbers (one
/// `/Index` pair each): type, then 4 bytes of offset or container, 2 of generation or
/// index.
fn xref_stream(xref: &BTreeMap<u32, Entry>, size: u32) -> (Vec<u8>, Object) {
    let mut content = Vec::new();
    let mut index = Vec::new();
    let mut run: Option<(u32, i64)> = None;
    for id in 1..size {
        let Some(entry) = xref.get(&id) else {
            if let Some((start, count)) = run.take() {
                index.extend([Object::Integer(i64::from(start)), Object::Integer(count)]);
            }
            continue;
        };
        match run.as_mut() {
            Some((_, count)) => *count += 1,
            None => run = Some((id, 1)),
        }
        match *entry {
            Entry::Direct(offset) => {
                content.push(1);
                content.extend(offset.to_be_bytes());
                content.extend(0u16.to_be_bytes());
            }
            Entry::Packed { container, index } => {
                content.push(2);
                content.extend(container.to_be_bytes());
                content.extend(index.to_be_bytes());
            }
        }
    }
    if let Some((start, count)) = run {
        index.extend([Object::Integer(i64::from(start)), Object::Integer(count)]);
    }
    (content, Object::Array(index))
}

fn indirect(
    out: &mut Vec<u8>,
    id: u32,
    generation: u16,
    object: &Object,
    xref: &mut BTreeMap<u32, Entry>,
) -> std::io::Result<()> {
    xref.insert(id, Entry::Direct(out.len() as u32));
    write!(
        out,
        "{id} {generation} obj\n{}",
        if needs_separator(object) { " " } else { "" }
    )?;
    write_object(out, object)?;
    writeln!(
        out,
        "{}\nendobj",
        if needs_end_separator(object) { " " } else { "" }
    )
}

fn needs_separator(object: &Object) -> bool {
    matches!(
        object,
        Object::Null
            | Object::Boolean(_)
            | Object::Integer(_)
            | Object::Real(_)
            | Object::Reference(_)
    )
}

fn needs_end_separator(object: &Object) -> bool {
    needs_separator(object) || matches!(object, Object::Name(_) | Object::Stream(_))
}

/// An object in PDF syntax, as lopdf writes it.
fn write_object(out: &mut Vec<u8>, object: &Object) -> std::io::Result<()> {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(true) => out.extend_from_slice(b"true"),
        Object::Boolean(false) => out.extend_from_slice(b"false"),
        Object::Integer(v) => write!(out, "{v}")?,
        Object::Real(v) => write!(out, "{v}")?,
        Object::Name(name) => write_name(out, name)?,
        Object::String(text, format) => write_string(out, text, *format)?,
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 && needs_separator(item) {
                    out.push(b' ');
                }
                write_object(out, item)?;
            }
            out.push(b']');
        }
        Object::Dictionary(dict) => write_dictionary(out, dict)?,
        Object::Stream(stream) => {
            write_dictionary(out, &stream.dict)?;
            out.extend_from_slice(b"stream\n");
            out.extend_from_slice(&stream.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference((id, generation)) => write!(out, "{id} {generation} R")?,
    }
    Ok(())
}

fn write_dictionary(out: &mut Vec<u8>, dict: &Dictionary) -> std::io::Result<()> {
    out.extend_from_slice(b"<<");
    for (key, value) in dict {
        write_name(out, key)?;
        if needs_separator(value) {
            out.push(b' ');
        }
        write_object(out, value)?;
    }
    out.extend_from_slice(b">>");
    Ok(())
}

fn write_name(out: &mut Vec<u8>, name: &[u8]) -> std::io::Result<()> {
    out.push(b'/');
    for &byte in name {
        // White space, delimiters and bytes outside `!`..`~` as `#XX`.
        if b" \t\n\r\x0C()<>[]{}/%#".contains(&byte) || !(33..=126).contains(&byte) {
            write!(out, "#{byte:02X}")?;
        } else {
            out.push(byte);
        }
    }
    Ok(())
}

fn write_string(out: &mut Vec<u8>, text: &[u8], format: StringFormat) -> std::io::Result<()> {
    match format {
        StringFormat::Literal => {
            // Backslashes, carriage returns and unbalanced parentheses are escaped.
            let mut escape = vec![false; text.len()];
            let mut open = Vec::new();
            for (i, &byte) in text.iter().enumerate() {
                match byte {
                    b'(' => open.push(i),
                    b')' if open.pop().is_none() => escape[i] = true,
                    b'\\' | b'\r' => escape[i] = true,
                    _ => {}
                }
            }
            for i in open {
                escape[i] = true;
            }
            out.push(b'(');
            for (&byte, escaped) in text.iter().zip(escape) {
                if escaped {
                    out.push(b'\\');
                    out.push(if byte == b'\r' { b'r' } else { byte });
                } else {
                    out.push(byte);
                }
            }
            out.push(b')');
        }
        StringFormat::Hexadecimal => {
            out.push(b'<');
            for byte in text {
                write!(out, "{byte:02X}")?;
            }
            out.push(b'>');
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document with what ours have: streams among dictionaries, literal strings
    /// with parentheses and backslashes, hex strings, names to escape, reals,
    /// references, more objects than fit one object stream, and a gap in the numbers.
    fn sample() -> lopdf::Document {
        let mut lo = lopdf::Document::with_version("1.7");
        for i in 0..450u32 {
            let id = lo.new_object_id();
            if i == 200 {
                lo.new_object_id(); // a number left unused
            }
            let object = match i % 5 {
                0 => Object::Stream(lopdf::Stream::new(
                    Dictionary::from_iter(vec![("Type", Object::Name(b"Metadata".to_vec()))]),
                    format!("content {i}\r\n(").into_bytes(),
                )),
                1 => Object::Dictionary(Dictionary::from_iter(vec![
                    ("Type", Object::Name(b"StructElem".to_vec())),
                    ("S", Object::Name(b"P a#(x)".to_vec())),
                    (
                        "Alt",
                        Object::String(b"Logo (gemeente) \\ ) (".to_vec(), StringFormat::Literal),
                    ),
                    (
                        "K",
                        Object::Array(vec![Object::Integer(i as i64), Object::Null]),
                    ),
                ])),
                2 => Object::Array(vec![
                    Object::Real(1.5),
                    Object::Real(-0.25),
                    Object::Boolean(true),
                    Object::Reference((1, 0)),
                    Object::String(vec![0xFE, 0xFF, 0, 0x41], StringFormat::Hexadecimal),
                ]),
                3 => Object::Integer(-(i as i64)),
                _ => Object::Name(b"Plain".to_vec()),
            };
            lo.objects.insert(id, object);
        }
        let catalog = lo.add_object(Dictionary::from_iter(vec![(
            "Type",
            Object::Name(b"Catalog".to_vec()),
        )]));
        lo.trailer.set("Root", Object::Reference(catalog));
        lo.trailer.set(
            "ID",
            Object::Array(vec![
                Object::String(vec![1, 2, 3], StringFormat::Hexadecimal),
                Object::String(vec![1, 2, 3], StringFormat::Hexadecimal),
            ]),
        );
        lo
    }

    fn lopdf_bytes(mut lo: lopdf::Document) -> Vec<u8> {
        let mut bytes = Vec::new();
        let options = lopdf::SaveOptions::builder()
            .use_object_streams(true)
            .use_xref_streams(true)
            .max_objects_per_stream(200)
            .compression_level(6)
            .build();
        lo.save_with_options(&mut bytes, options).unwrap();
        bytes
    }

    /// The same file as lopdf writes, but for how each stream's bytes were deflated
    /// (ours by libdeflate, lopdf's by flate2): equal objects, streams inflated, and
    /// the same trailer, as lopdf reads both back through their cross-reference streams.
    fn assert_same(ours: &[u8], theirs: &[u8]) {
        let read = |bytes: &[u8]| {
            let mut doc = lopdf::Document::load_mem(bytes).expect("lopdf reads it back");
            doc.decompress();
            doc
        };
        let (ours, theirs) = (read(ours), read(theirs));
        assert_eq!(ours.trailer, theirs.trailer);
        assert_eq!(
            ours.objects.keys().collect::<Vec<_>>(),
            theirs.objects.keys().collect::<Vec<_>>()
        );
        for (id, object) in &ours.objects {
            // A cross-reference stream holds offsets, which follow the deflated sizes;
            // reading each file through its own is the check of it.
            let xref = |o: &Object| {
                o.as_stream().is_ok_and(|s| {
                    s.dict.get(b"Type").and_then(Object::as_name).ok() == Some(b"XRef")
                })
            };
            if xref(object) && xref(&theirs.objects[id]) {
                continue;
            }
            assert!(object == &theirs.objects[id], "object {id:?} differs");
        }
    }

    #[test]
    fn the_objects_are_lopdfs_own() {
        let ours = save(sample(), std::iter::empty(), 200, 6).unwrap();
        assert_same(&ours, &lopdf_bytes(sample()));
        let read = lopdf::Document::load_mem(&ours).expect("lopdf reads it back");
        for (id, _) in sample().objects {
            assert!(read.objects.contains_key(&id), "{id:?}");
        }
    }

    #[test]
    fn deferred_objects_are_written_in_their_place() {
        let mut lo = sample();
        // A run across an object-stream boundary, streams among them, and the last
        // object (the catalog), handed over by number instead of in the document.
        let last = lo.max_id;
        let ids: Vec<ObjectId> = lo
            .objects
            .keys()
            .copied()
            .filter(|(id, _)| (150..260).contains(id) || *id == last)
            .collect();
        let deferred: Vec<(ObjectId, Object)> = ids
            .iter()
            .filter_map(|id| Some((*id, lo.objects.remove(id)?)))
            .collect();
        assert_eq!(deferred.len(), 110);
        let ours = save(lo, deferred.into_iter(), 200, 6).unwrap();
        assert_same(&ours, &lopdf_bytes(sample()));
    }
}
