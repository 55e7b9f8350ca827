//! A YAML tree that remembers where every value and every key stood in the file.
//!
//! The schema validator and the NvO rules both speak in JSON pointers
//! (`/gemeenten/3/cbs`). To turn such a pointer back into `file:line:column` we keep
//! the source location of every node and every mapping key, taken from serde-saphyr's
//! `Spanned` wrapper, so that the parser's budgets and located errors stay in force.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// Line and column (both 1-based, in characters) of a place in the source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Pos {
    fn of<T>(spanned: &Spanned<T>) -> Pos {
        let loc = spanned.referenced;
        Pos {
            line: loc.line() as usize,
            column: loc.column() as usize,
        }
    }
}

/// One YAML value with its position.
#[derive(Debug, Clone)]
pub struct Node {
    pub pos: Pos,
    pub value: Value,
}

/// The shapes a YAML value can take once parsed. Mappings keep their keys' positions
/// so an unknown or duplicate key can be pointed at precisely.
#[derive(Debug, Clone)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub key: String,
    pub key_pos: Pos,
    pub value: Node,
}

impl Value {
    /// The word a non-programmer would use for this kind of value, in Dutch and English.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::Null => "leeg (null)",
            Value::Bool(_) => "ja/nee (boolean)",
            Value::Int(_) | Value::Float(_) => "getal (number)",
            Value::Str(_) => "tekst (string)",
            Value::Seq(_) => "lijst (sequence)",
            Value::Map(_) => "sleutels met waarden (mapping)",
        }
    }
}

impl Node {
    /// Converts to the JSON value the schema validator and serde read.
    pub fn to_json(&self) -> serde_json::Value {
        self.to_json_with(&|s| std::borrow::Cow::Borrowed(s))
    }

    /// As [`Node::to_json`], with every string value passed through `text`. What a
    /// string may not contain is a later stage's business (validation scrubs the
    /// characters that mark field tokens); the parser only offers the one walk.
    pub fn to_json_with<F>(&self, text: &F) -> serde_json::Value
    where
        F: Fn(&str) -> std::borrow::Cow<'_, str>,
    {
        use serde_json::Value as J;
        match &self.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
            Value::Str(s) => J::String(text(s).into_owned()),
            Value::Seq(items) => J::Array(items.iter().map(|n| n.to_json_with(text)).collect()),
            Value::Map(entries) => {
                let mut map = serde_json::Map::new();
                for e in entries {
                    map.insert(e.key.clone(), e.value.to_json_with(text));
                }
                J::Object(map)
            }
        }
    }

    /// The value under `key` of a mapping; `None` for another kind of value.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|e| e.key == key).map(|e| &e.value),
            _ => None,
        }
    }

    /// Builds the pointer → position index. (Duplicate keys never get here: the parser
    /// refuses them, see `parse::options`.)
    pub fn index(&self) -> Locations {
        let mut locations = Locations::default();
        self.walk(String::new(), &mut locations);
        locations
    }

    fn walk(&self, pointer: String, locs: &mut Locations) {
        match &self.value {
            Value::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    item.walk(format!("{pointer}/{i}"), locs);
                }
            }
            Value::Map(entries) => {
                for e in entries {
                    let child = format!("{pointer}/{}", escape_pointer(&e.key));
                    locs.keys.insert(child.clone(), e.key_pos);
                    e.value.walk(child, locs);
                }
            }
            _ => {}
        }
        locs.values.insert(pointer, self.pos);
    }
}

/// RFC 6901 escaping, so keys containing `/` or `~` still give unambiguous pointers.
pub fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Where each JSON pointer's value, and each mapping key, stands in the source.
#[derive(Debug, Default, Clone)]
pub struct Locations {
    values: BTreeMap<String, Pos>,
    keys: BTreeMap<String, Pos>,
}

impl Locations {
    /// Position of the value at `pointer`, or of its nearest existing ancestor (a
    /// missing field is best shown at the mapping that should hold it).
    pub fn value(&self, pointer: &str) -> Pos {
        let mut p = pointer;
        loop {
            if let Some(pos) = self.values.get(p) {
                return *pos;
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return Pos { line: 1, column: 1 },
            }
        }
    }

    /// Position of the key that names `pointer`'s value, falling back to the value.
    pub fn key(&self, pointer: &str) -> Pos {
        self.keys
            .get(pointer)
            .copied()
            .unwrap_or_else(|| self.value(pointer))
    }
}

struct NodeVisitor;

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<Value>::deserialize(d)?;
        Ok(Node {
            pos: Pos::of(&spanned),
            value: spanned.value,
        })
    }
}

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Node>()? {
            items.push(item);
        }
        Ok(Value::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<KeyText>>()? {
            let key_pos = Pos::of(&key);
            let value = map.next_value::<Node>()?;
            entries.push(Entry {
                key: key.value.0,
                key_pos,
                value,
            });
        }
        Ok(Value::Map(entries))
    }
}

/// A mapping key as text. YAML allows numbers or booleans as keys (`2021: …`); our
/// format only has text keys, so such keys become their written form and the schema
/// then reports them as unknown fields rather than the parser failing obscurely.
struct KeyText(String);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = KeyText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("een sleutel als tekst")
            }
            fn visit_str<E>(self, v: &str) -> Result<KeyText, E> {
                Ok(KeyText(v.to_owned()))
            }
            fn visit_bool<E>(self, v: bool) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<KeyText, E> {
                Ok(KeyText("null".into()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<KeyText, A::Error> {
                Err(de::Error::custom(
                    "een lijst kan geen sleutel zijn; sleutels zijn gewone woorden zoals `naam:`",
                ))
            }
            fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<KeyText, A::Error> {
                Err(de::Error::custom(
                    "een blok sleutels kan zelf geen sleutel zijn; sleutels zijn gewone woorden zoals `naam:`",
                ))
            }
        }
        d.deserialize_any(KeyVisitor)
    }
}
