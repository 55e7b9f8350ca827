//! Robustness and security: no panic, nothing lost, nothing written where it does not
//! belong.
//!
//! A griffie runs raadsbrief on files edited by many hands and pasted from Word:
//! control characters, odd quotes, bidi marks, emoji, enormous paragraphs. This file
//! checks what that must never do:
//!
//! - replay every input the fuzzer found (`tests/regressions/`, with the fuzzer's own
//!   checks from `fuzz/src/harness.rs`);
//! - property tests: any text in any field gives a well-formed DOCX and a PDF that
//!   loads; every printable character survives into the DOCX or becomes a documented
//!   substitute; a character the PDF font lacks is named in a warning;
//! - hostile names and paths never write outside `--out`, and a logo path reads only
//!   an image;
//! - very large inputs (5 000 municipalities, a 500-page appendix; `#[ignore]`d, run
//!   with `--ignored`);
//! - one clear message and the documented exit code for every class of failure.

mod common;
#[path = "../fuzz/src/harness.rs"]
mod harness;
use common::regions;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::Config;
use raadsbrief::compose::{Composer, Kind};
use raadsbrief::document::Document;
use raadsbrief::error::Error;
use raadsbrief::layout::{self, ItemKind, Role};
use raadsbrief::model::Region;
use raadsbrief::render::docx::read::docx_text;
use raadsbrief::validate::validate_source;

// ---------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_raadsbrief"))
}

/// The Gooi sample as text.
fn gooi_text() -> String {
    regions::gooi()
}

/// Composes `kind` of a (possibly modified) Gooi region.
fn compose(region: &Region, kind: Kind) -> raadsbrief::error::Result<Document> {
    let base_dir = &harness::gooi().source.dir;
    let (word_templates, _) =
        raadsbrief::compose::word_templates::load(region, base_dir, &|_| (String::new(), (1, 1)));
    Composer {
        region,
        templates: harness::templates(),
        base_dir,
        word_templates: &word_templates,
    }
    .compose(kind)
}

/// Every file under `dir` (not following symbolic links) with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            let kind = e.file_type().expect("file type");
            if kind.is_dir() {
                stack.push(p);
            } else {
                let bytes = std::fs::read(&p).unwrap_or_default();
                out.insert(p, bytes);
            }
        }
    }
    out
}

/// The paths in `after` that are new or changed compared with `before`.
fn changed(
    before: &BTreeMap<PathBuf, Vec<u8>>,
    after: &BTreeMap<PathBuf, Vec<u8>>,
) -> Vec<PathBuf> {
    after
        .iter()
        .filter(|(p, b)| before.get(*p) != Some(*b))
        .map(|(p, _)| p.clone())
        .collect()
}

/// Checks the documented shape of a failure: the exit code, and on stderr one message
/// a person can act on — no panic, no backtrace, no Debug dump, no raw OS error code.
#[track_caller]
fn assert_clear_failure(o: &Output, code: i32, must_contain: &str) -> String {
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(code), "exit code; stderr:\n{stderr}");
    for bad in [
        "panicked",
        "RUST_BACKTRACE",
        "stack backtrace",
        "os error",
        "Os {",
        "kind: ",
        "Error {",
        "Some(",
        "Failed {",
        "Invalid(",
    ] {
        assert!(!stderr.contains(bad), "stderr shows {bad:?}:\n{stderr}");
    }
    assert!(
        stderr.contains(must_contain),
        "stderr should mention {must_contain:?}:\n{stderr}"
    );
    let headlines = stderr.lines().filter(|l| l.starts_with("fout")).count();
    assert!(headlines >= 1, "no `fout` headline:\n{stderr}");
    if stderr.starts_with("fout: ") {
        // A failure (not findings) is exactly one message with its help.
        assert_eq!(headlines, 1, "one message per failure:\n{stderr}");
        assert!(stderr.contains("= hulp: "), "says what to do:\n{stderr}");
    }
    stderr
}

/// Text in the Markdown subset becomes what a reader sees: the substitutions the
/// renderers document, then whitespace collapsed (paragraph and line breaks, runs of
/// spaces). The DOCX writer turns a character XML cannot carry (C0 controls other than
/// tab and line feed, C1 controls, U+FFFE/U+FFFF) into a space; the parser turns our
/// own token markers U+E000/U+E001 into U+FFFD.
fn as_read(text: &str) -> String {
    let substituted: String = text
        .chars()
        .map(|c| match scrubbed(c) {
            c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => ' ',
            c => c,
        })
        .collect();
    common::normalise(&substituted)
}

/// Our token markers U+E000/U+E001 as every input text arrives: U+FFFD, so no text
/// can forge a field token (`markup::scrub`).
fn scrubbed(c: char) -> char {
    if matches!(c, '\u{E000}' | '\u{E001}') {
        '\u{FFFD}'
    } else {
        c
    }
}

/// The DOCX text of the first letter and the appendix, with their page headers and
/// footers (a kenmerk stands only in the header), whitespace collapsed.
fn docx_texts(region: &Region) -> String {
    use raadsbrief::render::docx::read;
    let mut all = String::new();
    for kind in [Kind::Letter(0), Kind::Appendix] {
        let doc = compose(region, kind).unwrap_or_else(|e| panic!("{kind:?} composes: {e}"));
        let files = harness::render_checked(&doc);
        all.push_str(&docx_text(&files.docx).expect("DOCX reads back"));
        all.push('\n');
        for name in read::part_names(&files.docx).unwrap() {
            if name.starts_with("word/header") || name.starts_with("word/footer") {
                let xml = read::part(&files.docx, &name).unwrap();
                for p in read::paragraphs_of(&xml).unwrap() {
                    all.push_str(&p.text);
                    all.push('\n');
                }
            }
        }
    }
    common::normalise(&all)
}

// ---------------------------------------------------------------------------------
// Fuzz regressions
// ---------------------------------------------------------------------------------

