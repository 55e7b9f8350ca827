//! Handlebars' reasons in Dutch, each with what the template author should do.
//!
//! Handlebars words its errors for programmers, in English; a template author is a
//! policy officer editing a copy of ours. The kinds an edited template runs into are
//! said here; the rare rest keep Handlebars' words, marked as such.

use handlebars::{RenderErrorReason, TemplateErrorReason};

use super::helpers;

/// What is wrong and how to fix it.
pub struct Reason {
    pub message: String,
    pub help: String,
}

const SYNTAX_HELP: &str = "controleer de Handlebars-opmaak ({{veld}}, {{#if …}}…{{/if}}) en de \
     veldnamen; `raadsbrief templates export MAP` schrijft de ingebouwde sjablonen als \
     werkend voorbeeld";

/// A template that does not compile.
pub fn compile(reason: &TemplateErrorReason) -> Reason {
    match reason {
        TemplateErrorReason::MismatchingClosedHelper(open, close)
        | TemplateErrorReason::MismatchingClosedDecorator(open, close) => Reason {
            message: format!("het blok `{{{{#{open}}}}}` wordt gesloten met `{{{{/{close}}}}}`"),
            help: format!("sluit het met `{{{{/{open}}}}}`"),
        },
        TemplateErrorReason::InvalidParam(param) => Reason {
            message: format!("ongeldige parameter `{param}`"),
            help: SYNTAX_HELP.into(),
        },
        TemplateErrorReason::NestedSubexpression => Reason {
            message: "een subexpressie binnen een subexpressie kan hier niet".into(),
            help: "reken in twee stappen, of gebruik `concat` met gewone waarden".into(),
        },
        TemplateErrorReason::InvalidSyntax(detail) => Reason {
            message: format!(
                "de Handlebars-opmaak klopt hier niet (melding van de sjabloonlezer: {})",
                detail.trim()
            ),
            help: SYNTAX_HELP.into(),
        },
        other => Reason {
            message: format!(
                "het sjabloon kan niet worden gelezen (melding van Handlebars: {other})"
            ),
            help: SYNTAX_HELP.into(),
        },
    }
}

/// A template that compiles but fails on the region's data.
pub fn render(reason: &RenderErrorReason) -> Reason {
    match reason {
        RenderErrorReason::MissingVariable(path) => Reason {
            message: match path {
                Some(p) => format!("het veld `{p}` bestaat niet in de gegevens van dit document"),
                None => "een veld bestaat niet in de gegevens van dit document".into(),
            },
            help: "controleer de naam tegen de lijst onder ‘Sjablonen’ in README (brief, gemeente, \
                   regio, samenwerkingsdocument, gemeenten); een veld dat kan ontbreken, zet u \
                   binnen {{#if …}}…{{/if}}"
                .into(),
        },
        RenderErrorReason::HelperNotFound(name) => Reason {
            message: format!("onbekende hulpfunctie `{name}`"),
            help: format!("bekend zijn: {}", helpers::names().join(", ")),
        },
        RenderErrorReason::ParamNotFoundForIndex(helper, index) => Reason {
            message: format!("`{helper}` mist zijn {}e waarde", index + 1),
            help: format!("schrijf bijvoorbeeld {{{{{helper} brief.datum}}}}; README noemt bij elke hulpfunctie een voorbeeld"),
        },
        RenderErrorReason::ParamNotFoundForName(helper, name) => Reason {
            message: format!("`{helper}` mist de waarde `{name}`"),
            help: "README noemt bij elke hulpfunctie een voorbeeld".into(),
        },
        RenderErrorReason::ParamTypeMismatchForName(helper, name, expected) => Reason {
            message: format!("`{helper}` krijgt voor `{name}` een waarde van het verkeerde soort (verwacht: {expected})"),
            help: "README noemt bij elke hulpfunctie een voorbeeld".into(),
        },
        RenderErrorReason::InvalidParamType(expected) => Reason {
            message: format!("een hulpfunctie krijgt een waarde van het verkeerde soort (verwacht: {expected})"),
            help: "`datum` wil een datum als tekst, `telwoord` een getal, `opsomming` een lijst; README noemt bij elke hulpfunctie een voorbeeld".into(),
        },
        RenderErrorReason::TemplateNotFound(name) | RenderErrorReason::PartialNotFound(name) => {
            Reason {
                message: format!("het sjabloon `{name}` bestaat niet"),
                help: "een sjabloon kan geen andere sjablonen invoegen; zet de tekst in dit sjabloon"
                    .into(),
            }
        }
        RenderErrorReason::BlockContentRequired => Reason {
            message: "deze hulpfunctie werkt alleen als blok, met inhoud".into(),
            help: SYNTAX_HELP.into(),
        },
        RenderErrorReason::Other(text) => Reason {
            message: text.clone(),
            help: SYNTAX_HELP.into(),
        },
        other => Reason {
            message: format!("het sjabloon kan niet worden ingevuld (melding van Handlebars: {other})"),
            help: SYNTAX_HELP.into(),
        },
    }
}
