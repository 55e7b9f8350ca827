//! The crate's top-level modules form a graph that follows the pipeline, without cycles.
//!
//! A module that reaches upstream (the parser using the document stage, the document
//! types using validation) makes every stage depend on every other one: nothing can be
//! changed, tested or understood on its own. This test reads `src/` as text, collects
//! every path that leaves a top-level module, and fails on a cycle, on an edge that
//! [`ALLOWED`] does not list, and on a module the list does not know.
//!
//! What counts as an edge: every `crate::x` path in code — in `use` declarations
//! (groups `use crate::{a, b::c}` and uses over several lines included) and fully
//! qualified paths in expressions and types alike — and every `super::x` that climbs
//! out of a top-level module to the crate root. Code under `#[cfg(test)]` counts too: a
//! unit test that builds its input with a later stage couples the two just as much.
//!
//! What does not: comments, doc comments included, and string literals. A doc link
//! such as ``[`crate::templates`]`` in the document types tells the reader who
//! produces them; it is not compiled against and cannot make a build order impossible,
//! so the rule leaves it free.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The allowed dependencies of each top-level module, in pipeline order: a module may
/// use the ones listed for it and nothing else. `document` may use `model` because the
/// document carries the region's date (`model::Date`), and `model` is upstream of it.
const ALLOWED: &[(&str, &[&str])] = &[
    ("diagnostics", &[]),
    // Two steps at once on whichever threads a run has: the layout's two halves, the
    // batch's two strands of documents; and where every helper thread is started (off
    // its starter's core), the validation's among them.
    ("alongside", &[]),
    ("error", &["diagnostics"]),
    ("output", &["error"]),
    ("parse", &["diagnostics", "error"]),
    ("model", &[]),
    ("document", &["model"]),
    ("markup", &["document", "diagnostics"]),
    // Font files (a region's `lettertypen`, `--lettertypen`, the system's) found,
    // checked and matched by family; layout measures with them, the PDF embeds them.
    ("fonts", &["document", "diagnostics", "error"]),
    // A Word template read as untrusted input: the package the DOCX builds on and the
    // house style the PDF and HTML are drawn in.
    (
        "word_template",
        &["document", "diagnostics", "error", "alongside"],
    ),
    (
        "validate",
        &[
            "parse",
            "model",
            "markup",
            "diagnostics",
            "error",
            "alongside",
        ],
    ),
    (
        "templates",
        &[
            "model",
            "markup",
            "document",
            "diagnostics",
            "error",
            "output",
        ],
    ),
    (
        "compose",
        &[
            "templates",
            "word_template",
            "fonts",
            "model",
            "markup",
            "document",
            "diagnostics",
            "error",
        ],
    ),
    (
        "layout",
        &["document", "fonts", "diagnostics", "error", "alongside"],
    ),
    (
        "render",
        &["document", "layout", "fonts", "error", "alongside"],
    ),
    (
        "batch",
        &[
            "compose",
            "word_template",
            "fonts",
            "render",
            "templates",
            "validate",
            "model",
            "document",
            "diagnostics",
            "error",
            "output",
            "alongside",
        ],
    ),
    (
        "preview",
        &[
            "compose",
            "word_template",
            "fonts",
            "render",
            "templates",
            "validate",
            "parse",
            "document",
            "diagnostics",
            "error",
        ],
    ),
    (
        "cli",
        &[
            "preview",
            "word_template",
            "fonts",
            "batch",
            "compose",
            "render",
            "layout",
            "templates",
            "validate",
            "parse",
            "model",
            "markup",
            "document",
            "diagnostics",
            "error",
            "output",
            "alongside",
        ],
    ),
];

#[test]
fn the_crate_follows_the_pipeline() {
    let files = read_tree(Path::new("src"));
    assert!(
        files.len() > 20,
        "src/ should hold the crate, found {} files",
        files.len()
    );
    let graph = Graph::of(&files);
    for module in [
        "parse", "validate", "markup", "document", "compose", "render",
    ] {
        assert!(
            graph.modules.contains(module),
            "module `{module}` not found in src/"
        );
    }
    let problems = graph.problems(ALLOWED);
    assert!(
        problems.is_empty(),
        "the module graph breaks the pipeline:\n{}\n\nthe graph as it is:\n{}",
        problems.join("\n"),
        graph.describe()
    );
}