/// Every input the fuzzer ever found, replayed with the fuzzer's own checks; the
/// folder name is the fuzz target. The samples (the fuzzer's seeds) go through the
/// byte target too, so the harness itself is known to accept good input.
#[test]
fn fuzz_regressions_stay_fixed() {
    let root = harness::repo_root();
    type Target = fn(&[u8]);
    let targets: [(&str, Target); 2] = [
        ("region_bytes", harness::region_bytes),
        ("region_text", harness::region_text),
    ];
    let mut inputs: Vec<(String, Target, Vec<u8>)> = Vec::new();
    for path in regions::sample_paths() {
        let bytes = std::fs::read(&path).unwrap();
        inputs.push((path.display().to_string(), harness::region_bytes, bytes));
    }
    for (name, target) in targets {
        let dir = root.join("tests/regressions").join(name);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
        paths.sort();
        for path in paths.into_iter().filter(|p| p.is_file()) {
            if path.extension().is_some_and(|e| e == "md") {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            inputs.push((path.display().to_string(), target, bytes));
        }
    }
    let mut failed = Vec::new();
    for (name, target, bytes) in &inputs {
        if std::panic::catch_unwind(|| target(bytes)).is_err() {
            failed.push(name.clone());
        }
    }
    assert!(failed.is_empty(), "inputs that fail again: {failed:#?}");
}

// ---------------------------------------------------------------------------------
// Property tests
// ---------------------------------------------------------------------------------

/// Characters from real pasted text and from the corners of Unicode: Word's vertical
/// tab and other controls, zero-width and bidi marks, emoji with modifiers and flags,
/// combining accents, scripts the font lacks, our own token markers, noncharacters.
fn hostile_char() -> impl Strategy<Value = char> {
    prop_oneof![
        8 => prop::char::range('a', 'z'),
        3 => Just(' '),
        1 => prop::sample::select(vec!['\n', '\t', '\r']),
        2 => prop::sample::select(vec![
            'é', 'ë', 'ï', 'ĳ', 'Ĳ', 'ü', 'ç', 'ß', 'ø', 'Ω', '‘', '’', '“', '”', '–', '—', '…',
            '€', '½', 'Ä', 'ſ',
        ]),
        2 => prop::sample::select(vec![
            '\u{0B}', '\u{00}', '\u{07}', '\u{08}', '\u{0C}', '\u{1B}', '\u{7F}', '\u{85}',
            '\u{9F}',
        ]),
        2 => prop::sample::select(vec![
            '\u{200B}', '\u{200C}', '\u{200D}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202E}',
            '\u{2066}', '\u{2069}', '\u{FEFF}', '\u{00AD}', '\u{00A0}', '\u{2028}', '\u{2029}',
            '\u{FE0F}', '\u{2011}',
        ]),
        2 => prop::sample::select(vec![
            '😀', '👍', '🏽', '🇳', '🇱', '中', '文', 'ا', 'ש', '\u{0301}', '\u{0308}', '\u{FFFD}',
            '\u{FFFE}', '\u{FFFF}', '\u{E000}', '\u{E001}', '\u{F8FF}', '\u{10FFFF}', '𝄞',
        ]),
        2 => prop::sample::select(vec![
            '<', '>', '&', '"', '\'', '*', '_', '[', ']', '(', ')', '#', '`', '\\', '{', '}', '|',
            '-', '.', '1', ':', '!', '~', '$', '%', '=', '+',
        ]),
        1 => any::<char>(),
    ]
}

fn hostile_text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(hostile_char(), 0..max).prop_map(|v| v.into_iter().collect())
}

/// Text that means only itself in every field: no Markdown syntax, no placeholder
/// braces. Everything else from [`hostile_char`] stays, controls and all.
fn literal_text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(
        hostile_char().prop_filter("no markup or placeholder syntax", |c| {
            !c.is_ascii_punctuation()
        }),
        1..max,
    )
    .prop_map(|v| v.into_iter().collect())
}

/// Text for the plain (one-line, non-Markdown) fields: everything, ASCII punctuation
/// included, except the placeholder braces, which are documented to be filled in.
fn plain_text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(
        hostile_char().prop_filter("no placeholder braces", |c| !matches!(c, '{' | '}')),
        1..max,
    )
    .prop_map(|v| v.into_iter().collect())
}

/// The long text fields, which take the Markdown subset; the rest are plain text.
fn is_markup(name: &str) -> bool {
    [
        ".inleiding",
        ".tekst",
        ".toelichting",
        ".kennisnemen-van",
        ".aanleiding",
        ".kernboodschap",
        ".consequenties",
        ".vervolg",
    ]
    .iter()
    .any(|suffix| name.ends_with(suffix))
}

/// The indices of the fields whose name satisfies `wanted`.
fn fields_where(wanted: impl Fn(&str) -> bool) -> Vec<usize> {
    harness::text_fields(&mut harness::gooi().region.clone())
        .iter()
        .enumerate()
        .filter(|(_, (name, _))| wanted(name))
        .map(|(i, _)| i)
        .collect()
}

/// The number of text fields [`harness::text_fields`] offers.
fn field_count() -> usize {
    harness::text_fields(&mut harness::gooi().region.clone()).len()
}

/// The Gooi region with field `index` set to `text` as the parser would deliver it
/// (token markers scrubbed; the typed model is past that step); returns the field's
/// name.
fn with_field(index: usize, text: &str) -> (Region, String) {
    let mut region = harness::gooi().region.clone();
    let mut fields = harness::text_fields(&mut region);
    let (name, field) = &mut fields[index];
    **field = text.chars().map(scrubbed).collect();
    let name = name.clone();
    drop(fields);
    (region, name)
}

/// Fields a reader sees in the letter or the appendix, by name. The others are not
/// text of the documents: CBS codes, colours, font names, dates, URLs.
fn is_visible(name: &str) -> bool {
    ![
        ".cbs",
        ".kleur",
        ".lettertype",
        ".vastgesteld",
        ".datum",
        ".url",
    ]
    .iter()
    .any(|suffix| name.ends_with(suffix))
        && !name.starts_with("gemeenten[1]")
}

