//! The NvO rules: what the schema cannot say about a region file.
//!
//! The schema checks shapes; these rules check meaning: every NvO subject addressed,
//! every basic function present once, municipalities and CBS codes unique, dates that
//! exist, referenced files that exist. Each rule reports at the place in the file the
//! user has to change.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostics::{Finding, Severity};
use crate::markup::{self, FieldKind};
use crate::model::date::DateError;
use crate::model::{Basisfunctie, Date, Onderwerp, Region, Status};
use crate::parse::{Pos, Source, Tree};

/// Collects findings for one file; knows where every pointer stands.
pub struct Checker<'a> {
    source: &'a Source,
    tree: &'a Tree,
    pub findings: Vec<Finding>,
}

impl<'a> Checker<'a> {
    pub fn new(source: &'a Source, tree: &'a Tree) -> Self {
        Checker {
            source,
            tree,
            findings: Vec::new(),
        }
    }

    pub fn report(
        &mut self,
        severity: Severity,
        rule: &'static str,
        pointer: &str,
        at_key: bool,
        message: String,
        help: String,
    ) {
        let pos: Pos = if at_key {
            self.tree.locations.key(pointer)
        } else {
            self.tree.locations.value(pointer)
        };
        self.findings.push(Finding::new(
            severity,
            rule,
            self.source.name.clone(),
            (pos.line, pos.column),
            crate::diagnostics::field_from_pointer(pointer),
            message,
            help,
        ));
    }

    fn error(&mut self, rule: &'static str, pointer: &str, message: String, help: String) {
        self.report(Severity::Error, rule, pointer, false, message, help);
    }

    fn warning(&mut self, rule: &'static str, pointer: &str, message: String, help: String) {
        self.report(Severity::Warning, rule, pointer, false, message, help);
    }

    fn line_of(&self, pointer: &str) -> usize {
        self.tree.locations.value(pointer).line
    }
}

/// Runs every rule on a region that passed the schema.
pub fn check(checker: &mut Checker, region: &Region) {
    subjects(checker, region);
    basic_functions(checker, region);
    municipalities(checker, region);
    super::cbs_rules::check(checker, region);
    dates(checker, region);
    files(checker, region);
}

