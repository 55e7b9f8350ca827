//! The command line: argument parsing and one module per command.
//!
//! Commands return an exit code or an [`Error`]; only [`run`] prints errors, so every
//! failure looks the same and nothing prints a backtrace or a Debug dump.

mod bekijk;
mod build;
mod init;
mod validate;

pub use build::{foreseen, Foreseen};

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diagnostics::Finding;
use crate::error::{Error, EXIT_OK};

/// Council letters and the samenwerkingsdocument from one region file (VNG Norm voor
/// Opdrachtgeverschap), for every municipality of a youth-care region.
#[derive(Debug, Parser)]
#[command(
    name = "raadsbrief",
    version,
    about = "Raadsbrieven en het samenwerkingsdocument uit één regiobestand (VNG Norm voor \
             Opdrachtgeverschap), voor elke gemeente van een jeugdhulpregio, als DOCX, PDF en HTML.",
    long_about = None,
    subcommand_help_heading = "Opdrachten",
    subcommand_value_name = "OPDRACHT",
    next_help_heading = "Opties"
)]
#[command(
    after_help = "Afsluitcodes: 0 gelukt, 1 mislukt (bestanden, schijf, programmafout), 2 ongeldige \
                  invoer (verbeter het bestand)."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Controleer regiobestanden tegen het schema en de regels van de NvO
    Validate {
        /// Regiobestanden (YAML)
        #[arg(required = true, value_name = "BESTAND")]
        files: Vec<PathBuf>,
        /// Vorm van de meldingen: tekst of json (oude spelling: --format)
        #[arg(long = "meldingen", alias = "format", value_enum, default_value_t = OutputFormat::Tekst, value_name = "VORM")]
        format: OutputFormat,
        /// Controleer ook tegen de sjablonen in deze map (zoals `build --templates`)
        #[arg(long, value_name = "MAP")]
        templates: Option<PathBuf>,
        /// Controleer ook de lettertypen in deze map (TTF/OTF); herhaal voor meer
        #[arg(long, value_name = "MAP")]
        lettertypen: Vec<PathBuf>,
    },
    /// Schrijf de brieven van elke gemeente en het samenwerkingsdocument, als DOCX en PDF
    Build {
        /// Regiobestand (YAML)
        #[arg(value_name = "BESTAND")]
        file: PathBuf,
        /// Alleen deze gemeente (naam, CBS-code of mapnaam zoals kaag-en-braassem); herhaal voor meer
        #[arg(long = "gemeente", value_name = "NAAM")]
        gemeenten: Vec<String>,
        /// Alleen de brieven of alleen het samenwerkingsdocument
        #[arg(long, value_enum, value_name = "WAT")]
        alleen: Option<AlleenArg>,
        /// Bouw een concept (CONCEPT in kop en watermerk, -concept in de naam), wat het bestand ook zegt
        #[arg(long)]
        concept: bool,
        /// Uitvoerformaten, gescheiden door komma's: docx, pdf, html
        #[arg(
            long,
            value_delimiter = ',',
            default_value = "docx,pdf",
            value_name = "FORMATEN"
        )]
        format: Vec<String>,
        /// Uitvoermap [standaard: out/<regio>/]
        #[arg(long, value_name = "MAP")]
        out: Option<PathBuf>,
        /// Gebruik de sjablonen in deze map (zie `templates export`)
        #[arg(long, value_name = "MAP")]
        templates: Option<PathBuf>,
        /// Aan welke normen de PDF's voldoen
        #[arg(long, value_enum, default_value_t = PdfProfileArg::Archief, value_name = "PROFIEL")]
        pdf_profile: PdfProfileArg,
        /// Zoek lettertypen (TTF/OTF) ook in deze map, na die van de huisstijl; herhaal voor meer
        #[arg(long, value_name = "MAP")]
        lettertypen: Vec<PathBuf>,
        /// Toon alleen fouten
        #[arg(long, short)]
        quiet: bool,
        /// Vorm van de meldingen en de samenvatting: tekst of json (oude spelling: --message-format)
        #[arg(long = "meldingen", alias = "message-format", value_enum, default_value_t = OutputFormat::Tekst, value_name = "VORM")]
        message_format: OutputFormat,
    },
    /// Toon de brieven en het samenwerkingsdocument in de browser, bijgewerkt bij elke
    /// keer opslaan
    Bekijk {
        /// Regiobestand (YAML)
        #[arg(value_name = "BESTAND")]
        file: PathBuf,
        /// Poort op 127.0.0.1 [standaard: een vrije poort]
        #[arg(long, value_name = "N", default_value_t = 0)]
        poort: u16,
        /// Gebruik de sjablonen in deze map (zie `templates export`)
        #[arg(long, value_name = "MAP")]
        templates: Option<PathBuf>,
        /// Open geen browser (voor scripts, tests en CI)
        #[arg(long)]
        niet_openen: bool,
        /// Zoek lettertypen (TTF/OTF) ook in deze map, na die van de huisstijl; herhaal voor meer
        #[arg(long, value_name = "MAP")]
        lettertypen: Vec<PathBuf>,
    },
    /// Werk met de sjablonen van de documenten
    #[command(subcommand)]
    Templates(TemplatesCommand),
    /// Toon het JSON-schema van het regiobestand (voor editors)
    Schema,
    /// Schrijf een startbestand met uitleg dat de controle doorstaat
    Init {
        /// Waar het komt
        #[arg(default_value = "region.yaml", value_name = "BESTAND")]
        file: PathBuf,
        /// Overschrijf het bestand als het al bestaat
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Subcommand)]
enum TemplatesCommand {
    /// Schrijf de ingebouwde sjablonen naar MAP, om te bewerken en te gebruiken met --templates MAP
    Export {
        #[arg(value_name = "MAP")]
        dir: PathBuf,
        /// Overschrijf bestaande bestanden
        #[arg(long)]
        force: bool,
    },
    /// Toon de sjablonen en wat ze maken
    List,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Leesbare meldingen met de regels uit het bestand
    #[value(alias = "human")]
    Tekst,
    /// Eén JSON-document, voor scripts en editors
    Json,
}

