//! How the lived experience a mentor shares is named to readers. The spec
//! has no vocabulary file for it, so the slugs the programme uses get
//! written labels here and any other slug is read out as words.

/// Labels for the slugs the example programme uses.
const KNOWN: [(&str, &str); 10] = [
    (
        "first-in-family-to-university",
        "First in family to go to university",
    ),
    ("caring-responsibilities", "Caring responsibilities"),
    ("career-break", "Career break"),
    ("part-time-working", "Part-time working"),
    (
        "disability-or-long-term-condition",
        "Disability or long-term condition",
    ),
    ("neurodivergent", "Neurodivergent"),
    ("international-background", "International background"),
    ("lgbtq-plus", "LGBTQ+"),
    ("minority-ethnic-background", "Minority ethnic background"),
    ("changed-discipline", "Changed discipline"),
];

/// The label of a shared-experience slug: known wording, else the slug as a sentence.
pub fn label(slug: &str) -> String {
    if let Some((_, l)) = KNOWN.iter().find(|(s, _)| *s == slug) {
        return (*l).to_string();
    }
    let words = slug.replace('-', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::label;

    #[test]
    fn known_slugs_have_labels_and_others_read_as_words() {
        assert_eq!(label("lgbtq-plus"), "LGBTQ+");
        assert_eq!(label("returned-from-industry"), "Returned from industry");
    }
}
