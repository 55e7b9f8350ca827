//! YAML mistakes a policy officer makes, each explained in Dutch with the fix.
//!
//! As in tests/validate.rs, every bad input is the Gooi sample with one targeted edit,
//! and every expected line and column is computed from the edited text. Each case
//! asserts the rule id, the place, the Dutch message and the help, which shows the
//! user's own line as it should be typed.

#[path = "common/regions.rs"]
mod regions;

use raadsbrief::diagnostics::{Finding, Severity};
use regions::*;

/// The label line every value mistake is typed into.
const LABEL: &str = "      label: Beperking van de administratieve lasten\n";

fn with_label(value: &str) -> String {
    edit(&gooi(), LABEL, &format!("      label: {value}\n"))
}

#[track_caller]
fn assert_explained(
    f: &Finding,
    rule: &str,
    (line, column): (usize, usize),
    message: &str,
    help: &str,
) {
    let all = show(std::slice::from_ref(f));
    assert_eq!(f.rule, rule, "rule of\n{all}");
    assert_eq!((f.line, f.column), (line, column), "line:column of\n{all}");
    assert_eq!(f.message, message, "message of\n{all}");
    assert_eq!(f.help.as_str(), help, "help of\n{all}");
}

#[test]
fn a_colon_in_a_plain_value_is_pointed_at_and_quoted_in_the_help() {
    let text = with_label("Beperking: de administratieve lasten");
    let findings = findings(&text);
    assert_explained(
        single(&findings),
        "colon-in-value",
        pos_in(&text, "label: Beperking: de", ": de"),
        "een dubbele punt met een spatie erna (`: `) in de waarde van `label`: YAML leest de tekst ervoor als een nieuwe sleutel",
        "zet de tekst tussen aanhalingstekens: `label: \"Beperking: de administratieve lasten\"`",
    );
}

#[test]
fn a_colon_in_a_value_with_a_trailing_comment_keeps_the_comment_out_of_the_fix() {
    let text = with_label("Beperking: de lasten # zie notulen");
    let findings = findings(&text);
    let f = single(&findings);
    assert_eq!(f.rule, "colon-in-value");
    assert_eq!(
        f.help.as_str(),
        "zet de tekst tussen aanhalingstekens: `label: \"Beperking: de lasten\"`"
    );
}

#[test]
fn a_value_with_a_double_quote_is_fixed_with_single_quotes() {
    let text = with_label("Beperking: de \"lasten\"");
    let findings = findings(&text);
    assert_eq!(
        single(&findings).help.as_str(),
        "zet de tekst tussen aanhalingstekens: `label: 'Beperking: de \"lasten\"'`"
    );
}

#[test]
fn values_starting_with_a_special_character_say_what_yaml_took_them_for() {
    let cases = [
        (
            "*Leren* en verbeteren",
            "een waarde die met `*` begint, leest YAML als een verwijzing naar een ander stuk van het bestand (een alias); `*Leren*` verwijst naar niets",
        ),
        (
            "&Beperking van de lasten",
            "een waarde die met `&` begint, leest YAML anders: `&Beperking` is dan een anker (een naam waarmee je elders met `*` naar deze waarde verwijst), geen tekst, en er blijft alleen ‘van de lasten’ over",
        ),
        (
            "!Beperking van de lasten",
            "een waarde die met `!` begint, leest YAML anders: `!Beperking` is dan een type-aanduiding (een tag), geen tekst, en er blijft alleen ‘van de lasten’ over",
        ),
        (
            "@gemeente van de lasten",
            "het teken ‘@’ is in YAML gereserveerd: een waarde zonder aanhalingstekens mag er niet mee beginnen",
        ),
        (
            "`Beperking` van de lasten",
            "het teken ‘`’ is in YAML gereserveerd: een waarde zonder aanhalingstekens mag er niet mee beginnen",
        ),
        (
            "%20 minder lasten",
            "een waarde die met `%` begint, leest YAML als een aanwijzing voor de YAML-lezer (een directive), niet als tekst",
        ),
    ];
    for (value, message) in cases {
        let text = with_label(value);
        let findings = findings(&text);
        assert_explained(
            single(&findings),
            "special-first-character",
            pos_of(&text, value),
            message,
            &format!("zet de tekst tussen aanhalingstekens: `label: \"{value}\"`"),
        );
    }
}

