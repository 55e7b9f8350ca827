//! Calendar dates as the letters use them, without a date-time dependency.
//!
//! A council letter only needs day precision, a validity check, ISO input and the
//! Dutch written form. "today" comes from `SOURCE_DATE_EPOCH` when set, so builds are
//! reproducible, and from the clock only when the input asks for it.

use std::fmt;

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

/// Why a date string was refused: the shape, or a day that does not exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    Shape,
    NoSuchDay,
}

impl Date {
    /// Parses `YYYY-MM-DD` and checks the day exists (no 31 April, 29 February only in
    /// leap years).
    pub fn parse_iso(text: &str) -> Result<Date, DateError> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(DateError::Shape);
        }
        let num = |r: std::ops::Range<usize>| -> Result<u32, DateError> {
            let s = &text[r];
            if s.bytes().all(|c| c.is_ascii_digit()) {
                s.parse().map_err(|_| DateError::Shape)
            } else {
                Err(DateError::Shape)
            }
        };
        let (year, month, day) = (num(0..4)? as i32, num(5..7)?, num(8..10)?);
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(DateError::NoSuchDay);
        }
        Ok(Date { year, month, day })
    }

    /// The date `days` days after 1970-01-01 (Howard Hinnant's civil-from-days).
    pub fn from_unix_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Today: from `SOURCE_DATE_EPOCH` when set (reproducible builds), else the clock.
    pub fn today() -> Date {
        let secs = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|v| v.trim().parse::<i64>().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_secs() as i64)
                    .unwrap_or(0)
            });
        Date::from_unix_days(secs.div_euclid(86_400))
    }

    /// "23 november 2026", as Dutch letters write dates.
    pub fn dutch(&self) -> String {
        format!(
            "{} {} {}",
            self.day,
            MONTHS[self.month as usize - 1],
            self.year
        )
    }

    /// "2026-11-23", for file names and metadata.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_writes_dutch() {
        let d = Date::parse_iso("2026-11-23").unwrap();
        assert_eq!(d.dutch(), "23 november 2026");
        assert_eq!(d.iso(), "2026-11-23");
    }

    #[test]
    fn refuses_days_that_do_not_exist() {
        assert_eq!(Date::parse_iso("2021-02-29"), Err(DateError::NoSuchDay));
        assert!(Date::parse_iso("2024-02-29").is_ok());
        assert_eq!(Date::parse_iso("2021-04-31"), Err(DateError::NoSuchDay));
        assert_eq!(Date::parse_iso("2021-13-01"), Err(DateError::NoSuchDay));
        assert_eq!(Date::parse_iso("21-1-1"), Err(DateError::Shape));
        assert_eq!(Date::parse_iso("2021-0a-01"), Err(DateError::Shape));
    }

    #[test]
    fn unix_days_round_trip_known_dates() {
        assert_eq!(Date::from_unix_days(0).iso(), "1970-01-01");
        assert_eq!(Date::from_unix_days(20_416).iso(), "2025-11-24");
        assert_eq!(Date::from_unix_days(11_016).iso(), "2000-02-29");
    }
}
