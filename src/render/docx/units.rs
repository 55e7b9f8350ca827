//! Points, as the house style gives them, in Word's units.
//!
//! Rounded to the nearest unit, so the same style always writes the same numbers.

/// Twentieths of a point: page geometry, indents, spacing, tab stops, column widths.
pub(super) fn twips(pt: f64) -> u32 {
    round(pt * 20.0)
}

/// Half-points: font sizes (`w:sz`).
pub(super) fn half_points(pt: f64) -> u32 {
    round(pt * 2.0)
}

/// Eighths of a point: border widths (`w:sz` of a border).
pub(super) fn eighths(pt: f64) -> u32 {
    round(pt * 8.0)
}

/// English Metric Units, DrawingML's unit: 12 700 per point.
pub(super) fn emu(pt: f64) -> u64 {
    let v = (pt * 12_700.0).round();
    if v.is_finite() && v > 0.0 {
        v as u64
    } else {
        0
    }
}

fn round(v: f64) -> u32 {
    let v = v.round();
    if v.is_finite() && v > 0.0 {
        v.min(f64::from(u32::MAX)) as u32
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a4_and_its_margins_in_twips() {
        let cm = crate::document::style::PT_PER_CM;
        assert_eq!(twips(21.0 * cm), 11906);
        assert_eq!(twips(29.7 * cm), 16838);
        assert_eq!(twips(2.5 * cm), 1417);
        assert_eq!(half_points(10.5), 21);
        assert_eq!(eighths(0.5), 4);
        assert_eq!(emu(2.0 * cm), 720_000);
        assert_eq!(twips(f64::NAN), 0);
    }
}
