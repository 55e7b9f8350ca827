//! Opening a `.dotx`/`.docx` as untrusted input: every check happens before a part is
//! handed on, and what comes out ([`WordBase`]) holds only parts that were read within
//! the limits, are well-formed XML where they should be, and no longer refer to
//! anything outside the package.
//!
//! The order of the checks is the order in which a hostile file could do harm: the
//! file's size and kind before it is read, the zip's entry count and names before an
//! entry is decompressed, sizes while decompressing, macros and the package structure
//! once the parts are in memory, external references last.
//!
//! Only what a letter can use is decompressed: first the content types and the
//! relationship parts (the package's structure, and where macros would show), then the
//! parts those relationships lead a letter to ([`super::used`]). A part nothing leads
//! to (Word 2010's `stylesWithEffects.xml` of 430 KB, a thumbnail, custom XML) is never
//! inflated, so it can neither cost time nor do harm.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;

use crate::document::word_base::{StoredPart, WordBase};

use super::encoding;
use super::external;
use super::limits::{
    MAX_ENTRIES, MAX_FILE_BYTES, MAX_PART_BYTES, MAX_RATIO, MAX_TOTAL_BYTES, RATIO_FLOOR,
};
use super::refusal::{Refusal, HELP_MACROS, HELP_RESAVE};
use super::styles_part::{self, StylesPart};

/// The magic number of an OLE compound file: how Word stores a password-protected
/// (encrypted) document, and the old binary `.dot`/`.doc` formats.
const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";

const MAIN_TYPES: [&str; 2] = [
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
];
const OFFICE_DOCUMENT: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";

/// A checked template package and the main document part's name in it.
#[derive(Debug, Clone)]
pub struct Checked {
    pub base: WordBase,
    pub main: String,
    /// The styles part as the check read it, for the house style (`None` when the
    /// package has none or the check's copy is not the part's final bytes).
    pub styles: Option<StylesPart>,
}

/// Opens the template at `path`; `name` is how the user wrote it, for messages.
pub fn open(path: &Path, name: &str) -> Result<Checked, Refusal> {
    open_for(path, name, Needs::Docx)
}

/// What a run makes of a template, and so what its opening reads besides the checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Needs {
    /// A DOCX is built on the package: the styles part is outlined for its style
    /// merge in the pass that checks it.
    #[default]
    Docx,
    /// Only the house style for PDF and HTML: no outline (in the sample's styles part
    /// 1.45 M instructions of the 10.8 M of its read). Were a DOCX built on it after
    /// all, its merge would read the part itself.
    Look,
}

/// [`open`], reading what `needs` says.
pub fn open_for(path: &Path, name: &str, needs: Needs) -> Result<Checked, Refusal> {
    check_extension(name)?;
    let bytes = read_file(path)?;
    open_bytes_for(&bytes, name, needs)
}

/// The checks on the file's bytes, for a template already in memory.
pub fn open_bytes(bytes: &[u8], name: &str) -> Result<Checked, Refusal> {
    open_bytes_for(bytes, name, Needs::Docx)
}

