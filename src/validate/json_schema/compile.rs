//! The schema's JSON → an arena of nodes, each a list of checks.
//!
//! Every keyword is either implemented, skipped as an annotation, or refused with the
//! place it stands: a keyword this interpreter would silently ignore is a check the
//! editors' validator makes and ours does not.

use std::collections::HashMap;

use serde_json::{Map, Number, Value as Json};

use super::pattern::Pattern;
use super::Schema;
use crate::parse::escape_pointer;

pub(super) type NodeId = usize;

/// One subschema.
pub(super) struct Node {
    /// Its JSON pointer in the schema document: `$ref` targets keep their own, as in
    /// jsonschema's `schema_path`.
    pub location: String,
    pub checks: Vec<Check>,
}

pub(super) enum Check {
    Type(Types),
    /// `properties`, with `additionalProperties: false` beside it when `closed`: the two
    /// are one walk over the object, as in jsonschema.
    Properties {
        /// Sorted by name, for binary search.
        declared: Vec<(String, NodeId)>,
        closed: bool,
    },
    Required(Vec<String>),
    Items(NodeId),
    MinItems(u64),
    UniqueItems,
    Enum(Vec<Json>),
    MinLength(u64),
    Pattern(Pattern),
    Minimum(Number),
    Maximum(Number),
    ExclusiveMinimum(Number),
    OneOf(Vec<NodeId>),
    Ref(NodeId),
}

/// A set of JSON types, one bit each, in jsonschema's order (which its messages list).
#[derive(Clone, Copy)]
pub(super) struct Types(u8);

const TYPE_NAMES: [&str; 7] = [
    "null", "boolean", "integer", "number", "string", "array", "object",
];

impl Types {
    pub const NULL: u8 = 1 << 0;
    pub const BOOLEAN: u8 = 1 << 1;
    pub const INTEGER: u8 = 1 << 2;
    pub const NUMBER: u8 = 1 << 3;
    pub const STRING: u8 = 1 << 4;
    pub const ARRAY: u8 = 1 << 5;
    pub const OBJECT: u8 = 1 << 6;

    pub fn contains(self, bit: u8) -> bool {
        self.0 & bit != 0
    }

    pub fn names(self) -> Vec<&'static str> {
        TYPE_NAMES
            .iter()
            .enumerate()
            .filter(|(i, _)| self.0 & (1 << i) != 0)
            .map(|(_, name)| *name)
            .collect()
    }

    fn parse(value: &Json, at: &str) -> Result<Types, String> {
        let one = |name: &Json| -> Result<u8, String> {
            name.as_str()
                .and_then(|n| TYPE_NAMES.iter().position(|t| *t == n))
                .map(|i| 1 << i)
                .ok_or_else(|| invalid(at, "type", "een van de zeven JSON-typen"))
        };
        let bits = match value {
            Json::Array(names) if !names.is_empty() => {
                let mut bits = 0;
                for name in names {
                    let bit = one(name)?;
                    if bits & bit != 0 {
                        return Err(invalid(at, "type", "elk type één keer"));
                    }
                    bits |= bit;
                }
                bits
            }
            Json::Array(_) => return Err(invalid(at, "type", "minstens één type")),
            name => one(name)?,
        };
        Ok(Types(bits))
    }
}

/// The URI our schema declares; another draft would mean other semantics.
const DRAFT_2020_12: &str = "https://json-schema.org/draft/2020-12/schema";

/// Keywords that only describe: skipped, as jsonschema skips them. `format` is one too:
/// jsonschema (like the 2020-12 specification) treats it as an annotation unless told
/// otherwise, and raadsbrief never tells it otherwise.
const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "examples",
    "default",
    "$comment",
    "format",
];

pub(super) fn compile(root: &Json) -> Result<Schema, String> {
    let mut compiler = Compiler {
        root,
        nodes: Vec::new(),
        by_location: HashMap::new(),
    };
    let root_id = compiler.node(root, String::new())?;
    // Definitions nobody refers to are compiled too, so they are refused just the same.
    if let Some(Json::Object(defs)) = root.get("$defs") {
        for (name, def) in defs {
            compiler.node(def, format!("/$defs/{}", escape_pointer(name)))?;
        }
    }
    let nodes: Vec<Node> = compiler
        .nodes
        .into_iter()
        .map(|n| n.expect("every reserved node is filled before compile returns"))
        .collect();
    refuse_cycles_in_place(&nodes)?;
    Ok(Schema {
        nodes,
        root: root_id,
    })
}

struct Compiler<'a> {
    root: &'a Json,
    /// `None` while a node's keywords are being compiled, so a `$ref` back to it (a
    /// cycle) gets its id without compiling it twice.
    nodes: Vec<Option<Node>>,
    by_location: HashMap<String, NodeId>,
}

