//! Calendar dates as writers type them: `2022-07-18`, or `2021-04` for a month.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use time::Month;

/// A day, parsed from `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub time::Date);

/// A day or a whole month (`2021-04`), as timelines use both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PartialDate {
    Month(i32, Month),
    Day(Date),
}

const DAY_FORMAT: &[time::format_description::BorrowedFormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]");

impl Date {
    /// Parses `YYYY-MM-DD` (a time part after `T` or a space is allowed,
    /// checked and ignored).
    pub fn parse(s: &str) -> Option<Date> {
        Date::parse_explained(s).ok()
    }

    /// As [`Date::parse`], saying what is wrong: a year of 0001 to 9999
    /// written with four digits, a real day, a real time if there is one.
    pub fn parse_explained(s: &str) -> Result<Date, String> {
        let s = s.trim();
        let (day, time) = match s.find(['T', ' ']) {
            Some(at) => (&s[..at], Some(s[at + 1..].trim())),
            None => (s, None),
        };
        let year = day.split('-').next().unwrap_or_default();
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) || year == "0000" {
            return Err(format!(
                "`{s}` is not a date: the year must have four digits, from 0001 to 9999, such as 2022-07-18"
            ));
        }
        let date = time::Date::parse(day, DAY_FORMAT)
            .map_err(|_| format!("`{s}` {NOT_REAL}; write it as 2022-07-18"))?;
        if let Some(t) = time.filter(|t| !valid_time(t)) {
            return Err(format!(
                "`{t}` is not a time of day: hours go from 00 to 23 and minutes from 00 to 59, such as 2022-07-18 14:30 (or leave the time out)"
            ));
        }
        Ok(Date(date))
    }

    /// Today in UTC.
    pub fn today() -> Date {
        Date(time::OffsetDateTime::now_utc().date())
    }

    /// `2022-07-18`.
    pub fn iso(&self) -> String {
        let mut s = String::with_capacity(10);
        self.push_iso(&mut s);
        s
    }

    /// [`Date::iso`], appended to `out`: the sitemap dates every page.
    pub fn push_iso(&self, out: &mut String) {
        // Writing into a String cannot fail.
        let _ = self.write_iso(out);
    }

    /// [`Date::iso`], written where it is displayed rather than allocated.
    pub fn show_iso(self) -> impl fmt::Display {
        fmt::from_fn(move |f| self.write_iso(f))
    }

    /// The one way `iso` is written: digit by digit, as the formatting
    /// machinery was most of the cost of dating 10,000 pages.
    fn write_iso(&self, out: &mut impl fmt::Write) -> fmt::Result {
        let d = self.0;
        let digits = |out: &mut dyn fmt::Write, n: u32, width: u32| -> fmt::Result {
            for place in (0..width).rev() {
                out.write_char(char::from(b'0' + (n / 10u32.pow(place) % 10) as u8))?;
            }
            Ok(())
        };
        match u32::try_from(d.year()) {
            Ok(year) if year <= 9999 => digits(out, year, 4)?,
            _ => write!(out, "{:04}", d.year())?,
        }
        out.write_char('-')?;
        digits(out, d.month() as u32, 2)?;
        out.write_char('-')?;
        digits(out, u32::from(d.day()), 2)
    }

    /// `18 July 2022`, the house style for people.
    pub fn human(&self) -> String {
        self.show_human().to_string()
    }

    /// [`Date::human`], written where it is displayed rather than allocated.
    pub fn show_human(self) -> impl fmt::Display {
        let d = self.0;
        fmt::from_fn(move |f| write!(f, "{} {} {}", d.day(), d.month(), d.year()))
    }

    /// Midnight UTC in RFC 3339, for feeds.
    pub fn rfc3339(&self) -> String {
        format!("{}T00:00:00Z", self.iso())
    }

    /// The calendar year.
    pub fn year(&self) -> i32 {
        self.0.year()
    }
}

