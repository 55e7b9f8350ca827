//! Are the letters really the same letter? The check a griffie would otherwise do by
//! reading eight letters side by side.
//!
//! Every municipality's letter is the shared text plus its personal fields (name,
//! portefeuillehouder, addressing, house style, date). A `brief:` override is allowed
//! but must be visible: this report names each municipality whose text deviates, and in
//! which fields.

use serde::Serialize;
use serde_json::Value;

use crate::model::Region;

/// Fields that differ per municipality by design, not by override.
pub const PERSONAL: [&str; 5] = [
    "naam",
    "portefeuillehouder",
    "adressering",
    "huisstijl",
    "ondertekening",
];

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Consistency {
    /// Municipalities whose letter is exactly the shared text.
    pub identical: Vec<String>,
    /// Municipalities with overrides, and the overridden fields.
    pub deviations: Vec<Deviation>,
    pub personal_fields: Vec<&'static str>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Deviation {
    pub gemeente: String,
    pub cbs: String,
    pub fields: Vec<String>,
}

/// Compares each selected municipality's letter fields with the shared letter.
pub fn check(region: &Region, indices: &[usize]) -> Consistency {
    let shared = serde_json::to_value(&region.brief).unwrap_or(Value::Null);
    let mut identical = Vec::new();
    let mut deviations = Vec::new();
    for &i in indices {
        let g = &region.gemeenten[i];
        let mut fields: Vec<String> = match &g.brief {
            Some(Value::Object(overrides)) => overrides
                .iter()
                .filter(|(k, v)| shared.get(k.as_str()) != Some(*v))
                .map(|(k, _)| k.clone())
                .collect(),
            _ => Vec::new(),
        };
        fields.sort();
        if fields.is_empty() {
            identical.push(g.naam.clone());
        } else {
            deviations.push(Deviation {
                gemeente: g.naam.clone(),
                cbs: g.cbs.clone(),
                fields,
            });
        }
    }
    Consistency {
        identical,
        deviations,
        personal_fields: PERSONAL.to_vec(),
    }
}

impl Consistency {
    /// One line for the terminal, more when something deviates.
    pub fn summary(&self) -> String {
        let mut out = if self.deviations.is_empty() && self.identical.len() == 1 {
            format!(
                "samenhang: de brief van {} heeft de gedeelde tekst, zonder afwijkingen",
                self.identical[0]
            )
        } else if self.deviations.is_empty() {
            format!(
                "samenhang: alle {} brieven hebben dezelfde tekst, op de persoonlijke velden na ({})",
                self.identical.len(),
                self.personal_fields.join(", ")
            )
        } else {
            format!(
                "samenhang: {} brief/brieven gelijk op de persoonlijke velden na; {} wijken af:",
                self.identical.len(),
                self.deviations.len()
            )
        };
        for d in &self.deviations {
            out.push_str(&format!(
                "\n  - {} ({}): {}",
                d.gemeente,
                d.cbs,
                d.fields.join(", ")
            ));
        }
        out
    }
}