/// Placeholders and the Markdown subset in every text field, at the exact line and
/// column inside the field. On the untyped tree rather than the model, so that it runs
/// in the same pass as the schema: a wrong placeholder is said together with a missing
/// field, not only once every schema error is fixed. A field of the wrong type is the
/// schema's finding and is skipped here.
pub fn texts(c: &mut Checker, root: &serde_json::Value) {
    const LETTER_MARKUP: [&str; 5] = [
        "kennisnemen-van",
        "aanleiding",
        "kernboodschap",
        "consequenties",
        "vervolg",
    ];
    const LETTER_PLAIN: [&str; 2] = ["onderwerp", "kenmerk"];
    let letter_markup = FieldKind {
        in_letter: true,
        markup: true,
    };
    let letter_plain = FieldKind {
        in_letter: true,
        markup: false,
    };
    let doc_markup = FieldKind {
        in_letter: false,
        markup: true,
    };
    let doc_plain = FieldKind {
        in_letter: false,
        markup: false,
    };
    let mut fields: Vec<(String, String, FieldKind)> = Vec::new();
    let letter =
        |fields: &mut Vec<(String, String, FieldKind)>, base: &str, brief: &serde_json::Value| {
            for (names, kind) in [
                (&LETTER_MARKUP[..], letter_markup),
                (&LETTER_PLAIN[..], letter_plain),
            ] {
                for name in names {
                    if let Some(text) = brief.get(*name).and_then(|v| v.as_str()) {
                        fields.push((format!("{base}/{name}"), text.to_owned(), kind));
                    }
                }
            }
            for (i, b) in brief
                .get("bijlagen")
                .and_then(|v| v.as_array())
                .into_iter()
                .flatten()
                .enumerate()
            {
                if let Some(text) = b.as_str() {
                    fields.push((
                        format!("{base}/bijlagen/{i}"),
                        text.to_owned(),
                        letter_plain,
                    ));
                }
            }
        };
    if let Some(shared) = root.get("brief") {
        letter(&mut fields, "/brief", shared);
    }
    let text =
        |v: &serde_json::Value, key: &str| v.get(key).and_then(|t| t.as_str()).map(str::to_owned);
    let list = |v: &serde_json::Value, key: &str| {
        v.get(key)
            .and_then(|l| l.as_array())
            .cloned()
            .unwrap_or_default()
    };
    for (i, g) in list(root, "gemeenten").iter().enumerate() {
        if let Some(overrides) = g.get("brief") {
            letter(&mut fields, &format!("/gemeenten/{i}/brief"), overrides);
        }
        // Absent, they are the defaults, whose placeholders are all valid.
        if let Some(adressering) = g.get("adressering") {
            for key in ["raad", "college"] {
                if let Some(value) = text(adressering, key) {
                    fields.push((
                        format!("/gemeenten/{i}/adressering/{key}"),
                        value,
                        letter_plain,
                    ));
                }
            }
        }
    }
    let doc = root
        .get("samenwerkingsdocument")
        .cloned()
        .unwrap_or_default();
    if let Some(value) = text(&doc, "inleiding") {
        fields.push(("/samenwerkingsdocument/inleiding".into(), value, doc_markup));
    }
    for (i, a) in list(&doc, "afspraken").iter().enumerate() {
        if let Some(value) = text(a, "tekst") {
            fields.push((
                format!("/samenwerkingsdocument/afspraken/{i}/tekst"),
                value,
                doc_markup,
            ));
        }
        if let Some(value) = text(a, "label") {
            fields.push((
                format!("/samenwerkingsdocument/afspraken/{i}/label"),
                value,
                doc_plain,
            ));
        }
    }
    for (i, b) in list(&doc, "basisfuncties").iter().enumerate() {
        if let Some(value) = text(b, "toelichting") {
            fields.push((
                format!("/samenwerkingsdocument/basisfuncties/{i}/toelichting"),
                value,
                doc_markup,
            ));
        }
    }
    for (pointer, text, kind) in fields {
        for issue in markup::check(&text, kind) {
            let pos = position_in_value(
                &c.source.text,
                c.tree.locations.value(&pointer),
                issue.line,
                issue.column,
            );
            c.findings.push(Finding::new(
                if issue.error {
                    Severity::Error
                } else {
                    Severity::Warning
                },
                issue.rule,
                c.source.name.clone(),
                (pos.line, pos.column),
                crate::diagnostics::field_from_pointer(&pointer),
                issue.message,
                issue.help,
            ));
        }
    }
}

/// The file position of `line`/`column` inside a scalar that starts at `start`: block
/// scalars (`|`, `>`) begin on the next line at their indentation; quoted scalars one
/// column after the quote.
fn position_in_value(source: &str, start: Pos, line: usize, column: usize) -> Pos {
    let first = source
        .lines()
        .nth(start.line.saturating_sub(1))
        .unwrap_or_default();
    let head: String = first.chars().skip(start.column.saturating_sub(1)).collect();
    if head.starts_with(['|', '>']) {
        let target = start.line + 1 + line;
        let text = source.lines().nth(target - 1).unwrap_or_default();
        let indent = text.chars().take_while(|c| *c == ' ').count();
        return Pos {
            line: target,
            column: indent + column,
        };
    }
    let quote = usize::from(head.starts_with(['"', '\'']));
    if line == 0 {
        Pos {
            line: start.line,
            column: start.column + quote + column - 1,
        }
    } else {
        // Only a block scalar keeps its line breaks, and its location is that of its
        // content, so every later line starts at the same indentation.
        Pos {
            line: start.line + line,
            column: start.column - 1 + column,
        }
    }
}

