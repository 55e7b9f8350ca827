//! Checking the file against `schemas/region.schema.json`, the same schema editors use.
//!
//! The interpreter in `json_schema` reports JSON pointers and keyword names; this module
//! turns each error into a finding a policy officer can act on: the place in their file, the field,
//! what is wrong in words, the schema's own Dutch description of the field, and a
//! "did you mean" for misspellings.

use std::sync::OnceLock;

use serde_json::Value as Json;

use super::json_schema::{ErrorKind, Schema};

use crate::diagnostics::{closest, field_from_pointer, Finding, Severity};
use crate::parse::{escape_pointer, Source, Tree};

/// The schema text, shipped inside the binary so `raadsbrief schema` and validation never
/// depend on files next to the executable.
pub const SCHEMA_TEXT: &str = include_str!("../../schemas/region.schema.json");

struct Compiled {
    json: Json,
    validator: Schema,
}

static SCHEMA: OnceLock<Result<Compiled, String>> = OnceLock::new();

/// Whether this process has compiled the schema already.
pub(super) fn is_compiled() -> bool {
    SCHEMA.get().is_some()
}

/// Compiles the schema if no one has yet; for a thread that does it ahead of the check.
pub(super) fn compiled_now() -> bool {
    compiled().is_ok()
}

fn compiled() -> Result<&'static Compiled, String> {
    SCHEMA
        .get_or_init(|| {
            let json: Json = serde_json::from_str(SCHEMA_TEXT).map_err(|e| e.to_string())?;
            let validator = Schema::compile(&json)?;
            Ok(Compiled { json, validator })
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// Validates `instance` (the tree as JSON) and returns one finding per problem.
pub fn check(source: &Source, tree: &Tree, instance: &Json) -> Result<Vec<Finding>, String> {
    let schema = compiled()?;
    let mut findings = Vec::new();
    for error in schema.validator.errors(instance) {
        let context = SchemaContext {
            root: &schema.json,
            keyword_path: &error.keyword_path,
        };
        findings.extend(explain(
            source,
            tree,
            &error.instance_path,
            &error.kind,
            instance,
            &context,
        ));
    }
    drop_misspelt_required(&mut findings);
    Ok(findings)
}

/// A misspelt key shows up twice: as an unknown field and as the missing field it was
/// meant to be. The "did you mean" of the first already says everything, so the second
/// is dropped.
fn drop_misspelt_required(findings: &mut Vec<Finding>) {
    let suggested: Vec<String> = findings
        .iter()
        .filter(|f| f.rule == "unknown-field")
        .filter_map(|f| {
            let name = f.help.strip_prefix("bedoelt u `")?.split('`').next()?;
            let parent = f.field.rsplit_once('.').map_or("", |(p, _)| p);
            Some(if parent.is_empty() {
                name.to_owned()
            } else {
                format!("{parent}.{name}")
            })
        })
        .collect();
    findings.retain(|f| f.rule != "missing-field" || !suggested.contains(&f.field));
}

/// Where in the schema the failing keyword lives, to look up titles, descriptions,
/// examples and the allowed property names.
struct SchemaContext<'a> {
    root: &'a Json,
    keyword_path: &'a str,
}

impl SchemaContext<'_> {
    /// The subschema that holds the failing keyword, following `$ref`s on the way.
    fn subschema(&self) -> Option<&Json> {
        let parent = match self.keyword_path.rfind('/') {
            Some(i) => &self.keyword_path[..i],
            None => "",
        };
        resolve(self.root, parent)
    }

    fn property_schema(&self, name: &str) -> Option<&Json> {
        let sub = self.subschema()?;
        follow_ref(self.root, sub.get("properties")?.get(name)?)
    }
}

/// Resolves a schema pointer whose segments may pass through `$ref` keywords.
fn resolve<'a>(root: &'a Json, pointer: &str) -> Option<&'a Json> {
    let mut node = root;
    for raw in pointer.split('/').skip(1) {
        let seg = raw.replace("~1", "/").replace("~0", "~");
        node = if seg == "$ref" {
            let target = node.get("$ref")?.as_str()?;
            root.pointer(target.strip_prefix('#')?)?
        } else {
            match node {
                Json::Object(map) => map.get(&seg)?,
                Json::Array(items) => items.get(seg.parse::<usize>().ok()?)?,
                _ => return None,
            }
        };
    }
    follow_ref(root, node)
}

