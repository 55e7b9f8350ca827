//! The command line: argument parsing and one module per command.
//!
//! Commands return an exit code or an [`Error`]; only [`run`] prints errors, so every
//! failure looks the same and nothing prints a backtrace or a Debug dump.

mod bekijk;
mod build;
mod init;
mod validate;

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diagnostics::Finding;
use crate::error::{Error, EXIT_OK};

/// Council letters and the samenwerkingsdocument from one region file (VNG Norm voor
/// Opdrachtgeverschap), for every municipality of a youth-care region.
#[derive(Debug, Parser)]
#[command(name = "raadsbrief", version, about, long_about = None)]
#[command(
    after_help = "Exit codes: 0 success, 1 failure (files, disk, bug), 2 invalid input (fix the file)."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check region files against the schema and the NvO rules
    Validate {
        /// Region files (YAML)
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Vorm van de meldingen: tekst of json (oude spelling: --format)
        #[arg(long = "meldingen", alias = "format", value_enum, default_value_t = OutputFormat::Tekst, value_name = "VORM")]
        format: OutputFormat,
    },
    /// Write the letters of every municipality and the samenwerkingsdocument, as DOCX and PDF
    Build {
        /// Region file (YAML)
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Alleen deze gemeente (naam, CBS-code of mapnaam zoals kaag-en-braassem); herhaal voor meer
        #[arg(long = "gemeente", value_name = "NAME")]
        gemeenten: Vec<String>,
        /// Alleen de brieven of alleen het samenwerkingsdocument
        #[arg(long, value_enum, value_name = "WAT")]
        alleen: Option<AlleenArg>,
        /// Bouw een concept (CONCEPT in kop en watermerk, -concept in de naam), wat het bestand ook zegt
        #[arg(long)]
        concept: bool,
        /// Output formats, comma-separated
        #[arg(
            long,
            value_delimiter = ',',
            default_value = "docx,pdf",
            value_name = "FORMATS"
        )]
        format: Vec<String>,
        /// Output folder [default: out/<region>/]
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Use the templates in this folder (see `templates export`)
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
        /// Which standards the PDFs meet
        #[arg(long, value_enum, default_value_t = PdfProfileArg::Archief, value_name = "PROFILE")]
        pdf_profile: PdfProfileArg,
        /// Print nothing but errors
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
    },
    /// Work with the document templates
    #[command(subcommand)]
    Templates(TemplatesCommand),
    /// Print the JSON Schema of the region file (for editors)
    Schema,
    /// Write a commented starter region file that validates
    Init {
        /// Where to write it
        #[arg(default_value = "region.yaml", value_name = "FILE")]
        file: PathBuf,
        /// Overwrite the file if it exists
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Subcommand)]
enum TemplatesCommand {
    /// Write the built-in templates to DIR, to edit and use with --templates DIR
    Export {
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// Overwrite existing files
        #[arg(long)]
        force: bool,
    },
    /// List the templates and what they produce
    List,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Leesbare meldingen met de regels uit het bestand
    #[value(alias = "human")]
    Tekst,
    /// One JSON document, for scripts and editors
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
    /// Tagged PDF/A-2a + PDF/UA-1 with an sRGB output intent: for publication
    /// (digitoegankelijk) and the archive
    #[value(alias = "pdfa", alias = "pdfa2+ua1", alias = "pdf/a")]
    Archief,
    /// Untagged, no PDF/A or PDF/UA claim: smaller, for drafts and previews
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

/// Parses the arguments, runs the command and returns the process exit code.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    EXIT_OK
                }
                _ => crate::error::EXIT_INVALID,
            };
        }
    };
    let result = match cli.command {
        Command::Validate { files, format } => validate::run(&files, format),
        Command::Build {
            file,
            gemeenten,
            alleen,
            concept,
            format,
            out,
            templates,
            pdf_profile,
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
            quiet,
            message_format,
        }),
        Command::Bekijk {
            file,
            poort,
            templates,
            niet_openen,
        } => bekijk::run(file, templates, poort, !niet_openen),
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
        Error::Failed { .. } | Error::Usage { .. } => eprintln!("error: {err}"),
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