fn subjects(c: &mut Checker, region: &Region) {
    let doc = &region.samenwerkingsdocument;
    for onderwerp in Onderwerp::ALL {
        if !doc
            .afspraken
            .iter()
            .any(|a| a.onderwerpen.contains(&onderwerp))
        {
            c.report(
                Severity::Error,
                "nvo-subject-missing",
                "/samenwerkingsdocument/afspraken",
                true,
                format!(
                    "NvO-onderwerp `{}` ({}) komt in geen enkele afspraak aan bod",
                    onderwerp.id(),
                    onderwerp.description()
                ),
                format!(
                    "voeg `{}` toe aan de `onderwerpen` van de afspraak die erover gaat, of voeg een afspraak toe met `onderwerpen: [{}]`",
                    onderwerp.id(),
                    onderwerp.id()
                ),
            );
        }
    }
    for (i, afspraak) in doc.afspraken.iter().enumerate() {
        status_warning(
            c,
            &format!("/samenwerkingsdocument/afspraken/{i}/status"),
            afspraak.status,
            &format!("afspraak ‘{}’", afspraak.label),
        );
    }
}

fn basic_functions(c: &mut Checker, region: &Region) {
    let list = &region.samenwerkingsdocument.basisfuncties;
    let mut seen: BTreeMap<Basisfunctie, usize> = BTreeMap::new();
    for (i, item) in list.iter().enumerate() {
        let pointer = format!("/samenwerkingsdocument/basisfuncties/{i}/functie");
        if let Some(first) = seen.get(&item.functie) {
            let line = c.line_of(&format!(
                "/samenwerkingsdocument/basisfuncties/{first}/functie"
            ));
            c.error(
                "basisfunctie-repeated",
                &pointer,
                format!(
                    "basisfunctie `{}` staat er twee keer in (de eerste keer op regel {line})",
                    item.functie.id()
                ),
                "elk van de vijf basisfuncties komt één keer voor; verwijder een van de twee"
                    .into(),
            );
            continue;
        }
        seen.insert(item.functie, i);
        status_warning(
            c,
            &format!("/samenwerkingsdocument/basisfuncties/{i}/status"),
            item.status,
            &format!("basisfunctie ‘{}’", item.label),
        );
    }
    for functie in Basisfunctie::ALL {
        if !seen.contains_key(&functie) {
            c.report(
                Severity::Error,
                "basisfunctie-missing",
                "/samenwerkingsdocument/basisfuncties",
                true,
                format!(
                    "basisfunctie `{}` ({}) ontbreekt",
                    functie.id(),
                    functie.description()
                ),
                format!(
                    "voeg een onderdeel `- functie: {}` toe, met een `label` en een `status`",
                    functie.id()
                ),
            );
        }
    }
}

/// Subjects still in development are not an error — the region reports honestly —
/// but the council will read it, so the user should know.
fn status_warning(c: &mut Checker, pointer: &str, status: Status, what: &str) {
    let (rule, text) = match status {
        Status::Voldaan => return,
        Status::InOntwikkeling => ("in-ontwikkeling", "is nog in ontwikkeling"),
        Status::NietVoldaan => ("niet-voldaan", "voldoet nog niet"),
    };
    c.warning(
        rule,
        pointer,
        format!("{what} {text} (status `{}`)", status.label().to_lowercase()),
        "de documenten vermelden dit; leg in de tekst uit wat er gepland is, of pas de status aan zodra eraan is voldaan".into(),
    );
}

fn municipalities(c: &mut Checker, region: &Region) {
    let mut codes: BTreeMap<&str, usize> = BTreeMap::new();
    let mut names: BTreeMap<String, usize> = BTreeMap::new();
    if region.regio.naam.trim().is_empty() {
        c.error(
            "name-blank",
            "/regio/naam",
            "de naam van de regio is leeg".into(),
            "schrijf de naam van de regio, bijvoorbeeld `naam: Regio Gooi en Vechtstreek`".into(),
        );
    }
    for (i, g) in region.gemeenten.iter().enumerate() {
        if let Some(first) = codes.get(g.cbs.as_str()) {
            let line = c.line_of(&format!("/gemeenten/{first}/cbs"));
            c.error(
                "cbs-duplicate",
                &format!("/gemeenten/{i}/cbs"),
                format!(
                    "CBS-code {} komt twee keer voor: bij {} en bij {} (regel {line})",
                    g.cbs, g.naam, region.gemeenten[*first].naam
                ),
                "elke gemeente heeft een eigen CBS-code; zoek die op bij cbs.nl (Gemeentelijke indeling)".into(),
            );
        } else {
            codes.insert(&g.cbs, i);
        }
        let key = g.naam.trim().to_lowercase();
        if key.is_empty() {
            // The schema asks for at least one character; spaces alone would still
            // give a letter to "Gemeente   - Gemeenteraad" and a folder named after
            // nothing.
            c.error(
                "name-blank",
                &format!("/gemeenten/{i}/naam"),
                "de naam van de gemeente is leeg".into(),
                "schrijf de officiële naam van de gemeente, bijvoorbeeld `naam: Blaricum`".into(),
            );
        } else if let Some(first) = names.get(&key) {
            let line = c.line_of(&format!("/gemeenten/{first}/naam"));
            c.error(
                "gemeente-duplicate",
                &format!("/gemeenten/{i}/naam"),
                format!(
                    "gemeente {} staat er twee keer in (de eerste keer op regel {line})",
                    g.naam
                ),
                "verwijder de tweede; zet tekst die alleen voor deze gemeente geldt in haar `brief:`-blok"
                    .into(),
            );
        } else {
            names.insert(key, i);
        }
    }
}