/// [`open_bytes`], reading what `needs` says.
pub fn open_bytes_for(bytes: &[u8], name: &str, needs: Needs) -> Result<Checked, Refusal> {
    if bytes.starts_with(CFB_MAGIC) {
        return Err(Refusal::new(
            "template-encrypted",
            None,
            "het bestand is versleuteld (met een wachtwoord beveiligd) of in het oude binaire Word-formaat".into(),
            "haal in Word de wachtwoordbeveiliging weg (Bestand > Info > Document beveiligen) en sla het op als .dotx",
        ));
    }
    if !bytes.starts_with(ZIP_MAGIC) {
        return Err(Refusal::broken(
            None,
            "het bestand is geen Word-sjabloon (geen zip-pakket zoals .dotx en .docx)".into(),
        ));
    }
    let mut archive = Archive::list(bytes)?;
    let mut unpacked = Unpacked::default();
    archive.inflate(&mut unpacked, |name| {
        name == "[Content_Types].xml" || name.to_lowercase().ends_with(".rels")
    })?;
    check_macros(archive.names(), &unpacked.parts)?;
    // The package's own parts are read before the main document is known.
    refuse_undecodable(&unpacked.undecodable, |name| PACKAGE_PARTS.contains(&name))?;
    let main = main_part(archive.names(), &unpacked.parts)?;
    // Only what a letter can use is inflated, checked and kept (`used`); macros were
    // looked for in the whole package.
    let used = super::used::parts(&unpacked.parts, &main);
    archive.inflate(&mut unpacked, |name| used.contains(name))?;
    let Unpacked {
        mut parts,
        mut stored,
        undecodable,
    } = unpacked;
    refuse_undecodable(&undecodable, |name| used.contains(name))?;
    parts.retain(|name, _| used.contains(name));
    stored.retain(|name, _| used.contains(name));
    let styles_part = super::rels::styles_part(&parts, &main);
    let mut styles = check_xml(&parts, &styles_part, needs == Needs::Docx)?;
    let external::Stripped {
        parts,
        left_out,
        changed,
    } = external::strip(parts)?;
    // A part the check changed (an external reference taken out; one made plain UTF-8
    // never was kept as stored) is written anew, and read anew by whoever reads it.
    stored.retain(|name, _| parts.contains_key(name) && !changed.contains(name));
    if changed.contains(&styles_part) {
        styles = None;
    }
    let styles_outline = styles.as_mut().and_then(|s| s.outline.take());
    Ok(Checked {
        base: WordBase {
            name: name.to_owned(),
            main: main.clone(),
            parts,
            left_out,
            stored,
            styles_outline,
        },
        main,
        styles,
    })
}

/// The parts every package has, which tie it together.
const PACKAGE_PARTS: [&str; 2] = ["[Content_Types].xml", "_rels/.rels"];

/// Refuses the template for the first part that could not be made UTF-8 and `matters`.
fn refuse_undecodable(
    undecodable: &BTreeMap<String, String>,
    matters: impl Fn(&str) -> bool,
) -> Result<(), Refusal> {
    match undecodable.iter().find(|(name, _)| matters(name)) {
        Some((name, reason)) => Err(Refusal::broken(Some(name), reason.clone())),
        None => Ok(()),
    }
}

fn check_extension(name: &str) -> Result<(), Refusal> {
    let lower = name.trim().to_lowercase();
    if lower.ends_with(".dotm") || lower.ends_with(".docm") {
        return Err(Refusal::new(
            "template-macros",
            None,
            "het sjabloon kan macro's bevatten (.dotm/.docm); macro's worden nooit overgenomen"
                .into(),
            HELP_MACROS,
        ));
    }
    if !(lower.ends_with(".dotx") || lower.ends_with(".docx")) {
        return Err(Refusal::broken(
            None,
            "een sjabloon is een .dotx- of .docx-bestand".into(),
        ));
    }
    Ok(())
}