/// `cases` property-test cases, few enough for `cargo test`; `PROPTEST_CASES` (proptest's
/// own variable) sets another count for a deeper run, e.g.
/// `PROPTEST_CASES=1000 cargo test --release --test robustness`. Failures are not
/// persisted to a file: a case worth keeping goes into `tests/regressions/` or becomes
/// a test of its own.
fn config(cases: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cases);
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    // Each case composes and renders two documents in both formats.
    #![proptest_config(config(16))]

    /// Anything in any text field, markup and placeholders included: both files are
    /// well-formed, or composing refuses with a message. Never a panic.
    #[test]
    fn any_text_in_any_field_gives_well_formed_files(
        index in 0..field_count(),
        text in hostile_text(200),
    ) {
        let (region, _) = with_field(index, &text);
        harness::compose_and_render(&region, &harness::gooi().source.dir, false);
    }

    /// Every printable character of a field a reader sees arrives in the DOCX, in
    /// order; controls become the documented space, token markers U+FFFD.
    #[test]
    fn printable_characters_survive_in_the_docx(
        index in prop::sample::select(fields_where(is_visible)),
        text in literal_text(120),
    ) {
        let (region, name) = with_field(index, &text);
        let expected = as_read(&text);
        prop_assume!(!expected.is_empty());
        let got = docx_texts(&region);
        prop_assert!(
            got.contains(&expected),
            "{name}: {expected:?} is not in the DOCX text:\n{got}"
        );
    }

    /// In a plain field every character means itself, Markdown's punctuation too:
    /// `*`, `_`, `#`, `<`, `&`, `[…](…)` and backslashes arrive in the DOCX as typed.
    #[test]
    fn plain_fields_keep_every_character_markdown_would_interpret(
        index in prop::sample::select(fields_where(|n| is_visible(n) && !is_markup(n))),
        text in plain_text(80),
    ) {
        let (region, name) = with_field(index, &text);
        let expected = as_read(&text);
        prop_assume!(!expected.is_empty());
        let got = docx_texts(&region);
        prop_assert!(
            got.contains(&expected),
            "{name}: {expected:?} is not in the DOCX text:\n{got}"
        );
    }

}

proptest! {
    #![proptest_config(config(32))]

    /// A character the PDF font cannot show is named (U+XXXX) in a warning; none is
    /// dropped silently. Invisible formatting characters (joiners, direction marks,
    /// variation selectors, the BOM) are documented to leave no trace.
    #[test]
    fn characters_the_font_lacks_are_named_in_a_pdf_warning(text in literal_text(150)) {
        let (region, _) = with_field(field_index("brief.aanleiding"), &text);
        let doc = compose(&region, Kind::Letter(0)).expect("composes");
        let files = harness::render_checked(&doc);
        let warnings = files.pdf.warnings.join("\n");
        let regular = layout::font::metrics(layout::Face::from_style(false, false));
        // The parser's substitute for our token markers is what reaches the layout.
        for c in text.chars().map(scrubbed) {
            let shown = c.is_whitespace()
                || c.is_control()
                || is_invisible_format(c)
                || regular.glyph(c).is_some()
                || matches!(c, '\u{2010}' | '\u{2011}' | '\u{2212}' | '\u{2024}');
            if !shown {
                let code = format!("U+{:04X}", c as u32);
                prop_assert!(warnings.contains(&code), "no warning for {code} in:\n{warnings}");
            }
        }
    }
}

proptest! {
    #![proptest_config(config(12))]

    /// The same text through a real YAML file, double-quoted with escapes (the only
    /// way YAML carries control characters): the parser delivers it unchanged and it
    /// survives into the DOCX.
    #[test]
    fn text_survives_a_double_quoted_yaml_string(text in literal_text(150)) {
        let yaml = regions::edit(
            &gooi_text(),
            "  aanleiding: |\n",
            &format!("  aanleiding: {}\n  aanleiding-oud: |\n", yaml_quoted(&text)),
        );
        // The old block stays in the file under a key of its own; remove that key.
        let yaml = drop_key(&yaml, "  aanleiding-oud: |\n");
        let validated = match validate_source(regions::source(&yaml)) {
            Ok(v) => v,
            Err(Error::Invalid(f)) => {
                // Whitespace-only text is an empty required field: a finding is right.
                prop_assume!(!text.trim().is_empty());
                return Err(TestCaseError::fail(format!("refused:\n{}", regions::show(&f))));
            }
            Err(e) => return Err(TestCaseError::fail(e.to_string())),
        };
        let expected_field: String = text.chars().map(scrubbed).collect();
        prop_assert_eq!(&validated.region.brief.aanleiding, &expected_field);
        let expected = as_read(&text);
        prop_assume!(!expected.is_empty());
        let got = docx_texts(&validated.region);
        prop_assert!(got.contains(&expected), "{expected:?} not in:\n{got}");
    }
}

proptest! {
    #![proptest_config(config(4))]

    /// A 500-character word (a pasted URL, a German compound, a row of underscores
    /// turned into letters) in the fields that land in a table cell, a heading, a list,
    /// the metadata block and the running text: every glyph stays on the page, and the
    /// word arrives whole in the DOCX.
    #[test]
    fn endless_words_stay_on_the_page(word in "[a-zéëĳ]{500}") {
        let mut region = harness::gooi().region.clone();
        region.brief.aanleiding = format!("Zie {word} en verder.");
        region.brief.onderwerp = word.clone();
        region.samenwerkingsdocument.afspraken[0].samenvatting = Some(word.clone());
        region.samenwerkingsdocument.afspraken[1].label = word.clone();
        region.samenwerkingsdocument.afspraken[2].tekst = format!("- {word}\n- kort");
        region.samenwerkingsdocument.titel = word.clone();
        region.gemeenten[0].portefeuillehouder = word.clone();
        for kind in [Kind::Letter(0), Kind::Appendix] {
            let doc = compose(&region, kind).expect("composes");
            assert_on_page(&layout::layout(&doc));
            let files = harness::render_checked(&doc);
            let text = docx_text(&files.docx).unwrap();
            prop_assert!(text.contains(&word), "{kind:?}: the word is broken up in the DOCX");
        }
    }
}

