//! Dutch helpers for templates: the conventions a council letter must follow, so a
//! template author writes `{{datum brief.datum}}` and gets "16 november 2021".
//!
//! | helper | example | result |
//! |---|---|---|
//! | `datum` | `{{datum "2026-11-23"}}` | 23 november 2026 |
//! | `janee` | `{{janee true}}` | Ja |
//! | `opsomming` | `{{opsomming gemeenten}}` | Blaricum, Eemnes en Laren |
//! | `statuslabel` | `{{statuslabel "in-ontwikkeling"}}` | In ontwikkeling |
//! | `telwoord` | `{{telwoord 7}}` | zeven |
//! | `rangtelwoord` | `{{rangtelwoord 1}}` | eerste |
//! | `concat` | `{{concat "Gemeente " gemeente.naam}}` | Gemeente Blaricum |
//! | `json` | `{{json brief.onderwerp}}` | "Doorontwikkeling …" (unescaped: for front matter) |
//! | `link` | `{{link url}}` | a Markdown link to `url` showing the address |
//!
//! Helpers that return values are escaped like any other value; only `json` and `link`
//! write raw output, and both build it from escaped parts.

use handlebars::{
    handlebars_helper, Context, Handlebars, Helper, HelperDef, HelperResult, Output, RenderContext,
    RenderErrorReason,
};
use serde_json::Value;

use crate::markup::escape;
use crate::model::{Date, Status};

handlebars_helper!(datum: |iso: str| Date::parse_iso(iso).map(|d| d.dutch()).unwrap_or_else(|_| iso.to_owned()));
handlebars_helper!(janee: |b: bool| if b { "Ja" } else { "Nee" });
handlebars_helper!(opsomming: |items: array| join_dutch(items));
handlebars_helper!(statuslabel: |id: str| status_label(id));
handlebars_helper!(telwoord: |n: u64| cardinal(n));
handlebars_helper!(rangtelwoord: |n: u64| ordinal(n));
handlebars_helper!(concat: |*args| args.iter().map(|v| value_text(v)).collect::<String>());

/// Our own helpers, by the name a template calls them with.
fn own() -> Vec<(&'static str, Box<dyn HelperDef + Send + Sync>)> {
    vec![
        ("datum", Box::new(datum)),
        ("janee", Box::new(janee)),
        ("opsomming", Box::new(opsomming)),
        ("statuslabel", Box::new(statuslabel)),
        ("telwoord", Box::new(telwoord)),
        ("rangtelwoord", Box::new(rangtelwoord)),
        ("concat", Box::new(concat)),
        ("json", Box::new(json_helper)),
        ("link", Box::new(link_helper)),
    ]
}

/// The helpers Handlebars itself registers (its default features, as we build it).
pub const HANDLEBARS_BUILTIN: [&str; 17] = [
    "if", "unless", "each", "with", "lookup", "raw", "log", "eq", "ne", "gt", "gte", "lt", "lte",
    "and", "or", "not", "len",
];

/// Every helper a template can call: ours, then Handlebars' own. README documents
/// each of them (a test holds it to that).
pub fn names() -> Vec<&'static str> {
    own()
        .into_iter()
        .map(|(name, _)| name)
        .chain(HANDLEBARS_BUILTIN)
        .collect()
}

/// Registers every helper on `registry`.
pub fn register(registry: &mut Handlebars<'_>) {
    for (name, helper) in own() {
        registry.register_helper(name, helper);
    }
}

fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// "A, B en C": the Dutch list conjunction, no serial comma.
pub fn join_dutch(items: &[Value]) -> String {
    let words: Vec<String> = items
        .iter()
        .map(value_text)
        .filter(|s| !s.is_empty())
        .collect();
    match words.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} en {last}", init.join(", ")),
    }
}

fn status_label(id: &str) -> String {
    serde_json::from_value::<Status>(Value::String(id.to_owned()))
        .map(|s| s.label().to_owned())
        .unwrap_or_else(|_| id.to_owned())
}

const CARDINALS: [&str; 21] = [
    "nul",
    "een",
    "twee",
    "drie",
    "vier",
    "vijf",
    "zes",
    "zeven",
    "acht",
    "negen",
    "tien",
    "elf",
    "twaalf",
    "dertien",
    "veertien",
    "vijftien",
    "zestien",
    "zeventien",
    "achttien",
    "negentien",
    "twintig",
];

const ORDINALS: [&str; 21] = [
    "nulde",
    "eerste",
    "tweede",
    "derde",
    "vierde",
    "vijfde",
    "zesde",
    "zevende",
    "achtste",
    "negende",
    "tiende",
    "elfde",
    "twaalfde",
    "dertiende",
    "veertiende",
    "vijftiende",
    "zestiende",
    "zeventiende",
    "achttiende",
    "negentiende",
    "twintigste",
];

/// Numbers up to twenty in words, as Dutch style guides ask; larger ones as digits.
pub fn cardinal(n: u64) -> String {
    CARDINALS
        .get(n as usize)
        .map_or_else(|| n.to_string(), |w| (*w).to_owned())
}

pub fn ordinal(n: u64) -> String {
    ORDINALS
        .get(n as usize)
        .map_or_else(|| format!("{n}e"), |w| (*w).to_owned())
}

/// Writes a value as a JSON literal, which YAML reads as the same string: the safe way
/// to put any text into a template's front matter.
fn json_helper(
    h: &Helper,
    _: &Handlebars,
    _: &Context,
    _: &mut RenderContext,
    out: &mut dyn Output,
) -> HelperResult {
    let value = h
        .param(0)
        .ok_or(RenderErrorReason::ParamNotFoundForIndex("json", 0))?
        .value();
    let text = serde_json::to_string(value).map_err(|e| RenderErrorReason::Other(e.to_string()))?;
    out.write(&yaml_safe(text))?;
    Ok(())
}