fn follow_ref<'a>(root: &'a Json, node: &'a Json) -> Option<&'a Json> {
    let mut node = node;
    for _ in 0..8 {
        match node.get("$ref").and_then(Json::as_str) {
            Some(target) => node = root.pointer(target.strip_prefix('#')?)?,
            None => return Some(node),
        }
    }
    Some(node)
}

/// "Voldaan of niet (voorbeeld: …)": the schema's own words about a field, for help texts.
fn describe(schema: Option<&Json>) -> String {
    let Some(schema) = schema else {
        return String::new();
    };
    let mut out = String::new();
    if let Some(d) = schema.get("description").and_then(Json::as_str) {
        out.push_str(d.trim());
    }
    if let Some(e) = schema
        .get("examples")
        .and_then(Json::as_array)
        .and_then(|a| a.first())
    {
        let example = match e {
            Json::String(s) => s.clone(),
            other => other.to_string(),
        };
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&format!("Voorbeeld: {example}"));
    }
    out
}

fn explain(
    source: &Source,
    tree: &Tree,
    pointer: &str,
    kind: &ErrorKind,
    instance: &Json,
    ctx: &SchemaContext,
) -> Vec<Finding> {
    let value = instance.pointer(pointer);
    let at_value = tree.locations.value(pointer);
    let own = ctx.subschema();
    let field = field_from_pointer(pointer);
    let make = |pos: crate::parse::Pos,
                field: String,
                rule: &'static str,
                message: String,
                help: String| {
        Finding::new(
            Severity::Error,
            rule,
            source.name.clone(),
            (pos.line, pos.column),
            field,
            message,
            help,
        )
    };
    match kind {
        ErrorKind::AdditionalProperties { unexpected } => {
            let allowed: Vec<&str> = own
                .and_then(|s| s.get("properties"))
                .and_then(Json::as_object)
                .map(|m| m.keys().map(String::as_str).collect())
                .unwrap_or_default();
            unexpected
                .iter()
                .map(|key| {
                    let child = format!("{pointer}/{}", escape_pointer(key));
                    let help = match closest(key, allowed.iter().copied()) {
                        Some(s) => {
                            format!("bedoelt u `{s}`? Verbeter de spelling, of verwijder de regel")
                        }
                        None => format!(
                            "verwijder de regel, of kijk waar dit veld hoort; hier zijn toegestaan: {}",
                            allowed.join(", ")
                        ),
                    };
                    make(
                        tree.locations.key(&child),
                        field_from_pointer(&child),
                        "unknown-field",
                        format!("onbekend veld `{key}`"),
                        help,
                    )
                })
                .collect()
        }
        ErrorKind::Required { property } => {
            let name = property.as_str();
            let child = format!("{pointer}/{}", escape_pointer(name));
            let about = describe(ctx.property_schema(name));
            let place = if field.is_empty() {
                "het bestand (op het hoogste niveau)".to_owned()
            } else {
                format!("`{field}`")
            };
            vec![make(
                tree.locations.key(pointer),
                field_from_pointer(&child),
                "missing-field",
                format!("het verplichte veld `{name}` ontbreekt in {place}"),
                if about.is_empty() {
                    format!("voeg een regel `{name}: …` toe")
                } else {
                    format!("voeg een regel `{name}: …` toe — {about}")
                },
            )]
        }
        ErrorKind::Type { expected } => {
            let expected = expected
                .iter()
                .map(|t| type_word(t))
                .collect::<Vec<_>>()
                .join(" of ");
            if value.is_none_or(Json::is_null) {
                // `kleur: #C8102E`: the value is empty because `#` began a comment.
                if let Some(f) = crate::parse::comment_as_value(source, at_value.line, &field) {
                    return vec![f];
                }
            }
            let found = value.map(json_kind).unwrap_or("leeg");
            let hint = type_hint(&expected, value);
            vec![make(
                at_value,
                field.clone(),
                "wrong-type",
                format!("`{field}` moet {expected} zijn, maar is {found}"),
                join_help(&hint, &describe(own)),
            )]
        }
        ErrorKind::Enum { options } => {
            let choices: Vec<&str> = options.iter().filter_map(Json::as_str).collect();
            let given = value.map(show).unwrap_or_default();
            let help = match value
                .and_then(Json::as_str)
                .and_then(|v| closest(v, choices.iter().copied()))
            {
                Some(s) => format!("bedoelt u `{s}`?"),
                None => format!("kies een van: {}", choices.join(", ")),
            };
            vec![make(
                at_value,
                field.clone(),
                "not-allowed",
                format!(
                    "{given} is niet toegestaan bij `{field}`; toegestaan zijn: {}",
                    choices.join(", ")
                ),
                help,
            )]
        }
        ErrorKind::Pattern => {
            let given = value.map(show).unwrap_or_default();
            let rule = if pointer.ends_with("/cbs") {
                "cbs-code"
            } else {
                "wrong-format"
            };
            let message = if rule == "cbs-code" {
                format!("{given} is geen geldige CBS-code")
            } else {
                format!("{given} heeft niet de juiste vorm voor `{field}`")
            };
            vec![make(at_value, field, rule, message, describe(own))]
        }
        ErrorKind::MinItems { limit } => vec![make(
            at_value,
            field.clone(),
            "too-few",
            format!(
                "`{field}` moet minstens {limit} {} hebben",
                if *limit == 1 {
                    "onderdeel"
                } else {
                    "onderdelen"
                }
            ),
            describe(own),
        )],
        ErrorKind::MinLength { .. } => vec![make(
            at_value,
            field.clone(),
            "empty",
            format!("`{field}` mag niet leeg zijn"),
            describe(own),
        )],
        ErrorKind::UniqueItems => vec![make(
            at_value,
            field.clone(),
            "repeated",
            format!("`{field}` noemt hetzelfde onderdeel twee keer"),
            "verwijder het dubbele onderdeel".into(),
        )],
        other => vec![make(
            at_value,
            field.clone(),
            "schema",
            format!("`{field}` klopt niet: {}", keyword_text(other)),
            describe(own),
        )],
    }
}