/// A 100 KB paragraph (a whole report pasted into `aanleiding`): laid out on the
/// page, every word in the DOCX, and the PDF as long as such a text is.
#[test]
fn a_100_kb_paragraph_is_laid_out_whole() {
    let mut state: u32 = 0x2545_F491;
    let mut words = Vec::new();
    let mut len = 0;
    while len < 100_000 {
        let mut word = String::new();
        for _ in 0..1 + state % 12 {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            word.push(char::from(b'a' + (state % 26) as u8));
        }
        len += word.len() + 1;
        words.push(word);
    }
    let paragraph = words.join(" ");
    let mut region = harness::gooi().region.clone();
    region.brief.aanleiding = paragraph.clone();
    let doc = compose(&region, Kind::Letter(0)).expect("composes");
    assert_on_page(&layout::layout(&doc));
    let files = harness::render_checked(&doc);
    assert!(files.pdf.pages > 20, "{} pages", files.pdf.pages);
    let text = common::normalise(&docx_text(&files.docx).unwrap());
    assert!(
        text.contains(&paragraph),
        "the paragraph arrives whole in the DOCX"
    );
}

/// Index of the field called `name` in [`harness::text_fields`].
fn field_index(name: &str) -> usize {
    harness::text_fields(&mut harness::gooi().region.clone())
        .iter()
        .position(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no field {name}"))
}

/// The invisible formatting characters the layout drops without a warning, as its
/// documentation lists them: joiners, direction marks and isolates, word joiners,
/// variation selectors, tags and the byte-order mark. U+200B (zero-width space) and
/// U+00AD (soft hyphen) are break opportunities, also invisible.
fn is_invisible_format(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F
        | 0xFEFF | 0xFE00..=0xFE0F | 0xE0000..=0xE007F | 0xE0100..=0xE01EF)
}

/// Every glyph, rule and image lies on the page: nothing runs off the edge where a
/// reader could not see it. (tests/pdf.rs holds the layout to its frame for documents
/// built by hand; this is the same promise for what templates make of long input.)
fn assert_on_page(l: &layout::Layout) {
    let page = layout::Rect {
        x: 0.0,
        y: 0.0,
        width: l.page_width,
        height: l.page_height,
    };
    for (p, pg) in l.pages.iter().enumerate() {
        for item in &pg.items {
            if l.nodes[item.node].role == Role::WatermarkArtifact {
                continue;
            }
            if let ItemKind::Text(run) = &item.kind {
                assert!(
                    page.contains(&run.bounds(), 0.5),
                    "page {}: text off the page at {:?}: {:?}",
                    p + 1,
                    run.bounds(),
                    run.text()
                );
            }
        }
    }
}

/// `text` as a YAML double-quoted scalar: printable characters as they are, the rest
/// as escapes, so any string survives the file.
fn yaml_quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || ('\u{7F}'..='\u{9F}').contains(&c) => {
                out.push_str(&format!("\\x{:02X}", c as u32))
            }
            '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Removes the key that starts at `line` and its indented block.
fn drop_key(yaml: &str, line: &str) -> String {
    let start = yaml.find(line).expect("key present");
    let indent = line.len() - line.trim_start().len();
    let mut end = start + line.len();
    for l in yaml[end..].split_inclusive('\n') {
        let blank = l.trim().is_empty();
        let deeper = l.len() - l.trim_start().len() > indent;
        if !(blank || deeper) {
            break;
        }
        end += l.len();
    }
    format!("{}{}", &yaml[..start], &yaml[end..])
}

/// Found by `plain_fields_keep_every_character_markdown_would_interpret` (deep run): a
/// quoted value with leading blanks, `"    J. Jansen"`, sits at the start of a line in
/// the metadata block, where Markdown read it as a code block and printed the escapes
/// (`J\. Jansen`). Blanks around a value are now dropped when it is escaped.
#[test]
fn a_value_with_leading_blanks_is_printed_as_itself() {
    let mut region = harness::gooi().region.clone();
    region.gemeenten[0].portefeuillehouder = "  \t  J. Jansen <griffie>  ".into();
    let doc = compose(&region, Kind::Letter(0)).unwrap();
    let text = docx_text(&harness::render_checked(&doc).docx).unwrap();
    assert!(text.contains("J. Jansen <griffie> (Blaricum)"), "{text}");
    assert!(!text.contains('\\'), "{text}");
}

// ---------------------------------------------------------------------------------
// Text pasted from Word, through the real parser
// ---------------------------------------------------------------------------------

/// A vertical tab pasted into a block scalar: YAML forbids it, and the user is told
/// which character, exactly where, and what to do, instead of a generic syntax error
/// at the start of the paragraph.
#[test]
fn a_pasted_control_character_is_located_and_named() {
    let sample = gooi_text();
    let needle = "Landelijk is erkend";
    let text = regions::edit(&sample, needle, "Landelijk\u{0B}is erkend\u{07}");
    let findings = regions::findings(&text);
    assert_eq!(findings.len(), 2, "{}", regions::show(&findings));
    let (line, column) = regions::pos_of(&sample, needle);
    regions::assert_finding(
        &findings[0],
        "control-character",
        (line, column + "Landelijk".len()),
        "",
        "onzichtbaar stuurteken U+000B (verticale tab) in de tekst",
    );
    assert!(findings[0]
        .help
        .contains("Word zet dit teken bij een regelafbreking met Shift+Enter"));
    regions::assert_finding(
        &findings[1],
        "control-character",
        (line, column + "Landelijk is erkend".len()),
        "",
        "U+0007",
    );
}

/// Thousands of them (a whole pasted document) give a bounded list, not thousands of
/// findings, and say how many more there are.
#[test]
fn many_control_characters_are_summarised() {
    let text = regions::edit(
        &gooi_text(),
        "Landelijk is erkend",
        &"x\u{0B}".repeat(5_000),
    );
    let findings = regions::findings(&text);
    assert_eq!(findings.len(), 20);
    assert!(
        findings[19]
            .message
            .contains("(nog 4980 van zulke tekens in het bestand)"),
        "{}",
        findings[19].message
    );
}

