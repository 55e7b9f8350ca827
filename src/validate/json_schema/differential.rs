//! The interpreter against jsonschema (the reference, a dev-dependency): over every region
//! file in the repository, every single mutation of the sample region, random chains of
//! mutations, and small schemas for the semantics our schema does not reach (`integer`,
//! several types). Both must report the same multiset of (instance path, keyword
//! location, kind); a difference in any of them changes a user's findings.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use proptest::prelude::*;
use serde_json::{json, Value as Json};

use super::{ErrorKind, Schema};
use crate::parse::Source;
use crate::validate::SCHEMA_TEXT;

type Report = Vec<(String, String, String)>;

struct Pair {
    ours: Schema,
    theirs: jsonschema::Validator,
}

impl Pair {
    fn new(schema: &Json) -> Pair {
        Pair {
            ours: Schema::compile(schema).unwrap_or_else(|e| panic!("{e}")),
            theirs: jsonschema::draft202012::new(schema).unwrap(),
        }
    }

    fn ours(&self, instance: &Json) -> Report {
        let mut out: Report = self
            .ours
            .errors(instance)
            .into_iter()
            .map(|e| (e.instance_path, e.keyword_path, format!("{:?}", e.kind)))
            .collect();
        out.sort();
        out
    }

    fn theirs(&self, instance: &Json) -> Report {
        let mut out: Report = self
            .theirs
            .iter_errors(instance)
            .map(|e| {
                (
                    e.instance_path().as_str().to_owned(),
                    e.schema_path().as_str().to_owned(),
                    format!("{:?}", translate(e.kind())),
                )
            })
            .collect();
        out.sort();
        out
    }

    fn assert_same(&self, instance: &Json, what: &str) {
        let (ours, theirs) = (self.ours(instance), self.theirs(instance));
        assert!(
            ours == theirs,
            "{what}: the interpreter and jsonschema disagree\n ours:   {ours:#?}\n theirs: {theirs:#?}"
        );
    }
}

/// jsonschema's kind in our terms; a kind we never report is a difference in itself.
fn translate(kind: &ValidationErrorKind) -> ErrorKind {
    match kind {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            ErrorKind::AdditionalProperties {
                unexpected: unexpected.clone(),
            }
        }
        ValidationErrorKind::Required { property } => ErrorKind::Required {
            property: property.as_str().expect("a property name").to_owned(),
        },
        ValidationErrorKind::Type { kind } => ErrorKind::Type {
            expected: match kind {
                TypeKind::Single(t) => vec![name_of(&t.to_string())],
                TypeKind::Multiple(ts) => ts.into_iter().map(|t| name_of(&t.to_string())).collect(),
            },
        },
        ValidationErrorKind::Enum { options } => ErrorKind::Enum {
            options: options.as_array().expect("enum is an array").clone(),
        },
        ValidationErrorKind::Pattern { .. } => ErrorKind::Pattern,
        ValidationErrorKind::MinItems { limit } => ErrorKind::MinItems { limit: *limit },
        ValidationErrorKind::MinLength { limit } => ErrorKind::MinLength { limit: *limit },
        ValidationErrorKind::UniqueItems => ErrorKind::UniqueItems,
        ValidationErrorKind::Minimum { .. } => ErrorKind::Minimum,
        ValidationErrorKind::Maximum { .. } => ErrorKind::Maximum,
        ValidationErrorKind::ExclusiveMinimum { .. } => ErrorKind::ExclusiveMinimum,
        ValidationErrorKind::OneOfNotValid { .. }
        | ValidationErrorKind::OneOfMultipleValid { .. } => ErrorKind::OneOf,
        other => panic!("jsonschema reports a kind the interpreter never does: {other:?}"),
    }
}

fn name_of(t: &str) -> &'static str {
    [
        "null", "boolean", "integer", "number", "string", "array", "object",
    ]
    .into_iter()
    .find(|n| *n == t)
    .unwrap_or_else(|| panic!("unknown type {t}"))
}

fn region_schema() -> &'static Pair {
    static PAIR: OnceLock<Pair> = OnceLock::new();
    PAIR.get_or_init(|| Pair::new(&serde_json::from_str(SCHEMA_TEXT).unwrap()))
}

