//! Walking an instance through the compiled checks.
//!
//! Every check of a node runs, each on its own: a value of the wrong type gets the `type`
//! error only because `minLength`, `pattern`, `minimum` and the like pass values they do
//! not apply to, as in jsonschema. Inside `oneOf` nothing is reported per branch: the
//! keyword fails as a whole, as jsonschema's `iter_errors` reports it.

use std::cmp::Ordering;

use serde_json::Value as Json;

use super::compile::{Check, NodeId, Types};
use super::equality::{compare, equal, is_integer};
use super::{ErrorKind, Schema, SchemaError};
use crate::parse::escape_pointer;

pub(super) fn collect(schema: &Schema, instance: &Json, errors: &mut Vec<SchemaError>) {
    Walk { schema }.node(schema.root, instance, &Place::Root, Some(errors));
}

/// Where a value stands in the instance, kept as links to its parents and only turned
/// into a JSON pointer when an error is reported.
enum Place<'a> {
    Root,
    Key(&'a Place<'a>, &'a str),
    Index(&'a Place<'a>, usize),
}

impl Place<'_> {
    fn pointer(&self) -> String {
        match self {
            Place::Root => String::new(),
            Place::Key(parent, key) => format!("{}/{}", parent.pointer(), escape_pointer(key)),
            Place::Index(parent, i) => format!("{}/{i}", parent.pointer()),
        }
    }
}

struct Walk<'s> {
    schema: &'s Schema,
}

impl Walk<'_> {
    /// Whether `instance` passes node `id`. With `errors` every failure is recorded;
    /// without (inside `oneOf`), the walk stops at the first.
    fn node(
        &self,
        id: NodeId,
        instance: &Json,
        at: &Place,
        mut errors: Option<&mut Vec<SchemaError>>,
    ) -> bool {
        let node = &self.schema.nodes[id];
        let mut valid = true;
        for check in &node.checks {
            if !self.check(&node.location, check, instance, at, errors.as_deref_mut()) {
                valid = false;
                if errors.is_none() {
                    return false;
                }
            }
        }
        valid
    }

    fn check(
        &self,
        location: &str,
        check: &Check,
        instance: &Json,
        at: &Place,
        mut errors: Option<&mut Vec<SchemaError>>,
    ) -> bool {
        let fail = |errors: Option<&mut Vec<SchemaError>>, kind: ErrorKind| {
            if let Some(errors) = errors {
                errors.push(SchemaError {
                    instance_path: at.pointer(),
                    keyword_path: format!("{location}/{}", kind.keyword()),
                    kind,
                });
            }
            false
        };
        match (check, instance) {
            (Check::Type(types), _) if !accepts(*types, instance) => fail(
                errors,
                ErrorKind::Type {
                    expected: types.names(),
                },
            ),
            (Check::Properties { declared, closed }, Json::Object(map)) => {
                let mut valid = true;
                let mut unexpected = Vec::new();
                for (key, value) in map {
                    match declared.binary_search_by(|(name, _)| name.as_str().cmp(key)) {
                        Ok(i) => {
                            let place = Place::Key(at, key);
                            if !self.node(declared[i].1, value, &place, errors.as_deref_mut()) {
                                valid = false;
                                if errors.is_none() {
                                    return false;
                                }
                            }
                        }
                        Err(_) if *closed => {
                            if errors.is_none() {
                                return false;
                            }
                            unexpected.push(key.clone());
                        }
                        Err(_) => {}
                    }
                }
                if unexpected.is_empty() {
                    valid
                } else {
                    fail(errors, ErrorKind::AdditionalProperties { unexpected })
                }
            }
            (Check::Required(names), Json::Object(map)) => {
                let mut valid = true;
                for name in names.iter().filter(|n| !map.contains_key(n.as_str())) {
                    let kind = ErrorKind::Required {
                        property: name.clone(),
                    };
                    valid = fail(errors.as_deref_mut(), kind);
                    if errors.is_none() {
                        return false;
                    }
                }
                valid
            }
            (Check::Items(item), Json::Array(items)) => {
                let mut valid = true;
                for (i, value) in items.iter().enumerate() {
                    if !self.node(*item, value, &Place::Index(at, i), errors.as_deref_mut()) {
                        valid = false;
                        if errors.is_none() {
                            return false;
                        }
                    }
                }
                valid
            }
            (Check::MinItems(limit), Json::Array(items)) if (items.len() as u64) < *limit => {
                fail(errors, ErrorKind::MinItems { limit: *limit })
            }
            (Check::UniqueItems, Json::Array(items)) if has_duplicates(items) => {
                fail(errors, ErrorKind::UniqueItems)
            }
            (Check::Enum(options), _) if !options.iter().any(|o| equal(o, instance)) => fail(
                errors,
                ErrorKind::Enum {
                    options: options.clone(),
                },
            ),
            (Check::MinLength(limit), Json::String(s)) if (s.chars().count() as u64) < *limit => {
                fail(errors, ErrorKind::MinLength { limit: *limit })
            }
            (Check::Pattern(pattern), Json::String(s)) if !pattern.is_match(s) => {
                fail(errors, ErrorKind::Pattern)
            }
            (Check::Minimum(limit), Json::Number(n)) if compare(n, limit) == Ordering::Less => {
                fail(errors, ErrorKind::Minimum)
            }
            (Check::Maximum(limit), Json::Number(n)) if compare(n, limit) == Ordering::Greater => {
                fail(errors, ErrorKind::Maximum)
            }
            (Check::ExclusiveMinimum(limit), Json::Number(n))
                if compare(n, limit) != Ordering::Greater =>
            {
                fail(errors, ErrorKind::ExclusiveMinimum)
            }
            (Check::OneOf(branches), _) => {
                let mut passing = branches
                    .iter()
                    .filter(|b| self.node(**b, instance, at, None));
                let exactly_one = passing.next().is_some() && passing.next().is_none();
                exactly_one || fail(errors, ErrorKind::OneOf)
            }
            (Check::Ref(target), _) => self.node(*target, instance, at, errors),
            _ => true,
        }
    }
}

fn accepts(types: Types, value: &Json) -> bool {
    match value {
        Json::Null => types.contains(Types::NULL),
        Json::Bool(_) => types.contains(Types::BOOLEAN),
        Json::Number(n) => {
            types.contains(Types::NUMBER) || (types.contains(Types::INTEGER) && is_integer(n))
        }
        Json::String(_) => types.contains(Types::STRING),
        Json::Array(_) => types.contains(Types::ARRAY),
        Json::Object(_) => types.contains(Types::OBJECT),
    }
}

fn has_duplicates(items: &[Json]) -> bool {
    items
        .iter()
        .enumerate()
        .any(|(i, a)| items[i + 1..].iter().any(|b| equal(a, b)))
}
