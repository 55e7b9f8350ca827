//! The two ways a run can fail, and the exit codes they map to.
//!
//! Users and scripts need to tell "your file is wrong, fix it" (exit 2) from "something
//! else went wrong" (exit 1). Keeping that distinction in the type means no code path
//! can forget to choose.

use std::fmt;
use std::path::Path;

use crate::diagnostics::Finding;

/// Exit code for a successful run.
pub const EXIT_OK: i32 = 0;
/// Exit code for a failure that is not the input's fault (I/O, output directory, …).
pub const EXIT_FAILURE: i32 = 1;
/// Exit code for input the user must correct (YAML, schema, NvO rules, templates).
pub const EXIT_INVALID: i32 = 2;

#[derive(Debug)]
pub enum Error {
    /// The input is wrong; each finding says where and how to fix it.
    Invalid(Vec<Finding>),
    /// The command line asks for something that does not exist (a municipality that is
    /// not in the file, an unknown format); exit 2 like any other input to correct.
    Usage { message: String, help: String },
    /// Something outside the input failed; `help` says what the user can do.
    Failed { message: String, help: String },
}

impl Error {
    pub fn failed(message: impl Into<String>, help: impl Into<String>) -> Self {
        Error::Failed {
            message: message.into(),
            help: help.into(),
        }
    }

    /// An I/O failure on `path`, phrased for people rather than as an OS error dump:
    /// "kan {path} niet {action}", so `action` is a Dutch verb ("lezen", "schrijven").
    pub fn io(action: &str, path: &Path, err: &std::io::Error) -> Self {
        Error::io_with(format!("kan {} niet {action}", path.display()), err)
    }

    /// An I/O failure with its own opening words (`kan niet schrijven in de map …`),
    /// with the reason and the help every I/O failure gets.
    pub fn io_with(message: String, err: &std::io::Error) -> Self {
        let help = match err.kind() {
            std::io::ErrorKind::NotFound => "controleer de spelling van het pad; het geldt vanaf de map waarin u de opdracht start",
            std::io::ErrorKind::PermissionDenied => "u hebt geen toestemming voor dit bestand of deze map; kies een andere plek of vraag om toegang",
            std::io::ErrorKind::IsADirectory => "dit is een map; geef het pad van een bestand",
            _ => "controleer of het pad bestaat en of er ruimte is op de schijf",
        };
        Error::failed(format!("{message}: {}", plain_io_message(err)), help)
    }

    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Invalid(_) | Error::Usage { .. } => EXIT_INVALID,
            Error::Failed { .. } => EXIT_FAILURE,
        }
    }
}

/// The reason in Dutch for the kinds a user meets; any other is the system's own
/// words, said to be so, without the "(os error 2)" suffix that means nothing to them.
pub fn plain_io_message(err: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let dutch = match err.kind() {
        K::NotFound => "het bestand of de map bestaat niet",
        K::PermissionDenied => "geen toestemming",
        K::IsADirectory => "het is een map",
        K::NotADirectory => "een deel van het pad is geen map",
        K::AlreadyExists => "het bestaat al",
        K::StorageFull | K::QuotaExceeded | K::FileTooLarge => "de schijf is vol",
        K::ReadOnlyFilesystem => "de schijf is alleen-lezen",
        K::InvalidData => "de inhoud is onleesbaar",
        K::UnexpectedEof => "het bestand houdt onverwacht op",
        K::Interrupted => "onderbroken",
        K::ResourceBusy => "het is in gebruik door een ander programma",
        _ => "",
    };
    if !dutch.is_empty() {
        return dutch.to_owned();
    }
    let text = err.to_string();
    let text = match text.find(" (os error") {
        Some(i) => &text[..i],
        None => &text,
    };
    format!("melding van het systeem: {text}")
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Invalid(findings) => {
                let n = findings.iter().filter(|f| f.is_error()).count();
                write!(
                    f,
                    "de invoer heeft {n} {}",
                    if n == 1 { "fout" } else { "fouten" }
                )
            }
            Error::Failed { message, help } | Error::Usage { message, help } if help.is_empty() => {
                write!(f, "{message}")
            }
            Error::Failed { message, help } | Error::Usage { message, help } => {
                write!(f, "{message}\n  = hulp: {help}")
            }
        }
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;
