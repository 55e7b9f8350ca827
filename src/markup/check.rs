//! Checking a field's text for `validate`: placeholders that do not exist or stand in
//! the wrong place, links that will not be links, constructs outside the subset.

use pulldown_cmark::{Event, Parser, Tag};

use super::links::{is_allowed_link, LINK_SCHEMES};
use super::placeholders::{placeholders, unclosed, INLINE_PLACEHOLDERS, LIST_PLACEHOLDERS};
use super::subset::{field_options, unsupported};
use crate::diagnostics::closest;

/// A problem in a field's text, by line (0-based, within the field) and column (1-based).
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    /// The finding's rule id: `placeholder`, `placeholder-unclosed` or `markup`.
    pub rule: &'static str,
    pub line: usize,
    pub column: usize,
    pub error: bool,
    pub message: String,
    pub help: String,
}

/// Where a text stands, which decides what it may contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldKind {
    /// In a letter (`{gemeente}` and `{portefeuillehouder}` exist) or in the region's
    /// samenwerkingsdocument (they do not: it is one document for all municipalities).
    pub in_letter: bool,
    /// A markup-capable field (lists allowed) or a one-line plain field.
    pub markup: bool,
}

/// Finds unknown placeholders, misplaced list placeholders and constructs outside the
/// subset, for `validate`.
pub fn check(text: &str, kind: FieldKind) -> Vec<Issue> {
    let mut issues = Vec::new();
    let line_col = |offset: usize| {
        let before = &text[..offset];
        let line = before.matches('\n').count();
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, column)
    };
    for p in placeholders(text) {
        let (line, column) = line_col(p.start);
        let whole = &text[p.start..p.end];
        let municipal = matches!(p.name, "gemeente" | "portefeuillehouder");
        if municipal && !kind.in_letter {
            issues.push(Issue {
                rule: "placeholder",
                line,
                column,
                error: true,
                message: format!("`{whole}` bestaat hier niet: het samenwerkingsdocument is één document voor de hele regio"),
                help: "schrijf de tekst voor de regio, bijvoorbeeld met `{regio}`, of zet tekst die per gemeente verschilt in de brief".into(),
            });
        } else if LIST_PLACEHOLDERS.contains(&p.name) && !kind.markup {
            issues.push(Issue {
                rule: "placeholder",
                line,
                column,
                error: true,
                message: format!(
                    "de lijst `{whole}` kan alleen in een lang tekstveld staan"
                ),
                help:
                    "gebruik hem in aanleiding, kernboodschap, consequenties, vervolg of kennisnemen-van"
                        .into(),
            });
        } else if INLINE_PLACEHOLDERS.contains(&p.name) {
            if p.punctuation.is_some() {
                issues.push(Issue {
                    rule: "placeholder",
                    line,
                    column,
                    error: true,
                    message: format!(
                        "`{whole}`: een leesteken binnen de accolades werkt alleen bij lijsten"
                    ),
                    help: format!(
                        "schrijf `{{{}}}` en zet het leesteken na de sluitaccolade",
                        p.name
                    ),
                });
            }
        } else if LIST_PLACEHOLDERS.contains(&p.name) {
            let line_text = text.lines().nth(line).unwrap_or_default().trim();
            if line_text != whole {
                issues.push(Issue {
                    rule: "placeholder",
                    line,
                    column,
                    error: true,
                    message: format!("de lijst `{whole}` moet op een eigen regel staan"),
                    help: "zet hem op een eigen regel, met een lege regel ervoor en erna".into(),
                });
            }
        } else {
            let all = INLINE_PLACEHOLDERS
                .iter()
                .chain(LIST_PLACEHOLDERS.iter())
                .copied();
            // A name used inside a sentence means an inline placeholder, and one in
            // the samenwerkingsdocument cannot mean a municipality's: `{gemeentenaam}`
            // in a sentence is `{gemeente}`, not the list `{gemeenten}`.
            let on_own_line = text.lines().nth(line).unwrap_or_default().trim() == whole;
            let fits = |n: &&str| {
                let list = LIST_PLACEHOLDERS.contains(n);
                let municipal = matches!(*n, "gemeente" | "portefeuillehouder");
                (!list || (kind.markup && on_own_line)) && (!municipal || kind.in_letter)
            };
            // `{gemeentenaam}` is "gemeente" plus a word: a prefix beats edit distance.
            // On a line of its own in a long text a list is the likelier intent.
            let preferred =
                |n: &&str| fits(n) && LIST_PLACEHOLDERS.contains(n) == (kind.markup && on_own_line);
            let prefixed = all
                .clone()
                .filter(preferred)
                .filter(|n| p.name.starts_with(n))
                .max_by_key(|n| n.len());
            let suggestion = prefixed
                .or_else(|| closest(p.name, all.clone().filter(preferred)))
                .or_else(|| closest(p.name, all.clone().filter(fits)))
                .or_else(|| closest(p.name, all));
            let help = match suggestion {
                Some(s) => {
                    format!("bedoelt u `{{{s}}}`? Wilt u een accolade als teken, schrijf dan \\{{")
                }
                None => format!(
                    "bekende plaatshouders: {}; wilt u een accolade als teken, schrijf dan \\{{",
                    INLINE_PLACEHOLDERS
                        .iter()
                        .chain(LIST_PLACEHOLDERS.iter())
                        .map(|n| format!("{{{n}}}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            issues.push(Issue {
                rule: "placeholder",
                line,
                column,
                error: true,
                message: format!("onbekende plaatshouder `{whole}`"),
                help,
            });
        }
    }
    for (start, name) in unclosed(text) {
        let (line, column) = line_col(start);
        issues.push(Issue {
            rule: "placeholder-unclosed",
            line,
            column,
            error: true,
            message: format!("`{{{name}` wordt niet gesloten: de accolade `}}` ontbreekt"),
            help: format!("schrijf `{{{name}}}`; wilt u een accolade als teken, schrijf dan \\{{"),
        });
    }
    if !kind.markup {
        return issues;
    }
    for (event, range) in Parser::new_ext(text, field_options()).into_offset_iter() {
        if let Event::Start(Tag::Link { dest_url, .. }) = &event {
            if !is_allowed_link(dest_url) {
                let (line, column) = line_col(range.start);
                issues.push(Issue {
                    rule: "markup",
                    line,
                    column,
                    error: false,
                    message: format!(
                        "het linkdoel `{dest_url}` is geen web- of e-mailadres; de tekst komt er zonder link in"
                    ),
                    help: format!(
                        "een link begint met {}: schrijf bijvoorbeeld [tekst](https://www.voorbeeld.nl)",
                        LINK_SCHEMES
                            .iter()
                            .map(|s| format!("`{s}:`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                });
            }
            continue;
        }
        let Some(what) = unsupported(&event) else {
            continue;
        };
        let (line, column) = line_col(range.start);
        issues.push(Issue {
            rule: "markup",
            line,
            column,
            error: false,
            message: format!("{what} hoort niet bij de tekstopmaak die raadsbrief kent en komt als gewone tekst in het document"),
            help: "gebruik alinea's, *cursief*, **vet**, lijsten en [links](https://…); de koppen komen uit het sjabloon".into(),
        });
    }
    issues
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_reports_unknown_and_misplaced_placeholders() {
        let kind = FieldKind {
            in_letter: true,
            markup: true,
        };
        let issues = check(
            "Hallo {gemeete}.\nDe {afspraken} hier.\n\\{letterlijk}",
            kind,
        );
        assert_eq!(issues.len(), 2);
        assert_eq!((issues[0].line, issues[0].column), (0, 7));
        assert!(issues[0].help.contains("{gemeente}"));
        assert!(issues[1].message.contains("eigen regel"));
        let appendix = FieldKind {
            in_letter: false,
            markup: true,
        };
        assert_eq!(check("In {gemeente}.", appendix).len(), 1);
        let plain = FieldKind {
            in_letter: true,
            markup: false,
        };
        assert_eq!(check("{afspraken}", plain).len(), 1);
    }

    #[test]
    fn unclosed_placeholders_are_found_and_closed_ones_are_not() {
        let kind = FieldKind {
            in_letter: true,
            markup: true,
        };
        let issues = check("Met {portefeuillehouder\nen {gemeente en {regio}.", kind);
        let unclosed: Vec<_> = issues
            .iter()
            .filter(|i| i.rule == "placeholder-unclosed")
            .map(|i| (i.line, i.column))
            .collect();
        assert_eq!(unclosed, [(0, 5), (1, 4)]);
        for fine in [
            "{afspraken.}",
            "{basisfuncties;}",
            "\\{letterlijk",
            "{ x",
            "{Groot",
        ] {
            assert!(
                check(fine, kind)
                    .iter()
                    .all(|i| i.rule != "placeholder-unclosed"),
                "{fine}"
            );
        }
    }

    #[test]
    fn suggestions_prefer_what_the_place_allows() {
        let letter = FieldKind {
            in_letter: true,
            markup: true,
        };
        let inline = check("In {gemeentes} ook.", letter);
        assert!(
            inline[0].help.contains("`{gemeente}`"),
            "{}",
            inline[0].help
        );
        let own_line = check("Tekst.\n\n{gemeentes}\n", letter);
        assert!(
            own_line[0].help.contains("`{gemeenten}`"),
            "{}",
            own_line[0].help
        );
    }
}
