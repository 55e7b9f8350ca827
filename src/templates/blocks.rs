//! Where a block that is never closed was opened.
//!
//! Handlebars reports an unclosed `{{#if}}` where it gave up, at the end of the
//! template, which says nothing about which of a template's blocks lacks its `{{/if}}`.
//! This scanner reads the template's tags itself and names the opener.

/// A block tag that has no matching close, or a close that ends the wrong block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockProblem {
    /// `{{#name …}}` at `line`:`column` (1-based) is never closed.
    Unclosed {
        name: String,
        line: usize,
        column: usize,
    },
    /// `{{/closing}}` at `line`:`column` ends the block `open` opened at
    /// `open_line`:`open_column`.
    Mismatched {
        open: String,
        open_line: usize,
        open_column: usize,
        closing: String,
        line: usize,
        column: usize,
    },
}

/// The first problem with the template's blocks, if any: a close that does not match
/// the innermost open block, else the innermost block left open at the end.
pub fn block_problem(source: &str) -> Option<BlockProblem> {
    let mut open: Vec<(String, usize, usize)> = Vec::new();
    for tag in tags(source) {
        let body = tag.body.trim_start_matches('~').trim_start();
        if let Some(rest) = body.strip_prefix('#').or_else(|| body.strip_prefix('^')) {
            let rest = rest.trim_start_matches(['>', '*']).trim_start();
            let name = first_word(rest);
            // `{{^}}` alone is an `else`, not a block.
            if !name.is_empty() {
                open.push((name.to_owned(), tag.line, tag.column));
            }
        } else if let Some(rest) = body.strip_prefix('/') {
            let name = first_word(rest.trim_start());
            match open.pop() {
                Some((o, _, _)) if o == name => {}
                Some((o, ol, oc)) => {
                    return Some(BlockProblem::Mismatched {
                        open: o,
                        open_line: ol,
                        open_column: oc,
                        closing: name.to_owned(),
                        line: tag.line,
                        column: tag.column,
                    })
                }
                // A close without an opener: Handlebars' own message says it well.
                None => return None,
            }
        }
    }
    open.pop()
        .map(|(name, line, column)| BlockProblem::Unclosed { name, line, column })
}

fn first_word(text: &str) -> &str {
    let end = text
        .find(|c: char| c.is_whitespace() || c == '}' || c == '~' || c == '(')
        .unwrap_or(text.len());
    &text[..end]
}

struct Tag<'a> {
    body: &'a str,
    line: usize,
    column: usize,
}

/// The `{{…}}` tags of a template with their positions, skipping comments
/// (`{{! … }}`, `{{!-- … --}}`) and escaped mustaches (`\{{`).
fn tags(source: &str) -> Vec<Tag<'_>> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(found) = source[at..].find("{{") {
        let start = at + found;
        if source[..start].ends_with('\\') {
            at = start + 2;
            continue;
        }
        let inner_start = start + 2 + usize::from(source[start + 2..].starts_with('{'));
        let inner = &source[inner_start..];
        let (body, end) = if inner.starts_with("!--") {
            match inner.find("--}}") {
                Some(i) => ("", inner_start + i + 4),
                None => break,
            }
        } else {
            match inner.find("}}") {
                Some(i) => (&inner[..i], inner_start + i + 2),
                None => break,
            }
        };
        if !body.starts_with('!') && !body.is_empty() {
            let before = &source[..start];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            out.push(Tag { body, line, column });
        }
        at = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_opener_of_an_unclosed_block_is_found() {
        let source = "a\n{{#if x}}\n  {{#each y}}z{{/each}}\n{{#with q}}\n{{/with}}\n";
        assert_eq!(
            block_problem(source),
            Some(BlockProblem::Unclosed {
                name: "if".into(),
                line: 2,
                column: 1
            })
        );
        for name in ["each", "unless", "with"] {
            let source = format!("tekst {{{{#{name} a}}}}\nmeer");
            assert_eq!(
                block_problem(&source),
                Some(BlockProblem::Unclosed {
                    name: name.into(),
                    line: 1,
                    column: 7
                }),
                "{source}"
            );
        }
    }

    #[test]
    fn closed_blocks_comments_and_escapes_are_fine() {
        for fine in [
            "{{#if a}}x{{else}}y{{/if}}",
            "{{#if a}}x{{^}}y{{/if}}",
            "{{! {{#if}} }}{{!-- {{#each x}} --}}",
            "\\{{#if a}}",
            "{{~#if a~}}x{{~/if~}}",
            "{{#each (concat a b)}}{{/each}}",
            "{{{json a}}}",
        ] {
            assert_eq!(block_problem(fine), None, "{fine}");
        }
    }

    #[test]
    fn a_close_of_the_wrong_block_names_both() {
        let source = "{{#if a}}\n{{#each b}}\n{{/if}}";
        assert_eq!(
            block_problem(source),
            Some(BlockProblem::Mismatched {
                open: "each".into(),
                open_line: 2,
                open_column: 1,
                closing: "if".into(),
                line: 3,
                column: 1
            })
        );
    }
}