/// `--alleen`: the command-line names of [`crate::batch::Documents`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AlleenArg {
    /// Alleen de brieven aan de raden
    Brieven,
    /// Alleen de bijlage
    Samenwerkingsdocument,
}

/// `--pdf-profile`: the command-line names of [`crate::render::pdf::PdfProfile`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PdfProfileArg {
    /// Getagde PDF/A-2a + PDF/UA-1 met sRGB-kleurprofiel: voor publicatie
    /// (digitoegankelijk) en het archief
    #[value(alias = "pdfa", alias = "pdfa2+ua1", alias = "pdf/a")]
    Archief,
    /// Zonder tags, geen PDF/A of PDF/UA: kleiner, voor klad en voorbeelden
    Plain,
}

impl From<PdfProfileArg> for crate::render::pdf::PdfProfile {
    fn from(arg: PdfProfileArg) -> Self {
        match arg {
            PdfProfileArg::Archief => crate::render::pdf::PdfProfile::Archief,
            PdfProfileArg::Plain => crate::render::pdf::PdfProfile::Plain,
        }
    }
}

/// The command line in Dutch, on every level: clap's own headings ("Usage", "Options",
/// "Arguments") and its help and version flags are English, so they are replaced here
/// once rather than repeated on each subcommand.
fn dutch(command: clap::Command) -> clap::Command {
    use clap::{Arg, ArgAction};
    let command = command
        .help_template("{about-with-newline}\nGebruik: {usage}\n\n{all-args}{after-help}")
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .subcommand_help_heading("Opdrachten")
        .subcommand_value_name("OPDRACHT")
        .arg(
            Arg::new("hulp")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("Toon deze hulp")
                .help_heading("Opties"),
        )
        .mut_args(|arg| {
            if arg.is_positional() {
                arg.help_heading("Argumenten")
            } else if arg.get_help_heading().is_none() {
                arg.help_heading("Opties")
            } else {
                arg
            }
        });
    let command = if command.get_name() == "raadsbrief" {
        command.disable_version_flag(true).arg(
            Arg::new("versie")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("Toon het versienummer")
                .help_heading("Opties"),
        )
    } else {
        command
    };
    command.mut_subcommands(dutch)
}

