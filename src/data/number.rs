//! Counts and percentages as writers type them. Both keep what was written
//! (a negative count, a percentage over 100) so that the model can check
//! every figure in one pass and say which line is wrong, in plain words.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

/// A whole number of people, sessions or responses, not yet checked for sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Count(pub i64);

/// A percentage, not yet checked to lie between 0 and 100.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Percent(pub f64);

impl Count {
    /// The count when it is not negative and not absurdly large.
    pub fn checked(self) -> Option<u32> {
        u32::try_from(self.0).ok()
    }

    /// Why [`Count::checked`] refused it, in words that are true of it.
    pub fn problem(self) -> String {
        if self.0 < 0 {
            format!("a count cannot be negative, but this one is {}", self.0)
        } else {
            format!(
                "{} is too large for a count (the most casebook takes is {})",
                self.0,
                u32::MAX
            )
        }
    }
}

impl Percent {
    /// True for 0 to 100 inclusive.
    pub fn in_range(self) -> bool {
        (0.0..=100.0).contains(&self.0)
    }
}

struct CountVisitor;

impl Visitor<'_> for CountVisitor {
    type Value = Count;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a whole number, such as 31")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Count, E> {
        Ok(Count(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Count, E> {
        i64::try_from(v)
            .map(Count)
            .map_err(|_| E::custom(format!("{v} is too large for a count")))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Count, E> {
        // `31.0` is a whole number written oddly; `31.5` people is a mistake.
        if v.fract() == 0.0 && v.abs() < 1e15 {
            Ok(Count(v as i64))
        } else {
            Err(E::custom(format!(
                "a count must be a whole number, not {v}"
            )))
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Count, E> {
        if v.trim().parse::<i64>().is_ok() {
            return Err(E::custom(format!(
                "write {} without quotes: a count is a number, not text",
                v.trim()
            )));
        }
        let example = leading_number(v).unwrap_or("31");
        Err(E::custom(format!(
            "a count must be a number alone, such as {example}, not \"{v}\""
        )))
    }
}

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(CountVisitor)
    }
}

struct PercentVisitor;

impl Visitor<'_> for PercentVisitor {
    type Value = Percent;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a percentage as a number, such as 35")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Percent, E> {
        Ok(Percent(v as f64))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Percent, E> {
        Ok(Percent(v as f64))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Percent, E> {
        if v.is_finite() {
            Ok(Percent(v))
        } else {
            Err(E::custom("a percentage must be a number between 0 and 100"))
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Percent, E> {
        if v.trim().parse::<f64>().is_ok() {
            return Err(E::custom(format!(
                "write {} without quotes: a percentage is a number, not text",
                v.trim()
            )));
        }
        // Writers copy figures from reports, where they carry a `%` sign.
        let example = match v.trim().trim_end_matches('%').trim().parse::<f64>() {
            Ok(n) if v.contains('%') => n.to_string(),
            _ => leading_number(v).unwrap_or("35").to_string(),
        };
        Err(E::custom(format!(
            "write a percentage as a number without `%`, such as {example}, not \"{v}\""
        )))
    }
}

impl<'de> Deserialize<'de> for Percent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(PercentVisitor)
    }
}

/// The number a text starts with (`31` in `31 pairs`), to suggest it.
fn leading_number(v: &str) -> Option<&str> {
    let v = v.trim();
    let end = v
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(v.len());
    let n = v[..end].trim_end_matches('.');
    (!n.is_empty() && n.parse::<f64>().is_ok()).then_some(n)
}

/// A figure as people read it: `35`, `35.5` (one decimal place at most).
pub fn show(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct T {
        n: Count,
        p: Percent,
    }

    fn parse(text: &str) -> Result<T, String> {
        serde_yaml_ng::from_str::<T>(text).map_err(|e| e.to_string())
    }

    #[test]
    fn negatives_and_out_of_range_parse_so_the_model_can_name_them() {
        let t = parse("n: -3\np: 104\n").unwrap();
        assert_eq!(t.n.checked(), None);
        assert!(!t.p.in_range());
        assert_eq!(parse("n: 31.0\np: 35.5\n").unwrap().n, Count(31));
    }

    #[test]
    fn out_of_range_counts_are_described_truly() {
        let t = parse("n: 4294967296\np: 3\n").unwrap();
        assert_eq!(t.n.checked(), None);
        assert!(
            t.n.problem()
                .starts_with("4294967296 is too large for a count")
        );
        assert!(
            Count(-4)
                .problem()
                .contains("cannot be negative, but this one is -4")
        );
        assert_eq!(Count(4_294_967_295).checked(), Some(u32::MAX));
    }

    #[test]
    fn mistakes_are_explained_plainly() {
        let e = parse("n: 31.5\np: 3\n").unwrap_err();
        assert!(
            e.contains("a count must be a whole number, not 31.5"),
            "{e}"
        );
        let e = parse("n: lots\np: 3\n").unwrap_err();
        assert!(e.contains("a count must be a number"), "{e}");
        let e = parse("n: 1\np: 35%\n").unwrap_err();
        assert!(e.contains("without `%`, such as 35"), "{e}");
        let e = parse("n: 1\np: \"36\"\n").unwrap_err();
        assert!(e.contains("write 36 without quotes"), "{e}");
        let e = parse("n: \"31\"\np: 3\n").unwrap_err();
        assert!(e.contains("write 31 without quotes"), "{e}");
        let e = parse("n: 31 pairs\np: 3\n").unwrap_err();
        assert!(e.contains("such as 31, not \"31 pairs\""), "{e}");
    }

    #[test]
    fn show_rounds_to_one_place() {
        assert_eq!(show(35.483), "35.5");
        assert_eq!(show(35.0), "35");
        assert_eq!(show(33.87), "33.9");
    }
}
