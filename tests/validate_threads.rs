//! The first validations of a process, on several threads at once: each asks for the
//! compilation of the schema and the municipality list (`validate_source`; the first
//! starts a thread for it, `prepare_ahead`), so all of them race for the same one-time
//! work. Every thread must get what a validation alone gets. A file of its own, so that
//! no other test has compiled the schema first.

#[path = "common/regions.rs"]
mod regions;

use raadsbrief::error::Error;
use raadsbrief::validate::validate_source;
use regions::*;

/// What a validation said: the model's municipalities, or every finding.
fn outcome(text: &str) -> Result<Vec<String>, Vec<String>> {
    match validate_source(source(text)) {
        Ok(v) => Ok(v.region.gemeenten.iter().map(|g| g.cbs.clone()).collect()),
        Err(Error::Invalid(findings)) => Err(findings
            .iter()
            .map(|f| format!("{} {}:{} {}", f.rule, f.line, f.column, f.message))
            .collect()),
        Err(e) => panic!("not a validation outcome: {e:?}"),
    }
}

#[test]
fn validations_started_at_once_on_many_threads_agree() {
    let good = gooi();
    // A schema finding (an unknown key) and a rule finding (a CBS code of no one).
    let schema_bad = edit(&good, "  naam: Regio", "  nam: Regio");
    let rule_bad = edit(&good, "GM0317", "GM9999");
    let texts = [good.as_str(), schema_bad.as_str(), rule_bad.as_str()];
    let barrier = std::sync::Barrier::new(9);
    let outcomes: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..9)
            .map(|i| {
                let (barrier, text) = (&barrier, texts[i % 3]);
                scope.spawn(move || {
                    barrier.wait();
                    outcome(text)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let alone: Vec<_> = texts.iter().map(|t| outcome(t)).collect();
    assert!(alone[0].is_ok(), "{:?}", alone[0]);
    for (bad, rule) in [(&alone[1], "unknown-field"), (&alone[2], "cbs-unknown")] {
        let findings = bad.as_ref().expect_err("a finding");
        assert!(
            findings.iter().any(|f| f.contains(rule)),
            "{rule}: {findings:?}"
        );
    }
    for (i, o) in outcomes.iter().enumerate() {
        assert_eq!(o, &alone[i % 3], "thread {i}");
    }
}