/// JSON whose every character YAML also reads literally. serde_json escapes only
/// U+0000–U+001F; YAML refuses DEL, the C1 controls and U+FFFE/U+FFFF even inside
/// quotes, and YAML 1.1 readers break lines at U+0085, U+2028 and U+2029. A region
/// name with one of them (valid in the region file as an escape such as `"\x7F"`)
/// would otherwise make the front matter unreadable and blame the template. As
/// `\uXXXX` escapes they mean the same to JSON and YAML.
fn yaml_safe(json: String) -> String {
    let escape = |c: char| {
        matches!(
            c,
            '\u{7F}'..='\u{9F}' | '\u{2028}' | '\u{2029}' | '\u{FFFE}' | '\u{FFFF}'
        )
    };
    if !json.chars().any(escape) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if escape(c) {
            out.push_str(&format!("\\u{:04X}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// A Markdown link that shows its address. Both parts are escaped, so a URL from YAML
/// can only ever be a link.
fn link_helper(
    h: &Helper,
    _: &Handlebars,
    _: &Context,
    _: &mut RenderContext,
    out: &mut dyn Output,
) -> HelperResult {
    let url = value_text(
        h.param(0)
            .ok_or(RenderErrorReason::ParamNotFoundForIndex("link", 0))?
            .value(),
    );
    let target: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .flat_map(|c| match c {
            '(' | ')' | '<' | '>' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    out.write(&format!("[{}]({target})", escape(&url)))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn render(template: &str, data: Value) -> String {
        let mut hb = Handlebars::new();
        register(&mut hb);
        hb.register_escape_fn(escape);
        hb.render_template(template, &data).unwrap()
    }

    /// Values as they reach the Markdown parser, i.e. with escapes removed.
    fn unescaped(template: &str, data: Value) -> String {
        let mut hb = Handlebars::new();
        register(&mut hb);
        hb.register_escape_fn(handlebars::no_escape);
        hb.render_template(template, &data).unwrap()
    }

    #[test]
    fn dutch_conventions() {
        let render = unescaped;
        assert_eq!(
            render("{{datum d}}", json!({"d": "2026-11-23"})),
            "23 november 2026"
        );
        assert_eq!(render("{{janee b}}", json!({"b": false})), "Nee");
        assert_eq!(
            render("{{opsomming l}}", json!({"l": ["A", "B", "C"]})),
            "A, B en C"
        );
        assert_eq!(render("{{opsomming l}}", json!({"l": ["A"]})), "A");
        assert_eq!(
            render("{{statuslabel s}}", json!({"s": "in-ontwikkeling"})),
            "In ontwikkeling"
        );
        assert_eq!(
            render(
                "{{telwoord 7}} {{rangtelwoord 1}} {{telwoord 342}}",
                json!({})
            ),
            "zeven eerste 342"
        );
    }

    #[test]
    fn values_are_escaped_and_json_is_not() {
        assert_eq!(render("{{v}}", json!({"v": "1. *x*"})), "1\\. \\*x\\*");
        assert_eq!(
            render("{{json v}}", json!({"v": "a \"b\""})),
            "\"a \\\"b\\\"\""
        );
        assert_eq!(
            render("{{json (concat \"Gemeente \" v)}}", json!({"v": "Epe"})),
            "\"Gemeente Epe\""
        );
    }

    #[test]
    fn json_escapes_what_yaml_will_not_read_literally() {
        let name = "Regio\u{7F}\u{85}\u{9F}\u{2028}\u{FFFE}\u{0B} ‘x’ 😀";
        let out = render("{{json v}}", json!({ "v": name }));
        assert_eq!(
            out,
            "\"Regio\\u007F\\u0085\\u009F\\u2028\\uFFFE\\u000b ‘x’ 😀\""
        );
        let back: String = serde_saphyr::from_str(&out).expect("YAML reads it");
        assert_eq!(back, name);
        let back: String = serde_json::from_str(&out).expect("JSON reads it");
        assert_eq!(back, name);
    }

    /// Every name in [`HANDLEBARS_BUILTIN`] is a helper, and no other helper Handlebars
    /// can ship (its optional string helpers included) is registered unnoticed.
    #[test]
    fn the_builtin_list_is_what_handlebars_registers() {
        let mut hb = Handlebars::new();
        register(&mut hb);
        hb.set_strict_mode(true);
        let exists = |name: &str| {
            !hb.render_template(&format!("{{{{{name} 1 1}}}}"), &json!({}))
                .err()
                .is_some_and(|e| matches!(e.reason(), RenderErrorReason::HelperNotFound(_)))
        };
        for name in HANDLEBARS_BUILTIN {
            assert!(exists(name), "{name} is registered");
        }
        for name in [
            "lowerCamelCase",
            "upperCamelCase",
            "snakeCase",
            "kebabCase",
            "shoutySnakeCase",
            "shoutyKebabCase",
            "titleCase",
            "trainCase",
            "helperMissing",
            "blockHelperMissing",
        ] {
            assert!(!exists(name), "{name} is registered but not listed");
        }
    }

    #[test]
    fn link_cannot_break_out() {
        assert_eq!(
            render("{{link u}}", json!({"u": "https://x.nl/a(b)"})),
            "[https\\:\\/\\/x\\.nl\\/a\\(b\\)](https://x.nl/a\\(b\\))"
        );
    }
}
