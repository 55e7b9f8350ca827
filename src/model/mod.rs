//! The typed region: what a valid region file means, after the schema and the NvO rules
//! have passed.
//!
//! Field names are the Dutch words of the YAML file (`gemeenten`, `portefeuillehouder`),
//! because the users think in those words and error messages quote them. Long text fields
//! are [`Markdown`]: a small documented subset that the document stage parses; short
//! fields are plain text and can never change a document's structure.

pub mod date;
pub mod nvo;

use serde::{Deserialize, Serialize};

pub use date::Date;
pub use nvo::{Basisfunctie, Onderwerp, Status};

/// Text in the documented Markdown subset (paragraphs, emphasis, lists, links) with
/// `{…}` placeholders. Kept as source text: the document stage parses it in isolation, so
/// it can never break out of the section it was put in.
pub type Markdown = String;

/// A whole region file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    pub regio: Regio,
    pub gemeenten: Vec<Gemeente>,
    pub samenwerkingsdocument: Samenwerkingsdocument,
    pub brief: Brief,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Regio {
    pub naam: String,
    /// The one agreed contact point that acts for the region (NvO subject 3).
    pub aanspreekpunt: Aanspreekpunt,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Aanspreekpunt {
    pub naam: String,
    pub rol: String,
    pub organisatie: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gemeente {
    pub naam: String,
    /// CBS municipality code: `GM` and four digits.
    pub cbs: String,
    pub portefeuillehouder: String,
    /// Who sends and who receives the letter.
    #[serde(default)]
    pub adressering: Adressering,
    #[serde(default)]
    pub huisstijl: Huisstijl,
    /// Who signs for the college; without it the letter has no closing block.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ondertekening: Option<Ondertekening>,
    /// Fields of the shared letter this municipality words differently. Kept as raw
    /// YAML so the schema checks it against the same field definitions as `brief`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brief: Option<serde_json::Value>,
}

/// The names under the closing block, as printed.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ondertekening {
    pub burgemeester: String,
    pub secretaris: String,
}

/// The civil servant the raad can ask about the letter.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BehandeldDoor {
    pub naam: String,
    pub telefoon: Option<String>,
    #[serde(rename = "e-mail")]
    pub email: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Adressering {
    #[serde(default = "default_college")]
    pub college: String,
    /// The addressee; `{gemeente}` stands for the municipality's name.
    #[serde(default = "default_raad")]
    pub raad: String,
}

impl Default for Adressering {
    fn default() -> Self {
        Adressering {
            college: default_college(),
            raad: default_raad(),
        }
    }
}

fn default_college() -> String {
    "College van Burgemeester en Wethouders".into()
}

fn default_raad() -> String {
    "Gemeente {gemeente} - Gemeenteraad".into()
}

/// A municipality's house style. Everything optional: the defaults are a sober A4
/// letter in Arial (Liberation Sans in the PDF).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Huisstijl {
    /// PNG or JPEG, relative to the region file.
    pub logo: Option<String>,
    /// Alternative text for the logo, read aloud by screen readers.
    #[serde(rename = "logo-alt")]
    pub logo_alt: Option<String>,
    /// Accent colour for headings, `#RRGGBB`.
    pub kleur: Option<String>,
    /// Font family name for the DOCX; the PDF uses the font files below or the bundled sans.
    pub lettertype: Option<String>,
    /// Justify body text instead of aligning it left.
    #[serde(default)]
    pub uitvullen: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Samenwerkingsdocument {
    pub titel: String,
    pub ondertitel: Option<String>,
    /// Date the colleges adopted it, `YYYY-MM-DD`.
    pub vastgesteld: String,
    pub inleiding: Option<Markdown>,
    /// The region's arrangements, in the region's own order and wording; each names the
    /// canonical NvO subjects it covers.
    pub afspraken: Vec<Afspraak>,
    pub basisfuncties: Vec<BasisfunctieStatus>,
    pub brondocumenten: Vec<Brondocument>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Afspraak {
    pub onderwerpen: Vec<Onderwerp>,
    /// The region's own wording, as it appears in the numbered list of the letter.
    pub label: String,
    pub status: Status,
    /// One line for the overview table; defaults to the label.
    pub samenvatting: Option<String>,
    pub tekst: Markdown,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BasisfunctieStatus {
    pub functie: Basisfunctie,
    pub label: String,
    pub status: Status,
    pub toelichting: Option<Markdown>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Brondocument {
    pub titel: String,
    pub omschrijving: Option<String>,
    /// A local file (relative to the region file) that must exist.
    pub bestand: Option<String>,
    pub url: Option<String>,
}

/// Which letter format: seed 000 is a raadsinformatiebrief, seed 002 an actieve
/// raadsinformatie (Ari).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Soort {
    Raadsinformatiebrief,
    ActieveRaadsinformatie,
}

impl Soort {
    pub fn id(self) -> &'static str {
        match self {
            Soort::Raadsinformatiebrief => "raadsinformatiebrief",
            Soort::ActieveRaadsinformatie => "actieve-raadsinformatie",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum BriefStatus {
    #[default]
    Concept,
    Definitief,
}

/// The letter's shared text. A municipality's `brief:` block may override any field.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Brief {
    pub soort: Soort,
    #[serde(default)]
    pub status: BriefStatus,
    /// `YYYY-MM-DD`, or `vandaag` (today, from SOURCE_DATE_EPOCH when set).
    pub datum: String,
    pub kenmerk: Option<String>,
    /// The salutation above the text ("Geachte leden van de raad,"); plain text.
    pub aanhef: Option<String>,
    /// Overridable per municipality like every field of the letter.
    #[serde(rename = "behandeld-door")]
    pub behandeld_door: Option<BehandeldDoor>,
    pub onderwerp: String,
    pub openbaar: bool,
    #[serde(rename = "kennisnemen-van")]
    pub kennisnemen_van: Option<Markdown>,
    pub aanleiding: Markdown,
    pub kernboodschap: Markdown,
    pub consequenties: Option<Markdown>,
    pub vervolg: Option<Markdown>,
    #[serde(default)]
    pub bijlagen: Vec<String>,
}

impl Brief {
    /// The letter's date, resolving `vandaag`. Validation has already refused bad dates.
    pub fn date(&self) -> Option<Date> {
        if self.datum == "vandaag" {
            Some(Date::today())
        } else {
            Date::parse_iso(&self.datum).ok()
        }
    }
}

impl Samenwerkingsdocument {
    pub fn date(&self) -> Option<Date> {
        Date::parse_iso(&self.vastgesteld).ok()
    }
}
