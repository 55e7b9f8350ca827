//! Why a template is refused, in words a communications department can act on.

use crate::diagnostics::{Finding, Severity};

/// One reason not to use a template: the rule id, the part it is about (none for the
/// file as a whole), what is wrong and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub rule: &'static str,
    pub part: Option<String>,
    pub reason: String,
    pub help: &'static str,
}

/// What to do with a template that is damaged or not a Word template at all.
pub const HELP_RESAVE: &str =
    "open het sjabloon in Word en sla het opnieuw op als Word-sjabloon (.dotx)";
pub const HELP_MACROS: &str =
    "sla het sjabloon in Word op als .dotx zonder macro's (Bestand > Opslaan als > Word-sjabloon)";

impl Refusal {
    pub fn new(rule: &'static str, part: Option<&str>, reason: String, help: &'static str) -> Self {
        Refusal {
            rule,
            part: part.map(str::to_owned),
            reason,
            help,
        }
    }

    pub fn broken(part: Option<&str>, reason: String) -> Self {
        Refusal::new("template-broken", part, reason, HELP_RESAVE)
    }

    /// The message as findings show it: the template as written, the part, the reason.
    pub fn message(&self, template: &str) -> String {
        match &self.part {
            Some(part) => format!("sjabloon ‘{template}’, onderdeel {part}: {}", self.reason),
            None => format!("sjabloon ‘{template}’: {}", self.reason),
        }
    }

    /// As a finding at the place where the template is named.
    pub fn finding(&self, template: &str, at: &super::Place) -> Finding {
        Finding::new(
            Severity::Error,
            self.rule,
            at.file.clone(),
            (at.line, at.column),
            at.field.clone(),
            self.message(template),
            self.help,
        )
    }
}