fn dates(c: &mut Checker, region: &Region) {
    check_date(
        c,
        "/samenwerkingsdocument/vastgesteld",
        &region.samenwerkingsdocument.vastgesteld,
        false,
    );
    check_date(c, "/brief/datum", &region.brief.datum, true);
    for (i, g) in region.gemeenten.iter().enumerate() {
        if let Some(datum) = g
            .brief
            .as_ref()
            .and_then(|b| b.get("datum"))
            .and_then(|d| d.as_str())
        {
            check_date(c, &format!("/gemeenten/{i}/brief/datum"), datum, true);
        }
    }
}

fn check_date(c: &mut Checker, pointer: &str, text: &str, today_allowed: bool) {
    if today_allowed && text == "vandaag" {
        return;
    }
    let problem = match Date::parse_iso(text) {
        Ok(_) => return,
        Err(DateError::Shape) => format!("‘{text}’ is geen datum in de vorm JJJJ-MM-DD"),
        Err(DateError::NoSuchDay) => format!("{text} bestaat niet in de kalender"),
    };
    let help = if today_allowed {
        "schrijf de datum als JJJJ-MM-DD, bijvoorbeeld 2026-11-23, of `vandaag` voor de dag waarop de documenten worden gemaakt"
    } else {
        "schrijf de datum als JJJJ-MM-DD, bijvoorbeeld 2021-11-16"
    };
    c.error("date", pointer, problem, help.into());
}

fn files(c: &mut Checker, region: &Region) {
    let dir = c.source.dir.clone();
    let mut styles = vec![(
        "/regio/huisstijl".to_owned(),
        &region.regio.huisstijl,
        region.regio.naam.clone(),
    )];
    for (i, g) in region.gemeenten.iter().enumerate() {
        styles.push((
            format!("/gemeenten/{i}/huisstijl"),
            &g.huisstijl,
            g.naam.clone(),
        ));
    }
    for (at, style, owner) in styles {
        // Whether the file is a usable template is checked by opening it, once per run
        // (`compose::word_templates`); here only that it is there.
        if let Some(template) = &style.sjabloon {
            check_file(c, &dir, &format!("{at}/sjabloon"), template);
        }
        match &style.lettertypen {
            Some(crate::model::Lettertypen::One(path)) => {
                check_font_path(c, &dir, &format!("{at}/lettertypen"), path);
            }
            Some(crate::model::Lettertypen::Many(paths)) => {
                for (i, path) in paths.iter().enumerate() {
                    check_font_path(c, &dir, &format!("{at}/lettertypen/{i}"), path);
                }
            }
            None => {}
        }
        if let Some(logo) = &style.logo {
            let pointer = format!("{at}/logo");
            check_file(c, &dir, &pointer, logo);
            let lower = logo.to_lowercase();
            if ![".png", ".jpg", ".jpeg"].iter().any(|e| lower.ends_with(e)) {
                c.error(
                    "logo-format",
                    &pointer,
                    format!("logo ‘{logo}’ is geen PNG- of JPEG-bestand"),
                    "sla het logo op als PNG (liefst) of als JPEG".into(),
                );
            }
            if style
                .logo_alt
                .as_deref()
                .is_none_or(|a| a.trim().is_empty())
            {
                c.error(
                    "logo-alt",
                    &at,
                    format!("het logo van {owner} heeft geen alternatieve tekst"),
                    "voeg `logo-alt: \"Logo gemeente …\"` toe; een schermlezer leest die tekst voor (digitoegankelijk)".into(),
                );
            }
        }
    }
    for (i, g) in region.gemeenten.iter().enumerate() {
        let Some(ondertekening) = &g.ondertekening else {
            continue;
        };
        for (role, _, image) in ondertekening.signers() {
            if let Some(image) = image {
                let at = format!("/gemeenten/{i}/ondertekening/handtekeningen/{role}");
                signature_file(c, &dir, &at, image);
            }
        }
    }
    for (i, doc) in region
        .samenwerkingsdocument
        .brondocumenten
        .iter()
        .enumerate()
    {
        if let Some(url) = doc.url.as_deref() {
            if !markup::is_allowed_link(url) {
                c.warning(
                    "link",
                    &format!("/samenwerkingsdocument/brondocumenten/{i}/url"),
                    format!(
                        "`{url}` is geen web- of e-mailadres; de documenten tonen het zonder link"
                    ),
                    "schrijf het volledige adres, dat begint met `https://`".into(),
                );
            }
        }
        if let Some(file) = &doc.bestand {
            check_file(
                c,
                &dir,
                &format!("/samenwerkingsdocument/brondocumenten/{i}/bestand"),
                file,
            );
        }
    }
}

