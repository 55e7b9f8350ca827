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
    /// The region's default house style: every municipality's letter starts from it,
    /// key by key overridden by the municipality's own; the appendix uses it as it is.
    #[serde(default)]
    pub huisstijl: Huisstijl,
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
    /// Scanned signatures, drawn above the names. Apart from the names, so that a
    /// region that has none writes nothing more, and per signer, since a secretaris
    /// may sign by hand while the burgemeester's signature is printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handtekeningen: Option<Handtekeningen>,
}

/// The signature images of the closing block, each optional.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Handtekeningen {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub burgemeester: Option<Handtekening>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secretaris: Option<Handtekening>,
}

/// One signature image: a PNG or JPEG relative to the region file, and what a screen
/// reader says instead ("Handtekening van <naam>" when not given).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Handtekening {
    pub afbeelding: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alt: Option<String>,
}

impl Ondertekening {
    /// The signers in the closing block's order (left to right): the role's key,
    /// the name and the signature image, if any.
    pub fn signers(&self) -> [(&'static str, &str, Option<&Handtekening>); 2] {
        let images = self.handtekeningen.as_ref();
        [
            (
                "secretaris",
                self.secretaris.as_str(),
                images.and_then(|h| h.secretaris.as_ref()),
            ),
            (
                "burgemeester",
                self.burgemeester.as_str(),
                images.and_then(|h| h.burgemeester.as_ref()),
            ),
        ]
    }
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

/// A house style, as the region file states it. Everything optional: what is not said
/// comes from the region's house style, and what that does not say from the built-in
/// one (a sober A4 letter in Arial, Liberation Sans in the PDF). Lengths in centimetres
/// and sizes in points, as in Word's dialogs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Huisstijl {
    /// PNG or JPEG, relative to the region file.
    pub logo: Option<String>,
    /// Alternative text for the logo, read aloud by screen readers.
    #[serde(rename = "logo-alt")]
    pub logo_alt: Option<String>,
    /// Left or right in the header.
    #[serde(rename = "logo-positie")]
    pub logo_positie: Option<Kant>,
    /// The logo's width in the header, cm; its height follows.
    #[serde(rename = "logo-breedte")]
    pub logo_breedte: Option<f64>,
    /// Accent colour for headings, `#RRGGBB`.
    pub kleur: Option<String>,
    /// Font family of the body text in every format; the PDF looks it up in `lettertypen`.
    pub lettertype: Option<String>,
    /// Size of the body text, pt.
    pub lettergrootte: Option<f64>,
    /// Justify body text instead of aligning it left.
    pub uitvullen: Option<bool>,
    /// Page margins, cm.
    pub marges: Option<Marges>,
    /// A line at the foot of every page: address, telephone, website.
    pub adresregel: Option<String>,
    /// A Word template (`.dotx` or `.docx`), relative to the region file: the DOCX is
    /// built on it, the PDF and HTML take its page, styles, header and footer.
    pub sjabloon: Option<String>,
    /// Font files (TTF/OTF) or folders of them, relative to the region file.
    pub lettertypen: Option<Lettertypen>,
}

/// `lettertypen:` one path (a file or a folder) or a list of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Lettertypen {
    One(String),
    Many(Vec<String>),
}

impl Lettertypen {
    /// The paths as written, in order.
    pub fn paths(&self) -> Vec<&str> {
        match self {
            Lettertypen::One(p) => vec![p.as_str()],
            Lettertypen::Many(ps) => ps.iter().map(String::as_str).collect(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kant {
    Links,
    Rechts,
}

/// Page margins in cm; a side not given keeps the margin it had.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Marges {
    pub boven: Option<f64>,
    pub rechts: Option<f64>,
    pub onder: Option<f64>,
    pub links: Option<f64>,
}

impl Huisstijl {
    /// This house style over `base`: every key this one states wins, every other key is
    /// `base`'s (margins side by side).
    ///
    /// A municipality that names its own `sjabloon` takes its look from that template:
    /// the region's look keys (colour, font, sizes, margins, logo, address line) are the
    /// region's idea of a house style and do not reach past it — only keys the
    /// municipality states next to its template adjust it. `lettertypen` is a place to
    /// find fonts, not a look, so it is still inherited.
    pub fn over(&self, base: &Huisstijl) -> Huisstijl {
        if self.sjabloon.is_some() {
            let fonts_only = Huisstijl {
                lettertypen: base.lettertypen.clone(),
                ..Huisstijl::default()
            };
            return self.merged(&fonts_only);
        }
        self.merged(base)
    }

    fn merged(&self, base: &Huisstijl) -> Huisstijl {
        fn pick<T: Clone>(own: &Option<T>, base: &Option<T>) -> Option<T> {
            own.clone().or_else(|| base.clone())
        }
        let marges = match (self.marges, base.marges) {
            (Some(own), Some(base)) => Some(Marges {
                boven: own.boven.or(base.boven),
                rechts: own.rechts.or(base.rechts),
                onder: own.onder.or(base.onder),
                links: own.links.or(base.links),
            }),
            (own, base) => own.or(base),
        };
        Huisstijl {
            logo: pick(&self.logo, &base.logo),
            // The alternative text belongs to the logo it describes.
            logo_alt: if self.logo.is_some() {
                self.logo_alt.clone()
            } else {
                pick(&self.logo_alt, &base.logo_alt)
            },
            logo_positie: pick(&self.logo_positie, &base.logo_positie),
            logo_breedte: pick(&self.logo_breedte, &base.logo_breedte),
            kleur: pick(&self.kleur, &base.kleur),
            lettertype: pick(&self.lettertype, &base.lettertype),
            lettergrootte: pick(&self.lettergrootte, &base.lettergrootte),
            uitvullen: pick(&self.uitvullen, &base.uitvullen),
            marges,
            adresregel: pick(&self.adresregel, &base.adresregel),
            sjabloon: pick(&self.sjabloon, &base.sjabloon),
            lettertypen: pick(&self.lettertypen, &base.lettertypen),
        }
    }
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