fn read_file(path: &Path) -> Result<Vec<u8>, Refusal> {
    let unreadable = |e: std::io::Error| {
        Refusal::new(
            "template-missing",
            None,
            format!("kan {} niet lezen: {e}", path.display()),
            "een pad gaat uit van de map van het regiobestand; controleer de spelling en de map",
        )
    };
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if !meta.is_file() {
        return Err(Refusal::new(
            "template-missing",
            None,
            format!("{} is geen gewoon bestand (een map?)", path.display()),
            "geef het pad van het .dotx-bestand zelf, gezien vanuit de map van het regiobestand",
        ));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(
            None,
            format!(
                "het bestand is groter dan {} MiB",
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(
            None,
            format!(
                "het bestand is groter dan {} MiB",
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ));
    }
    Ok(bytes)
}

fn too_large(part: Option<&str>, reason: String) -> Refusal {
    Refusal::new(
        "template-too-large",
        part,
        reason,
        "verklein de afbeeldingen in het sjabloon (Afbeelding comprimeren in Word) en sla het opnieuw op als .dotx",
    )
}

/// libdeflate's CRC-32, not crc32fast's (`flate2::Crc`): the styles part's 349 KB
/// took 9 µs instead of 181 (timeline marks), a tenth of the template's opening.
fn crc32(bytes: &[u8]) -> u32 {
    libdeflater::crc32(bytes)
}

/// A package's entries as [`Archive::inflate`] gives them.
#[derive(Default)]
struct Unpacked {
    /// Every entry, decompressed, by its checked name; an XML part as UTF-8 without a
    /// byte order mark ([`encoding::to_utf8`]), so that every reader's byte positions
    /// are positions in these bytes.
    parts: BTreeMap<String, Vec<u8>>,
    /// As stored, for the entries stored or deflated (the two methods a DOCX may use).
    stored: BTreeMap<String, StoredPart>,
    /// The XML parts that could not be made UTF-8, and why (in Dutch): refused only if
    /// a letter uses them (a custom XML part a letter leaves out may be anything).
    undecodable: BTreeMap<String, String>,
}

/// The package's zip, its entries listed and checked by name, inflated on demand.
struct Archive<'a> {
    zip: zip::ZipArchive<std::io::Cursor<&'a [u8]>>,
    /// Every file entry's index and checked name, in the zip's order.
    files: Vec<(usize, String)>,
    /// Bytes inflated so far, against the package's limit.
    total: u64,
}

impl<'a> Archive<'a> {
    /// Opens the zip and checks what its central directory says: the number of
    /// entries, encryption, and every name, before anything is decompressed.
    fn list(bytes: &'a [u8]) -> Result<Archive<'a>, Refusal> {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(zip_error)?;
        if zip.len() > MAX_ENTRIES {
            return Err(too_large(
                None,
                format!(
                    "het pakket heeft {} onderdelen, meer dan de {MAX_ENTRIES} die een sjabloon nodig kan hebben",
                    zip.len()
                ),
            ));
        }
        let mut files = Vec::new();
        let mut seen = BTreeSet::new();
        for i in 0..zip.len() {
            let entry = zip.by_index_raw(i).map_err(zip_error)?;
            if entry.encrypted() {
                return Err(encrypted_entry());
            }
            let name = String::from_utf8_lossy(entry.name_raw()).into_owned();
            check_name(&name)?;
            if entry.is_dir() {
                continue;
            }
            // OPC part names are case-insensitive: two spellings of one name would let a
            // reader and Word see different parts.
            if !seen.insert(name.to_lowercase()) {
                return Err(Refusal::new(
                    "template-path",
                    Some(&name),
                    "het pakket bevat twee onderdelen met dezelfde naam".into(),
                    HELP_RESAVE,
                ));
            }
            files.push((i, name));
        }
        Ok(Archive {
            zip,
            files,
            total: 0,
        })
    }

    /// Every file entry's name, for the checks that need no contents.
    fn names(&self) -> impl Iterator<Item = &str> {
        self.files.iter().map(|(_, name)| name.as_str())
    }

    /// Decompresses, within the limits, every entry `wanted` names that `into` does
    /// not hold yet, and keeps its bytes as stored beside it.
    fn inflate(
        &mut self,
        into: &mut Unpacked,
        wanted: impl Fn(&str) -> bool,
    ) -> Result<(), Refusal> {
        let mut decompressor = libdeflater::Decompressor::new();
        for (i, name) in &self.files {
            if !wanted(name) || into.parts.contains_key(name) {
                continue;
            }
            // The entry as stored, read once: kept for the DOCX (which copies it rather
            // than deflating it again) and inflated whole from memory.
            let mut stored = self.zip.by_index_raw(*i).map_err(zip_error)?;
            let compressed = stored.compressed_size().max(1);
            let method = stored.compression();
            let crc = stored.crc32();
            let claimed = stored.size();
            // At most the file's own size: the entry's bytes lie inside it.
            let mut raw = Vec::new();
            let raw_read = stored.read_to_end(&mut raw).is_ok();
            drop(stored);
            let deflated = match method {
                zip::CompressionMethod::Stored => Some(false),
                zip::CompressionMethod::Deflated => Some(true),
                _ => None,
            };
            let whole = match deflated {
                Some(deflated) if raw_read => inflate_whole(
                    &mut decompressor,
                    &raw,
                    deflated,
                    (claimed, compressed),
                    self.total,
                ),
                _ => None,
            };
            let mut data = match whole {
                Some(data) => {
                    self.total += data.len() as u64;
                    if crc32(&data) != crc {
                        return Err(Refusal::broken(
                            Some(name),
                            "het onderdeel kan niet worden uitgepakt (de controlesom klopt niet: het bestand is beschadigd)".into(),
                        ));
                    }
                    data
                }
                // Whatever the whole inflate cannot take (another method, a size the
                // zip's header does not tell truly, a limit reached) is read as a
                // stream, which says what is wrong.
                None => {
                    let mut entry = self.zip.by_index(*i).map_err(zip_error)?;
                    // Read to its end, so the zip crate has checked the CRC-32.
                    read_bounded(&mut entry, name, claimed, compressed, &mut self.total)?
                }
            };
            // A part made UTF-8 is no longer the entry as stored.
            let mut as_stored = true;
            if encoding::is_xml(name) {
                as_stored = !encoding::is_marked(&data);
                if let Err(reason) = encoding::to_utf8(&mut data) {
                    into.undecodable.insert(name.clone(), reason);
                }
            }
            if let (Some(deflated), true, true) = (deflated, raw_read, as_stored) {
                into.stored.insert(
                    name.clone(),
                    StoredPart {
                        deflated,
                        crc32: crc,
                        data: raw,
                    },
                );
            }
            into.parts.insert(name.clone(), data);
        }
        Ok(())
    }
}

/// An entry inflated in one call from its stored bytes, when the zip's header says its
/// size truly and that size is within the limits [`read_bounded`] keeps (part, package,
/// ratio); `None` sends it to the streaming read, which refuses what is wrong. One
/// call of libdeflate into a buffer of the final size, rather than the zip crate's
/// stream through a buffered reader: the styles part of a real house style is some
/// 350 KB, and inflating it was two fifths of opening the template.
fn inflate_whole(
    decompressor: &mut libdeflater::Decompressor,
    raw: &[u8],
    deflated: bool,
    (claimed, compressed): (u64, u64),
    total: u64,
) -> Option<Vec<u8>> {
    if claimed > limits(compressed, total).0 {
        return None;
    }
    if !deflated {
        return (raw.len() as u64 == claimed).then(|| raw.to_vec());
    }
    let mut data = vec![0u8; usize::try_from(claimed).ok()?];
    let size = decompressor.deflate_decompress(raw, &mut data).ok()?;
    (size as u64 == claimed).then_some(data)
}

/// The most an entry `compressed` bytes long may inflate to with `total` bytes already
/// inflated, and the part of that the ratio alone allows.
fn limits(compressed: u64, total: u64) -> (u64, u64) {
    let ratio = RATIO_FLOOR.max(compressed.saturating_mul(MAX_RATIO));
    let limit = MAX_PART_BYTES
        .min(MAX_TOTAL_BYTES.saturating_sub(total))
        .min(ratio);
    (limit, ratio)
}

/// What the zip crate's refusal of an entry means for the user.
fn zip_error(e: zip::result::ZipError) -> Refusal {
    match e {
        zip::result::ZipError::UnsupportedArchive(m)
            if m == zip::result::ZipError::PASSWORD_REQUIRED =>
        {
            encrypted_entry()
        }
        other => Refusal::broken(None, format!("het zip-pakket is beschadigd ({other})")),
    }
}

fn encrypted_entry() -> Refusal {
    Refusal::new(
        "template-encrypted",
        None,
        "het zip-pakket is met een wachtwoord versleuteld".into(),
        "sla het sjabloon in Word opnieuw op als .dotx, zonder wachtwoord",
    )
}

/// Reads one entry to its end, but never past the first limit it would exceed: the
/// limits (the part's own, what is left of the package's total, the ratio to the
/// entry's compressed size) are known before it is decompressed, so a bomb never fills
/// memory. `claimed` is the size the zip's header gives: only a hint for the buffer,
/// never more than the limit, and what it over-claimed is given back.
fn read_bounded(
    entry: &mut impl Read,
    name: &str,
    claimed: u64,
    compressed: u64,
    total: &mut u64,
) -> Result<Vec<u8>, Refusal> {
    let (limit, ratio) = limits(compressed, *total);
    let mut data = Vec::with_capacity(claimed.min(limit) as usize);
    Read::take(&mut *entry, limit + 1)
        .read_to_end(&mut data)
        .map_err(|e| {
            Refusal::broken(
                Some(name),
                format!("het onderdeel kan niet worden uitgepakt ({e})"),
            )
        })?;
    let size = data.len() as u64;
    *total += size;
    if size > MAX_PART_BYTES {
        return Err(too_large(
            Some(name),
            format!(
                "het onderdeel is uitgepakt groter dan {} MiB",
                MAX_PART_BYTES / (1024 * 1024)
            ),
        ));
    }
    if *total > MAX_TOTAL_BYTES {
        return Err(too_large(
            Some(name),
            format!(
                "het pakket is uitgepakt groter dan {} MiB",
                MAX_TOTAL_BYTES / (1024 * 1024)
            ),
        ));
    }
    if size > ratio {
        return Err(too_large(
            Some(name),
            format!(
                "het onderdeel pakt uit tot meer dan {MAX_RATIO} keer zijn gecomprimeerde grootte (een zip-bom?)"
            ),
        ));
    }
    data.shrink_to_fit();
    Ok(data)
}

/// Entry names that could mean something else on a disk or to another reader: an
/// absolute path, a step up, a backslash or drive letter, control characters.
fn check_name(name: &str) -> Result<(), Refusal> {
    let bad = name.is_empty()
        || name.starts_with('/')
        || name.contains('\\')
        || name.chars().any(char::is_control)
        || name.split('/').any(|s| s == ".." || s == ".")
        || name.split('/').next().is_some_and(|s| s.contains(':'));
    if bad {
        return Err(Refusal::new(
            "template-path",
            Some(name),
            "de naam van dit onderdeel wijst buiten het pakket (een absoluut pad, ‘..’ of een schijfletter)".into(),
            HELP_RESAVE,
        ));
    }
    Ok(())
}

/// Macros in any disguise: a VBA project part (by its name among `names`, inflated or
/// not), a relationship to one, or a macro content type on any part (a `.dotx`
/// renamed from `.dotm` keeps them); `parts` holds the content types and relationships.
fn check_macros<'a>(
    names: impl Iterator<Item = &'a str>,
    parts: &BTreeMap<String, Vec<u8>>,
) -> Result<(), Refusal> {
    let macros = |part: &str, reason: &str| {
        Err(Refusal::new(
            "template-macros",
            Some(part),
            reason.to_owned(),
            HELP_MACROS,
        ))
    };
    for name in names {
        let lower = name.to_lowercase();
        let file = lower.rsplit('/').next().unwrap_or(&lower);
        if file == "vbaproject.bin" || file == "vbadata.xml" {
            return macros(name, "het sjabloon bevat macro's (een VBA-project)");
        }
    }
    for (name, bytes) in parts {
        let lower = name.to_lowercase();
        // Only these parts are read as text: lowercasing every part (styles of half a
        // megabyte, pictures) cost more than the rest of opening the package.
        let types = name == "[Content_Types].xml";
        let rels = lower.ends_with(".rels");
        if !(types || rels) {
            continue;
        }
        let text = String::from_utf8_lossy(bytes).to_lowercase();
        if types && (text.contains("macroenabled") || text.contains("vbaproject")) {
            return macros(name, "het sjabloon is als sjabloon met macro's opgeslagen");
        }
        if rels && text.contains("/vbaproject\"") {
            return macros(name, "het sjabloon verwijst naar een VBA-project (macro's)");
        }
    }
    Ok(())
}

/// The main document part, found as Word finds it: through the package relationship,
/// with a Word content type; `names` are the package's entries, `parts` its content
/// types and relationships.
fn main_part<'a>(
    mut names: impl Iterator<Item = &'a str>,
    parts: &BTreeMap<String, Vec<u8>>,
) -> Result<String, Refusal> {
    let not_word = |part: &str, reason: &str| Refusal::broken(Some(part), reason.to_owned());
    let types = parts
        .get("[Content_Types].xml")
        .ok_or_else(|| not_word("[Content_Types].xml", "ontbreekt: dit is geen Word-pakket"))?;
    let rels = parts
        .get("_rels/.rels")
        .ok_or_else(|| not_word("_rels/.rels", "ontbreekt: dit is geen Word-pakket"))?;
    let rels = external::relationships(rels)
        .map_err(|reason| Refusal::broken(Some("_rels/.rels"), reason))?;
    let target = rels
        .iter()
        .find(|r| r.kind == OFFICE_DOCUMENT && !r.external)
        .map(|r| r.target.trim_start_matches('/').to_owned())
        .ok_or_else(|| {
            not_word(
                "_rels/.rels",
                "wijst geen hoofddocument aan: dit is geen Word-pakket",
            )
        })?;
    if !names.any(|name| name == target) {
        return Err(not_word(
            &target,
            "het hoofddocument ontbreekt in het pakket",
        ));
    }
    let types = String::from_utf8_lossy(types);
    let declared = format!("PartName=\"/{target}\"");
    let typed = types
        .split("<Override")
        .find(|o| o.contains(&declared))
        .is_some_and(|o| MAIN_TYPES.iter().any(|t| o.contains(t)));
    if !typed {
        return Err(not_word(
            &target,
            "heeft niet het inhoudstype van een Word-document of -sjabloon",
        ));
    }
    Ok(target)
}