/// clap's fragments that no setting renames, in Dutch. Applied to the finished help
/// text, which is all ours apart from these.
pub const CLAP_FRAGMENTS: [(&str, &str); 8] = [
    ("[OPTIONS]", "[OPTIES]"),
    ("[COMMAND]", "[OPDRACHT]"),
    ("<COMMAND>", "<OPDRACHT>"),
    ("Possible values:", "Mogelijke waarden:"),
    ("[possible values: ", "[mogelijke waarden: "),
    ("[default: ", "[standaard: "),
    ("[aliases: ", "[ook: "),
    ("[env: ", "[omgevingsvariabele: "),
];

fn dutch_help(help: &str) -> String {
    CLAP_FRAGMENTS
        .iter()
        .fold(help.to_owned(), |text, (english, dutch)| {
            text.replace(english, dutch)
        })
}

/// A command-line mistake in Dutch: what is wrong, and where the help is. clap's own
/// messages are English; the common kinds are said here, others keep clap's text.
fn argument_error(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let get = |kind: ContextKind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        _ => String::new(),
    };
    let suggestion = match get(ContextKind::SuggestedArg) {
        s if !s.is_empty() => format!(" Bedoelt u {s}?"),
        _ => match get(ContextKind::SuggestedSubcommand) {
            s if !s.is_empty() => format!(" Bedoelt u {s}?"),
            _ => String::new(),
        },
    };
    let message = match e.kind() {
        ErrorKind::MissingRequiredArgument => {
            format!(
                "er ontbreekt een verplicht argument: {}",
                get(ContextKind::InvalidArg)
            )
        }
        ErrorKind::UnknownArgument => {
            let arg = get(ContextKind::InvalidArg);
            if arg.starts_with('-') {
                format!("onbekende optie {arg}.{suggestion}")
            } else {
                format!(
                    "onverwacht argument ‘{arg}’: deze opdracht neemt er niet meer.{suggestion}"
                )
            }
        }
        ErrorKind::ValueValidation => format!(
            "‘{}’ is geen geldige waarde voor {}",
            get(ContextKind::InvalidValue),
            get(ContextKind::InvalidArg)
        ),
        ErrorKind::ArgumentConflict => {
            let arg = get(ContextKind::InvalidArg);
            let prior = get(ContextKind::PriorArg);
            if prior.is_empty() || prior == arg {
                format!("{arg} staat er meer dan één keer; geef het één keer")
            } else {
                format!("{arg} kan niet samen met {prior}")
            }
        }
        ErrorKind::NoEquals => format!(
            "{} wil zijn waarde na een =-teken",
            get(ContextKind::InvalidArg)
        ),
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!(
                "{} krijgt het verkeerde aantal waarden",
                get(ContextKind::InvalidArg)
            )
        }
        ErrorKind::InvalidUtf8 => {
            "een argument bevat tekens die geen geldige tekst (UTF-8) zijn".to_owned()
        }
        ErrorKind::InvalidSubcommand => format!(
            "onbekende opdracht {}.{suggestion}",
            get(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::InvalidValue => {
            let valid = get(ContextKind::ValidValue);
            format!(
                "ongeldige waarde ‘{}’ voor {}{}",
                get(ContextKind::InvalidValue),
                get(ContextKind::InvalidArg),
                if valid.is_empty() {
                    String::new()
                } else {
                    format!("; mogelijk: {valid}")
                }
            )
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "geef een opdracht, bijvoorbeeld `raadsbrief build regio.yaml`".to_owned()
        }
        _ => "de opdrachtregel klopt niet".to_owned(),
    };
    format!("fout: {message}\n  = hulp: `raadsbrief --help` toont alle opdrachten, `raadsbrief <opdracht> --help` hun opties")
}

/// Whether `command` (the first argument) is one that validates a region file.
fn checks_a_file(command: Option<&std::ffi::OsStr>) -> bool {
    matches!(
        command.and_then(std::ffi::OsStr::to_str),
        Some("build" | "validate" | "bekijk")
    )
}