/// README's "How it works" names every module of the tree, and `src/lib.rs` shows the
/// same graph diagram as README.
#[test]
fn the_readme_describes_the_tree() {
    let readme = std::fs::read_to_string("README.md").expect("README.md");
    let start = readme
        .find("## How it works")
        .expect("a How it works section");
    let section = &readme[start..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |i| i + 3)];
    let graph = Graph::of(&read_tree(Path::new("src")));
    for module in &graph.modules {
        assert!(
            section.contains(&format!("`{module}/`"))
                || section.contains(&format!("`{module}.rs`")),
            "README's How it works does not list `{module}`"
        );
    }
    let diagram = section
        .split("```text\n")
        .find(|block| block.starts_with("cli "))
        .and_then(|block| block.split("```").next())
        .expect("the module graph diagram in README");
    let lib = std::fs::read_to_string("src/lib.rs").expect("src/lib.rs");
    for line in diagram.lines() {
        assert!(
            lib.contains(&format!("//! {line}\n")),
            "src/lib.rs lacks the diagram line {line:?}"
        );
    }
}

#[test]
fn the_allowed_graph_itself_has_no_cycle() {
    let mut allowed = Graph::default();
    for (from, tos) in ALLOWED {
        allowed.modules.insert((*from).to_owned());
        for to in *tos {
            allowed
                .edges
                .entry(((*from).to_owned(), (*to).to_owned()))
                .or_insert_with(|| "ALLOWED".to_owned());
        }
    }
    assert_eq!(allowed.cycles(), Vec::<String>::new());
}

// The checker on small fake trees, so that each thing it must catch is seen caught.

fn fake(files: &[(&str, &str)]) -> Graph {
    let files: Vec<(PathBuf, String)> = files
        .iter()
        .map(|(p, t)| (PathBuf::from(p), (*t).to_owned()))
        .collect();
    Graph::of(&files)
}

fn edges(graph: &Graph) -> Vec<String> {
    graph
        .edges
        .keys()
        .map(|(a, b)| format!("{a}->{b}"))
        .collect()
}

const PIPE: &[(&str, &[&str])] = &[("a", &[]), ("b", &["a"]), ("c", &["a", "b"])];

#[test]
fn a_planted_back_edge_is_caught() {
    let ok = fake(&[
        ("a.rs", "pub fn f() {}"),
        ("b/mod.rs", "use crate::a::f;\nmod x;"),
        ("b/x.rs", "use super::super::a;"),
        ("c.rs", "use crate::{a, b};"),
    ]);
    assert_eq!(ok.problems(PIPE), Vec::<String>::new());
    let planted = fake(&[
        ("a.rs", "pub fn f() {}\nfn g() { crate::c::h() }"),
        ("b/mod.rs", "use crate::a::f;"),
        ("c.rs", "use crate::{a, b};\npub fn h() {}"),
    ]);
    let problems = planted.problems(PIPE);
    assert!(
        problems
            .iter()
            .any(|p| p.contains("a → c") && p.contains("a.rs:2") && p.contains("not allowed")),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| p.starts_with("cycle: a → c → a")),
        "{problems:?}"
    );
}

#[test]
fn a_cycle_is_reported_even_when_every_edge_is_allowed() {
    let loose: &[(&str, &[&str])] = &[("a", &["b"]), ("b", &["c"]), ("c", &["a"])];
    let g = fake(&[
        ("a.rs", "use crate::b;"),
        ("b.rs", "use crate::c;"),
        ("c.rs", "use crate::a;"),
    ]);
    assert_eq!(g.problems(loose), vec!["cycle: a → b → c → a".to_owned()]);
}

#[test]
fn an_unknown_module_is_reported() {
    let g = fake(&[("a.rs", ""), ("d.rs", "use crate::a;")]);
    let problems = g.problems(PIPE);
    assert!(
        problems
            .iter()
            .any(|p| p.contains("`d`") && p.contains("ALLOWED")),
        "{problems:?}"
    );
}