/// Every XML part must parse to its end; a document type declaration is refused
/// outright (Word never writes one, and entities are how XML bombs work). The styles
/// part `styles` is read in the same pass ([`styles_part::read`]).
fn check_xml(
    parts: &BTreeMap<String, Vec<u8>>,
    styles: &str,
    outline: bool,
) -> Result<Option<StylesPart>, Refusal> {
    let mut read = None;
    for (name, bytes) in parts {
        if !encoding::is_xml(name) {
            continue;
        }
        let broken = |reason| Refusal::broken(Some(name), reason);
        if name == styles {
            read = Some(styles_part::read(name, bytes, outline).map_err(broken)?);
        } else {
            external::well_formed(bytes).map_err(broken)?;
        }
    }
    Ok(read)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_leave_the_package_are_refused() {
        for name in [
            "../evil.xml",
            "/etc/passwd",
            "word/../../x",
            "C:/x",
            "word\\x.xml",
        ] {
            assert_eq!(
                check_name(name).map_err(|r| r.rule),
                Err("template-path"),
                "{name}"
            );
        }
        assert!(check_name("word/media/image1.png").is_ok());
        assert!(check_name("[Content_Types].xml").is_ok());
    }

    #[test]
    fn the_extension_decides_before_the_file_is_read() {
        assert_eq!(
            check_extension("a.DOTM").map_err(|r| r.rule),
            Err("template-macros")
        );
        assert_eq!(
            check_extension("a.pdf").map_err(|r| r.rule),
            Err("template-broken")
        );
        assert!(check_extension("sjablonen/a.dotx").is_ok());
    }

    #[test]
    fn a_compound_file_is_refused_as_encrypted() {
        let mut bytes = CFB_MAGIC.to_vec();
        bytes.extend([0u8; 504]);
        assert_eq!(
            open_bytes(&bytes, "x.dotx").map_err(|r| r.rule).err(),
            Some("template-encrypted")
        );
    }
}
