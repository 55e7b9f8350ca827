//! The fix a finding proposes, which a finding cannot be without.

use std::borrow::Cow;
use std::fmt;

use serde::Serialize;

/// How to fix a finding, in words a non-programmer can act on. Never empty or blank:
/// a finding that only says what is wrong leaves a policy officer stuck, so the only
/// way to make one refuses such a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Help(Cow<'static, str>);

impl Help {
    /// What a finding says when the code that made it offered a blank help: the bug
    /// is then ours, and the test-suite refuses to meet it (see `tests/common`).
    pub const MISSING: Help = Help(Cow::Borrowed(
        "raadsbrief heeft geen advies bij deze melding; dat is een fout in raadsbrief. Meld het alstublieft en stuur het bestand mee",
    ));

    /// The help `text`; `None` when it is empty or only blanks.
    pub fn new(text: impl Into<Cow<'static, str>>) -> Option<Help> {
        let text = text.into();
        (!text.trim().is_empty()).then_some(Help(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Reads like the text it holds, so that code asking what a help says
/// (`help.contains(…)`, `help.strip_prefix(…)`) needs no conversion.
impl std::ops::Deref for Help {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Help {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::Help;

    #[test]
    fn blank_help_is_refused() {
        assert_eq!(Help::new(""), None);
        assert_eq!(Help::new(" \t\n "), None);
        assert_eq!(Help::new(String::new()), None);
        let help = Help::new("verwijder de regel").expect("a real help");
        assert_eq!(help.as_str(), "verwijder de regel");
        assert_eq!(format!("{help}"), "verwijder de regel");
        assert!(!Help::MISSING.trim().is_empty());
    }
}