/// Escaped in a double-quoted string, the same characters are valid and reach the
/// documents (as a space in the DOCX, and as a warning from the PDF).
#[test]
fn escaped_control_characters_are_accepted_and_reported() {
    let text = regions::edit(
        &gooi_text(),
        "  onderwerp: Doorontwikkeling samenwerkingsafspraken Jeugd",
        "  onderwerp: \"Doorontwikkeling\\vsamenwerkingsafspraken\\aJeugd\"",
    );
    let v = regions::valid(&text);
    assert_eq!(
        v.region.brief.onderwerp,
        "Doorontwikkeling\u{0B}samenwerkingsafspraken\u{07}Jeugd"
    );
    let doc = compose(&v.region, Kind::Letter(0)).unwrap();
    let files = harness::render_checked(&doc);
    let docx = docx_text(&files.docx).unwrap();
    assert!(
        docx.contains("Doorontwikkeling samenwerkingsafspraken Jeugd"),
        "{docx}"
    );
    let warnings = files.pdf.warnings.join("\n");
    assert!(warnings.contains("U+0007"), "{warnings}");
}

// ---------------------------------------------------------------------------------
// Hostile names and paths
// ---------------------------------------------------------------------------------

/// The Gooi sample with the first municipalities and the region renamed.
fn renamed(names: &[&str], region: &str) -> String {
    let mut text = regions::edit(
        &gooi_text(),
        "  naam: Regio Gooi en Vechtstreek",
        &format!("  naam: {}", yaml_quoted(region)),
    );
    let originals = [
        "Blaricum",
        "Eemnes",
        "Gooise Meren",
        "Hilversum",
        "Huizen",
        "Laren",
    ];
    for (from, to) in originals.iter().zip(names) {
        text = regions::edit(
            &text,
            &format!("  - naam: {from}\n"),
            &format!("  - naam: {}\n", yaml_quoted(to)),
        );
    }
    text
}

