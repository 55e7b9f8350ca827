//! A small interpreter of exactly the JSON Schema 2020-12 keywords that
//! `schemas/region.schema.json` uses.
//!
//! The schema is ours and fixed, so a general validator (and the meta-schema check it runs
//! on every start) is cost without benefit: the jsonschema crate was the largest unit of
//! the release build and 13 % of one letter's instructions. This interpreter compiles
//! the schema once into a tree of checks and reports errors in jsonschema's terms
//! (instance pointer, canonical keyword location, kind), so the explanations in
//! `schema.rs` stay the same. It refuses, at compile time, every keyword and every form of
//! a keyword it does not implement: a later edit of the schema fails the tests instead of
//! being silently ignored. A differential test against jsonschema (a dev-dependency) keeps
//! the two in step.

mod compile;
mod equality;
mod evaluate;
mod pattern;

#[cfg(test)]
mod differential;

use serde_json::Value as Json;

/// The compiled schema: nodes in an arena, so `$ref` cycles are plain indices.
pub struct Schema {
    nodes: Vec<compile::Node>,
    root: compile::NodeId,
}

impl Schema {
    /// Compiles `schema`, or says which keyword (at which schema pointer) is not supported.
    pub fn compile(schema: &Json) -> Result<Schema, String> {
        compile::compile(schema)
    }

    /// Every error of `instance`, as jsonschema's `iter_errors` reports them (order aside).
    pub fn errors(&self, instance: &Json) -> Vec<SchemaError> {
        let mut errors = Vec::new();
        evaluate::collect(self, instance, &mut errors);
        errors
    }
}

/// One failed keyword.
#[derive(Debug, Clone, PartialEq)]
pub struct SchemaError {
    /// JSON pointer to the failing value in the instance.
    pub instance_path: String,
    /// JSON pointer to the failing keyword in the schema document, without `$ref` hops
    /// (jsonschema's `schema_path`): where its title, description and examples are.
    pub keyword_path: String,
    pub kind: ErrorKind,
}

/// What failed, with what the explanation of each kind needs.
#[derive(Debug, Clone, PartialEq)]
pub enum ErrorKind {
    /// Keys the object has that `properties` does not declare, in the object's order.
    AdditionalProperties {
        unexpected: Vec<String>,
    },
    Required {
        property: String,
    },
    /// The accepted type names, in jsonschema's order (null, boolean, integer, number,
    /// string, array, object).
    Type {
        expected: Vec<&'static str>,
    },
    Enum {
        options: Vec<Json>,
    },
    Pattern,
    MinItems {
        limit: u64,
    },
    MinLength {
        limit: u64,
    },
    UniqueItems,
    Minimum,
    Maximum,
    ExclusiveMinimum,
    /// No branch matched, or more than one.
    OneOf,
}

impl ErrorKind {
    /// The keyword's name, for the generic explanation.
    pub fn keyword(&self) -> &'static str {
        match self {
            ErrorKind::AdditionalProperties { .. } => "additionalProperties",
            ErrorKind::Required { .. } => "required",
            ErrorKind::Type { .. } => "type",
            ErrorKind::Enum { .. } => "enum",
            ErrorKind::Pattern => "pattern",
            ErrorKind::MinItems { .. } => "minItems",
            ErrorKind::MinLength { .. } => "minLength",
            ErrorKind::UniqueItems => "uniqueItems",
            ErrorKind::Minimum => "minimum",
            ErrorKind::Maximum => "maximum",
            ErrorKind::ExclusiveMinimum => "exclusiveMinimum",
            ErrorKind::OneOf => "oneOf",
        }
    }
}
