//! Text for the index: rendered HTML to plain text, and the tokeniser the
//! index's fields use. Both avoid allocating per word: the text is written
//! into one string, and words are slices of it until the pipeline needs an
//! owned token.

/// Tokens longer than this (in bytes) are not indexed: they are addresses
/// or run-together text nobody types, and the index's trie would nest one
/// level per character.
pub const MAX_TOKEN_BYTES: usize = 64;

/// The stop words of elasticlunr-rs's English pipeline (the same list as
/// elasticlunr.js and our browser client). A word that trims to one of
/// these is dropped before it reaches the pipeline, which would drop it
/// anyway, so the index is the same with fewer allocations.
pub const STOP_WORDS: [&str; 119] = [
    "a", "able", "about", "across", "after", "all", "almost", "also", "am", "among", "an", "and",
    "any", "are", "as", "at", "be", "because", "been", "but", "by", "can", "cannot", "could",
    "dear", "did", "do", "does", "either", "else", "ever", "every", "for", "from", "get", "got",
    "had", "has", "have", "he", "her", "hers", "him", "his", "how", "however", "i", "if", "in",
    "into", "is", "it", "its", "just", "least", "let", "like", "likely", "may", "me", "might",
    "most", "must", "my", "neither", "no", "nor", "not", "of", "off", "often", "on", "only", "or",
    "other", "our", "own", "rather", "said", "say", "says", "she", "should", "since", "so", "some",
    "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "tis", "to",
    "too", "twas", "us", "wants", "was", "we", "were", "what", "when", "where", "which", "while",
    "who", "whom", "why", "will", "with", "would", "yet", "you", "your",
];

/// Appends the text of `html` to `out`: tags dropped, entities decoded,
/// whitespace collapsed to single spaces, block boundaries kept as spaces.
/// The `#` links beside headings are left out.
pub fn html_to_text(html: &str, out: &mut String) {
    let bytes = html.as_bytes();
    let mut i = 0;
    let mut skip_until_a_closes = false;
    let mut pending_space = !out.is_empty();
    let push = |out: &mut String, s: &str, pending: &mut bool| {
        if s.starts_with(char::is_whitespace) {
            *pending = true;
        }
        for word in s.split_whitespace() {
            if *pending && !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
            *pending = true;
        }
        *pending = s.ends_with(char::is_whitespace) || (*pending && s.trim().is_empty());
    };
    while i < bytes.len() {
        match bytes[i] {
            b'<' => {
                let end = html[i..].find('>').map_or(bytes.len(), |e| i + e + 1);
                let tag = &html[i + 1..end.saturating_sub(1).max(i + 1)];
                if tag.starts_with("a ") && tag.contains("heading-anchor") {
                    skip_until_a_closes = true;
                } else if skip_until_a_closes && tag == "/a" {
                    skip_until_a_closes = false;
                } else if !is_inline(tag) {
                    pending_space = true;
                }
                i = end;
            }
            b'&' if !skip_until_a_closes => {
                let rest = &html[i..];
                let end = rest
                    .char_indices()
                    .take(12)
                    .find(|&(_, c)| c == ';')
                    .map(|(e, _)| e);
                match end.and_then(|e| decode_entity(&rest[1..e]).map(|c| (e, c))) {
                    Some((e, c)) => {
                        let mut buf = [0u8; 4];
                        push(out, c.encode_utf8(&mut buf), &mut pending_space);
                        i += e + 1;
                    }
                    None => {
                        push(out, "&", &mut pending_space);
                        i += 1;
                    }
                }
            }
            _ => {
                let next = bytes[i + 1..]
                    .iter()
                    .position(|&b| b == b'<' || b == b'&')
                    .map_or(bytes.len(), |e| i + 1 + e);
                if !skip_until_a_closes {
                    push(out, &html[i..next], &mut pending_space);
                }
                i = next;
            }
        }
    }
}

