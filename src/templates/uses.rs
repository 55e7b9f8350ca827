//! Which context fields a compiled template can reach.
//!
//! Two parts of the context are as big as the region: `gemeenten`, a name per
//! municipality, and `samenwerkingsdocument`, every afspraak and basisfunctie with its
//! text. Built into every letter's context, they made a region of 5 000 municipalities
//! do 5 000 × 5 000 names of work, while the built-in letter formats show neither. So
//! they are put into a template's context only when the template can reach them; to
//! the template that is the same context, since what it never names it cannot show.
//!
//! Decided from the compiled template, not its text, so that a word in prose ("alle
//! gemeenten") does not count and every way of reaching a field does: a path
//! (`gemeenten`, `samenwerkingsdocument.titel`, `../gemeenten`, `@root.gemeenten`), a
//! helper's argument or hash value, a string given to `lookup`. A template that can see
//! the context as a whole (`{{json this}}` outside `each`/`with`, `{{json ../this}}`,
//! `@root`, a partial or a decorator) reaches every field.

use std::collections::BTreeSet;

use handlebars::template::{HelperTemplate, Parameter, Template, TemplateElement};
use handlebars::{Path, PathSeg};

/// The names a template mentions in paths and string arguments, and whether it can
/// see a whole context.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Uses {
    names: BTreeSet<String>,
    whole: bool,
}

impl Uses {
    pub fn of(template: &Template) -> Uses {
        let mut uses = Uses::default();
        uses.template(template, 0);
        uses
    }

    /// Every field: for a caller that has no template to ask.
    pub fn everything() -> Uses {
        Uses {
            names: BTreeSet::new(),
            whole: true,
        }
    }

    /// Whether the template can reach the top-level field `field`. Errs towards yes: a
    /// name used anywhere, at any depth, counts.
    pub fn reaches(&self, field: &str) -> bool {
        self.whole || self.names.contains(field)
    }

    /// `depth`: how many `each`/`with` blocks around, which give `this` another value.
    fn template(&mut self, template: &Template, depth: usize) {
        for element in &template.elements {
            self.element(element, depth);
        }
    }

    fn element(&mut self, element: &TemplateElement, depth: usize) {
        match element {
            TemplateElement::RawString(_) | TemplateElement::Comment(_) => {}
            TemplateElement::Expression(h)
            | TemplateElement::HtmlExpression(h)
            | TemplateElement::HelperBlock(h) => self.helper(h, depth),
            // Partials and decorators can see and change the context in ways a walk
            // does not follow; and anything this version does not know.
            _ => self.whole = true,
        }
    }

    fn helper(&mut self, helper: &HelperTemplate, depth: usize) {
        self.parameter(&helper.name, depth);
        for p in helper.params.iter().chain(helper.hash.values()) {
            self.parameter(p, depth);
        }
        let inner = match helper.name.as_name() {
            Some("each" | "with") => depth + 1,
            _ => depth,
        };
        if let Some(t) = &helper.template {
            self.template(t, inner);
        }
        if let Some(t) = &helper.inverse {
            self.template(t, depth);
        }
    }

    fn parameter(&mut self, parameter: &Parameter, depth: usize) {
        match parameter {
            Parameter::Name(name) => {
                self.names.insert(name.clone());
            }
            Parameter::Path(path) => self.path(path, depth),
            Parameter::Literal(value) => {
                if let Some(s) = value.as_str() {
                    self.names.insert(s.to_owned());
                }
            }
            Parameter::Subexpression(sub) => self.element(sub.as_element(), depth),
            _ => self.whole = true,
        }
    }

    fn path(&mut self, path: &Path, depth: usize) {
        let segments = match path {
            Path::Relative((segments, _)) => segments,
            // `@root` on its own is the root context.
            Path::Local((_, name, _)) if name == "root" => {
                self.whole = true;
                return;
            }
            // `@index`, `@key`, `../@first`: block data, not context.
            _ => return,
        };
        let mut named = false;
        for segment in segments {
            if let PathSeg::Named(name) = segment {
                self.names.insert(name.clone());
                named = true;
            }
        }
        // `this` (no segments) outside a block is the root; `..` or `@root` (segments,
        // none named) is an enclosing context, the root at some level.
        if !named && (depth == 0 || !segments.is_empty()) {
            self.whole = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uses(source: &str) -> Uses {
        Uses::of(&Template::compile(source).expect("compiles"))
    }

    #[test]
    fn a_name_in_prose_does_not_count_and_every_path_to_it_does() {
        let prose = uses("Alle gemeenten en het samenwerkingsdocument. {{gemeente.naam}}");
        assert!(!prose.reaches("gemeenten"));
        assert!(!prose.reaches("samenwerkingsdocument"));
        assert!(prose.reaches("gemeente"));
        for source in [
            "{{gemeenten}}",
            "{{opsomming gemeenten}}",
            "{{#each gemeenten}}{{this}}{{/each}}",
            "{{#if brief.concept}}x{{else}}{{len gemeenten}}{{/if}}",
            "{{#each brief.bijlagen}}{{../gemeenten}}{{/each}}",
            "{{#with brief}}{{@root.gemeenten}}{{/with}}",
            "{{json (lookup this \"gemeenten\")}}",
            "{{opsomming items=gemeenten}}",
        ] {
            assert!(uses(source).reaches("gemeenten"), "{source}");
        }
    }

    #[test]
    fn the_whole_context_reaches_every_field() {
        for source in [
            "{{json this}}",
            "{{#each brief.bijlagen}}{{json ../this}}{{/each}}",
            "{{#with brief}}{{json @root}}{{/with}}",
            "{{> kop}}",
        ] {
            assert!(uses(source).reaches("gemeenten"), "{source}");
        }
        // Inside `each`, `this` is the item.
        let item = uses("{{#each brief.bijlagen}}1. {{this}}{{/each}}");
        assert!(!item.reaches("gemeenten"));
    }

    #[test]
    fn the_built_in_letters_reach_neither_region_wide_field() {
        for (name, text) in super::super::BUILTIN {
            let uses = uses(text);
            let appendix = name == "samenwerkingsdocument";
            assert_eq!(uses.reaches("gemeenten"), appendix, "{name}");
            assert_eq!(uses.reaches("samenwerkingsdocument"), appendix, "{name}");
            assert!(uses.reaches("regio"), "{name}");
        }
    }
}