/// A region file as validation sees it (strings scrubbed as `validate_source` does).
fn region_json(path: &Path) -> Option<Json> {
    let source = Source::load(path).ok()?;
    let tree = source.parse().ok()?;
    Some(tree.root.to_json_with(&crate::markup::scrub))
}

fn region_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            region_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}

fn gooi() -> &'static Json {
    static GOOI: OnceLock<Json> = OnceLock::new();
    GOOI.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        region_json(&root.join("samples/gooi-en-vechtstreek.yaml")).expect("the sample parses")
    })
}

#[test]
fn every_region_file_in_the_repository_gets_the_same_errors() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    region_files(&root.join("samples"), &mut files);
    region_files(&root.join("tests"), &mut files);
    let mut compared = 0;
    for file in &files {
        if let Some(json) = region_json(file) {
            region_schema().assert_same(&json, &file.display().to_string());
            compared += 1;
        }
    }
    assert!(
        compared >= 3,
        "only {compared} of {} files parsed",
        files.len()
    );
}

/// Every pointer in `value`, the root included.
fn pointers(value: &Json, at: String, out: &mut Vec<String>) {
    match value {
        Json::Object(map) => {
            for (key, child) in map {
                pointers(
                    child,
                    format!("{at}/{}", crate::parse::escape_pointer(key)),
                    out,
                );
            }
        }
        Json::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                pointers(child, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

/// Strings that reach the schema's enums, patterns and lengths, plus ones that miss them.
const STRINGS: &[&str] = &[
    "",
    "concept",
    "definitief",
    "vandaag",
    "2021-11-16",
    "2021-1-16",
    "GM0417",
    "GM417",
    "gm0417",
    "#C8102E",
    "#C8102",
    "sjabloon.DOTX",
    "sjabloon.pdf",
    "raadsinformatiebrief",
    "ja",
    "x",
];

/// Values of every type, numbers on and beside the schema's limits.
fn values() -> Vec<Json> {
    let mut v = vec![
        json!(null),
        json!(true),
        json!(false),
        json!(0),
        json!(-0.0),
        json!(-1),
        json!(0.25),
        json!(0.5),
        json!(4.5),
        json!(6),
        json!(8),
        json!(8.000001),
        json!(15),
        json!(15.0),
        json!(16),
        json!(24),
        json!(25),
        json!(u64::MAX),
        json!(1e300),
        json!([]),
        json!(["x"]),
        json!([1, 1.0]),
        json!({}),
        json!({"naam": "x"}),
    ];
    v.extend(STRINGS.iter().map(|s| json!(s)));
    v
}

#[derive(Debug, Clone)]
enum Mutation {
    Remove,
    Rename,
    Replace(Json),
    AddKeys(&'static [&'static str]),
    DuplicateFirst,
    Empty,
}

fn mutations() -> Vec<Mutation> {
    let mut m = vec![
        Mutation::Remove,
        Mutation::Rename,
        Mutation::DuplicateFirst,
        Mutation::Empty,
        Mutation::AddKeys(&["onbekend"]),
        Mutation::AddKeys(&["naam"]),
        Mutation::AddKeys(&["zzz", "aaa"]),
    ];
    m.extend(values().into_iter().map(Mutation::Replace));
    m
}

/// Applies `mutation` at `pointer`; false when it does not apply there.
fn apply(instance: &mut Json, pointer: &str, mutation: &Mutation) -> bool {
    let (parent, last) = match pointer.rsplit_once('/') {
        Some((p, l)) => (p, l.replace("~1", "/").replace("~0", "~")),
        None => ("", String::new()),
    };
    match mutation {
        Mutation::Remove | Mutation::Rename if pointer.is_empty() => false,
        Mutation::Remove => match instance.pointer_mut(parent) {
            Some(Json::Object(map)) => map.remove(&last).is_some(),
            Some(Json::Array(items)) => match last.parse::<usize>() {
                Ok(i) if i < items.len() => {
                    items.remove(i);
                    true
                }
                _ => false,
            },
            _ => false,
        },
        Mutation::Rename => match instance.pointer_mut(parent) {
            Some(Json::Object(map)) => match map.remove(&last) {
                Some(v) => {
                    map.insert(format!("{last}s"), v);
                    true
                }
                None => false,
            },
            _ => false,
        },
        Mutation::Replace(value) => match instance.pointer_mut(pointer) {
            Some(slot) => {
                *slot = value.clone();
                true
            }
            None => false,
        },
        Mutation::AddKeys(keys) => match instance.pointer_mut(pointer) {
            Some(Json::Object(map)) => {
                for key in *keys {
                    map.insert((*key).to_owned(), json!("x"));
                }
                true
            }
            _ => false,
        },
        Mutation::DuplicateFirst => match instance.pointer_mut(pointer) {
            Some(Json::Array(items)) if !items.is_empty() => {
                items.push(items[0].clone());
                true
            }
            _ => false,
        },
        Mutation::Empty => match instance.pointer_mut(pointer) {
            Some(Json::Array(items)) => {
                items.clear();
                true
            }
            Some(Json::Object(map)) => {
                map.clear();
                true
            }
            Some(Json::String(s)) => {
                s.clear();
                true
            }
            _ => false,
        },
    }
}

/// The sample with every optional field the schema declares filled in (from the field's
/// first example, enum value or type), so the mutations reach fields the sample omits.
fn full() -> &'static Json {
    static FULL: OnceLock<Json> = OnceLock::new();
    FULL.get_or_init(|| {
        let schema: Json = serde_json::from_str(SCHEMA_TEXT).unwrap();
        let mut instance = gooi().clone();
        fill(&schema, &schema, &mut instance, 0);
        instance
    })
}

fn deref<'a>(root: &'a Json, mut node: &'a Json) -> &'a Json {
    while let Some(target) = node.get("$ref").and_then(Json::as_str) {
        node = root
            .pointer(&target[1..])
            .expect("the schema's refs resolve");
    }
    node
}

fn fill(root: &Json, node: &Json, instance: &mut Json, depth: usize) {
    let node = deref(root, node);
    if depth > 12 {
        return;
    }
    if let Some(first) = node.get("oneOf").and_then(|b| b.get(0)) {
        fill(root, first, instance, depth + 1);
    }
    match instance {
        Json::Object(map) => {
            let Some(Json::Object(props)) = node.get("properties") else {
                return;
            };
            for (name, sub) in props {
                let value = map
                    .entry(name.clone())
                    .or_insert_with(|| example(root, sub));
                fill(root, sub, value, depth + 1);
            }
        }
        Json::Array(items) => {
            if let Some(sub) = node.get("items") {
                for item in items {
                    fill(root, sub, item, depth + 1);
                }
            }
        }
        _ => {}
    }
}

fn example(root: &Json, node: &Json) -> Json {
    let node = deref(root, node);
    if let Some(e) = node.get("examples").and_then(|e| e.get(0)) {
        return e.clone();
    }
    if let Some(e) = node.get("enum").and_then(|e| e.get(0)) {
        return e.clone();
    }
    if let Some(first) = node.get("oneOf").and_then(|b| b.get(0)) {
        return example(root, first);
    }
    match node.get("type").and_then(Json::as_str) {
        Some("object") => json!({}),
        Some("array") => match node.get("items") {
            Some(items) => json!([example(root, items)]),
            None => json!([]),
        },
        Some("number" | "integer") => node.get("minimum").cloned().unwrap_or(json!(1)),
        Some("boolean") => json!(true),
        _ => json!("x"),
    }
}

#[test]
fn every_single_mutation_of_the_sample_gets_the_same_errors() {
    let mut keywords = std::collections::BTreeSet::new();
    let mut compared = 0;
    let mutations = mutations();
    for base in [gooi(), full()] {
        let mut places = Vec::new();
        pointers(base, String::new(), &mut places);
        // The gemeenten are alike: the first of each list stands for the rest (the
        // lists themselves are still mutated, and the chains below reach the others).
        let firsts = places.iter().filter(|p| {
            !p.split('/')
                .any(|s| s.parse::<usize>().is_ok_and(|i| i > 0))
        });
        for place in firsts {
            for mutation in &mutations {
                let mut instance = base.clone();
                if apply(&mut instance, place, mutation) {
                    let what = format!("{mutation:?} at `{place}`");
                    region_schema().assert_same(&instance, &what);
                    let errors = region_schema().ours.errors(&instance);
                    keywords.extend(errors.iter().map(|e| e.kind.keyword()));
                    compared += 1;
                }
            }
        }
    }
    assert!(compared > 1000, "only {compared} mutations applied");
    // Not vacuous: every keyword the schema checks has failed somewhere in the sweep.
    let all = [
        "additionalProperties",
        "required",
        "type",
        "enum",
        "pattern",
        "minItems",
        "minLength",
        "uniqueItems",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "oneOf",
    ];
    let missed: Vec<_> = all.iter().filter(|k| !keywords.contains(*k)).collect();
    assert!(missed.is_empty(), "no mutation made these fail: {missed:?}");
}

fn chain() -> impl Strategy<Value = Vec<(prop::sample::Index, usize)>> {
    prop::collection::vec((any::<prop::sample::Index>(), 0..mutations().len()), 1..6)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn chains_of_mutations_of_the_sample_get_the_same_errors(from_full in any::<bool>(), steps in chain()) {
        let mut instance = if from_full { full() } else { gooi() }.clone();
        let mutations = mutations();
        let mut done = Vec::new();
        for (place, which) in steps {
            let mut places = Vec::new();
            pointers(&instance, String::new(), &mut places);
            let place = place.get(&places).clone();
            if apply(&mut instance, &place, &mutations[which]) {
                done.push(format!("{:?} at `{place}`", mutations[which]));
            }
        }
        region_schema().assert_same(&instance, &done.join(", then "));
    }
}

/// What our schema does not reach: `integer`, several types, `$ref` beside other
/// keywords, a shared definition, `oneOf` with several passing branches.
#[test]
fn small_schemas_get_the_same_errors() {
    let pair = Pair::new(&json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$defs": {
            "n": {"type": "integer", "minimum": 1, "maximum": 3},
            "either": {"type": ["string", "null", "array"], "minLength": 2, "minItems": 2}
        },
        "type": "object",
        "required": ["a"],
        "additionalProperties": false,
        "properties": {
            "a": {"$ref": "#/$defs/n", "exclusiveMinimum": 1.5},
            "b": {"$ref": "#/$defs/either"},
            "c": {"type": "array", "uniqueItems": true, "items": {"$ref": "#/$defs/n"}},
            "d": {"oneOf": [{"type": "number"}, {"type": "integer"}, {"enum": ["x", 1]}]},
            "e~/f": {"enum": [[1, {"k": 2}], "y"]}
        }
    }));
    for instance in [
        json!({"a": 2}),
        json!({"a": 2.0}),
        json!({"a": 1}),
        json!({"a": 2.5}),
        json!({"a": 3.0000001}),
        json!({"a": "2"}),
        json!({"b": 1, "zz": 1, "aa": 2}),
        json!({"a": 2, "b": "é"}),
        json!({"a": 2, "b": "éé"}),
        json!({"a": 2, "b": [1]}),
        json!({"a": 2, "b": null}),
        json!({"a": 2, "c": [1, 2, 1.0, 0, "x"]}),
        json!({"a": 2, "d": 1}),
        json!({"a": 2, "d": 1.5}),
        json!({"a": 2, "d": "x"}),
        json!({"a": 2, "d": "z"}),
        json!({"a": 2, "e~/f": [1.0, {"k": 2.0}]}),
        json!({"a": 2, "e~/f": [1, {"k": 3}]}),
        json!([]),
        json!("a"),
    ] {
        pair.assert_same(&instance, &instance.to_string());
    }
    let recursive = Pair::new(&json!({
        "$defs": {"node": {"type": "object", "required": ["id"], "properties": {
            "id": {"type": "string"},
            "kids": {"type": "array", "items": {"$ref": "#/$defs/node"}}
        }}},
        "$ref": "#/$defs/node"
    }));
    for instance in [
        json!({"id": "a", "kids": [{"id": 1, "kids": [{"kids": [2]}]}]}),
        json!({"kids": {}}),
    ] {
        recursive.assert_same(&instance, &instance.to_string());
    }
}