impl PartialDate {
    /// Parses `YYYY-MM-DD` or `YYYY-MM`.
    pub fn parse(s: &str) -> Option<PartialDate> {
        if let Some(d) = Date::parse(s) {
            return Some(PartialDate::Day(d));
        }
        let (y, m) = s.trim().split_once('-')?;
        if y.len() != 4 || m.len() != 2 || !y.bytes().all(|b| b.is_ascii_digit()) || y == "0000" {
            return None;
        }
        let month = Month::try_from(m.parse::<u8>().ok()?).ok()?;
        Some(PartialDate::Month(y.parse().ok()?, month))
    }

    /// `18 July 2022` or `April 2021`.
    pub fn human(&self) -> String {
        match self {
            PartialDate::Day(d) => d.human(),
            PartialDate::Month(y, m) => format!("{m} {y}"),
        }
    }

    /// `2022-07-18` or `2021-04`, for `<time datetime>`.
    pub fn iso(&self) -> String {
        match self {
            PartialDate::Day(d) => d.iso(),
            PartialDate::Month(y, m) => format!("{y:04}-{:02}", *m as u8),
        }
    }

    /// The first day it covers, for ordering.
    pub fn first_day(&self) -> Date {
        match self {
            PartialDate::Day(d) => *d,
            PartialDate::Month(y, m) => {
                Date(time::Date::from_calendar_date(*y, *m, 1).unwrap_or(time::Date::MIN))
            }
        }
    }
}

/// True for `14:30`, `14:30:05`, `14:30:05.123`, each perhaps followed by
/// `Z` or an offset such as `+01:00`: a time a writer may put after a date.
fn valid_time(t: &str) -> bool {
    let (clock, zone) = match t.find(['Z', 'z', '+', '-']) {
        Some(at) => t.split_at(at),
        None => (t, ""),
    };
    let clock = clock.trim();
    let mut parts = clock.split(':');
    let field = |p: Option<&str>, max: u32| {
        p.filter(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|p| p.parse::<u32>().ok())
            .is_some_and(|n| n <= max)
    };
    if !field(parts.next(), 23) || !field(parts.next(), 59) {
        return false;
    }
    if let Some(sec) = parts.next() {
        let whole = sec.split('.').next().unwrap_or_default();
        if !field(Some(whole), 60) {
            return false;
        }
    }
    if parts.next().is_some() {
        return false;
    }
    match zone {
        "" | "Z" | "z" => true,
        z => {
            let mut off = z[1..].split(':');
            field(off.next(), 23) && off.next().is_none_or(|m| field(Some(m), 59))
        }
    }
}

/// How a well-formed but impossible day (`2021-02-30`) is described; the
/// YAML error for it keeps its older wording, which quotes the value.
const NOT_REAL: &str = "is not a real date";

/// True for text shaped like a date (digits, then `-` and more), whose
/// mistake is worth explaining rather than just "expected a date".
fn looks_dated(v: &str) -> bool {
    let v = v.trim().trim_start_matches('-');
    v.split_once('-')
        .is_some_and(|(y, _)| !y.is_empty() && y.bytes().all(|b| b.is_ascii_digit()))
}

struct DateVisitor<const MONTH_OK: bool>;

