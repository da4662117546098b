//! Counted nouns in messages, the one place that decides `1 warning` against
//! `3 warnings`.

/// `1 case study` or `3 case studies`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The `s` that makes a regular noun plural for `n` (empty for one).
pub fn plural_s(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(
            count(1, "case study is", "case studies are"),
            "1 case study is"
        );
        assert_eq!(
            count(0, "case study is", "case studies are"),
            "0 case studies are"
        );
        assert_eq!(count(3, "warning", "warnings"), "3 warnings");
        assert_eq!(plural_s(1), "");
        assert_eq!(plural_s(0), "s");
        assert_eq!(plural_s(2), "s");
    }
}
