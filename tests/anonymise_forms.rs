//! The anonymisation guard against every way a register name reaches a
//! page in ordinary writing, in every place that is published: each leak
//! must stop the build with the file (and line, where the name is written
//! whole) and leave the previous output as it was; each look-alike must
//! build.

mod common;

use common::{Site, snapshot};

const REGISTER: &str = "# Real names: never publish
Margaret Okonkwo-Hale | Maggie Hale
Pieter van der Berg
Aoife Ní Bhriain
Tomasz Kowalski
Seán O'Connell
Adebola Whitlock-Ince
Diego de la Cruz
Ciarán Mac an tSaoir
Alex Sharp
Johannes van der Waals
";

const STUDY: &str = "content/case-studies/first-story.md";
const FAQ: &str = "content/guidance/faq.md";

const MENTOR: &str = "id: m-0001
name: Prof Jane Example
position: Professor of nursing
organisation: Fenmoor University
region: East of England
disciplines: [Nursing]
clinical: true
themes: [career-progression]
availability: open
bio: |
  Jane mentors nurses who are starting research.
";

/// The fixture with a register and a mentor, built once so that there is
/// a previous output to keep.
fn site() -> Site {
    let site = Site::fixture("basic");
    site.write("data/private/names.txt", REGISTER);
    site.write("data/mentors/m-0001.yaml", MENTOR);
    site.write("static/notes.txt", "Opening hours.\n");
    site
}

/// One leak: `text` replaces `from` in `file` (or is the whole of a new
/// file when `from` is empty); the error must name `expect` at `line`.
struct Leak {
    file: &'static str,
    from: &'static str,
    text: &'static str,
    expect: &'static str,
    line: Line,
}

/// Where the error must point.
enum Line {
    /// The line of `from`.
    OfChange,
    At(usize),
    /// The file name: no line.
    FileName,
}

const fn leak(file: &'static str, from: &'static str, text: &'static str) -> Leak {
    Leak {
        file,
        from,
        text,
        expect: file,
        line: Line::OfChange,
    }
}

