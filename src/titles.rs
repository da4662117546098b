//! The titles that come before a person's name (`Dr`, `Prof.`), shared by
//! the anonymisation guard, which looks for a surname after one, and the
//! mentor directory, which leaves them out when it sorts by surname: one
//! list, so that a title the guard knows is never a "surname" to the sort.

/// Titles that come before a surname, lower case and without their dot.
pub const HONORIFICS: [&str; 14] = [
    "dr",
    "doctor",
    "prof",
    "professor",
    "mr",
    "mrs",
    "ms",
    "mx",
    "miss",
    "sir",
    "dame",
    "rev",
    "revd",
    "reverend",
];

/// True when `word` (already lower case) is a title, with or without a dot.
pub fn is_title(word: &str) -> bool {
    HONORIFICS.contains(&word.trim_end_matches('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_match_with_or_without_a_dot_and_nothing_else() {
        for w in ["dr", "dr.", "prof.", "reverend", "miss"] {
            assert!(is_title(w), "{w}");
        }
        for w in ["drew", "professorship", "", "jane"] {
            assert!(!is_title(w), "{w}");
        }
    }
}