impl<'de, const MONTH_OK: bool> Visitor<'de> for DateVisitor<MONTH_OK> {
    type Value = PartialDate;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        if MONTH_OK {
            f.write_str("a date like 2021-04-22, or a month like 2021-04")
        } else {
            f.write_str("a date like 2021-04-22")
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<PartialDate, E> {
        let parsed = if MONTH_OK {
            PartialDate::parse(v)
        } else {
            Date::parse(v).map(PartialDate::Day)
        };
        parsed.ok_or_else(|| match Date::parse_explained(v) {
            // Looks like a date, but the year or time is impossible: say which.
            Err(why) if looks_dated(v) && !why.contains(NOT_REAL) => E::custom(why),
            _ => E::invalid_value(de::Unexpected::Str(v), &self),
        })
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match d.deserialize_str(DateVisitor::<false>)? {
            PartialDate::Day(day) => Ok(day),
            PartialDate::Month(..) => Err(de::Error::custom("expected a full date")),
        }
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(DateVisitor::<true>)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_is_zero_padded_year_month_day() {
        let day = |y, m: u8, d| {
            Date(time::Date::from_calendar_date(y, Month::try_from(m).unwrap(), d).unwrap())
        };
        assert_eq!(day(2022, 7, 8).iso(), "2022-07-08");
        assert_eq!(day(2022, 12, 31).iso(), "2022-12-31");
        assert_eq!(day(800, 1, 5).iso(), "0800-01-05");
        assert_eq!(day(-5, 1, 5).iso(), "-005-01-05");
        let mut d = day(1999, 1, 1);
        for _ in 0..800 {
            let old = format!(
                "{:04}-{:02}-{:02}",
                d.0.year(),
                d.0.month() as u8,
                d.0.day()
            );
            assert_eq!(d.iso(), old);
            assert_eq!(d.show_iso().to_string(), old);
            d = Date(d.0.next_day().unwrap());
        }
    }

    #[test]
    fn parses_days_and_months() {
        assert_eq!(
            Date::parse("2022-07-18").map(|d| d.human()),
            Some("18 July 2022".into())
        );
        assert_eq!(
            PartialDate::parse("2021-04").map(|d| d.human()),
            Some("April 2021".into())
        );
        assert_eq!(
            PartialDate::parse("2021-04").map(|d| d.iso()),
            Some("2021-04".into())
        );
        assert!(Date::parse("2022-13-01").is_none());
        assert!(PartialDate::parse("April").is_none());
        assert!(Date::parse("2022-02-30").is_none());
    }

    #[test]
    fn impossible_years_and_times_are_refused_with_the_reason() {
        for bad in ["0000-01-01", "-2022-01-01", "20222-01-01", "22-01-01"] {
            let e = Date::parse_explained(bad).unwrap_err();
            assert!(e.contains("four digits, from 0001 to 9999"), "{bad}: {e}");
            assert!(PartialDate::parse(bad).is_none(), "{bad}");
        }
        assert!(PartialDate::parse("0000-01").is_none());
        assert!(PartialDate::parse("-202-01").is_none());
        for bad in [
            "2022-07-18 25:61",
            "2022-07-18T24:00",
            "2022-07-18 9:30",
            "2022-07-18T10",
        ] {
            let e = Date::parse_explained(bad).unwrap_err();
            assert!(e.contains("is not a time of day"), "{bad}: {e}");
        }
        for good in [
            "2022-07-18 14:30",
            "2022-07-18T14:30:05",
            "2022-07-18T14:30:05.250Z",
            "2022-07-18 14:30:05+01:00",
            "2022-07-18T23:59:60-05:00",
        ] {
            assert!(Date::parse(good).is_some(), "{good}");
        }
        #[derive(Deserialize, Debug)]
        #[allow(dead_code)]
        struct T {
            date: Date,
        }
        let e = serde_yaml_ng::from_str::<T>("date: 2022-07-18 25:61")
            .unwrap_err()
            .to_string();
        assert!(e.contains("`25:61` is not a time of day"), "{e}");
        let e = serde_yaml_ng::from_str::<T>("date: -2022-01-01")
            .unwrap_err()
            .to_string();
        assert!(e.contains("from 0001 to 9999"), "{e}");
    }

    #[test]
    fn yaml_rejects_a_non_date_with_a_clear_message() {
        #[derive(Deserialize, Debug)]
        #[allow(dead_code)]
        struct T {
            date: Date,
        }
        let e = serde_yaml_ng::from_str::<T>("date: next tuesday")
            .unwrap_err()
            .to_string();
        assert!(e.contains("expected a date like 2021-04-22"), "{e}");
    }
}
