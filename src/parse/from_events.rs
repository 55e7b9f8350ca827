//! A region file as people write it, read into the tree straight from the YAML parser's
//! events.
//!
//! serde-saphyr reads a file through serde: every value and key passes its deserializer
//! and a `Spanned` wrapper for its place, which cost three to four times what its parser
//! (granit-parser) takes to produce the events (the sample region: 0.7–1.3 ms against
//! 0.2–0.3 ms), and the parse is the first step of every run, with nothing beside it on
//! this thread. Most region files are block mappings and lists of text, nothing else.
//! For those this reader builds the same tree from the same parser, run with the options
//! serde-saphyr gives it, and resolves each value as serde-saphyr does.
//!
//! It only ever gives that tree sooner: at anything it does not settle itself (a syntax
//! error, anchors, aliases, tags, merge keys, a key written twice, a key that is not
//! plainly text, a document past the budgets' margins) it gives up, and the caller reads
//! the file through serde-saphyr as before, whose tree and messages stay the reference. Test `the_events_give_serde_saphyrs_tree` compares the two.

use std::borrow::Cow;

use granit_parser::{Event, Parser, ScalarStyle, Span};

use super::node::{Entry, Node, Pos, Value};

/// Margins under serde-saphyr's budgets (`super::options`): a file near one is read
/// the reference way, which reports the breach.
const MAX_EVENTS: usize = 200_000;
const MAX_NODES: usize = 80_000;
const MAX_DEPTH: usize = super::MAX_DEPTH - 2;
const MAX_SCALAR_BYTES: usize = 7 * 1024 * 1024;
/// A mapping with more keys is left to serde-saphyr, so that looking for a key written
/// twice stays a short scan.
const MAX_KEYS: usize = 256;

/// The tree of `text`, or `None` where serde-saphyr must read it.
pub(super) fn read(text: &str) -> Option<Node> {
    let mut reader = Reader::default();
    for item in Parser::new_from_str_with_options(text, parser_options()) {
        let (event, span) = item.ok()?;
        reader.event(event, &span)?;
    }
    reader.finish()
}

/// The parser's options as serde-saphyr sets them from our budget (its
/// `Options::parser_options`): granit-parser's defaults with comments emitted, its
/// default limit of buffered comments and its relaxed indentation of flow collections,
/// so that both accept exactly the same text.
fn parser_options() -> granit_parser::Options {
    let mut options = granit_parser::Options::default();
    options.emit_comments = true;
    options.strict_indentation = false;
    options.max_buffered_comment_events = 32;
    options
}

#[derive(Default)]
struct Reader {
    open: Vec<Open>,
    root: Option<Node>,
    documents: usize,
    events: usize,
    nodes: usize,
    scalar_bytes: usize,
}

/// A collection whose end has not come yet.
enum Open {
    Seq(Pos, Vec<Node>),
    /// A mapping and the key whose value comes next.
    Map(Pos, Vec<Entry>, Option<(String, Pos)>),
}