impl<'a> Compiler<'a> {
    fn node(&mut self, json: &'a Json, location: String) -> Result<NodeId, String> {
        if let Some(&id) = self.by_location.get(&location) {
            return Ok(id);
        }
        let id = self.nodes.len();
        self.nodes.push(None);
        self.by_location.insert(location.clone(), id);
        let Json::Object(map) = json else {
            return Err(format!(
                "het schema op `{}` is geen object; de ingebouwde controle kent alleen schema's die een object zijn",
                shown(&location)
            ));
        };
        let checks = self.checks(map, &location)?;
        self.nodes[id] = Some(Node { location, checks });
        Ok(id)
    }

    fn checks(&mut self, map: &'a Map<String, Json>, at: &str) -> Result<Vec<Check>, String> {
        let mut checks = Vec::new();
        let mut declared = None;
        let mut closed = false;
        for (key, value) in map {
            match key.as_str() {
                k if ANNOTATIONS.contains(&k) => {}
                "$schema" if at.is_empty() => {
                    if value.as_str() != Some(DRAFT_2020_12) {
                        return Err(invalid(at, key, DRAFT_2020_12));
                    }
                }
                "$id" if at.is_empty() => {}
                "$defs" if at.is_empty() => {
                    if !value.is_object() {
                        return Err(invalid(at, key, "een object met schema's"));
                    }
                }
                "$ref" => {
                    let target = value
                        .as_str()
                        .and_then(|r| r.strip_prefix('#'))
                        .filter(|p| (p.is_empty() || p.starts_with('/')) && !p.contains('%'))
                        .ok_or_else(|| {
                            invalid(at, key, "een verwijzing binnen dit bestand (`#/$defs/…`)")
                        })?;
                    let json = self.root.pointer(target).ok_or_else(|| {
                        format!(
                            "`$ref` op `{}` verwijst naar `{target}`, maar dat staat niet in het schema",
                            shown(at)
                        )
                    })?;
                    checks.push(Check::Ref(self.node(json, target.to_owned())?));
                }
                "type" => checks.push(Check::Type(Types::parse(value, at)?)),
                "properties" => {
                    let props = value
                        .as_object()
                        .filter(|p| !p.is_empty())
                        .ok_or_else(|| invalid(at, key, "een niet-leeg object met schema's"))?;
                    let mut list = Vec::with_capacity(props.len());
                    for (name, sub) in props {
                        let location = format!("{at}/properties/{}", escape_pointer(name));
                        list.push((name.clone(), self.node(sub, location)?));
                    }
                    list.sort_by(|a, b| a.0.cmp(&b.0));
                    declared = Some(list);
                }
                "additionalProperties" => {
                    if value != &Json::Bool(false) {
                        return Err(invalid(at, key, "`false`"));
                    }
                    closed = true;
                }
                "required" => {
                    let names = value
                        .as_array()
                        .and_then(|a| a.iter().map(|n| n.as_str().map(str::to_owned)).collect())
                        .ok_or_else(|| invalid(at, key, "een lijst met veldnamen"))?;
                    checks.push(Check::Required(names));
                }
                "items" => {
                    let location = format!("{at}/items");
                    checks.push(Check::Items(self.node(value, location)?));
                }
                "minItems" => checks.push(Check::MinItems(count(value, at, key)?)),
                "minLength" => checks.push(Check::MinLength(count(value, at, key)?)),
                "uniqueItems" => match value {
                    Json::Bool(true) => checks.push(Check::UniqueItems),
                    Json::Bool(false) => {}
                    _ => return Err(invalid(at, key, "`true` of `false`")),
                },
                "enum" => {
                    let options = value
                        .as_array()
                        .filter(|a| !a.is_empty())
                        .ok_or_else(|| invalid(at, key, "een niet-lege lijst"))?;
                    checks.push(Check::Enum(options.clone()));
                }
                "pattern" => {
                    let source = value
                        .as_str()
                        .ok_or_else(|| invalid(at, key, "een reguliere expressie als tekst"))?;
                    checks.push(Check::Pattern(
                        Pattern::new(source).map_err(|why| {
                            format!("`pattern` op `{}` ({source}): {why}", shown(at))
                        })?,
                    ));
                }
                "minimum" => checks.push(Check::Minimum(number(value, at, key)?)),
                "maximum" => checks.push(Check::Maximum(number(value, at, key)?)),
                "exclusiveMinimum" => {
                    checks.push(Check::ExclusiveMinimum(number(value, at, key)?))
                }
                "oneOf" => {
                    let branches = value
                        .as_array()
                        .filter(|a| !a.is_empty())
                        .ok_or_else(|| invalid(at, key, "een niet-lege lijst met schema's"))?;
                    let mut ids = Vec::with_capacity(branches.len());
                    for (i, branch) in branches.iter().enumerate() {
                        ids.push(self.node(branch, format!("{at}/oneOf/{i}"))?);
                    }
                    checks.push(Check::OneOf(ids));
                }
                other => {
                    return Err(format!(
                        "het schema gebruikt `{other}` op `{}`; de ingebouwde controle van raadsbrief kent dat trefwoord (daar) niet",
                        shown(at)
                    ))
                }
            }
        }
        match (declared, closed) {
            (Some(declared), closed) => checks.push(Check::Properties { declared, closed }),
            // jsonschema reports a closed object without `properties` differently (one
            // `falseSchema` error for the first key); our schema never has one.
            (None, true) => {
                return Err(format!(
                    "`additionalProperties: false` op `{}` staat zonder `properties`; dat kent de ingebouwde controle niet",
                    shown(at)
                ))
            }
            (None, false) => {}
        }
        Ok(checks)
    }
}