/// Tags that do not separate words (`<em>` inside a word stays one word).
fn is_inline(tag: &str) -> bool {
    let name = tag
        .trim_start_matches('/')
        .split(|c: char| c.is_whitespace() || c == '/')
        .next()
        .unwrap_or("");
    matches!(
        name,
        "a" | "em" | "strong" | "code" | "span" | "b" | "i" | "del" | "sup" | "sub" | "abbr"
    )
}

fn decode_entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" | "#39" => Some('\''),
        "nbsp" => Some(' '),
        _ => {
            let n = name.strip_prefix('#')?;
            let code = match n.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => n.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

/// elasticlunr's English tokeniser (split on whitespace and `-`, lower
/// case), minus the tokens its pipeline is certain to drop: those that trim
/// to nothing or to a stop word, and over-long ones. Only the tokens kept
/// are allocated.
pub fn tokenize(text: &str) -> Vec<String> {
    let mut out = Vec::with_capacity(text.len() / 8);
    for raw in text.split(|c: char| c.is_whitespace() || c == '-') {
        if raw.is_empty() || raw.len() > MAX_TOKEN_BYTES {
            continue;
        }
        if raw.is_ascii() {
            if dropped_by_pipeline(raw) {
                continue;
            }
            out.push(raw.to_ascii_lowercase());
        } else {
            let lower = raw.to_lowercase();
            if !dropped_by_pipeline(&lower) {
                out.push(lower);
            }
        }
    }
    out
}

/// True when the pipeline's trimmer and stop-word filter would drop the
/// (ASCII, any case; or already lower-cased) token.
fn dropped_by_pipeline(raw: &str) -> bool {
    let t = trim(raw);
    if t.is_empty() {
        return true;
    }
    if t.len() > 7 || !t.is_ascii() {
        return false;
    }
    let mut buf = [0u8; 7];
    for (b, c) in buf.iter_mut().zip(t.bytes()) {
        *b = c.to_ascii_lowercase();
    }
    let lower = std::str::from_utf8(&buf[..t.len()]).unwrap_or("");
    STOP_WORDS.binary_search(&lower).is_ok()
}

/// elasticlunr's trimmer: strips everything but ASCII letters, digits and
/// `_` from both ends.
pub fn trim(token: &str) -> &str {
    token.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use elasticlunr::Language;
    use elasticlunr::lang::English;

    fn text(html: &str) -> String {
        let mut s = String::new();
        html_to_text(html, &mut s);
        s
    }

    #[test]
    fn html_becomes_plain_text() {
        assert_eq!(
            text(
                "<h2 id=\"a\">Drivers <a class=\"heading-anchor\" href=\"#a\"><span aria-hidden=\"true\">#</span><span class=\"visually-hidden\">Link to this section</span></a></h2>\n<p>Fish &amp; chips,\n  <em>very</em>nice&#8217;s &lt;b&gt;</p><ul><li>one</li><li>two</li></ul>"
            ),
            "Drivers Fish & chips, verynice\u{2019}s <b> one two"
        );
        assert_eq!(text("a &bogus; b & c"), "a &bogus; b & c");
    }

    #[test]
    fn stop_words_are_sorted_and_those_of_elasticlunr() {
        let mut sorted = STOP_WORDS;
        sorted.sort_unstable();
        assert_eq!(sorted, STOP_WORDS);
        // Every listed word is dropped by the real pipeline.
        let pipeline = English::new().make_pipeline();
        for w in STOP_WORDS {
            assert!(pipeline.run(vec![w.to_string()]).is_empty(), "{w}");
        }
    }

    #[test]
    fn our_tokeniser_gives_the_pipeline_what_elasticlunr_would_keep() {
        let english = English::new();
        let pipeline = english.make_pipeline();
        let sample = "The Mentors' funding—(and) THE fellowship's Work-life balance: it's \
                      café, naïve, K\u{212a}elvin, [tag] ... 'quoted' _under_ 42 İstanbul";
        let ours = pipeline.run(tokenize(sample));
        let theirs = pipeline.run(english.tokenize(sample));
        assert_eq!(ours, theirs);
    }
}