/// Municipality and region names that are paths or device names never write outside
/// the output folder: a hostile region name becomes a safe folder name (with `--out`
/// and with the default `out/<region>/`), and municipality names that are no
/// municipality's are refused against the CBS list before anything is written (their
/// folder names are covered by the unit tests of `batch::slug`).
#[test]
fn hostile_names_never_write_outside_the_output_folder() {
    let names = [
        "../../etc",
        "CON",
        "a/b",
        "..\\..\\Windows\\System32",
        "/etc/passwd",
        "./etc/",
    ];
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("work");
    std::fs::create_dir(&work).unwrap();
    std::fs::write(work.join("hostile.yaml"), renamed(&names, "Regio")).unwrap();
    let before = snapshot(dir.path());
    let o = bin()
        .current_dir(&work)
        .args(["build", "hostile.yaml", "--quiet"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(
        stderr.matches("fout[cbs-other-municipality]").count(),
        names.len(),
        "{stderr}"
    );
    assert!(changed(&before, &snapshot(dir.path())).is_empty());

    std::fs::write(work.join("region.yaml"), renamed(&[], "../../../tmp/x")).unwrap();
    for out in [Some(work.join("out")), None] {
        let before = snapshot(dir.path());
        let mut cmd = bin();
        cmd.current_dir(&work)
            .args(["build", "region.yaml", "--quiet"]);
        if let Some(out) = &out {
            cmd.arg("--out").arg(out);
        }
        let o = cmd.output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let expected_out = out.unwrap_or_else(|| work.join("out").join("tmp-x"));
        let created = changed(&before, &snapshot(dir.path()));
        assert_eq!(created.len(), 8 * 2 + 2 + 1, "{created:#?}");
        for path in &created {
            assert!(
                path.starts_with(&expected_out),
                "{} is outside {}",
                path.display(),
                expected_out.display()
            );
        }
    }
}

/// Empty and whitespace-only names are refused by validation (exit 2, nothing
/// written), so no file is ever named after nothing.
#[test]
fn empty_and_blank_names_are_refused() {
    for name in ["", "   ", "\t"] {
        let dir = tempfile::tempdir().unwrap();
        let yaml = dir.path().join("region.yaml");
        std::fs::write(&yaml, renamed(&[name], "Regio")).unwrap();
        let out = dir.path().join("out");
        let o = bin()
            .args(["build", "--quiet", "--out"])
            .arg(&out)
            .arg(&yaml)
            .output()
            .unwrap();
        assert_clear_failure(&o, 2, "gemeenten[0].naam");
        assert!(!out.exists(), "{name:?}: nothing is written");
    }
}

/// A logo path is relative to the region file, not to the folder the command runs in.
#[test]
fn logo_paths_resolve_relative_to_the_region_file() {
    let dir = tempfile::tempdir().unwrap();
    let region_dir = dir.path().join("regio");
    std::fs::create_dir_all(region_dir.join("logos")).unwrap();
    std::fs::copy("tests/data/logo.png", region_dir.join("logos/blaricum.png")).unwrap();
    std::fs::write(
        region_dir.join("region.yaml"),
        with_logo("logos/blaricum.png"),
    )
    .unwrap();
    let elsewhere = dir.path().join("elders");
    std::fs::create_dir(&elsewhere).unwrap();
    let out = dir.path().join("out");
    let o = bin()
        .current_dir(&elsewhere)
        .args(["build", "../regio/region.yaml", "--gemeente", "Blaricum"])
        .args(["--format", "docx", "--quiet", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let docx =
        std::fs::read(out.join("blaricum/raadsinformatiebrief-2021-11-16-concept.docx")).unwrap();
    let parts = raadsbrief::render::docx::read::part_names(&docx).unwrap();
    assert!(parts.iter().any(|p| p.starts_with("word/media/")));
}

/// The Gooi sample with a logo for Blaricum.
fn with_logo(path: &str) -> String {
    regions::edit(
        &gooi_text(),
        "      kleur: \"#1F5F8B\"",
        &format!(
            "      kleur: \"#1F5F8B\"\n      logo: {}\n      logo-alt: Logo gemeente Blaricum",
            yaml_quoted(path)
        ),
    )
}

/// A logo path may point anywhere the user can read (it is their file system, and an
/// absolute path to a shared logo folder is normal), but only an image is ever read
/// into a document: a path to something else fails with a finding and writes nothing.
#[test]
fn a_logo_path_reads_only_images() {
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("geheim.png");
    std::fs::write(&secret, "root:x:0:0:root:/root:/bin/bash\n").unwrap();
    let folder_png = dir.path().join("map.png");
    std::fs::create_dir(&folder_png).unwrap();
    // A valid PNG header that claims 100 000 × 100 000 pixels (40 GB decoded).
    let mut bomb = std::fs::read("tests/data/logo.png").unwrap();
    bomb[16..20].copy_from_slice(&100_000u32.to_be_bytes());
    bomb[20..24].copy_from_slice(&100_000u32.to_be_bytes());
    let bomb_path = dir.path().join("bom.png");
    std::fs::write(&bomb_path, bomb).unwrap();
    let real = dir.path().join("echt.png");
    std::fs::copy("tests/data/logo.png", &real).unwrap();

    let cases: [(&str, String, i32, &str); 5] = [
        (
            "outside, not an image",
            "../../../etc/passwd".into(),
            2,
            "is geen PNG- of JPEG-bestand",
        ),
        (
            "absolute, named .png, not an image",
            secret.display().to_string(),
            2,
            "is geen leesbare PNG- of JPEG-afbeelding",
        ),
        (
            "a folder named .png",
            folder_png.display().to_string(),
            2,
            "is een map, geen bestand",
        ),
        (
            "a decompression bomb",
            bomb_path.display().to_string(),
            2,
            "100000 × 100000 pixels",
        ),
        ("absolute, a real image", real.display().to_string(), 0, ""),
    ];
    for (what, logo, code, message) in cases {
        let yaml = dir.path().join("region.yaml");
        std::fs::write(&yaml, with_logo(&logo)).unwrap();
        let out = dir.path().join("out");
        let _ = std::fs::remove_dir_all(&out);
        let o = bin()
            .args(["build", "--gemeente", "Blaricum", "--quiet", "--out"])
            .arg(&out)
            .arg(&yaml)
            .output()
            .unwrap();
        if code == 0 {
            assert!(
                o.status.success(),
                "{what}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            continue;
        }
        assert_clear_failure(&o, code, message);
        assert!(!out.exists(), "{what}: nothing is written");
    }
}

/// Links from the region file reach the documents only as web or e-mail addresses:
/// a `file://server/…` link in a letter would hand the reader's Windows credentials
/// to that server when clicked. The text stays, `validate` warns.
#[test]
fn only_web_and_mail_links_reach_the_documents() {
    let text = regions::edit(
        &gooi_text(),
        "    Landelijk is erkend",
        "    [Zie](file://server/share/x.docx) en [mail](mailto:griffie@example.nl) en \
         [web](https://example.nl/a) en [js](javascript:alert(1)). Landelijk is erkend",
    );
    let text = regions::edit(
        &text,
        "    - titel: Norm voor Opdrachtgeverschap\n",
        "    - titel: Norm voor Opdrachtgeverschap\n      url: \"file://server/share/nvo.pdf\"\n",
    );
    let v = regions::valid(&text);
    let rules: Vec<&str> = v.warnings.iter().map(|f| f.rule).collect();
    assert_eq!(
        rules.iter().filter(|r| **r == "markup").count(),
        2,
        "{}",
        regions::show(&v.warnings)
    );
    assert!(rules.contains(&"link"), "{}", regions::show(&v.warnings));
    for kind in [Kind::Letter(0), Kind::Appendix] {
        let doc = compose(&v.region, kind).unwrap();
        let files = harness::render_checked(&doc);
        let rels =
            raadsbrief::render::docx::read::part(&files.docx, "word/_rels/document.xml.rels")
                .unwrap();
        let uris = pdf_uris(&files.pdf.bytes);
        for bad in ["file:", "javascript:"] {
            assert!(!rels.contains(bad), "{kind:?}: DOCX links to {bad}\n{rels}");
            assert!(
                !uris.iter().any(|u| u.contains(bad)),
                "{kind:?}: PDF links to {bad}: {uris:?}"
            );
        }
        let text = docx_text(&files.docx).unwrap();
        if kind == Kind::Letter(0) {
            assert!(rels.contains("mailto:griffie@example.nl"), "{rels}");
            assert!(rels.contains("https://example.nl/a"), "{rels}");
            assert!(uris.iter().any(|u| u == "https://example.nl/a"), "{uris:?}");
            assert!(text.contains("Zie en mail en web en js."), "{text}");
        } else {
            assert!(
                text.contains("file://server/share/nvo.pdf"),
                "shown as text"
            );
        }
    }
}

/// Every `/URI` of a link action in a PDF.
fn pdf_uris(bytes: &[u8]) -> Vec<String> {
    let pdf = lopdf::Document::load_mem(bytes).expect("PDF loads");
    pdf.objects
        .values()
        .filter_map(|o| match o {
            lopdf::Object::Dictionary(d) => Some(d),
            lopdf::Object::Stream(s) => Some(&s.dict),
            _ => None,
        })
        .flat_map(|d| {
            let mut found: Vec<&lopdf::Dictionary> = vec![d];
            if let Ok(lopdf::Object::Dictionary(action)) = d.get(b"A") {
                found.push(action);
            }
            found
        })
        .filter_map(|d| d.get(b"URI").ok())
        .filter_map(|u| u.as_str().ok())
        .map(|u| String::from_utf8_lossy(u).into_owned())
        .collect()
}

/// The documents are for colleagues on a shared folder: created with the permissions
/// of any new file (0666 less the umask), not the private 0600 of a temporary file.
#[cfg(target_os = "linux")]
#[test]
fn documents_get_the_permissions_of_any_new_file() {
    use std::os::unix::fs::PermissionsExt;
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let umask = status
        .lines()
        .find_map(|l| l.strip_prefix("Umask:"))
        .and_then(|v| u32::from_str_radix(v.trim(), 8).ok())
        .expect("Umask in /proc/self/status");
    let dir = tempfile::tempdir().unwrap();
    let o = bin()
        .args([
            "build",
            common::GOOI,
            "--gemeente",
            "Blaricum",
            "--format",
            "docx",
        ])
        .args(["--quiet", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(o.status.success());
    for path in snapshot(dir.path()).keys() {
        let mode = std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o666 & !umask, "{}: {mode:o}", path.display());
    }
}

// ---------------------------------------------------------------------------------
// Failure classes: one clear message, the documented exit code, nothing half-written
// ---------------------------------------------------------------------------------

#[test]
fn a_missing_region_file_fails_with_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let o = bin()
        .current_dir(dir.path())
        .args(["build", "bestaat-niet.yaml"])
        .output()
        .unwrap();
    let stderr = assert_clear_failure(&o, 1, "bestaat-niet.yaml");
    assert!(
        stderr.contains("kan bestaat-niet.yaml niet lezen: het bestand of de map bestaat niet"),
        "{stderr}"
    );
    assert_eq!(snapshot(dir.path()).len(), 0, "nothing written");
}

/// Running as root (as CI does) makes permission bits meaningless, so "unreadable"
/// is what even root cannot read: a folder where the file should be, and
/// `/proc/self/mem`, which opens but fails on the first read (address 0 is never
/// mapped).
#[test]
fn an_unreadable_region_file_fails_with_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("regio.yaml")).unwrap();
    let o = bin()
        .current_dir(dir.path())
        .args(["build", "regio.yaml"])
        .output()
        .unwrap();
    assert_clear_failure(&o, 1, "regio.yaml is een map, geen regiobestand");
    if Path::new("/proc/self/mem").exists() {
        let o = bin()
            .current_dir(dir.path())
            .args(["build", "/proc/self/mem"])
            .output()
            .unwrap();
        assert_clear_failure(&o, 1, "kan /proc/self/mem niet lezen");
    }
}

/// A device that never ends (`/dev/zero`) is refused at the size limit, like a file
/// that is too large, instead of being read until memory runs out.
#[cfg(unix)]
#[test]
fn an_endless_region_file_is_refused_at_the_size_limit() {
    let started = Instant::now();
    let findings =
        regions::expect_invalid(raadsbrief::validate::validate_file(Path::new("/dev/zero")));
    regions::assert_finding(
        &findings[0],
        "too-large",
        (1, 1),
        "",
        "het bestand is groter dan 8 MiB",
    );
    assert!(started.elapsed() < Duration::from_secs(20));
    // The JSON report prints the findings without re-reading the file.
    let o = bin()
        .args(["validate", "--format", "json", "/dev/zero"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stdout).contains("too-large"));
}

/// The human report of the same file stays within the memory the finding needs.
/// Measured with GNU time's peak RSS, under a 2 GB address-space limit so the bug it
/// shows cannot take the machine's memory with it.
#[cfg(unix)]
#[test]
fn the_human_report_of_an_endless_file_does_not_read_it_again() {
    if !Path::new("/usr/bin/time").exists() {
        return;
    }
    let script = format!(
        "ulimit -v 2000000; exec /usr/bin/time -f 'peak-rss-kb %M' \"{}\" validate /dev/zero",
        env!("CARGO_BIN_EXE_raadsbrief")
    );
    let o = Command::new("sh").args(["-c", &script]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("fout[too-large]"), "{stdout}");
    let stderr = String::from_utf8_lossy(&o.stderr);
    let peak: u64 = stderr
        .lines()
        .find_map(|l| l.strip_prefix("peak-rss-kb "))
        .and_then(|v| v.trim().parse().ok())
        .expect("GNU time reports the peak");
    assert!(peak < 200_000, "peak RSS {peak} kB");
}

/// Input that is wrong but parses: findings, exit 2, nothing written (tests/build.rs
/// covers a schema finding; this is the YAML layer).
#[test]
fn a_pasted_control_character_stops_the_build_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = dir.path().join("region.yaml");
    std::fs::write(
        &yaml,
        regions::edit(&gooi_text(), "Landelijk is", "Landelijk\u{0B}is"),
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = bin()
        .args(["build", "--out"])
        .arg(&out)
        .arg(&yaml)
        .output()
        .unwrap();
    assert_clear_failure(&o, 2, "fout[control-character]");
    assert!(!out.exists());
}

/// A template that compiles but fails while rendering (an unknown helper) is located
/// in its file, exit 2. (tests/build.rs covers a syntax error.)
#[test]
fn a_template_that_fails_while_rendering_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let tpl = dir.path().join("tpl");
    assert!(bin()
        .args(["templates", "export"])
        .arg(&tpl)
        .status()
        .unwrap()
        .success());
    let path = tpl.join("samenwerkingsdocument.md.hbs");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}\n{{{{bestaat_niet regio.naam}}}}\n")).unwrap();
    let out = dir.path().join("out");
    let o = bin()
        .args(["build", common::GOOI, "--quiet", "--templates"])
        .arg(&tpl)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_clear_failure(&o, 2, "samenwerkingsdocument.md.hbs");
    assert!(!out.exists(), "nothing is written");
}

/// An output folder even root cannot create: under `/proc`.
#[cfg(target_os = "linux")]
#[test]
fn an_output_folder_that_cannot_be_created_fails_with_exit_1() {
    let o = bin()
        .args(["build", common::GOOI, "--quiet", "--out"])
        .arg("/proc/raadsbrief-out")
        .output()
        .unwrap();
    assert_clear_failure(&o, 1, "kan de uitvoermap /proc/raadsbrief-out niet maken");
}

/// A full disk, simulated the way it works for root too: a file-size limit
/// (`ulimit -f`, with SIGXFSZ ignored so the write fails with EFBIG instead of
/// killing the process). The build fails with exit 1 and one message, and the output
/// folder keeps exactly what the previous run wrote — no new file beside old ones, no
/// temporary file left behind.
#[cfg(unix)]
#[test]
fn a_full_disk_leaves_the_output_folder_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let first = bin()
        .args(["build", common::GOOI, "--quiet", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(first.status.success());
    let before = snapshot(&out);

    // Different input, so every file would change.
    let yaml = dir.path().join("region.yaml");
    std::fs::write(
        &yaml,
        regions::edit(
            &gooi_text(),
            "datum: \"2021-11-16\"",
            "datum: \"2021-11-17\"",
        ),
    )
    .unwrap();
    // 64 blocks (32 KiB with dash's 512-byte blocks, 64 KiB with bash's): the letters'
    // DOCX files fit, the appendix PDF does not, so the run fails half-way.
    let script = format!(
        "trap '' XFSZ; ulimit -f 64; exec \"{}\" build --quiet --out \"{}\" \"{}\"",
        env!("CARGO_BIN_EXE_raadsbrief"),
        out.display(),
        yaml.display()
    );
    let o = Command::new("sh").args(["-c", &script]).output().unwrap();
    assert_clear_failure(&o, 1, "de schijf is vol");
    let after = snapshot(&out);
    assert_eq!(
        changed(&before, &after),
        Vec::<PathBuf>::new(),
        "files changed by the failed run"
    );
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "files added by the failed run"
    );
}

// ---------------------------------------------------------------------------------
// Resource limits (slow: `cargo test --release --test robustness -- --ignored`)
// ---------------------------------------------------------------------------------

/// A region of every municipality of the Netherlands (352 in 2021, the most a region
/// with real CBS codes can hold) builds, every file and the manifest written.
///
/// Before CBS codes were checked against the official list, this test built 5 000
/// generated municipalities with invented codes. Figures of that time (2 shared cores,
/// release build, `/usr/bin/time -v`): 1 000 municipalities 7.5 s CPU and 116 MB peak RSS, 2 500: 19.5 s and 247 MB, 5 000: 49.5 s and 463 MB.
/// Memory is linear (the whole build is held in memory until it is written: about
/// 90 KB per municipality); time per municipality grows from 7.5 to 9.9 ms. Before
/// fields were parsed lazily (`FieldTokens`), every letter parsed the appendix's
/// `{gemeenten}` list and 5 000 took 169 s.
///
/// To measure: `RAADSBRIEF_KEEP=/tmp/big.yaml cargo test --release --test robustness
/// every_municipality -- --ignored`, then
/// `/usr/bin/time -v target/<target>/release/raadsbrief build /tmp/big.yaml --quiet --out /tmp/big`.
#[test]
#[ignore = "slow: builds 706 files; run with --release -- --ignored"]
fn every_municipality_of_the_netherlands_builds() {
    let text = regions::generate_region(&gooi_text(), 352);
    let dir = tempfile::tempdir().unwrap();
    let yaml = dir.path().join("region.yaml");
    std::fs::write(&yaml, &text).unwrap();
    if let Ok(keep) = std::env::var("RAADSBRIEF_KEEP") {
        std::fs::write(keep, &text).unwrap();
    }
    let out = dir.path().join("out");
    let started = Instant::now();
    let o = bin()
        .args(["build", "--quiet", "--out"])
        .arg(&out)
        .arg(&yaml)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    eprintln!("352 municipalities: {:?}", started.elapsed());
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["files"].as_array().unwrap().len(), (352 + 1) * 2);
}

