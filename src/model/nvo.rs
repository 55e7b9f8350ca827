//! The fixed vocabulary of the VNG *Norm voor Opdrachtgeverschap* (resolution of
//! 10 June 2020): its seven subjects and the five basic functions of local access.
//!
//! Regions word and group the subjects differently in their letters, so the model keys
//! everything on these stable identifiers and lets each region keep its own labels.

use serde::{Deserialize, Serialize};

/// One of the seven subjects the NvO asks every youth-care region to agree on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Onderwerp {
    Samenwerkingsdocument,
    LokaleToegang,
    Governance,
    BovenregionaleSamenwerking,
    AdministratieveLasten,
    ZorgvuldigeInkoop,
    ReelePrijs,
}

impl Onderwerp {
    pub const ALL: [Onderwerp; 7] = [
        Onderwerp::Samenwerkingsdocument,
        Onderwerp::LokaleToegang,
        Onderwerp::Governance,
        Onderwerp::BovenregionaleSamenwerking,
        Onderwerp::AdministratieveLasten,
        Onderwerp::ZorgvuldigeInkoop,
        Onderwerp::ReelePrijs,
    ];

    /// The identifier as written in the YAML file.
    pub fn id(self) -> &'static str {
        match self {
            Onderwerp::Samenwerkingsdocument => "samenwerkingsdocument",
            Onderwerp::LokaleToegang => "lokale-toegang",
            Onderwerp::Governance => "governance",
            Onderwerp::BovenregionaleSamenwerking => "bovenregionale-samenwerking",
            Onderwerp::AdministratieveLasten => "administratieve-lasten",
            Onderwerp::ZorgvuldigeInkoop => "zorgvuldige-inkoop",
            Onderwerp::ReelePrijs => "reele-prijs",
        }
    }

    /// A short Dutch name, for running text and tables ("lokale toegang").
    pub fn name(self) -> &'static str {
        match self {
            Onderwerp::Samenwerkingsdocument => "samenwerkingsdocument",
            Onderwerp::LokaleToegang => "lokale toegang",
            Onderwerp::Governance => "governance",
            Onderwerp::BovenregionaleSamenwerking => "(boven)regionale samenwerking",
            Onderwerp::AdministratieveLasten => "administratieve lasten",
            Onderwerp::ZorgvuldigeInkoop => "zorgvuldige inkoop",
            Onderwerp::ReelePrijs => "reële prijs",
        }
    }

    /// The subject in the NvO's own words, for messages and the default label.
    pub fn description(self) -> &'static str {
        match self {
            Onderwerp::Samenwerkingsdocument => "regionaal samenwerkingsdocument: beschikbaarheid en continuïteit van jeugdhulpfuncties en de gewenste ontwikkeling van het zorglandschap",
            Onderwerp::LokaleToegang => "lokale toegang en de verbinding met gecontracteerde hulp, met de vijf basisfuncties als leidraad",
            Onderwerp::Governance => "niet-vrijblijvende governance met één aanspreekpunt dat namens de regio optreedt",
            Onderwerp::BovenregionaleSamenwerking => "(boven)regionale samenwerking: welke functies op welke schaal",
            Onderwerp::AdministratieveLasten => "beperking van de administratieve lasten",
            Onderwerp::ZorgvuldigeInkoop => "zorgvuldige inkoop",
            Onderwerp::ReelePrijs => "een reële prijs (reële tarieven)",
        }
    }
}

/// One of the five basic functions of local access (lokale toegang).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Basisfunctie {
    VeiligeLeefomgeving,
    TijdigSignaleren,
    VindbareHulp,
    BredeBlik,
    LeerEnVerbeter,
}

impl Basisfunctie {
    pub const ALL: [Basisfunctie; 5] = [
        Basisfunctie::VeiligeLeefomgeving,
        Basisfunctie::TijdigSignaleren,
        Basisfunctie::VindbareHulp,
        Basisfunctie::BredeBlik,
        Basisfunctie::LeerEnVerbeter,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Basisfunctie::VeiligeLeefomgeving => "veilige-leefomgeving",
            Basisfunctie::TijdigSignaleren => "tijdig-signaleren",
            Basisfunctie::VindbareHulp => "vindbare-hulp",
            Basisfunctie::BredeBlik => "brede-blik",
            Basisfunctie::LeerEnVerbeter => "leer-en-verbeter",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Basisfunctie::VeiligeLeefomgeving => "oog hebben voor een veilige leefomgeving",
            Basisfunctie::TijdigSignaleren => "tijdig signaleren van de vraag",
            Basisfunctie::VindbareHulp => "vindbare en toegankelijke hulp (goede triage)",
            Basisfunctie::BredeBlik => "handelen met een brede blik",
            Basisfunctie::LeerEnVerbeter => "leer en verbeter",
        }
    }
}

/// How far the region has come on a subject or function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Voldaan,
    InOntwikkeling,
    NietVoldaan,
}

impl Status {
    pub fn id(self) -> &'static str {
        match self {
            Status::Voldaan => "voldaan",
            Status::InOntwikkeling => "in-ontwikkeling",
            Status::NietVoldaan => "niet-voldaan",
        }
    }

    /// The label printed in the documents.
    pub fn label(self) -> &'static str {
        match self {
            Status::Voldaan => "Voldaan",
            Status::InOntwikkeling => "In ontwikkeling",
            Status::NietVoldaan => "Niet voldaan",
        }
    }
}