#[test]
fn groups_multiline_uses_and_qualified_paths_are_edges() {
    let g = fake(&[(
        "c/mod.rs",
        "use crate::{\n    a::{self, f},\n    b::X as Y,\n};\n\
         fn k(x: crate::d::T) -> Vec<crate :: e :: U> { <crate::f::V as crate::g::W>::new() }",
    )]);
    assert_eq!(edges(&g), ["c->a", "c->b", "c->d", "c->e", "c->f", "c->g"]);
}

#[test]
fn super_counts_only_when_it_leaves_the_top_module() {
    let g = fake(&[
        ("a.rs", "mod t { use super::*; use super::super::b; }"),
        (
            "c/mod.rs",
            "use super::{d, e::f};\nuse self::x::super_thing;",
        ),
        ("c/x.rs", "use super::y; use super::super::g::{h};"),
        (
            "c/x/z.rs",
            "use super::super::y; use super::super::super::i;",
        ),
    ]);
    assert_eq!(edges(&g), ["a->b", "c->d", "c->e", "c->g", "c->i"]);
}

#[test]
fn comments_strings_chars_and_doc_links_are_no_edges() {
    let g = fake(&[(
        "a.rs",
        "//! See [`crate::b`].\n/// [`crate::c::X`]\n/* crate::d /* nested crate::e */ crate::f */\n\
         const S: &str = \"crate::g \\\" crate::h\";\nconst R: &str = r#\"crate::i \" crate::j\"#;\n\
         const C: char = '{'; const Q: char = '\\''; const B: u8 = b'}';\n\
         fn l<'x>(s: &'x str) -> &'x str { s }\nmod m { use crate::k; }",
    )]);
    assert_eq!(edges(&g), ["a->k"]);
}

#[test]
fn a_glob_of_the_crate_root_is_refused() {
    let g = fake(&[("a.rs", "use crate::*;"), ("b/mod.rs", "use super::*;")]);
    let problems = g.problems(PIPE);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems.iter().all(|p| p.contains("glob")), "{problems:?}");
}

// The checker.

/// Every `.rs` file under `root`, with its path relative to `root`.
fn read_tree(root: &Path) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for entry in entries {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                let relative = path.strip_prefix(root).expect("under root").to_path_buf();
                files.push((relative, text));
            }
        }
    }
    files.sort();
    files
}

#[derive(Debug, Default)]
struct Graph {
    modules: BTreeSet<String>,
    /// Each edge with the first place (`file:line`) that makes it.
    edges: BTreeMap<(String, String), String>,
    /// Globs of the crate root, which hide which modules they use.
    globs: Vec<String>,
}

impl Graph {
    fn of(files: &[(PathBuf, String)]) -> Graph {
        let mut graph = Graph::default();
        for (path, text) in files {
            let Some(module) = module_path(path) else {
                continue;
            };
            graph.modules.insert(module[0].clone());
            for reference in references(&module, text) {
                let place = format!("{}:{}", path.display(), reference.line);
                match reference.target {
                    Target::Module(target) if target != module[0] => {
                        graph
                            .edges
                            .entry((module[0].clone(), target))
                            .or_insert(place);
                    }
                    Target::Module(_) => {}
                    Target::Glob => graph.globs.push(place),
                }
            }
        }
        graph
    }

    fn problems(&self, allowed: &[(&str, &[&str])]) -> Vec<String> {
        let rules: BTreeMap<&str, &[&str]> = allowed.iter().copied().collect();
        let mut problems = self.cycles();
        for module in &self.modules {
            if !rules.contains_key(module.as_str()) {
                problems.push(format!(
                    "module `{module}` is not in ALLOWED: add it with the modules it may use"
                ));
            }
        }
        for ((from, to), place) in &self.edges {
            let permitted = rules
                .get(from.as_str())
                .is_some_and(|tos| tos.contains(&to.as_str()));
            if !permitted {
                problems.push(format!(
                    "{from} → {to} is not allowed ({place}); allowed for {from}: {}",
                    rules
                        .get(from.as_str())
                        .map_or("nothing listed".to_owned(), |tos| tos.join(", "))
                ));
            }
        }
        for place in &self.globs {
            problems.push(format!(
                "{place}: a glob of the crate root hides which modules are used; name them"
            ));
        }
        problems
    }