/// A `$ref` or `oneOf` chain that comes back to a node without descending into the
/// instance would evaluate forever; jsonschema skips such a re-entry, we refuse the schema.
fn refuse_cycles_in_place(nodes: &[Node]) -> Result<(), String> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    fn visit(nodes: &[Node], id: NodeId, marks: &mut [Mark]) -> Result<(), String> {
        match marks[id] {
            Mark::Done => return Ok(()),
            Mark::Open => {
                return Err(format!(
                    "het schema op `{}` verwijst (via `$ref` of `oneOf`) naar zichzelf zonder dieper in het bestand te gaan",
                    shown(&nodes[id].location)
                ))
            }
            Mark::New => {}
        }
        marks[id] = Mark::Open;
        for check in &nodes[id].checks {
            match check {
                Check::Ref(next) => visit(nodes, *next, marks)?,
                Check::OneOf(branches) => {
                    for next in branches {
                        visit(nodes, *next, marks)?;
                    }
                }
                _ => {}
            }
        }
        marks[id] = Mark::Done;
        Ok(())
    }
    let mut marks = vec![Mark::New; nodes.len()];
    (0..nodes.len()).try_for_each(|id| visit(nodes, id, &mut marks))
}

fn count(value: &Json, at: &str, key: &str) -> Result<u64, String> {
    value
        .as_u64()
        .ok_or_else(|| invalid(at, key, "een geheel getal van 0 of meer"))
}

fn number(value: &Json, at: &str, key: &str) -> Result<Number, String> {
    match value {
        Json::Number(n) => Ok(n.clone()),
        _ => Err(invalid(at, key, "een getal")),
    }
}

fn invalid(at: &str, key: &str, expected: &str) -> String {
    format!(
        "`{key}` op `{}` heeft een vorm die de ingebouwde controle niet kent; verwacht: {expected}",
        shown(at)
    )
}

/// The root's pointer is empty; messages name it `#`.
fn shown(location: &str) -> String {
    format!("#{location}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn refused(schema: Json) -> String {
        match compile(&schema) {
            Ok(_) => panic!("compiled {schema}"),
            Err(e) => e,
        }
    }

    #[test]
    fn keywords_it_does_not_implement_are_refused_with_their_place() {
        let e = refused(json!({"properties": {"a": {"patternProperties": {}}}}));
        assert!(
            e.contains("`patternProperties`") && e.contains("#/properties/a"),
            "{e}"
        );
        let e = refused(json!({"$defs": {"x": {"if": {"type": "string"}}}}));
        assert!(e.contains("`if`") && e.contains("#/$defs/x"), "{e}");
        for schema in [
            json!({"items": [{"type": "string"}]}),
            json!({"properties": {"a": {"$id": "other"}}}),
            json!({"additionalProperties": {"type": "string"}}),
            json!({"additionalProperties": false}),
            json!({"$ref": "https://example.org/schema"}),
            json!({"$ref": "#/$defs/missing"}),
            json!({"$schema": "http://json-schema.org/draft-07/schema#"}),
            json!({"type": "text"}),
            json!({"minLength": 1.5}),
            json!({"pattern": "^.+$"}),
            json!({"oneOf": [true]}),
        ] {
            refused(schema);
        }
    }

    #[test]
    fn a_ref_cycle_through_the_instance_compiles_and_one_in_place_is_refused() {
        let tree = json!({
            "$defs": {"node": {"type": "object", "properties": {"kids": {"items": {"$ref": "#/$defs/node"}}}}},
            "$ref": "#/$defs/node"
        });
        let schema = compile(&tree).unwrap();
        let deep = json!({"kids": [{"kids": [1]}]});
        let errors = schema.errors(&deep);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].instance_path, "/kids/0/kids/0");
        assert_eq!(errors[0].keyword_path, "/$defs/node/type");
        let e = refused(json!({"$defs": {"a": {"oneOf": [{"$ref": "#/$defs/a"}]}}}));
        assert!(e.contains("#/$defs/a"), "{e}");
    }
}