/// A signature image: there, named as an image, and, if its alternative text is
/// given, not blank (whether the file really is an image is seen when it is read, as
/// for the logo).
fn signature_file(c: &mut Checker, dir: &Path, at: &str, image: &crate::model::Handtekening) {
    let pointer = format!("{at}/afbeelding");
    check_file(c, dir, &pointer, &image.afbeelding);
    let lower = image.afbeelding.to_lowercase();
    if ![".png", ".jpg", ".jpeg"].iter().any(|e| lower.ends_with(e)) {
        c.error(
            "handtekening-format",
            &pointer,
            format!(
                "handtekening ‘{}’ is geen PNG- of JPEG-bestand",
                image.afbeelding
            ),
            "scan de handtekening en sla haar op als PNG (liefst, met witte of doorzichtige achtergrond) of als JPEG".into(),
        );
    }
    if image.alt.as_deref().is_some_and(|a| a.trim().is_empty()) {
        c.error(
            "handtekening-alt",
            &format!("{at}/alt"),
            "de alternatieve tekst van de handtekening is leeg".into(),
            "schrijf wat een schermlezer moet voorlezen, bijvoorbeeld `alt: \"Handtekening van de burgemeester\"`, of laat `alt:` weg voor ‘Handtekening van’ en de naam".into(),
        );
    }
}

/// A `lettertypen` entry: a font file or a folder of them, which must be there (what
/// is in it is checked when the fonts are read).
fn check_font_path(c: &mut Checker, dir: &Path, pointer: &str, entry: &str) {
    let path = dir.join(entry);
    if !path.exists() {
        c.error(
            "file-missing",
            pointer,
            format!(
                "lettertype of map ‘{entry}’ bestaat niet (gezocht naar {})",
                path.display()
            ),
            "een pad gaat uit van de map van het regiobestand; noem een TTF- of OTF-bestand of een map met lettertypen"
                .into(),
        );
    }
}

fn check_file(c: &mut Checker, dir: &Path, pointer: &str, file: &str) {
    let path = dir.join(file);
    if path.is_dir() {
        c.error(
            "file-missing",
            pointer,
            format!(
                "‘{file}’ is een map, geen bestand (gezocht naar {})",
                path.display()
            ),
            "geef het pad van het bestand zelf, gezien vanuit de map van het regiobestand".into(),
        );
    } else if !path.is_file() {
        c.error(
            "file-missing",
            pointer,
            format!(
                "bestand ‘{file}’ bestaat niet (gezocht naar {})",
                path.display()
            ),
            "een pad gaat uit van de map van het regiobestand; controleer de spelling en de map"
                .into(),
        );
    }
}