fn leaks() -> Vec<Leak> {
    let body = |text| leak(STUDY, "Why.", text);
    let faq = |text| leak(FAQ, "Questions.", text);
    vec![
        // Titles before a surname, whole and in parts.
        body("Dr Okonkwo-Hale helped."),
        body("Mrs Okonkwo-Hale helped."),
        body("Dr van der Berg helped."),
        body("Prof Ní Bhriain helped."),
        body("Prof. Ni Bhriain helped."),
        body("Mx de la Cruz helped."),
        body("Dr Mac an tSaoir helped."),
        body("Dr Whitlock-Ince helped."),
        body("Mr O'Connell helped."),
        body("Mr O\u{2019}Connell helped."),
        body("Sir Kowalski helped."),
        body("Dame Okonkwo-Hale helped."),
        body("Rev Kowalski helped."),
        body("Miss Kowalski helped."),
        body("Ms Kowalski helped."),
        body("Professor Kowalski helped."),
        // Initials, surname first, possessives, other spellings.
        body("Dr T. Kowalski helped."),
        body("T Kowalski helped."),
        body("M. Okonkwo-Hale helped."),
        body("Kowalski, Tomasz helped."),
        body("van der Berg, Pieter helped."),
        body("Tomasz Kowalski's view helped."),
        body("Seán O\u{2019}Connell\u{2019}s view helped."),
        body("Maggie Hale helped."),
        body("MARGARET OKONKWO-HALE helped."),
        // Spellings that look different but read the same.
        body("Margaret&nbsp;Okonkwo-Hale helped."),
        body("Margaret\u{a0}Okonkwo\u{2011}Hale helped."),
        body("Tomasz Kow\u{ad}alski helped."),
        body("Tomasz Kow\u{200b}alski helped."),
        body("Tomasz K&oacute;walski helped."),
        body("Sea\u{301}n O'Connell helped."),
        body("\u{ff34}\u{ff4f}\u{ff4d}\u{ff41}\u{ff53}\u{ff5a} Kowalski helped."),
        // Markup between the words.
        body("[Tomasz](https://example.org/) Kowalski helped."),
        body("<span>Tomasz</span> <span>Kowalski</span> helped."),
        body("*Tomasz* **Kow**alski helped."),
        body("Tomasz\nKowalski helped."),
        // Attributes, titles, comments, headings.
        body("![Tomasz Kowalski](https://example.org/a.png)"),
        body("![A portrait](https://example.org/a.png \"Dr Kowalski\")"),
        body("[a site](https://example.org/ \"Prof van der Berg\")"),
        body("<abbr title=\"Margaret Okonkwo-Hale\">MOH</abbr> helped."),
        body("<!-- from the interview with Tomasz Kowalski -->"),
        leak(STUDY, "## Drivers for joining", "## Dr Kowalski's advice"),
        leak(
            STUDY,
            "summary: The first pair's story.",
            "summary: Dr Kowalski's story.",
        ),
        leak(
            STUDY,
            "role: Professor of primary care",
            "role: Professor, like Dr Ní Bhriain",
        ),
        // Every other page and data file, and the settings.
        faq("Ask Dr Kowalski."),
        leak(
            "content/guidance/_index.md",
            "Guidance for applicants.",
            "Written with Tomasz Kowalski.",
        ),
        leak(
            "content/about.md",
            "About the programme.",
            "Thanks to Dr van der Berg.",
        ),
        leak(
            "content/_index.md",
            "Welcome to the fixture.",
            "Welcome from Maggie Hale.",
        ),
        leak(
            "data/themes.yaml",
            "Moving to the next stage.",
            "As Dr Kowalski did.",
        ),
        leak(
            "data/mentors/m-0001.yaml",
            "Jane mentors nurses",
            "Jane, with Dr Okonkwo-Hale, mentors nurses",
        ),
        leak(
            "data/mentors/m-0001.yaml",
            "position: Professor of nursing",
            "position: Deputy to Prof Ní Bhriain",
        ),
        leak(
            "site.yaml",
            "description: A fixture site for casebook's tests.",
            "description: Run by Tomasz Kowalski.",
        ),
        // A file name becomes an address.
        Leak {
            file: "content/guidance/tomasz-kowalski.md",
            from: "",
            text: "---\ntitle: Eligibility notes\n---\nText.\n",
            expect: "content/guidance/tomasz-kowalski.md",
            line: Line::FileName,
        },
        // Text files under static/ are published as they are.
        leak("static/notes.txt", "Opening hours.", "Ask Tomasz Kowalski."),
        Leak {
            file: "static/people.csv",
            from: "",
            text: "name,role\n\"Kowalski, Tomasz\",chair\n",
            expect: "static/people.csv",
            line: Line::At(2),
        },
        Leak {
            file: "static/logo.svg",
            from: "",
            text: "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>Dr Okonkwo-Hale</title></svg>\n",
            expect: "static/logo.svg",
            line: Line::At(1),
        },
        Leak {
            file: "static/team.json",
            from: "",
            text: "{\"lead\": \"Tomasz\\u00a0Kowalski\"}\n",
            expect: "static/team.json",
            line: Line::At(1),
        },
    ]
}

/// The diagnostics printed under `file`, one per line.
fn under<'a>(stderr: &'a str, file: &str) -> Vec<&'a str> {
    let mut lines = stderr.lines().skip_while(|l| *l != file);
    if lines.next().is_none() {
        return Vec::new();
    }
    lines.take_while(|l| l.starts_with(' ')).collect()
}