impl Reader {
    fn event(&mut self, event: Event<'_>, span: &Span) -> Option<()> {
        self.events += 1;
        if self.events > MAX_EVENTS {
            return None;
        }
        match event {
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Comment(..) => {}
            Event::DocumentStart(_, version) => {
                self.documents += 1;
                if self.documents > 1 || version.is_some() {
                    return None;
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                untagged(anchor, tag.is_some())?;
                self.count(text.len())?;
                self.scalar(text, style, pos(span))?;
            }
            Event::SequenceStart(_, anchor, tag) => {
                untagged(anchor, tag.is_some())?;
                self.start(Open::Seq(pos(span), Vec::new()))?;
            }
            Event::MappingStart(_, anchor, tag) => {
                untagged(anchor, tag.is_some())?;
                self.start(Open::Map(pos(span), Vec::new(), None))?;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let node = match self.open.pop()? {
                    Open::Seq(pos, items) => Node {
                        pos,
                        value: Value::Seq(items),
                    },
                    Open::Map(pos, entries, None) => Node {
                        pos,
                        value: Value::Map(entries),
                    },
                    Open::Map(_, _, Some(_)) => return None,
                };
                self.place(node)?;
            }
            // Aliases and anchors, and whatever a later parser adds.
            _ => return None,
        }
        Some(())
    }

    fn count(&mut self, scalar_bytes: usize) -> Option<()> {
        self.nodes += 1;
        self.scalar_bytes += scalar_bytes;
        (self.nodes <= MAX_NODES && self.scalar_bytes <= MAX_SCALAR_BYTES).then_some(())
    }

    /// A collection begins: as a value (a collection as a key is serde-saphyr's to refuse).
    fn start(&mut self, open: Open) -> Option<()> {
        if matches!(self.open.last(), Some(Open::Map(_, _, None))) {
            return None;
        }
        self.count(0)?;
        self.open.push(open);
        (self.open.len() <= MAX_DEPTH).then_some(())
    }

    fn scalar(&mut self, text: Cow<'_, str>, style: ScalarStyle, pos: Pos) -> Option<()> {
        if let Some(Open::Map(_, entries, key @ None)) = self.open.last_mut() {
            let text = key_text(text, style)?;
            if entries.len() >= MAX_KEYS || entries.iter().any(|e| e.key == text) {
                return None;
            }
            *key = Some((text, pos));
            return Some(());
        }
        let value = value_of(text, style)?;
        self.place(Node { pos, value })
    }

    /// A finished value goes into its collection, or becomes the document.
    fn place(&mut self, node: Node) -> Option<()> {
        match self.open.last_mut() {
            None if self.root.is_none() => self.root = Some(node),
            None => return None,
            Some(Open::Seq(_, items)) => items.push(node),
            Some(Open::Map(_, entries, key)) => {
                let (key, key_pos) = key.take()?;
                entries.push(Entry {
                    key,
                    key_pos,
                    value: node,
                });
            }
        }
        Some(())
    }

    fn finish(self) -> Option<Node> {
        if self.open.is_empty() {
            self.root
        } else {
            None
        }
    }
}

/// A node without an anchor (id 0) or a tag: the only kind this reader settles.
fn untagged(anchor: usize, tagged: bool) -> Option<()> {
    (anchor == 0 && !tagged).then_some(())
}

/// Where serde-saphyr places an event: the line as the parser counts it, the column
/// one-based (`location_from_span`).
fn pos(span: &Span) -> Pos {
    Pos {
        line: span.start.line(),
        column: span.start.col() + 1,
    }
}

/// A value as serde-saphyr's `deserialize_any` resolves an untagged scalar: a quoted or
/// block scalar is text; a plain one is null, a boolean, a number or text by its
/// spelling. The spellings settled here are text that cannot be anything else; the rest
/// are resolved by serde-saphyr itself, as a document of that one scalar.
fn value_of(text: Cow<'_, str>, style: ScalarStyle) -> Option<Value> {
    if style != ScalarStyle::Plain {
        return Some(Value::Str(text.into_owned()));
    }
    if matches!(&*text, "" | "~" | "null" | "Null" | "NULL") {
        return Some(Value::Null);
    }
    if plainly_text(&text) {
        return Some(Value::Str(text.into_owned()));
    }
    resolved_alone(&text)
}

/// A key as `node::KeyText` makes it: only keys that are plainly text are settled here.
fn key_text(text: Cow<'_, str>, style: ScalarStyle) -> Option<String> {
    if text != "<<" && (style != ScalarStyle::Plain || plainly_text(&text)) {
        Some(text.into_owned())
    } else {
        None
    }
}

/// Words that serde-saphyr reads as a boolean (YAML 1.1's, any case) or that a float
/// parser could take for a number.
const WORDS: [&str; 12] = [
    "true", "false", "yes", "no", "y", "n", "on", "off", "null", "inf", "infinity", "nan",
];

/// A plain scalar that no resolution takes for null, a boolean or a number: one that
/// starts with a letter (or any character beyond ASCII) and is not one of [`WORDS`]. Every
/// null, boolean and number spelling starts with a digit, a sign, a dot or `~`, or is one
/// of those words.
fn plainly_text(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    if first.is_ascii() && !first.is_ascii_alphabetic() {
        return false;
    }
    !WORDS.iter().any(|w| text.eq_ignore_ascii_case(w))
}

/// serde-saphyr's own value for a plain scalar: the scalar read as a document by itself.
/// A spelling that as a document would mean something else (a document marker, a
/// directive, a line break folded) is not tried; nor is a result that is not the scalar.
fn resolved_alone(text: &str) -> Option<Value> {
    if text.starts_with("---") || text.starts_with("...") || text.starts_with('%') {
        return None;
    }
    if text.contains(['\n', '\r', '\t']) {
        return None;
    }
    let node: Node = serde_saphyr::from_str_with_options(text, super::options()).ok()?;
    match node.value {
        Value::Str(s) if s != text => None,
        Value::Seq(_) | Value::Map(_) => None,
        value => Some(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// serde-saphyr's tree of `text`, as `Source::parse` read every file before.
    fn reference(text: &str) -> Result<Node, serde_saphyr::Error> {
        serde_saphyr::from_str_with_options(text, super::super::options())
    }

    /// This reader gives serde-saphyr's tree, places included, or leaves the file to it;
    /// a file serde-saphyr refuses is always left to it (its finding is the message).
    fn same_or_left(text: &str) -> Option<Node> {
        let ours = read(text);
        match (&ours, reference(text)) {
            (Some(node), Ok(theirs)) => {
                assert_eq!(format!("{node:?}"), format!("{theirs:?}"), "in:\n{text}")
            }
            (Some(_), Err(e)) => panic!("read a file serde-saphyr refuses ({e}):\n{text}"),
            (None, _) => {}
        }
        ours
    }

    #[test]
    fn the_events_give_serde_saphyrs_tree() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for sample in [
            "gooi-en-vechtstreek",
            "midden-ijssel-oost-veluwe",
            "starter",
        ] {
            let path = root.join("samples").join(format!("{sample}.yaml"));
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(
                same_or_left(&text).is_some(),
                "{sample} was left to serde-saphyr"
            );
        }
    }

    #[test]
    fn every_kind_of_scalar_resolves_as_serde_saphyr_resolves_it() {
        let spellings = [
            "",
            "~",
            "null",
            "Null",
            "NULL",
            "nULL",
            "true",
            "True",
            "TRUE",
            "tRUE",
            "false",
            "yes",
            "Yes",
            "no",
            "NO",
            "y",
            "Y",
            "n",
            "on",
            "On",
            "off",
            "OFF",
            "inf",
            "Inf",
            "infinity",
            "nan",
            "NaN",
            ".inf",
            "-.inf",
            "+.INF",
            ".nan",
            ".NaN",
            "0",
            "00",
            "007",
            "-0",
            "+0",
            "12",
            "-12",
            "+12",
            "1_000",
            "0x1F",
            "0X1f",
            "0o17",
            "0b101",
            "1.5",
            "-1.5",
            "1.",
            ".5",
            "1e3",
            "1E-3",
            "-1e+3",
            "1e999",
            "9223372036854775807",
            "9223372036854775808",
            "18446744073709551616",
            "-9223372036854775809",
            "2021-11-16",
            "2021-11-16T10:00:00Z",
            "12:30",
            "1,5",
            "1 000",
            "€ 12",
            "§ 3",
            "Eemnes",
            "GM0376",
            "G.C. Knoop",
            "a b c",
            "jaar 2021",
            "ja",
            "nee",
            "é",
            "Ëën",
            "-x",
            "-",
            "?x",
            ":x",
            "x:y",
            "a#b",
            "<<",
            "=",
            "(1)",
            "/pad",
            "_x",
            "@",
            "+",
            "+x",
            "..",
            "...x",
            "---x",
            "%x",
            ".",
            "..5",
            "1..2",
            "0.",
            "-.5",
            "+.5e2",
        ];
        for s in spellings {
            same_or_left(&format!("k: {s}\n"));
            same_or_left(&format!("- {s}\n- x\n"));
            same_or_left(&format!("{s}: v\n"));
            same_or_left(&format!("a:\n  - b: {s}\n    c: 'q'\n"));
        }
    }

    #[test]
    fn every_form_of_text_and_place_matches() {
        let docs = [
            "a: 'one' # comment\nb: \"two\\nlines\"\nc: |\n  lit\n  eral\nd: >\n  fol\n  ded\n",
            "a:\nb: ~\nc:\n  -\n  - x\n",
            "# head\n\nregio:\n  naam: Regio\n\n  # between\n  x: y\n",
            "a: plain\n  continued\n  on lines\nb: next\n",
            "---\na: 1\n...\n",
            "- - a\n  - b\n- c: d\n  e: f\n",
            "'q k': 1\n\"d k\": 2\nplain k: 3\n",
            "a: [1, 2]\n",
            "a: {b: c}\n",
            "a: [x, {b: c, d}, [e, 'f'], g: h]\nk: [\n  1,\n  two\n]\n",
            "k: [\nx\n]\n",
            "a: {[x]: y}\n",
            "a: &x b\nc: *x\n",
            "a: !!str 1\n",
            "a: 1\na: 2\n",
            "<<: {a: 1}\n",
            "? a\n: b\n",
            "a: 1\n---\nb: 2\n",
            "%YAML 1.2\n---\na: 1\n",
            "a: 'unclosed\n",
            "a:\n\tb: c\n",
            "just text\n",
            "- a\n-\n",
            "a: b: c\n",
            "a:\n  b: 1\n c: 2\n",
        ];
        for doc in docs {
            same_or_left(doc);
        }
        // A file made of the forms this reader settles is read by it, not left over.
        assert!(same_or_left(docs[0]).is_some());
        assert!(same_or_left(docs[6]).is_some());
        assert!(same_or_left(docs[7]).is_some());
        assert!(same_or_left(docs[9]).is_some());
        for left in [docs[12], docs[13], docs[14], docs[15], docs[11]] {
            assert!(read(left).is_none(), "not left to serde-saphyr:\n{left}");
        }
    }

    #[test]
    fn files_past_the_margins_are_left_to_serde_saphyr() {
        let deep: String = (0..MAX_DEPTH + 1)
            .map(|d| format!("{}k{d}:\n", "  ".repeat(d)))
            .collect::<String>()
            + &"  ".repeat(MAX_DEPTH + 1)
            + "x: 1\n";
        assert!(read(&deep).is_none());
        let wide: String = (0..=MAX_KEYS).map(|i| format!("k{i}: v\n")).collect();
        assert!(read(&wide).is_none());
        let long: String = (0..MAX_NODES).map(|_| "- x\n").collect();
        assert!(read(&long).is_none());
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

        /// Any short spelling as a value, a key and a list item, among the characters
        /// that make numbers, booleans and the syntax around them.
        #[test]
        fn any_spelling_is_read_as_serde_saphyr_reads_it(
            s in "[-+.~_:#'\"!&*?|>%@,\\[\\]{}0-9a-fA-FxXoOnNyYtTuUlLsSiI ]{0,7}",
        ) {
            same_or_left(&format!("k: {s}\n"));
            same_or_left(&format!("{s}: v\n"));
            same_or_left(&format!("- {s}\n"));
            same_or_left(&format!("a:\n  b: {s}\n  c:\n    - {s}\n"));
        }
    }
}