#[test]
fn a_block_indicator_with_text_after_it_offers_both_fixes() {
    for indicator in ['|', '>'] {
        let value = format!("{indicator} Beperking van de lasten");
        let text = with_label(&value);
        let findings = findings(&text);
        assert_explained(
            single(&findings),
            "special-first-character",
            pos_of(&text, &value),
            &format!(
                "een waarde die met `{indicator}` begint, kondigt in YAML een tekstblok aan dat op de volgende regel begint; achter `{indicator}` mag op dezelfde regel geen tekst staan"
            ),
            &format!(
                "zet de tekst tussen aanhalingstekens: `label: \"{value}\"`; of bedoel je een tekstblok: zet dan alleen `label: {indicator}` op deze regel en de tekst op de regels eronder, verder ingesprongen"
            ),
        );
    }
}

#[test]
fn an_anchor_that_an_alias_uses_is_left_alone() {
    let text = edit(
        &edit(
            &gooi(),
            "  naam: Regio Gooi en Vechtstreek\n",
            "  naam: &regio Regio Gooi en Vechtstreek\n",
        ),
        "    organisatie: Regio Gooi en Vechtstreek\n",
        "    organisatie: *regio\n",
    );
    let v = valid(&text);
    assert!(v.warnings.is_empty(), "{}", show(&v.warnings));
}

#[test]
fn a_colour_after_a_key_is_a_comment_and_the_field_is_named() {
    let text = edit(
        &gooi(),
        "      kleur: \"#1F5F8B\" # voorbeeldkleur, geen officiële huisstijl\n",
        "      kleur: #1F5F8B\n",
    );
    let findings = findings(&text);
    let f = single(&findings);
    assert_explained(
        f,
        "comment-as-value",
        pos_of(&text, "#1F5F8B"),
        "`#` begint in YAML een opmerking: alles vanaf `#` telt niet mee, dus `kleur` is leeg",
        "zet de waarde tussen aanhalingstekens: `kleur: \"#1F5F8B\"`",
    );
    assert_eq!(f.field, "gemeenten[0].huisstijl.kleur");
}

#[test]
fn curly_quotes_around_a_value_are_a_warning_with_both_ways_out() {
    let text = with_label("“Beperking van de lasten”");
    let v = valid(&text);
    let f = single(&v.warnings);
    assert_eq!(f.severity, Severity::Warning);
    assert_explained(
        f,
        "curly-quotes",
        pos_of(&text, "“Beperking"),
        "deze tekst staat tussen typografische aanhalingstekens (‘ ’ of “ ”); YAML leest die niet als aanhalingstekens, dus ze komen mee in de brief",
        "horen ze niet in de brief, typ dan rechte aanhalingstekens: `label: \"Beperking van de lasten\"`; horen ze er wel in, zet dan de hele tekst tussen enkele rechte aanhalingstekens: `label: '“Beperking van de lasten”'`",
    );
}

#[test]
fn curly_quotes_inside_straight_quotes_are_meant() {
    let text = with_label("'“Beperking van de lasten”'");
    let v = valid(&text);
    assert!(v.warnings.is_empty(), "{}", show(&v.warnings));
    // A text that merely contains a quoted word is prose, not a mistake.
    let text = with_label("Beperking van de ‘administratieve’ lasten");
    assert!(valid(&text).warnings.is_empty());
}

#[test]
fn curly_quotes_around_a_value_with_a_colon_are_named_as_the_cause() {
    let text = with_label("‘Beperking: de lasten’");
    let findings = findings(&text);
    assert_explained(
        single(&findings),
        "colon-in-value",
        pos_in(&text, "‘Beperking: de", ": de"),
        "de waarde van `label` staat tussen typografische aanhalingstekens (‘ ’ of “ ”), die YAML niet als aanhalingstekens leest; de dubbele punt met een spatie erna (`: `) maakt er dan een nieuwe sleutel van",
        "typ rechte aanhalingstekens: `label: \"Beperking: de lasten\"`",
    );
}