#[test]
fn every_leak_stops_the_build_and_keeps_the_previous_output() {
    let site = site();
    site.build().ok();
    let before = snapshot(&site.public());
    assert!(before.len() > 15);
    let cases = leaks();
    assert!(cases.len() >= 40, "{} leak forms", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let original = site
            .path()
            .join(case.file)
            .exists()
            .then(|| site.source(case.file));
        let changed = match &original {
            Some(text) if !case.from.is_empty() => {
                assert!(
                    text.contains(case.from),
                    "{}: {:?} not found",
                    case.file,
                    case.from
                );
                text.replacen(case.from, case.text, 1)
            }
            _ => case.text.to_string(),
        };
        let want = match case.line {
            Line::OfChange => {
                let text = original.as_deref().unwrap_or_default();
                let at = text.find(case.from).unwrap_or_default();
                let line = 1 + text[..at].matches('\n').count();
                format!("  {line}: error: not published: ")
            }
            Line::At(line) => format!("  {line}: error: not published: "),
            Line::FileName => "  error: `file name`: not published: ".to_string(),
        };
        site.write(case.file, &changed);
        let run = site.build();
        let found = under(&run.stderr, case.expect);
        if run.code != 1 || !found.iter().any(|l| l.starts_with(&want)) {
            failures.push(format!(
                "{} with {:?}: expected `{}` under {}, got:\n{}",
                case.file, case.text, want, case.expect, run.stderr
            ));
        }
        if snapshot(&site.public()) != before {
            failures.push(format!(
                "{} with {:?}: the output changed",
                case.file, case.text
            ));
        }
        match original {
            Some(text) => site.write(case.file, &text),
            None => site.remove(case.file),
        };
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn look_alikes_build() {
    let site = site();
    site.write(
        "site.yaml",
        &format!(
            "{}anonymisation:\n  allow: [\"Dr Sharp's law\"]\n",
            site.source("site.yaml")
        ),
    );
    let clean = [
        "A sharp rise in applications.",
        "Hale and hearty after the first year.",
        "Van der Waals forces hold the team together.",
        "Like an iceberg, most of the work is hidden.",
        "We did not miss sharp deadlines.",
        "He was sharp, Alex said.",
        "The Berg method, and Sharpe's ratio.",
        "Alexandra Sharples and Tomasz Kowalczyk are invented.",
        "Alex joined; Kowalski is a common surname.",
        "The Hale Report is on the shelf.",
        "Dr Sharp's law applies, as the settings allow.",
        "Our mentor Prof Jane Example is listed in the directory.",
    ];
    let body = clean.join("\n\n");
    site.write(
        "content/guidance/look-alikes.md",
        &format!("---\ntitle: Look-alikes\n---\n{body}\n"),
    );
    let run = site.build().ok();
    assert!(!run.stderr.contains("not published"), "{}", run.stderr);
    let page = site.out("guidance/look-alikes/index.html");
    assert!(page.contains("Van der Waals forces") && page.contains("Prof Jane Example"));
    // The allowed phrase is listed on every build, so it is never
    // forgotten, as a note: a clean site keeps its 0 warnings.
    assert!(
        run.stdout
            .contains("note: the anonymisation guard lets through `Dr Sharp's law`"),
        "{}",
        run.stdout
    );
    assert!(!run.stderr.contains("lets through"), "{}", run.stderr);
    // The mentor keeps their name on their own directory page.
    assert!(
        site.out("mentors/m-0001/index.html")
            .contains("Jane Example")
    );
}

#[test]
fn a_name_that_only_appears_once_rendered_is_caught_in_the_output() {
    let site = site();
    site.build().ok();
    let before = snapshot(&site.public());
    // Neither the page nor the template names anyone: the name is made
    // when the template puts the title next to its own text.
    site.edit(FAQ, "title: Frequently asked questions", "title: Tomasz");
    let page = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/page.html"),
    )
    .unwrap();
    site.write(
        "themes/default/templates/page.html",
        &page.replace(
            "<h1>{{ page.title }}</h1>",
            "<h1>{{ page.title }} Kowalski</h1>",
        ),
    );
    let run = site.build().failed();
    assert!(
        run.stderr.contains(
            "content/guidance/faq.md\n  error: not published: `Tomasz Kowalski` is the name on line 5 of the anonymisation register (data/private/names.txt); it is in public/guidance/faq/index.html"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot(&site.public()), before);
    // `check` writes nothing but finds the same.
    assert!(site.check().failed().stderr.contains("`Tomasz Kowalski`"));
}