    /// One cycle per set of modules that reach each other, as `a → b → a`.
    fn cycles(&self) -> Vec<String> {
        let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (from, to) in self.edges.keys() {
            next.entry(from.as_str()).or_default().push(to.as_str());
        }
        let mut seen_sets = BTreeSet::new();
        let mut cycles = Vec::new();
        for start in next.keys().copied() {
            if let Some(cycle) = shortest_cycle(start, &next) {
                let set: BTreeSet<&str> = cycle.iter().copied().collect();
                if seen_sets.insert(set) {
                    cycles.push(format!("cycle: {} → {start}", cycle.join(" → ")));
                }
            }
        }
        cycles
    }

    fn describe(&self) -> String {
        let mut out = String::new();
        for module in &self.modules {
            let uses: Vec<&str> = self
                .edges
                .keys()
                .filter(|(from, _)| from == module)
                .map(|(_, to)| to.as_str())
                .collect();
            let _ = writeln!(out, "  {module} → {}", uses.join(", "));
        }
        out
    }
}

/// The shortest path from `start` back to itself (breadth first), without the final
/// return to `start`.
fn shortest_cycle<'a>(
    start: &'a str,
    next: &BTreeMap<&'a str, Vec<&'a str>>,
) -> Option<Vec<&'a str>> {
    let mut came_from: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(at) = queue.pop_front() {
        for &to in next.get(at).into_iter().flatten() {
            if to == start {
                let mut path = vec![at];
                while let Some(&before) = came_from.get(path[path.len() - 1]) {
                    path.push(before);
                }
                if path[path.len() - 1] != start {
                    path.push(start);
                }
                path.reverse();
                return Some(path);
            }
            if to != start && !came_from.contains_key(to) {
                came_from.insert(to, at);
                queue.push_back(to);
            }
        }
    }
    None
}

/// A file's module path: `parse/node.rs` → `[parse, node]`, `compose/mod.rs` →
/// `[compose]`. The crate roots (`lib.rs`, `main.rs`) belong to no module.
fn module_path(path: &Path) -> Option<Vec<String>> {
    let mut parts: Vec<String> = path
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let file = parts.pop()?;
    let stem = file.strip_suffix(".rs")?;
    if parts.is_empty() && matches!(stem, "lib" | "main") {
        return None;
    }
    if stem != "mod" {
        parts.push(stem.to_owned());
    }
    (!parts.is_empty()).then_some(parts)
}

enum Target {
    Module(String),
    Glob,
}

struct Reference {
    target: Target,
    line: usize,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    PathSep,
    Open,
    Close,
    Comma,
    Star,
    Other,
}

