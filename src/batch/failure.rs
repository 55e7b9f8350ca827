//! Why writing the output failed, in words a policy officer can act on.
//!
//! The OS says "Directory not empty (os error 39)"; the user needs the real cause (a full
//! disk, a file open in Word, no permission), the path as they gave it, and what to do.
//! Every message also says that the folder was left as it was, because that is what
//! they worry about next.

use crate::error::Error;
use std::io::ErrorKind;

/// Said after every failure: the all-or-nothing promise, kept.
const UNCHANGED: &str = "de uitvoermap is ongewijzigd gebleven";

/// A failure to `action` (Dutch, e.g. "schrijven") `what`: a path as the user gave it,
/// or "de uitvoermap …".
pub fn io(action: &str, what: impl std::fmt::Display, err: &std::io::Error) -> Error {
    let (cause, help) = cause(err);
    Error::failed(
        format!("kan {what} niet {action}: {cause}"),
        format!("{help}; {UNCHANGED}"),
    )
}

/// A failure that no OS error describes (a folder where a file goes, a link).
pub fn blocked(message: String, help: &str) -> Error {
    Error::failed(message, format!("{help}; {UNCHANGED}"))
}

fn cause(err: &std::io::Error) -> (String, &'static str) {
    if is_locked(err) {
        return (
            "het bestand is in gebruik door een ander programma".into(),
            "sluit het bestand (bijvoorbeeld in Word of de PDF-lezer) en start de opdracht opnieuw",
        );
    }
    match err.kind() {
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded | ErrorKind::FileTooLarge => (
            "de schijf is vol (of het quotum of de maximale bestandsgrootte is bereikt)".into(),
            "maak ruimte vrij, of kies met --out een map op een andere schijf",
        ),
        ErrorKind::PermissionDenied => (
            "geen toestemming".into(),
            if cfg!(windows) {
                "vraag schrijfrechten voor deze map, sluit een programma dat het bestand open heeft, of kies met --out een andere map"
            } else {
                "vraag schrijfrechten voor deze map, of kies met --out een andere map"
            },
        ),
        ErrorKind::ReadOnlyFilesystem => (
            "de schijf is alleen-lezen".into(),
            "kies met --out een map op een schijf waarop u mag schrijven",
        ),
        ErrorKind::NotFound => (
            "de map bestaat niet (meer)".into(),
            "controleer het pad; het geldt vanaf de map waarin u de opdracht start",
        ),
        _ => (
            crate::error::plain_io_message(err),
            "controleer de map en de schijf, en start de opdracht opnieuw",
        ),
    }
}

/// A file held open by another program: Windows refuses with a sharing or lock
/// violation; elsewhere it shows as "resource busy".
fn is_locked(err: &std::io::Error) -> bool {
    const ERROR_SHARING_VIOLATION: i32 = 32;
    const ERROR_LOCK_VIOLATION: i32 = 33;
    err.kind() == ErrorKind::ResourceBusy
        || (cfg!(windows)
            && matches!(
                err.raw_os_error(),
                Some(ERROR_SHARING_VIOLATION | ERROR_LOCK_VIOLATION)
            ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn each_cause_is_named_with_its_fix_and_the_folder_is_said_unchanged() {
        let path = Path::new("uit/blaricum/brief.pdf");
        for (kind, cause, fix) in [
            (ErrorKind::StorageFull, "de schijf is vol", "ruimte vrij"),
            (
                ErrorKind::PermissionDenied,
                "geen toestemming",
                "schrijfrechten",
            ),
            (ErrorKind::ResourceBusy, "in gebruik", "sluit het bestand"),
        ] {
            let text = io("schrijven", path.display(), &std::io::Error::from(kind)).to_string();
            assert!(
                text.starts_with("kan uit/blaricum/brief.pdf niet schrijven: "),
                "{text}"
            );
            assert!(text.contains(cause) && text.contains(fix), "{text}");
            assert!(text.contains(UNCHANGED), "{text}");
            assert!(!text.contains("os error"), "{text}");
        }
    }
}