/// An appendix of about 500 pages (an afspraak with 2.2 MB of paragraphs) builds.
///
/// Figures (release): 514 pages, 0.6 s, 104 MB peak RSS for the appendix and one
/// letter; 1.5 MB of text gives 352 pages. A debug build takes some 20 s, hence the
/// `#[ignore]`. To measure: `RAADSBRIEF_KEEP=/tmp/long.yaml cargo test --release --test
/// robustness a_500_page -- --ignored`, then `/usr/bin/time -v target/<target>/release/raadsbrief
/// build /tmp/long.yaml --gemeente Blaricum --quiet --out /tmp/long`.
#[test]
#[ignore = "slow: a 500-page PDF; run with --release -- --ignored"]
fn a_500_page_appendix_builds() {
    let text = long_appendix_region();
    let dir = tempfile::tempdir().unwrap();
    let yaml = dir.path().join("region.yaml");
    std::fs::write(&yaml, &text).unwrap();
    if let Ok(keep) = std::env::var("RAADSBRIEF_KEEP") {
        std::fs::write(keep, &text).unwrap();
    }
    let out = dir.path().join("out");
    let started = Instant::now();
    let o = bin()
        .args(["build", "--quiet", "--gemeente", "Blaricum", "--out"])
        .arg(&out)
        .arg(&yaml)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let pages = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "samenwerkingsdocument-2021-11-16-concept.pdf")
        .and_then(|f| f["pages"].as_u64())
        .unwrap();
    eprintln!(
        "500-page appendix: {pages} pages in {:?}",
        started.elapsed()
    );
    assert!(pages >= 450, "{pages} pages");
}