/// The invisible spaces Word and web pages paste, with the name the message gives.
const INVISIBLE: [(char, &str); 5] = [
    ('\u{A0}', "U+00A0, vaste spatie (non-breaking space)"),
    ('\u{2007}', "U+2007, cijferspatie (figure space)"),
    (
        '\u{202F}',
        "U+202F, smalle vaste spatie (narrow no-break space)",
    ),
    ('\u{200B}', "U+200B, breedteloze spatie (zero-width space)"),
    (
        '\u{FEFF}',
        "U+FEFF, byte-order mark (BOM) midden in het bestand",
    ),
];

#[test]
fn an_invisible_space_after_a_key_is_named_with_its_code() {
    for (c, name) in INVISIBLE {
        let text = edit(
            &gooi(),
            LABEL,
            &format!("      label:{c}Beperking van de administratieve lasten\n"),
        );
        let findings = findings(&text);
        let (line, colon) = pos_in(&text, &format!("label:{c}"), ":");
        assert_explained(
            single(&findings),
            "invisible-space",
            (line, colon + 1),
            &format!("na `label:` staat een onzichtbaar teken: {name}; YAML ziet dat niet als spatie, dus dit is geen `sleutel: waarde`"),
            "vervang het teken na de dubbele punt door een gewone spatie: `label: Beperking van de administratieve lasten`",
        );
    }
}

#[test]
fn an_invisible_space_after_a_key_is_found_when_the_parser_stops_a_line_later() {
    // `titel:<NBSP>…` reads as one long text, and the parser only stops at the colon
    // of the next line.
    let text = edit(
        &gooi(),
        "  titel: Een toekomst met perspectief\n",
        "  titel:\u{A0}Een toekomst met perspectief\n",
    );
    let findings = findings(&text);
    let (line, colon) = pos_in(&text, "titel:\u{A0}", ":");
    let f = single(&findings);
    assert_eq!(
        (f.rule, f.line, f.column),
        ("invisible-space", line, colon + 1)
    );
    assert_eq!(
        f.help.as_str(),
        "vervang het teken na de dubbele punt door een gewone spatie: `titel: Een toekomst met perspectief`"
    );
}

#[test]
fn an_invisible_space_in_the_indentation_is_named_with_its_code() {
    for (c, name) in INVISIBLE {
        let text = edit(&gooi(), LABEL, &format!("     {c}label: Beperking\n"));
        let findings = findings(&text);
        let f = single(&findings);
        let at = pos_of(&text, &format!("{c}label"));
        assert_eq!(f.rule, "invisible-space", "{}", show(&findings));
        assert_eq!((f.line, f.column), at, "{}", show(&findings));
        if c == '\u{FEFF}' {
            // The parser refuses a BOM anywhere past the start, and says so.
            assert_eq!(
                f.message,
                format!("hier staat een onzichtbaar teken: {name}; YAML staat dat alleen helemaal aan het begin van het bestand toe")
            );
        } else {
            assert_explained(
                f,
                "invisible-space",
                at,
                &format!("in de inspringing van deze regel staat een onzichtbaar teken: {name}; YAML springt alleen in met gewone spaties"),
                "verwijder de inspringing van deze regel en typ die opnieuw met de spatiebalk, twee spaties per niveau",
            );
        }
    }
}

#[test]
fn a_non_breaking_space_inside_prose_is_no_mistake() {
    // Dutch typography keeps "art.<NBSP>5" together; only YAML's own spaces matter.
    let text = with_label("Beperking van de lasten (art.\u{A0}5)");
    assert!(valid(&text).warnings.is_empty());
}

#[test]
fn a_tab_in_the_indentation_is_explained_in_dutch() {
    let text = edit(&gooi(), "    cbs: GM0376\n", "\tcbs: GM0376\n");
    let findings = findings(&text);
    assert_explained(
        single(&findings),
        "tab-indent",
        pos_of(&text, "\tcbs"),
        "deze regel springt in met een tab; YAML staat alleen spaties toe voor de inspringing",
        "vervang de tab vooraan deze regel door spaties, twee per niveau (in de meeste editors: ‘Inspringing omzetten naar spaties’)",
    );
}