fn keyword_text(kind: &ErrorKind) -> String {
    format!(
        "het voldoet niet aan de regel `{}` van het schema",
        kind.keyword()
    )
}

fn join_help(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_owned(),
        (_, true) => a.to_owned(),
        _ => format!("{a}. {b}"),
    }
}

/// The words for the two types whose mistakes get a hint of their own (`type_hint`).
const TEXT: &str = "tekst";
const TRUE_OR_FALSE: &str = "`true` of `false`";

fn type_word(t: &str) -> String {
    match t {
        "string" => TEXT,
        "boolean" => TRUE_OR_FALSE,
        "array" => "een lijst (regels die beginnen met `- `)",
        "object" => "een blok regels `sleutel: waarde`",
        "integer" | "number" => "een getal",
        "null" => "leeg",
        other => other,
    }
    .to_owned()
}

fn type_hint(expected: &str, value: Option<&Json>) -> String {
    match (expected, value) {
        (TRUE_OR_FALSE, Some(Json::String(s))) => {
            let yes = ["ja", "j", "yes", "y", "waar"].contains(&s.to_lowercase().as_str());
            format!(
                "schrijf `{}` (zonder aanhalingstekens)",
                if yes { "true" } else { "true` of `false" }
            )
        }
        (TEXT, Some(Json::Number(_) | Json::Bool(_))) => {
            "zet de waarde tussen aanhalingstekens, bijvoorbeeld \"2021\", zodat YAML haar als tekst leest".into()
        }
        (TEXT, Some(Json::Object(_))) => {
            "door de `: ` in de tekst leest YAML er een sleutel in; zet de hele tekst tussen aanhalingstekens".into()
        }
        _ => String::new(),
    }
}

fn json_kind(v: &Json) -> &'static str {
    match v {
        Json::Null => "leeg",
        Json::Bool(_) => "`true` of `false`",
        Json::Number(_) => "een getal",
        Json::String(_) => "tekst",
        Json::Array(_) => "een lijst",
        Json::Object(_) => "een blok regels `sleutel: waarde`",
    }
}

/// A value quoted for a message, shortened so one long paragraph does not flood it.
fn show(v: &Json) -> String {
    let text = match v {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    };
    let mut short: String = text.chars().take(60).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    format!("‘{short}’")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The schema is ours and fixed, so whether it is a valid JSON Schema is settled
    /// here, once, by jsonschema (a dev-dependency) against the 2020-12 meta-schema,
    /// rather than at every run; the interpreter must then accept it too.
    #[test]
    fn the_schema_is_a_valid_draft_2020_12_schema() {
        let json: Json = serde_json::from_str(SCHEMA_TEXT).unwrap();
        assert_eq!(
            json["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        if let Err(e) = jsonschema::meta::validate(&json) {
            panic!("{e} at {}", e.instance_path().as_str());
        }
        assert!(compiled().is_ok());
    }
}