/// The Gooi sample whose first afspraak has 2.2 MB of text in paragraphs of about
/// 1 450 characters: some 500 A4 pages (about 4 300 characters a page).
fn long_appendix_region() -> String {
    let sentence = "De gemeenten in de regio borgen samen de beschikbaarheid en continuïteit \
                    van jeugdfuncties, met aandacht voor kwaliteit en een reële prijs. ";
    let mut block = String::new();
    let mut n = 0;
    while block.len() < 2_200_000 {
        block.push_str("        ");
        for _ in 0..10 {
            block.push_str(sentence);
        }
        n += 1;
        block.push_str(&format!("(alinea {n})\n\n"));
    }
    let sample = gooi_text();
    let needle = "      tekst: |\n        ‘{samenwerkingsdocument}’ beschrijft";
    regions::edit(
        &sample,
        needle,
        &format!("      tekst: |\n{block}        ‘{{samenwerkingsdocument}}’ beschrijft"),
    )
}

/// The source the proptests start from validates, and the helpers' field list
/// reaches every field kind (catches a sample change that would silently test less).
#[test]
fn the_property_tests_start_from_a_valid_region() {
    let v = harness::gooi();
    assert!(v.region.gemeenten.len() >= 2);
    let names: Vec<String> = harness::text_fields(&mut v.region.clone())
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    for expected in [
        "brief.aanleiding",
        "brief.onderwerp",
        "brief.bijlagen[0]",
        "gemeenten[0].naam",
        "samenwerkingsdocument.afspraken[6].tekst",
        "samenwerkingsdocument.basisfuncties[4].toelichting",
        "regio.aanspreekpunt.naam",
    ] {
        assert!(names.iter().any(|n| n == expected), "{expected}: {names:?}");
    }
}