/// Every reference in `text` (the file of module `module`) that names a top-level
/// module: `crate::x`, or `super::x` where the `super`s reach the crate root.
fn references(module: &[String], text: &str) -> Vec<Reference> {
    let tokens = tokenize(&strip(text));
    let mut found = Vec::new();
    // Inline `mod name { … }` blocks deepen the module path for `super`.
    let mut depth = 0usize;
    let mut inline_modules: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let (token, line) = &tokens[i];
        let after_path_sep = i > 0 && tokens[i - 1].0 == Token::PathSep;
        match token {
            Token::Open => {
                depth += 1;
                if i >= 2
                    && tokens[i - 2].0 == Token::Ident("mod".into())
                    && matches!(tokens[i - 1].0, Token::Ident(_))
                {
                    inline_modules.push(depth);
                }
            }
            Token::Close => {
                if inline_modules.last() == Some(&depth) {
                    inline_modules.pop();
                }
                depth = depth.saturating_sub(1);
            }
            Token::Ident(word)
                if !after_path_sep
                    && word == "crate"
                    && tokens.get(i + 1).map(|t| &t.0) == Some(&Token::PathSep) =>
            {
                found.extend(roots_at(&tokens, i + 2, *line));
            }
            Token::Ident(word) if !after_path_sep && word == "super" => {
                let mut ups = 1;
                let mut j = i + 1;
                while tokens.get(j).map(|t| &t.0) == Some(&Token::PathSep)
                    && tokens.get(j + 1).map(|t| &t.0) == Some(&Token::Ident("super".into()))
                {
                    ups += 1;
                    j += 2;
                }
                let level = module.len() + inline_modules.len();
                if ups == level && tokens.get(j).map(|t| &t.0) == Some(&Token::PathSep) {
                    found.extend(roots_at(&tokens, j + 1, *line));
                }
                i = j;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    found
}

/// The top-level modules named at `tokens[at]`, just after `crate::`: one name, a
/// `{…}` group of paths (the first name of each), or a glob.
fn roots_at(tokens: &[(Token, usize)], at: usize, line: usize) -> Vec<Reference> {
    let module = |name: &str, line: usize| Reference {
        target: Target::Module(name.to_owned()),
        line,
    };
    match tokens.get(at) {
        Some((Token::Ident(name), _)) => vec![module(name, line)],
        Some((Token::Star, _)) => vec![Reference {
            target: Target::Glob,
            line,
        }],
        Some((Token::Open, _)) => {
            let mut found = Vec::new();
            let mut depth = 0;
            let mut element_start = true;
            for (token, line) in &tokens[at..] {
                match token {
                    Token::Open if depth == 0 => {
                        depth = 1;
                        continue;
                    }
                    Token::Open => depth += 1,
                    Token::Close => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    Token::Comma if depth == 1 => {
                        element_start = true;
                        continue;
                    }
                    Token::Ident(name) if depth == 1 && element_start && name != "self" => {
                        found.push(module(name, *line));
                    }
                    Token::Star if depth == 1 && element_start => found.push(Reference {
                        target: Target::Glob,
                        line: *line,
                    }),
                    _ => {}
                }
                element_start = false;
            }
            found
        }
        _ => Vec::new(),
    }
}

/// The code of `text` with comments, strings and character literals blanked out (line
/// breaks kept, so line numbers still match).
fn strip(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let blank = |out: &mut String, c: char| out.push(if c == '\n' { '\n' } else { ' ' });
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let prev_ident = i > 0 && is_ident(chars[i - 1]);
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut level = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    level += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    level -= 1;
                    out.push_str("  ");
                    i += 2;
                    if level == 0 {
                        break;
                    }
                } else {
                    blank(&mut out, chars[i]);
                    i += 1;
                }
            }
        } else if c == 'r'
            && (!prev_ident || (i == 1 || !is_ident(chars[i - 2])) && chars[i - 1] == 'b')
            && matches!(next, Some('"') | Some('#'))
        {
            // A raw string: r"…", r#"…"#, br"…".
            let mut hashes = 0;
            let mut j = i + 1;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            let closing: Vec<char> = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            let mut k = j + 1;
            while k < chars.len() && !chars[k..].starts_with(&closing) {
                k += 1;
            }
            let end = (k + closing.len()).min(chars.len());
            for &skipped in &chars[i..end] {
                blank(&mut out, skipped);
            }
            i = end;
        } else if c == '"' {
            blank(&mut out, c);
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    blank(&mut out, chars[i]);
                    i += 1;
                }
                if i < chars.len() {
                    blank(&mut out, chars[i]);
                    i += 1;
                }
            }
            if i < chars.len() {
                blank(&mut out, chars[i]);
                i += 1;
            }
        } else if c == '\'' && (next == Some('\\') || chars.get(i + 2) == Some(&'\'')) {
            // A character literal ('{', '\'', '\u{E000}'); a lifetime has no closing quote.
            let mut j = i + 1;
            if next == Some('\\') {
                j += 2;
            }
            while j < chars.len() && chars[j] != '\'' && chars[j] != '\n' {
                j += 1;
            }
            let end = (j + 1).min(chars.len());
            for &skipped in &chars[i..end] {
                blank(&mut out, skipped);
            }
            i = end;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Identifiers, `::`, braces, commas and `*`, with their line; everything else is
/// `Other` (so that `crate` in `pub(crate)` is not followed by `::`).
fn tokenize(code: &str) -> Vec<(Token, usize)> {
    let chars: Vec<char> = code.chars().collect();
    let mut tokens = Vec::new();
    let mut line = 1;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            tokens.push((Token::Ident(chars[start..i].iter().collect()), line));
        } else if c == ':' && chars.get(i + 1) == Some(&':') {
            tokens.push((Token::PathSep, line));
            i += 2;
        } else {
            tokens.push((
                match c {
                    '{' => Token::Open,
                    '}' => Token::Close,
                    ',' => Token::Comma,
                    '*' => Token::Star,
                    _ => Token::Other,
                },
                line,
            ));
            i += 1;
        }
    }
    tokens
}
