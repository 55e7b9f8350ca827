//! "Did you mean …?" for misspelt keys and values.

/// The candidate closest to `input`, if it is close enough to be a plausible typo.
/// Case and the `-`/`_`/space difference are ignored, because `Kennisnemen_van` for
/// `kennisnemen-van` is the commonest slip.
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let norm = |s: &str| s.to_lowercase().replace(['_', ' '], "-");
    let wanted = norm(input);
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(&wanted, &norm(c)), c))
        .filter(|(d, c)| *d <= (c.chars().count() / 3).max(2))
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn finds_typos_and_case_slips() {
        let keys = ["naam", "cbs", "portefeuillehouder", "huisstijl"];
        assert_eq!(
            closest("portefeuilehouder", keys),
            Some("portefeuillehouder")
        );
        assert_eq!(closest("Naam", keys), Some("naam"));
        assert_eq!(
            closest("kennisnemen_van", ["kennisnemen-van"]),
            Some("kennisnemen-van")
        );
        assert_eq!(closest("telefoonnummer", keys), None);
    }
}