/// Parses the arguments, runs the command and returns the process exit code.
pub fn run() -> i32 {
    // Before the arguments are read (clap's part is some 0.3–0.5 ms): see `prepare_ahead`.
    let command = std::env::args_os().nth(1);
    if checks_a_file(command.as_deref()) {
        crate::validate::prepare_ahead();
        if command.as_deref() == Some(std::ffi::OsStr::new("build")) {
            crate::alongside::start_spare();
        }
    }
    let parsed = dutch(<Cli as clap::CommandFactory>::command())
        .try_get_matches()
        .and_then(|m| <Cli as clap::FromArgMatches>::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp => {
                    print!("{}", dutch_help(&e.render().to_string()));
                    EXIT_OK
                }
                clap::error::ErrorKind::DisplayVersion => {
                    let _ = e.print();
                    EXIT_OK
                }
                _ => {
                    eprintln!("{}", argument_error(&e));
                    crate::error::EXIT_INVALID
                }
            };
        }
    };
    let result = match cli.command {
        Command::Validate {
            files,
            format,
            templates,
            lettertypen,
        } => validate::run(&files, format, templates.as_deref(), &lettertypen),
        Command::Build {
            file,
            gemeenten,
            alleen,
            concept,
            format,
            out,
            templates,
            pdf_profile,
            lettertypen,
            quiet,
            message_format,
        } => build::run(build::Args {
            file,
            gemeenten,
            documents: match alleen {
                None => crate::batch::Documents::All,
                Some(AlleenArg::Brieven) => crate::batch::Documents::Letters,
                Some(AlleenArg::Samenwerkingsdocument) => crate::batch::Documents::Appendix,
            },
            concept,
            formats: format,
            out,
            templates,
            pdf_profile: pdf_profile.into(),
            lettertypen,
            quiet,
            message_format,
        }),
        Command::Bekijk {
            file,
            poort,
            templates,
            niet_openen,
            lettertypen,
        } => bekijk::run(file, templates, lettertypen, poort, !niet_openen),
        Command::Templates(TemplatesCommand::Export { dir, force }) => {
            crate::templates::export(&dir, force).map(|paths| {
                for p in paths {
                    println!("{}", p.display());
                }
                EXIT_OK
            })
        }
        Command::Templates(TemplatesCommand::List) => {
            for (name, _) in crate::templates::BUILTIN {
                println!("{name}{}", crate::templates::EXTENSION);
            }
            Ok(EXIT_OK)
        }
        Command::Schema => {
            print!("{}", crate::validate::SCHEMA_TEXT);
            Ok(EXIT_OK)
        }
        Command::Init { file, force } => init::run(&file, force),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            report(&err);
            err.exit_code()
        }
    }
}

/// Prints an error to stderr: findings with their snippets, or the failure and its help.
pub fn report(err: &Error) {
    match err {
        Error::Invalid(findings) => eprint!("{}", render_findings(findings)),
        Error::Failed { .. } | Error::Usage { .. } => eprintln!("fout: {err}"),
    }
}

/// The file again, for snippets: at most as much as a region file may be, so a finding
/// about an endless file (`/dev/zero`, a pipe) never makes us read it twice.
fn read_for_snippets(path: &str) -> Option<String> {
    use std::io::Read as _;
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(crate::parse::MAX_INPUT_BYTES)
        .read_to_end(&mut bytes)
        .ok()?;
    String::from_utf8(bytes).ok()
}

/// Findings with source snippets, then a one-line count.
pub fn render_findings(findings: &[Finding]) -> String {
    let mut out = String::new();
    let mut cache: Vec<(String, Option<String>)> = Vec::new();
    for f in findings {
        if !cache.iter().any(|(name, _)| *name == f.file) {
            cache.push((f.file.clone(), read_for_snippets(&f.file)));
        }
        let source = cache
            .iter()
            .find(|(name, _)| *name == f.file)
            .and_then(|(_, s)| s.as_deref());
        out.push_str(&f.render(source));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::checks_a_file;
    use std::ffi::OsStr;

    #[test]
    fn only_the_commands_that_check_a_file_start_the_schema_before_their_arguments() {
        for command in ["build", "validate", "bekijk"] {
            assert!(checks_a_file(Some(OsStr::new(command))), "{command}");
        }
        for other in [
            "--version",
            "--help",
            "init",
            "schema",
            "export",
            "list",
            "Build",
        ] {
            assert!(!checks_a_file(Some(OsStr::new(other))), "{other}");
        }
        assert!(!checks_a_file(None));
    }
}
