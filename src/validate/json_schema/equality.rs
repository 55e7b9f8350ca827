//! JSON values compared as JSON Schema compares them: by value, not by representation.
//!
//! serde_json keeps `1` and `1.0` apart (`PartialEq` says they differ), while `enum`,
//! `uniqueItems` and the number limits must treat them as one number; and a `u64` beyond
//! 2^53 must not be rounded to an `f64` before it is compared.

use std::cmp::Ordering;

use serde_json::{Number, Value as Json};

/// Structural equality: numbers by value, objects regardless of key order.
pub(super) fn equal(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Null, Json::Null) => true,
        (Json::Bool(a), Json::Bool(b)) => a == b,
        (Json::String(a), Json::String(b)) => a == b,
        (Json::Number(a), Json::Number(b)) => compare(a, b) == Ordering::Equal,
        (Json::Array(a), Json::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| equal(x, y))
        }
        (Json::Object(a), Json::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(key, x)| b.get(key).is_some_and(|y| equal(x, y)))
        }
        _ => false,
    }
}

/// The exact order of two JSON numbers. serde_json (without arbitrary precision) holds
/// each as an `i64`, a `u64` or a finite `f64`.
pub(super) fn compare(a: &Number, b: &Number) -> Ordering {
    match (integer(a), integer(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(x), None) => integer_against_float(x, float(b)),
        (None, Some(y)) => integer_against_float(y, float(a)).reverse(),
        (None, None) => float(a).partial_cmp(&float(b)).unwrap_or(Ordering::Equal),
    }
}

/// Whether a number has no fraction: 2020-12 counts `1.0` as an integer.
pub(super) fn is_integer(n: &Number) -> bool {
    integer(n).is_some() || float(n).fract() == 0.0
}

fn integer(n: &Number) -> Option<i128> {
    n.as_i64()
        .map(i128::from)
        .or_else(|| n.as_u64().map(i128::from))
}

fn float(n: &Number) -> f64 {
    n.as_f64().unwrap_or(f64::NAN)
}

/// `x` against `f` without rounding `x`: JSON has no NaN or infinity, and every `i128`
/// an `i64` or `u64` gives lies well inside the range where `f.floor()` converts exactly.
fn integer_against_float(x: i128, f: f64) -> Ordering {
    if f >= 1e30 {
        return Ordering::Less;
    }
    if f <= -1e30 {
        return Ordering::Greater;
    }
    let floor = f.floor();
    match x.cmp(&(floor as i128)) {
        Ordering::Equal if f > floor => Ordering::Less,
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_compare_by_value_across_representations() {
        assert!(equal(&json!(1), &json!(1.0)));
        assert!(equal(&json!([1, {"a": 2}]), &json!([1.0, {"a": 2.0}])));
        assert!(!equal(&json!(1), &json!("1")));
        assert!(!equal(&json!(0.5), &json!(1)));
        let n = |v: Json| v.as_number().unwrap().clone();
        assert_eq!(compare(&n(json!(0.5)), &n(json!(1))), Ordering::Less);
        assert_eq!(compare(&n(json!(-1)), &n(json!(-0.5))), Ordering::Less);
        assert_eq!(compare(&n(json!(15)), &n(json!(15.0))), Ordering::Equal);
        // 2^53 + 1 rounds to 2^53 as an f64; compared exactly it is larger.
        let big = n(json!(9_007_199_254_740_993_u64));
        assert_eq!(
            compare(&big, &n(json!(9_007_199_254_740_992.0))),
            Ordering::Greater
        );
        assert_eq!(
            compare(&n(json!(u64::MAX)), &n(json!(1e300))),
            Ordering::Less
        );
        assert!(is_integer(&n(json!(2.0))) && !is_integer(&n(json!(2.5))));
    }
}
