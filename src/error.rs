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

    /// An I/O failure on `path`, phrased for people rather than as an OS error dump.
    pub fn io(action: &str, path: &Path, err: &std::io::Error) -> Self {
        let help = match err.kind() {
            std::io::ErrorKind::NotFound => "check the spelling of the path; it is taken relative to the folder you run the command in",
            std::io::ErrorKind::PermissionDenied => "you do not have permission for this file or folder; choose another location or ask for access",
            std::io::ErrorKind::IsADirectory => "this is a folder; give the path of a file",
            _ => "check that the path exists and that there is space on the disk",
        };
        Error::failed(
            format!(
                "cannot {action} {}: {}",
                path.display(),
                plain_io_message(err)
            ),
            help,
        )
    }

    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Invalid(_) | Error::Usage { .. } => EXIT_INVALID,
            Error::Failed { .. } => EXIT_FAILURE,
        }
    }
}

/// The OS message without the "(os error 2)" suffix that means nothing to our users.
pub fn plain_io_message(err: &std::io::Error) -> String {
    let text = err.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
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
