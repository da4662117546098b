//! A deterministic benchmark corpus: a casebook site with N case studies,
//! 1,500 mentors, 10 cohorts and a CPD catalogue, and optionally the same
//! case studies as a Hugo site with equivalent templates.
//!
//! Shared by `examples/gen_corpus.rs` (the command) and `tests/generator.rs`
//! (which builds a small corpus so the generator cannot rot), both through
//! `#[path = "../bench/corpus.rs"] mod corpus;`.
//!
//! Everything comes from a hand-written splitmix64 generator. Each case
//! study draws from its own stream (seed, index), so case study `i` is the
//! same text whatever N is; only the case study it links to depends on N.
//! All names are invented: case studies use aliases such as `Mentor 123`,
//! mentors and organisations are built from syllables.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The seed used when none is given.
pub const DEFAULT_SEED: u64 = 0x00ca_5eb0_0c00_2026;
/// Mentors in the directory, unless told otherwise.
pub const MENTORS: usize = 1_500;
/// Cohorts in `data/cohorts/`.
pub const COHORTS: usize = 10;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    /// The casebook site's folder: must be absent or empty.
    pub out: PathBuf,
    pub case_studies: usize,
    /// Mentors in `data/mentors/` (the benchmark uses `MENTORS`).
    pub mentors: usize,
    pub seed: u64,
    /// Also write the case studies as a Hugo site here (absent or empty).
    pub hugo: Option<PathBuf>,
}

/// What was generated, for the command's message and the test's checks.
#[derive(Debug, Clone)]
pub struct Summary {
    /// Case-study slugs, in generation order.
    pub case_studies: Vec<String>,
    pub cohorts: Vec<Cohort>,
    pub mentors: usize,
    pub workshops: usize,
    /// Pages under `content/` other than case studies (sections included).
    pub other_pages: usize,
    /// Words in the case-study bodies, all together.
    pub body_words: usize,
    /// Files written to the casebook site.
    pub files: usize,
    /// Files written to the Hugo site (0 without `--hugo`).
    pub hugo_files: usize,
}

/// A cohort's figures, as written to `data/cohorts/<id>.yaml`.
#[derive(Debug, Clone)]
pub struct Cohort {
    pub id: String,
    pub name: String,
    pub year: i32,
    /// (month, day) of the launch in `year`.
    pub launched: (u32, u32),
    pub applications_mentees: u32,
    pub applications_mentors: u32,
    pub matched_pairs: u32,
    /// Interim then summative.
    pub surveys: [Survey; 2],
    pub sessions_delivered: u32,
    /// CPD attendance by calendar year.
    pub attendance: Vec<(i32, u32)>,
}

/// One survey round.
#[derive(Debug, Clone)]
pub struct Survey {
    pub mentor_responses: u32,
    pub mentee_responses: u32,
    /// Stated rates in percent, within 2 points of responses / matched pairs.
    pub mentor_rate: u32,
    pub mentee_rate: u32,
}

/// Writes the corpus.
pub fn generate(opts: &Options) -> io::Result<Summary> {
    let mut site = Writer::new(&opts.out)?;
    let mut hugo = match &opts.hugo {
        Some(dir) => Some(Writer::new(dir)?),
        None => None,
    };
    let seed = opts.seed;
    let n = opts.case_studies;

    site.write("site.yaml", SITE_YAML)?;
    site.write("data/themes.yaml", &themes_yaml())?;

    let (workshops_yaml, sessions) = cpd(seed);
    let cohorts = cohorts(seed, &sessions);
    for c in &cohorts {
        site.write(
            &format!("data/cohorts/{}.yaml", c.id),
            &cohort_yaml(c, seed),
        )?;
    }
    site.write("data/cpd.yaml", &workshops_yaml)?;
    for i in 0..opts.mentors {
        site.write(
            &format!("data/mentors/m-{:04}.yaml", i + 1),
            &mentor_yaml(seed, i),
        )?;
    }
    site.write("data/private/names.txt", &register(seed))?;

    let guidance = guidance_pages(seed);
    for (rel, text) in &guidance {
        site.write(&format!("content/{rel}"), text)?;
    }

    // Titles first: every case study links to another by its file name.
    let heads: Vec<Head> = (0..n).map(|i| Head::new(seed, i)).collect();
    let mut body_words = 0;
    let weights: Vec<u32> = cohorts.iter().map(|c| c.matched_pairs).collect();
    for (i, head) in heads.iter().enumerate() {
        let (text, words) = case_study(seed, i, head, &heads, &cohorts, &weights);
        body_words += words;
        site.write(&format!("content/case-studies/{}.md", head.slug), &text)?;
        if let Some(h) = hugo.as_mut() {
            h.write(&format!("content/case-studies/{}.md", head.slug), &text)?;
        }
    }

    if let Some(h) = hugo.as_mut() {
        h.write("hugo.yaml", HUGO_CONFIG)?;
        for (rel, text) in &guidance {
            h.write(&format!("content/{rel}"), text)?;
        }
        for (slug, label, description) in THEMES {
            h.write(
                &format!("content/themes/{slug}/_index.md"),
                &format!(
                    "---\ntitle: {}\ndescription: {}\n---\n",
                    yaml_str(label),
                    yaml_str(description)
                ),
            )?;
        }
        for c in &cohorts {
            h.write(
                &format!("data/cohorts/{}.yaml", c.id),
                &cohort_yaml(c, seed),
            )?;
        }
        for (rel, text) in HUGO_LAYOUTS {
            h.write(&format!("layouts/{rel}"), text)?;
        }
        h.write("static/css/site.css", HUGO_CSS)?;
    }

    Ok(Summary {
        case_studies: heads.into_iter().map(|h| h.slug).collect(),
        cohorts,
        mentors: opts.mentors,
        workshops: WORKSHOPS.len(),
        other_pages: guidance.len(),
        body_words,
        files: site.files,
        hugo_files: hugo.map_or(0, |h| h.files),
    })
}

// ---------------------------------------------------------------------------
// Output

struct Writer {
    root: PathBuf,
    files: usize,
    /// The last folder created, to skip creating it again.
    made: PathBuf,
}

impl Writer {
    fn new(root: &Path) -> io::Result<Writer> {
        if root.exists() && fs::read_dir(root)?.next().is_some() {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("{} is not empty", root.display()),
            ));
        }
        fs::create_dir_all(root)?;
        Ok(Writer {
            root: root.to_path_buf(),
            files: 0,
            made: PathBuf::new(),
        })
    }

    fn write(&mut self, rel: &str, text: &str) -> io::Result<()> {
        let path = self.root.join(rel);
        if let Some(dir) = path.parent()
            && dir != self.made
        {
            fs::create_dir_all(dir)?;
            self.made = dir.to_path_buf();
        }
        fs::write(&path, text)?;
        self.files += 1;
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// Randomness: splitmix64, one stream per purpose and item.

/// A splitmix64 generator.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A stream for item `i` of kind `kind` under `seed`.
    pub fn stream(seed: u64, kind: u64, i: u64) -> Rng {
        let mut r = Rng(seed ^ kind.wrapping_mul(0xA076_1D64_78BD_642F));
        r.0 ^= r.next().wrapping_add(i.wrapping_mul(0xE703_7ED1_A0B4_28DB));
        r.next();
        r
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (((self.next() >> 32) * n as u64) >> 32) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below((hi - lo + 1) as usize) as u32
    }

    fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent as usize
    }

    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }

    /// An index drawn with the given weights.
    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut x = self.below(total as usize) as u32;
        for (i, &w) in weights.iter().enumerate() {
            if x < w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }

    /// `k` distinct indices drawn with the given weights.
    fn weighted_distinct(&mut self, weights: &[u32], k: usize) -> Vec<usize> {
        let mut w = weights.to_vec();
        let mut out = Vec::with_capacity(k);
        while out.len() < k && w.iter().any(|&x| x > 0) {
            let i = self.weighted(&w);
            w[i] = 0;
            out.push(i);
        }
        out
    }
}

// Stream kinds.
const K_CASE: u64 = 1;
const K_HEAD: u64 = 2;
const K_MENTOR: u64 = 3;
const K_COHORT: u64 = 4;
const K_CPD: u64 = 5;
const K_GUIDE: u64 = 6;
const K_REGISTER: u64 = 7;

// ---------------------------------------------------------------------------
// Vocabulary

/// The eleven matching criteria (slugs as in assets/init/data/themes.yaml).
const THEMES: [(&str, &str, &str); 11] = [
    (
        "balancing-professional-and-academic-work",
        "Balancing professional and academic work",
        "Combining clinical or practice commitments with a research career.",
    ),
    (
        "career-progression",
        "Career progression",
        "Moving to the next stage of a research career.",
    ),
    (
        "career-transition",
        "Career transition",
        "Changing role, sector, discipline or institution.",
    ),
    (
        "research-funding",
        "Research funding",
        "Finding, applying for and managing fellowships and grants.",
    ),
    (
        "global-research-profile",
        "Developing a global research profile",
        "Building international collaborations, visibility and reputation.",
    ),
    (
        "networking",
        "Networking and building relationships",
        "Growing professional networks inside and beyond your field.",
    ),
    (
        "work-life-balance",
        "Work-life balance",
        "Sustaining a research career alongside life outside work.",
    ),
    (
        "diversity-and-inclusion",
        "Diversity and inclusion",
        "Navigating and improving research cultures for everyone.",
    ),
    (
        "leadership-development",
        "Leadership development",
        "Growing as a leader of people, projects and programmes.",
    ),
    (
        "research-practice",
        "Research practice",
        "Methods, publishing, impact and the craft of doing research.",
    ),
    (
        "managing-research-teams",
        "Managing research teams",
        "Recruiting, supporting and leading the people you work with.",
    ),
];

/// How often each theme is chosen, in the order of `THEMES`: career
/// progression and funding dominate, global profile and team management
/// are rare, as in real programmes.
const THEME_WEIGHTS: [u32; 11] = [12, 20, 8, 16, 4, 10, 9, 5, 8, 6, 4];

/// Topics a case study on each theme talks about (noun phrases).
const TOPICS: [&[&str]; 11] = [
    &[
        "protected research time in a clinical job plan",
        "the split between clinic and university",
        "negotiating with two managers at once",
        "keeping clinical skills current while doing research",
        "a job plan that matched the reality of the week",
    ],
    &[
        "the next step after a postdoctoral post",
        "the criteria for promotion",
        "a five-year research plan",
        "the move towards independence",
        "a track record as lead author",
        "the case for a senior lecturer post",
    ],
    &[
        "the move from practice into academia",
        "a return to research after a career break",
        "a change of discipline",
        "the move from industry to a university post",
        "starting again in a new institution",
    ],
    &[
        "a first fellowship application",
        "the choice of funding scheme",
        "reviewers' feedback on an unsuccessful bid",
        "a clear lay summary",
        "a costed work plan",
        "the funding interview",
    ],
    &[
        "international collaborations",
        "presenting at overseas conferences",
        "a visiting fellowship abroad",
        "a place in an international consortium",
        "a research profile beyond the country",
    ],
    &[
        "meeting potential collaborators",
        "making the most of conferences",
        "introductions to senior colleagues",
        "keeping in touch with a wider network",
        "a seat on a professional committee",
    ],
    &[
        "saying no to extra commitments",
        "caring responsibilities",
        "part-time working in a full-time culture",
        "evenings and weekends lost to writing",
        "planning leave around deadlines",
    ],
    &[
        "being the first in the family to work in research",
        "feeling like an outsider in academic meetings",
        "making a department more inclusive",
        "recruiting participants from under-served communities",
        "role models from a similar background",
    ],
    &[
        "chairing meetings",
        "leading a work package",
        "a first management role",
        "setting a direction for a new team",
        "difficult conversations with colleagues",
    ],
    &[
        "patient and public involvement",
        "the choice of qualitative methods",
        "writing for publication",
        "reviewing for journals",
        "turning a thesis into papers",
        "a first feasibility study",
    ],
    &[
        "recruiting a research assistant",
        "supervising doctoral students",
        "running a trial team",
        "feedback to staff",
        "keeping a team together between grants",
    ],
];

/// Title openings for each theme.
const TITLES: [&[&str]; 11] = [
    &[
        "Keeping a foot in the clinic",
        "Finding time for research in a busy service",
        "Protecting research days in a clinical job plan",
        "Balancing the ward and the university",
    ],
    &[
        "Taking the next step after a postdoc",
        "Planning a route to independence",
        "Making the case for promotion",
        "Writing a five-year research plan",
    ],
    &[
        "Moving from practice into research",
        "Returning to research after a career break",
        "Changing discipline mid-career",
        "Leaving industry for academia",
    ],
    &[
        "Writing a first fellowship application",
        "Rebuilding after an unsuccessful bid",
        "Choosing the right funding scheme",
        "Preparing for a funding interview",
    ],
    &[
        "Building partnerships across borders",
        "Taking research to an international audience",
        "Joining an international consortium",
    ],
    &[
        "Growing a network beyond the department",
        "Making conferences count",
        "Finding collaborators in unexpected places",
    ],
    &[
        "Protecting evenings and weekends",
        "Researching around caring responsibilities",
        "Working part time in a full-time culture",
    ],
    &[
        "Widening the path into research",
        "Finding role models from a similar background",
        "Making a department more inclusive",
    ],
    &[
        "Stepping into a leadership role",
        "Leading a work package for the first time",
        "Learning to chair difficult meetings",
    ],
    &[
        "Putting patients at the centre of research",
        "Turning a thesis into papers",
        "Planning a first feasibility study",
    ],
    &[
        "Leading a trials team for the first time",
        "Recruiting and keeping a research team",
        "Supervising doctoral students well",
    ],
];

/// Disciplines: label, the professional noun, clinical.
const DISCIPLINES: [(&str, &str, bool); 30] = [
    ("Nursing", "nurse", true),
    ("Midwifery", "midwife", true),
    ("Physiotherapy", "physiotherapist", true),
    ("Occupational therapy", "occupational therapist", true),
    ("Pharmacy", "pharmacist", true),
    ("Paramedic science", "paramedic", true),
    (
        "Speech and language therapy",
        "speech and language therapist",
        true,
    ),
    ("Dietetics", "dietitian", true),
    ("Radiography", "radiographer", true),
    ("Clinical psychology", "clinical psychologist", true),
    ("Primary care", "general practitioner", true),
    ("Geriatric medicine", "geriatrician", true),
    ("Paediatrics", "paediatrician", true),
    ("Cardiology", "cardiologist", true),
    ("Oncology", "oncologist", true),
    ("Surgery", "surgeon", true),
    ("Emergency medicine", "emergency physician", true),
    ("Mental health nursing", "mental health nurse", true),
    ("Dentistry", "dentist", true),
    ("Optometry", "optometrist", true),
    ("Social work", "social worker", false),
    ("Public health", "public health specialist", false),
    ("Health economics", "health economist", false),
    ("Medical statistics", "statistician", false),
    ("Epidemiology", "epidemiologist", false),
    (
        "Health services research",
        "health services researcher",
        false,
    ),
    ("Data science", "data scientist", false),
    ("Implementation science", "implementation scientist", false),
    ("Social care", "social care researcher", false),
    ("Medical sociology", "sociologist", false),
];

const MENTEE_ROLES_CLINICAL: [&str; 5] = [
    "Clinical lecturer in {d}",
    "Clinical academic {p}",
    "Postdoctoral clinical academic {p}",
    "Research {p}",
    "Doctoral fellow in {d}",
];
const MENTEE_ROLES: [&str; 5] = [
    "Research fellow in {d}",
    "Lecturer in {d}",
    "Senior research associate in {d}",
    "Postdoctoral researcher in {d}",
    "Trial manager",
];
const MENTOR_ROLES: [&str; 6] = [
    "Professor of {d}",
    "Reader in {d}",
    "Associate professor of {d}",
    "Senior lecturer in {d}",
    "Director of a {d} research unit",
    "Head of research in {d}",
];

const FORMATS: [&str; 4] = ["in-person", "video", "phone", "email"];
const FORMAT_WEIGHTS: [u32; 4] = [35, 45, 8, 12];

const OUTCOMES: [&str; 20] = [
    "Agreed a job plan with protected research time",
    "Submitted a first grant application as lead applicant",
    "Secured a doctoral fellowship",
    "Secured an advanced fellowship",
    "Was promoted to senior lecturer",
    "Published a first paper as senior author",
    "Presented at an international conference",
    "Joined a national research network",
    "Set up a patient advisory group",
    "Recruited a first research assistant",
    "Took on a leadership role in the department",
    "Moved to a part-time research post",
    "Began a visiting fellowship abroad",
    "Wrote a five-year research plan",
    "Joined a funding panel as a reviewer",
    "Completed a first feasibility study",
    "Started supervising a doctoral student",
    "Agreed flexible working around caring responsibilities",
    "Co-led a successful programme grant",
    "Became a mentor in a later cohort",
];

const WHEN: [&str; 10] = [
    "in the first meeting",
    "by the third meeting",
    "over the summer",
    "towards the end of the year",
    "after a difficult month",
    "early on",
    "halfway through the programme",
    "in the second half of the year",
    "before the final meeting",
    "once the pair had settled into a rhythm",
];

const ACTIVITIES: [&str; 14] = [
    "kept a simple diary of how each week was actually spent",
    "mapped out a five-year plan on a single page",
    "rehearsed the questions a fellowship panel might ask",
    "read each other's draft applications",
    "listed the people worth meeting at the next conference",
    "compared their own career paths, step by step",
    "worked through the reviewers' comments one by one",
    "drew up a list of what to stop doing",
    "looked at how other departments organised research time",
    "sketched the team the project would need",
    "set one small goal to reach before each meeting",
    "practised a difficult conversation before it happened",
    "went through the promotion criteria line by line",
    "wrote a short mentoring agreement together",
];

const ADJECTIVES: [&str; 12] = [
    "useful",
    "reassuring",
    "challenging",
    "honest",
    "practical",
    "encouraging",
    "unexpected",
    "thoughtful",
    "down to earth",
    "generous",
    "clear",
    "candid",
];

const ORGS: [&str; 8] = [
    "a university",
    "an acute trust",
    "a community trust",
    "a hospice",
    "a local authority",
    "a research institute",
    "a mental health trust",
    "a general practice",
];

/// Sentences, by section of the house structure. Slots: {ME} mentee alias,
/// {MR} mentor alias, {t} {t2} topics, {act} activity, {when} time,
/// {adj} adjective, {org} organisation, {med} {mrd} disciplines,
/// {mep} mentee's profession, {mer} {mrr} roles with an article, {n}
/// meetings, {months} duration, {out} an outcome, {fmt} how they met.
/// A sentence starting with `?` is only for pairs from two disciplines.
const DRIVERS: &[&str] = &[
    "{ME} was working as {mer} in {org} and wanted advice on {t}.",
    "Before applying, {ME} had spent two years trying to make progress on {t} alone, and wanted to talk to someone who had faced the same pull.",
    "{ME} asked for a mentor from a different organisation who understood {t} and would not be part of any decision about promotion.",
    "{MR} had built a research career in {mrd} over many years and had long wanted to offer others the informal support that had once made a difference to them.",
    "The application form asked what each person hoped to gain, and {ME} wrote about {t} and, more quietly, about {t2}.",
    "Like many applicants from {med}, {ME} had few senior colleagues in the same profession to turn to.",
    "At the time, {t} felt like the biggest obstacle, though {ME} also wanted help with {t2}.",
    "{MR} joined the programme after a colleague described it as the most {adj} hour of their month.",
    "Neither of them knew quite what to expect, and both said later that the first conversation was more {adj} than they had imagined.",
    "{ME} had been encouraged to apply by a line manager who had noticed how much of the research was happening in evenings and at weekends.",
    "The matching panel paired them on {t} and on a shared interest in {t2}.",
    "{MR} was clear from the start that the year belonged to {ME}, and that the agenda would be set by the mentee.",
];

const FOCUS: &[&str] = &[
    "The pair met {n} times over {months} months, mostly {fmt}.",
    "{When}, they {act}, which turned a vague worry about {t} into something they could work on.",
    "Most conversations came back to {t}, and {MR} asked questions rather than giving answers.",
    "{MR} suggested that they {act2}, and {ME} found the exercise more {adj} than expected.",
    "Later meetings turned to {t2}: what had worked for {MR}, what had not, and why the same route might not suit {ME}.",
    "{When}, {ME} brought a draft of a plan for {t}, and they spent the whole hour on it.",
    "They agreed to keep each meeting to an hour and to end with one action each.",
    "Between meetings they wrote to each other by email, usually about {t2}.",
    "{MR} introduced {ME} to two colleagues who had faced {t} in other organisations.",
    "The conversations were rarely about research methods and almost always about {t}.",
    "{ME} said the meetings gave permission to think about {t2} without feeling guilty.",
];

const SATISFACTION: &[&str] = &[
    "Both described the match as close to ideal.",
    "{ME} valued talking to someone outside the organisation, who had no stake in the outcome.",
    "{MR} was careful not to prescribe, framing advice as what had worked in one career rather than a rule.",
    "{ME} said this made it easier to disagree, and on one occasion chose a different route from the one {MR} had taken.",
    "There were months when work got in the way, and {when} the pair missed a meeting, but they picked up again without fuss.",
    "{MR} said the year had been {adj}, and that hearing about {t} from a newer researcher had prompted a fresh look at their own week.",
    "Meeting {fmt} suited them both, and the occasional email kept things moving.",
    "If anything, {ME} wished they had started talking about {t2} sooner.",
    "?Both said they had learned from the difference between {med} and {mrd}.",
    "The relationship was friendly but focused: {ME} called it {adj} and {MR} called it a privilege.",
];

const OUTCOME_SENTENCES: &[&str] = &[
    "{When}, {ME} {out}.",
    "By the end of the year {ME} had made real progress on {t}.",
    "{ME} also reported a change that is harder to measure: more confidence in talking about {t2}.",
    "With the plan as evidence, {ME} went back to the department and agreed a new way of working.",
    "{MR} counted it as a success that {ME} no longer apologised for research time.",
    "A second result, less expected, was a new collaboration that started from one of {MR}'s introductions.",
    "{ME} said the year had shortened a process that would otherwise have taken much longer.",
    "Not everything worked out: one application was turned down, but the feedback was {adj} and the next attempt is planned.",
    "Both agreed that the clearest outcome was a better understanding of {t}.",
];

const REFLECTIONS: &[&str] = &[
    "The pair have kept in touch since the programme closed and plan to meet twice a year.",
    "{ME}'s advice to future mentees is to bring evidence, not just feelings, to the first conversation.",
    "{MR}'s advice to mentors is to resist the urge to solve problems and to ask to see the week instead.",
    "Looking back, {ME} would have set clearer goals at the start, especially around {t}.",
    "{MR} plans to mentor again in a future cohort.",
    "Both said that the programme's {adj} structure helped, but that the relationship itself mattered most.",
    "{ME} has since encouraged two colleagues in {med} to apply.",
    "For {MR}, the year was a reminder of how much {t2} depends on the people around you.",
];

const QUOTES: &[&str] = &[
    "I came for help with {t} and left with a plan for {t2}.",
    "Someone neutral from a different organisation gave me a balanced view.",
    "Having someone outside my own organisation to think aloud with made all the difference.",
    "My mentor never told me what to do, but always asked the question I had been avoiding.",
    "I had assumed I would have to choose between practice and research. Now I am not so sure.",
    "It was the most {adj} hour of my month.",
    "I learned as much as I gave, which I had not expected.",
    "We talked about {t} more than anything else, and it was time well spent.",
];

const SUMMARIES: &[&str] = &[
    "{Amep} works on {t} with a mentor from {mrd}.",
    "{Amep} and a mentor who had made a similar journey tackle {t}.",
    "How a year of conversations about {t} changed the way {amep} works.",
    "{Amep} finds a way through {t}, with help on {t2} along the way.",
];

const TITLE_ENDINGS: &[&str] = &[
    " in {med}",
    " as {amep}",
    " with a mentor from {mrd}",
    " across two organisations",
    " after a difficult year",
];

// Invented names for mentors, organisations and the register.
const GIVEN_A: [&str; 24] = [
    "Al", "Be", "Ca", "Da", "El", "Fa", "Ga", "Ha", "Il", "Jo", "Ka", "Le", "Mo", "Na", "Or", "Pe",
    "Ra", "Sa", "Ta", "Ul", "Va", "Wy", "Ze", "Yo",
];
const GIVEN_B: [&str; 14] = [
    "ren", "lia", "vin", "sa", "nor", "dra", "mir", "tan", "wen", "rio", "bel", "ka", "thea", "dov",
];
const FAMILY_A: [&str; 20] = [
    "Ash", "Bram", "Cor", "Dun", "Elm", "Fen", "Gree", "Holt", "Kirr", "Lan", "Mar", "Nor", "Pell",
    "Rook", "Stan", "Thorn", "Wend", "Yar", "Quen", "Vask",
];
const FAMILY_B: [&str; 14] = [
    "wick", "ford", "ley", "ton", "worth", "by", "more", "dale", "hurst", "field", "brook",
    "stead", "ovic", "ander",
];
const PLACE_A: [&str; 16] = [
    "Fen", "Lan", "Ash", "Brack", "Cal", "Dun", "Elder", "Gran", "Hal", "Kes", "Mar", "North",
    "Oak", "Ril", "Stow", "Wel",
];
const PLACE_B: [&str; 10] = [
    "moor", "field", "bridge", "ford", "ham", "wick", "ton", "mouth", "dale", "bury",
];
const HONORIFIC: [&str; 3] = ["Dr", "Prof", "Professor"];
const REGIONS: [&str; 12] = [
    "North East",
    "North West",
    "Yorkshire and the Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
    "Wales",
    "Scotland",
    "Northern Ireland",
];
const SHARES: [&str; 10] = [
    "first-in-family-to-university",
    "caring-responsibilities",
    "disability-or-long-term-condition",
    "changed-discipline",
    "career-break",
    "international-researcher",
    "part-time-working",
    "lgbtq-plus",
    "minority-ethnic-background",
    "neurodivergent",
];

fn invented(r: &mut Rng, a: &[&str], b: &[&str]) -> String {
    format!("{}{}", r.pick(a), r.pick(b))
}

fn place(r: &mut Rng) -> String {
    invented(r, &PLACE_A, &PLACE_B)
}

// ---------------------------------------------------------------------------
// Text helpers

/// A YAML double-quoted string.
fn yaml_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

fn yaml_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| yaml_str(s)).collect();
    format!("[{}]", quoted.join(", "))
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn article(s: &str) -> &'static str {
    match s.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u' | 'A' | 'E' | 'I' | 'O' | 'U') => "an",
        _ => "a",
    }
}

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Fills a sentence template; `{When}` is `{when}` capitalised.
fn fill(tpl: &str, r: &mut Rng, ctx: &Ctx) -> String {
    let mut out = String::with_capacity(tpl.len() + 64);
    let mut rest = tpl;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = open + rest[open..].find('}').expect("a closed slot");
        let slot = &rest[open + 1..close];
        match slot {
            "ME" => out.push_str(&ctx.mentee),
            "MR" => out.push_str(&ctx.mentor),
            "t" => out.push_str(r.pick(&ctx.topics)),
            "t2" => out.push_str(r.pick(&ctx.topics2)),
            "act" | "act2" => {
                let a = r.pick(&ACTIVITIES);
                if slot == "act2" {
                    // "suggested that they keep", from "kept".
                    out.push_str(&present(a));
                } else {
                    out.push_str(a);
                }
            }
            "when" => out.push_str(r.pick(&WHEN)),
            "When" => out.push_str(&capitalise(r.pick(&WHEN))),
            "adj" => out.push_str(r.pick(&ADJECTIVES)),
            "org" => out.push_str(r.pick(&ORGS)),
            "med" => out.push_str(&ctx.mentee_discipline),
            "mrd" => out.push_str(&ctx.mentor_discipline),
            "mep" => out.push_str(&ctx.mentee_profession),
            "amep" | "Amep" => {
                let a = article(&ctx.mentee_profession);
                out.push_str(if slot == "Amep" { "A" } else { "a" });
                out.push_str(&a[1..]);
                out.push(' ');
                out.push_str(&ctx.mentee_profession);
            }
            "mer" => out.push_str(&ctx.mentee_role),
            "mrr" => out.push_str(&ctx.mentor_role),
            "n" => {
                let _ = write!(out, "{}", ctx.meetings);
            }
            "months" => {
                let _ = write!(out, "{}", ctx.months);
            }
            "out" => out.push_str(&lower_first(r.pick(&ctx.outcomes))),
            "fmt" => out.push_str(&ctx.formats),
            other => panic!("unknown slot {other}"),
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    capitalise(&out)
}

/// "kept a diary" → "keep a diary", for the handful of verbs in `ACTIVITIES`.
fn present(past: &str) -> String {
    const VERBS: [(&str, &str); 11] = [
        ("kept", "keep"),
        ("mapped", "map"),
        ("rehearsed", "rehearse"),
        ("read", "read"),
        ("listed", "list"),
        ("compared", "compare"),
        ("worked", "work"),
        ("drew", "draw"),
        ("looked", "look"),
        ("sketched", "sketch"),
        ("set", "set"),
    ];
    const MORE: [(&str, &str); 3] = [
        ("practised", "practise"),
        ("went", "go"),
        ("wrote", "write"),
    ];
    let (verb, rest) = past.split_once(' ').unwrap_or((past, ""));
    let now = VERBS
        .iter()
        .chain(MORE.iter())
        .find(|(p, _)| *p == verb)
        .map_or(verb, |(_, n)| *n);
    format!("{now} {rest}")
}

/// A paragraph of sentences from `pool` until about `target` words,
/// avoiding sentences already in `used` (shared across a section) while
/// the pool allows.
fn paragraph(
    r: &mut Rng,
    ctx: &Ctx,
    pool: &[&str],
    target: usize,
    used: &mut Vec<usize>,
) -> String {
    let mut p = String::new();
    while words(&p) < target {
        if used.len() >= pool.len() {
            used.clear();
        }
        let mut k = r.below(pool.len());
        while used.contains(&k) {
            k = (k + 1) % pool.len();
        }
        used.push(k);
        let tpl = match pool[k].strip_prefix('?') {
            Some(_) if ctx.mentee_discipline == ctx.mentor_discipline => continue,
            Some(t) => t,
            None => pool[k],
        };
        if !p.is_empty() {
            p.push(' ');
        }
        p.push_str(&fill(tpl, r, ctx));
    }
    p
}

// ---------------------------------------------------------------------------
// Case studies

/// What is decided before any case study is written: the title and slug
/// (every case study links to another by its file name) and the choices
/// the title depends on.
struct Head {
    title: String,
    slug: String,
    /// Index into `THEMES` of the main theme.
    theme: usize,
    /// Indices into `DISCIPLINES`.
    mentee_discipline: usize,
    mentor_discipline: usize,
}

impl Head {
    fn new(seed: u64, i: usize) -> Head {
        let mut r = Rng::stream(seed, K_HEAD, i as u64);
        let theme = r.weighted(&THEME_WEIGHTS);
        let mentee_discipline = r.below(DISCIPLINES.len());
        // Two pairs in five share a discipline.
        let mentor_discipline = if r.chance(40) {
            mentee_discipline
        } else {
            r.below(DISCIPLINES.len())
        };
        let (d, p, _) = DISCIPLINES[mentee_discipline];
        let md = DISCIPLINES[mentor_discipline].0;
        let mut title = r.pick(TITLES[theme]).to_string();
        if r.chance(60) {
            title.push_str(
                &r.pick(TITLE_ENDINGS)
                    .replace("{med}", &d.to_lowercase())
                    .replace("{amep}", &format!("{} {p}", article(p)))
                    .replace("{mrd}", &md.to_lowercase()),
            );
        }
        let slug = format!("{}-{}", casebook::slug::slugify(&title), i + 1);
        Head {
            title,
            slug,
            theme,
            mentee_discipline,
            mentor_discipline,
        }
    }
}

/// One case study's facts, for filling sentences.
struct Ctx {
    mentee: String,
    mentor: String,
    topics: Vec<&'static str>,
    topics2: Vec<&'static str>,
    mentee_discipline: String,
    mentor_discipline: String,
    mentee_profession: String,
    mentee_role: String,
    mentor_role: String,
    meetings: u32,
    months: u32,
    outcomes: Vec<&'static str>,
    formats: String,
}

fn role(r: &mut Rng, patterns: &[&str], d: &str, p: &str) -> String {
    r.pick(patterns)
        .replace("{d}", &d.to_lowercase())
        .replace("{p}", p)
}

/// The case study's Markdown and its body's word count.
fn case_study(
    seed: u64,
    i: usize,
    head: &Head,
    heads: &[Head],
    cohorts: &[Cohort],
    cohort_weights: &[u32],
) -> (String, usize) {
    let mut r = Rng::stream(seed, K_CASE, i as u64);
    let first = head.theme;
    let (me_d, me_p, me_clin) = DISCIPLINES[head.mentee_discipline];
    let (mr_d, mr_p, mr_clin) = DISCIPLINES[head.mentor_discipline];

    let k = if r.chance(55) { 3 } else { 2 };
    let mut w = THEME_WEIGHTS;
    w[first] = 0;
    let mut themes = vec![first];
    themes.extend(r.weighted_distinct(&w, k - 1));

    let cohort = &cohorts[r.weighted(cohort_weights)];
    let year = cohort.year + r.range(1, 2) as i32;
    let (month, day) = (r.range(1, 12), r.range(1, 28));
    let pair = r.chance(70).then(|| r.range(1, cohort.matched_pairs));

    let mentee_role = if me_clin {
        role(&mut r, &MENTEE_ROLES_CLINICAL, me_d, me_p)
    } else {
        role(&mut r, &MENTEE_ROLES, me_d, me_p)
    };
    let mentor_role = role(&mut r, &MENTOR_ROLES, mr_d, mr_p);

    let months = r.pick(&[9, 12, 12, 12, 12, 15, 18]);
    let meetings = r.range(4, 12);
    let mut formats = {
        let k = r.range(1, 3) as usize;
        r.weighted_distinct(&FORMAT_WEIGHTS, k)
    };
    formats.sort_unstable();
    let format_names: Vec<&str> = formats.iter().map(|&f| FORMATS[f]).collect();
    let formats_text = {
        let said: Vec<&str> = formats
            .iter()
            .map(|&f| ["in person", "by video", "by phone", "by email"][f])
            .collect();
        match said.as_slice() {
            [one] => one.to_string(),
            [init @ .., last] => format!("{} and {last}", init.join(", ")),
            [] => String::new(),
        }
    };
    let mut outcome_idx = {
        let k = r.range(1, 3) as usize;
        r.weighted_distinct(&[1; OUTCOMES.len()], k)
    };
    outcome_idx.sort_unstable();
    let outcomes: Vec<&'static str> = outcome_idx.iter().map(|&o| OUTCOMES[o]).collect();

    // {t} is about the main theme, {t2} about the others.
    let topics: Vec<&'static str> = TOPICS[first].to_vec();
    let topics2: Vec<&'static str> = themes[1..]
        .iter()
        .flat_map(|&t| TOPICS[t].iter().copied())
        .collect();
    let n = i + 1;
    let ctx = Ctx {
        mentee: format!("Mentee {n}"),
        mentor: format!("Mentor {n}"),
        topics,
        topics2,
        mentee_discipline: me_d.to_lowercase(),
        mentor_discipline: mr_d.to_lowercase(),
        mentee_profession: me_p.to_string(),
        mentee_role: format!("{} {}", article(&mentee_role), lower_first(&mentee_role)),
        mentor_role: format!("{} {}", article(&mentor_role), lower_first(&mentor_role)),
        meetings,
        months,
        outcomes: outcomes.clone(),
        formats: formats_text,
    };

    let summary = fill(r.pick(SUMMARIES), &mut r, &ctx);
    let quote = fill(r.pick(QUOTES), &mut r, &ctx);

    let mut md = String::with_capacity(6 * 1024);
    md.push_str("---\n");
    let _ = writeln!(md, "title: {}", yaml_str(&head.title));
    let _ = writeln!(md, "date: {year}-{month:02}-{day:02}");
    let _ = writeln!(md, "summary: {}", yaml_str(&summary));
    let _ = writeln!(md, "cohort: {}", cohort.id);
    if let Some(p) = pair {
        let _ = writeln!(md, "pair: {p}");
    }
    md.push_str("consent: true\n");
    for (who, alias, role, d, clin) in [
        ("mentor", &ctx.mentor, &mentor_role, mr_d, mr_clin),
        ("mentee", &ctx.mentee, &mentee_role, me_d, me_clin),
    ] {
        let _ = write!(
            md,
            "{who}:\n  alias: {alias}\n  role: {}\n  discipline: {}\n  clinical: {clin}\n",
            yaml_str(role),
            yaml_str(d)
        );
    }
    let slugs: Vec<&str> = themes.iter().map(|&t| THEMES[t].0).collect();
    let _ = writeln!(md, "themes: [{}]", slugs.join(", "));
    let _ = writeln!(md, "duration_months: {months}");
    let _ = writeln!(md, "meetings: {meetings}");
    let _ = writeln!(md, "format: [{}]", format_names.join(", "));
    let _ = writeln!(md, "interdisciplinary: {}", mr_d != me_d);
    let _ = writeln!(md, "continuing: {}", r.chance(60));
    md.push_str("outcomes:\n");
    for o in &outcomes {
        let _ = writeln!(md, "  - {}", yaml_str(o));
    }
    let _ = writeln!(md, "quote: {}", yaml_str(&quote));
    md.push_str("---\n");

    let body_start = md.len();
    let para = |r: &mut Rng, pool: &[&str], used: &mut Vec<usize>| {
        let target = r.range(44, 58) as usize;
        paragraph(r, &ctx, pool, target, used)
    };

    md.push_str("## Drivers for joining\n\n");
    let mut used = Vec::new();
    for _ in 0..2 {
        md.push_str(&para(&mut r, DRIVERS, &mut used));
        md.push_str("\n\n");
    }

    md.push_str("## Relationship focus and key topics\n\n");
    let mut used = Vec::new();
    md.push_str(&para(&mut r, FOCUS, &mut used));
    md.push_str("\n\nThe topics they returned to most often were:\n\n");
    let mut listed: Vec<&str> = Vec::new();
    for _ in 0..r.range(3, 5) {
        let t = if r.chance(50) {
            r.pick(&ctx.topics)
        } else {
            r.pick(&ctx.topics2)
        };
        if !listed.contains(&t) {
            listed.push(t);
        }
    }
    for t in &listed {
        let _ = writeln!(md, "- {}", capitalise(t));
    }
    md.push('\n');
    md.push_str(&para(&mut r, FOCUS, &mut used));
    md.push_str("\n\n");

    md.push_str("## Relationship satisfaction\n\n");
    let mut used = Vec::new();
    md.push_str(&para(&mut r, SATISFACTION, &mut used));
    md.push_str("\n\n");
    let _ = write!(
        md,
        "{} put it like this:\n\n> {}\n\n",
        ctx.mentee,
        fill(r.pick(QUOTES), &mut r, &ctx)
    );
    md.push_str(&para(&mut r, SATISFACTION, &mut used));
    md.push_str("\n\n");

    md.push_str("## Mentoring outcomes\n\n");
    let mut used = Vec::new();
    for _ in 0..2 {
        md.push_str(&para(&mut r, OUTCOME_SENTENCES, &mut used));
        md.push_str("\n\n");
    }

    md.push_str("## Overall reflections\n\n");
    let mut used = Vec::new();
    md.push_str(&para(&mut r, REFLECTIONS, &mut used));
    md.push_str("\n\n");
    md.push_str(&para(&mut r, REFLECTIONS, &mut used));
    if heads.len() > 1 {
        let mut j = r.below(heads.len() - 1);
        if j >= i {
            j += 1;
        }
        let anchor = if r.chance(30) {
            "#mentoring-outcomes"
        } else {
            ""
        };
        let _ = write!(
            md,
            " Readers thinking about {} may also like [{}]({}.md{anchor}).",
            r.pick(&ctx.topics),
            lower_first(&heads[j].title),
            heads[j].slug
        );
    }
    md.push('\n');
    let words = words(&md[body_start..]);
    (md, words)
}

// ---------------------------------------------------------------------------
// Site settings, themes, guidance

const SITE_YAML: &str = "\
# A generated benchmark corpus (bench/corpus.rs): invented people and places.
title: Benchmark Research Mentoring Programme
base_url: https://example.org/mentoring/
language: en-GB
description: Guidance, anonymised case studies, cohort figures and a mentor directory, generated for benchmarking.
theme: default
search: true
feed: true
organisation: Benchmark Health Research
contact_email: mentoring@example.org
anonymisation:
  register: data/private/names.txt
";

fn themes_yaml() -> String {
    let mut y = String::from("# The eleven matching criteria.\n");
    for (slug, label, description) in THEMES {
        let _ = write!(
            y,
            "- slug: {slug}\n  label: {}\n  description: {}\n",
            yaml_str(label),
            yaml_str(description)
        );
    }
    y
}

/// Real names that must never appear: invented here, so none does.
fn register(seed: u64) -> String {
    let mut r = Rng::stream(seed, K_REGISTER, 0);
    let mut s = String::from("# Generated register of names that must not be published.\n");
    for _ in 0..200 {
        let _ = writeln!(
            s,
            "{} {}",
            invented(&mut r, &GIVEN_A, &GIVEN_B),
            invented(&mut r, &FAMILY_A, &FAMILY_B)
        );
    }
    s
}

const GUIDANCE: [(&str, &str, &str); 6] = [
    (
        "eligibility.md",
        "Who can apply",
        "Eligibility for mentees and mentors, and what we ask of each.",
    ),
    (
        "how-matching-works.md",
        "How matching works",
        "How we pair mentees and mentors on eleven criteria.",
    ),
    (
        "roles.md",
        "Roles of mentors and mentees",
        "What each person brings to the relationship.",
    ),
    (
        "timeline.md",
        "The programme year",
        "From expressions of interest to the final survey.",
    ),
    (
        "cpd-and-support.md",
        "Workshops and support",
        "Optional workshops that run alongside the meetings.",
    ),
    (
        "faq.md",
        "Frequently asked questions",
        "The things applicants ask us most often.",
    ),
];

const GUIDANCE_SENTENCES: &[&str] = &[
    "Mentoring here is a developmental conversation, not supervision and not line management.",
    "Most pairs meet every six to eight weeks for a year, {fmt}, and many carry on informally afterwards.",
    "We give priority to people from professions that have not always had access to formal mentoring, such as {med}.",
    "Mentees choose up to three criteria, such as {t}, and mentors say which they can support.",
    "A mentor always comes from a different organisation, so that conversations about {t} stay neutral.",
    "Your mentor will not tell you what to do; they will ask good questions and help you to see your options more clearly.",
    "Workshops are optional and open to both mentors and mentees.",
    "The programme team reads every application and may ask a follow-up question before matching.",
];

/// `content/` pages other than case studies: (path under content/, text).
fn guidance_pages(seed: u64) -> Vec<(String, String)> {
    let mut r = Rng::stream(seed, K_GUIDE, 0);
    let ctx = Ctx {
        mentee: "the mentee".into(),
        mentor: "the mentor".into(),
        topics: TOPICS.iter().flat_map(|t| t.iter().copied()).collect(),
        topics2: TOPICS[1].to_vec(),
        mentee_discipline: "midwifery".into(),
        mentor_discipline: "public health".into(),
        mentee_profession: "midwife".into(),
        mentee_role: "a clinical lecturer".into(),
        mentor_role: "a professor".into(),
        meetings: 6,
        months: 12,
        outcomes: OUTCOMES.to_vec(),
        formats: "by video or in person".into(),
    };
    let mut pages = Vec::new();
    pages.push((
        "_index.md".to_string(),
        format!(
            "---\ntitle: Benchmark Research Mentoring Programme\n---\n{}\n\nStart with [who can apply](guidance/eligibility.md), then read the [case studies](case-studies/_index.md).\n",
            paragraph(&mut r, &ctx, GUIDANCE_SENTENCES, 90, &mut Vec::new())
        ),
    ));
    pages.push((
        "guidance/_index.md".to_string(),
        format!(
            "---\ntitle: Guidance for applicants\nsummary: Everything you need to decide whether to apply.\nweight: 1\n---\n{}\n\nIf you read only one page, read [who can apply](eligibility.md) first.\n",
            paragraph(&mut r, &ctx, GUIDANCE_SENTENCES, 60, &mut Vec::new())
        ),
    ));
    pages.push((
        "case-studies/_index.md".to_string(),
        "---\ntitle: Case studies\nsummary: Anonymised stories of matched pairs from each cohort, told with both people's agreement.\nweight: 2\n---\nEach case study is based on a joint interview with a mentor and mentee near the end of their mentoring year. Both people read and approved the text before it was published.\n".to_string(),
    ));
    for (k, (file, title, summary)) in GUIDANCE.iter().enumerate() {
        let next = GUIDANCE[(k + 1) % GUIDANCE.len()];
        let mut text = format!(
            "---\ntitle: {}\nsummary: {}\nweight: {}\n---\n",
            yaml_str(title),
            yaml_str(summary),
            k + 1
        );
        for h in ["Before you apply", "What happens next"] {
            let _ = write!(
                text,
                "## {h}\n\n{}\n\n{}\n\n",
                paragraph(&mut r, &ctx, GUIDANCE_SENTENCES, 80, &mut Vec::new()),
                paragraph(&mut r, &ctx, GUIDANCE_SENTENCES, 60, &mut Vec::new())
            );
        }
        let _ = writeln!(
            text,
            "Next: [{}]({}). Or read the [case studies](../case-studies/_index.md).",
            lower_first(next.1),
            next.0
        );
        pages.push((format!("guidance/{file}"), text));
    }
    pages
}

// ---------------------------------------------------------------------------
// Data: CPD catalogue, cohorts, mentors

/// Workshops: id, title, audience, themes (indices into THEMES), summary.
const WORKSHOPS: [(&str, &str, &str, &[usize], &str); 20] = [
    (
        "beginning-the-relationship",
        "Beginning the mentoring relationship",
        "both",
        &[5, 1],
        "How to prepare for a first meeting and agree ground rules.",
    ),
    (
        "roles-of-mentor-and-mentee",
        "Roles of the mentor and the mentee",
        "both",
        &[9, 8],
        "What each person brings, and where mentoring ends and supervision begins.",
    ),
    (
        "effective-relationship",
        "Developing an effective mentoring relationship",
        "both",
        &[5, 8],
        "Listening, questioning and reframing in practice.",
    ),
    (
        "maintaining-momentum",
        "Maintaining momentum",
        "both",
        &[1, 6],
        "Keeping meetings purposeful in the middle months.",
    ),
    (
        "work-life-balance",
        "Work-life balance",
        "both",
        &[6, 0],
        "Practical ways to protect time for research and for life.",
    ),
    (
        "resilience",
        "Resilience and rejection",
        "mentees",
        &[3, 6],
        "Responding to rejected papers and unsuccessful bids.",
    ),
    (
        "fellowship-applications",
        "Writing fellowship applications",
        "mentees",
        &[3, 1],
        "What panels look for, with examples from successful applicants.",
    ),
    (
        "funding-interviews",
        "Preparing for a funding interview",
        "mentees",
        &[3],
        "Mock panels and feedback from experienced reviewers.",
    ),
    (
        "global-collaboration",
        "Building international collaborations",
        "both",
        &[4, 5],
        "Finding partners abroad and keeping joint projects on track.",
    ),
    (
        "leading-teams",
        "Leading research teams",
        "both",
        &[10, 8],
        "Recruiting, supervising and motivating a research team.",
    ),
    (
        "inclusive-research",
        "Inclusive research cultures",
        "both",
        &[7],
        "Making departments and studies more inclusive.",
    ),
    (
        "public-involvement",
        "Patient and public involvement",
        "mentees",
        &[9],
        "Involving patients and the public from the first idea.",
    ),
    (
        "writing-for-publication",
        "Writing for publication",
        "mentees",
        &[9, 1],
        "Planning, drafting and revising papers.",
    ),
    (
        "career-transitions",
        "Managing career transitions",
        "mentees",
        &[2],
        "Moving between practice, industry and academia.",
    ),
    (
        "clinical-academic-careers",
        "Clinical academic careers",
        "mentees",
        &[0, 1],
        "Job plans, protected time and the clinical academic path.",
    ),
    (
        "mentoring-skills",
        "Mentoring skills refresher",
        "mentors",
        &[8],
        "Questioning and listening skills for experienced mentors.",
    ),
    (
        "difficult-conversations",
        "Difficult conversations",
        "both",
        &[8, 10],
        "Preparing for and holding conversations that matter.",
    ),
    (
        "networking-skills",
        "Networking with purpose",
        "mentees",
        &[5, 4],
        "Making conferences and introductions count.",
    ),
    (
        "promotion",
        "Preparing for promotion",
        "mentees",
        &[1],
        "Reading the criteria and building the case.",
    ),
    (
        "ending-well",
        "Ending the relationship well",
        "both",
        &[5, 1],
        "Reviewing the year and deciding what comes next.",
    ),
];

/// A CPD session: (workshop index, cohort index, year, month, day, attendees).
type Session = (usize, usize, i32, u32, u32, u32);

fn cohort_ids() -> Vec<(String, i32, usize)> {
    (0..COHORTS)
        .map(|k| {
            let year = 2016 + (k / 2) as i32;
            let n = k % 2 + 1;
            (format!("{year}-{n}"), year, n)
        })
        .collect()
}

/// The catalogue's YAML and its sessions (for the cohorts' CPD figures).
fn cpd(seed: u64) -> (String, Vec<Session>) {
    let mut r = Rng::stream(seed, K_CPD, 0);
    let ids = cohort_ids();
    let mut sessions = Vec::new();
    let mut y = String::from("# The CPD workshop catalogue (generated).\nworkshops:\n");
    for (w, (id, title, audience, themes, summary)) in WORKSHOPS.iter().enumerate() {
        let audience = match *audience {
            "both" => "[mentors, mentees]",
            "mentors" => "[mentors]",
            _ => "[mentees]",
        };
        let slugs: Vec<&str> = themes.iter().map(|&t| THEMES[t].0).collect();
        let _ = write!(
            y,
            "  - id: {id}\n    title: {}\n    audience: {audience}\n    themes: {}\n    summary: {}\n    sessions:\n",
            yaml_str(title),
            yaml_list(&slugs),
            yaml_str(summary)
        );
        for (c, (cid, year, n)) in ids.iter().enumerate() {
            if !r.chance(65) {
                continue;
            }
            // First cohorts start in spring, second in autumn; sessions
            // run over the following twelve months.
            let start = if *n == 1 { 3 } else { 9 };
            let m = start + r.range(0, 11);
            let (yy, mm) = (year + ((m - 1) / 12) as i32, (m - 1) % 12 + 1);
            let (dd, att) = (r.range(1, 28), r.range(8, 30));
            let _ = writeln!(
                y,
                "      - {{ date: {yy}-{mm:02}-{dd:02}, attendees: {att}, cohort: {cid} }}"
            );
            sessions.push((w, c, yy, mm, dd, att));
        }
    }
    (y, sessions)
}

fn survey(r: &mut Rng, pairs: u32) -> Survey {
    let resp = |r: &mut Rng| {
        let pct = r.range(25, 80);
        (pairs * pct / 100).max(1).min(pairs)
    };
    let rate = |r: &mut Rng, n: u32| {
        let exact = (n * 100 + pairs / 2) / pairs;
        // Stated rates are sometimes a point off the arithmetic, as in real
        // reports, but never by more than the checker's 2 points.
        match r.below(4) {
            0 => exact.saturating_sub(1),
            1 => (exact + 1).min(100),
            _ => exact,
        }
    };
    let mentor_responses = resp(r);
    let mentee_responses = resp(r);
    Survey {
        mentor_rate: rate(r, mentor_responses),
        mentee_rate: rate(r, mentee_responses),
        mentor_responses,
        mentee_responses,
    }
}

fn cohorts(seed: u64, sessions: &[Session]) -> Vec<Cohort> {
    cohort_ids()
        .into_iter()
        .enumerate()
        .map(|(c, (id, year, n))| {
            let mut r = Rng::stream(seed, K_COHORT, c as u64);
            let applications_mentees = r.range(45, 110);
            let applications_mentors = r.range(35, 90);
            let matched_pairs = r.range(25, applications_mentees.min(applications_mentors).min(70));
            let surveys = [survey(&mut r, matched_pairs), survey(&mut r, matched_pairs)];
            let mine: Vec<&Session> = sessions.iter().filter(|s| s.1 == c).collect();
            let mut attendance: Vec<(i32, u32)> = Vec::new();
            for s in &mine {
                match attendance.iter_mut().find(|a| a.0 == s.2) {
                    Some(a) => a.1 += s.5,
                    None => attendance.push((s.2, s.5)),
                }
            }
            attendance.sort_unstable();
            Cohort {
                name: format!("Cohort {n} ({year})"),
                id,
                year,
                launched: if n == 1 {
                    (2, r.range(1, 28))
                } else {
                    (8, r.range(1, 28))
                },
                applications_mentees,
                applications_mentors,
                matched_pairs,
                surveys,
                sessions_delivered: mine.len() as u32,
                attendance,
            }
        })
        .collect()
}

const COHORT_OUTCOMES: [(&str, &str); 8] = [
    (
        "satisfied-with-match",
        "Very satisfied or satisfied with their match",
    ),
    (
        "interdisciplinary",
        "Described the relationship as interdisciplinary",
    ),
    ("built-trust", "Found it easy to build trust"),
    ("met-objectives", "Met all or most of their objectives"),
    (
        "met-expectations",
        "Programme met all or most of their expectations",
    ),
    (
        "continuing",
        "Continuing the relationship after the programme",
    ),
    ("cpd-beneficial", "Found the CPD workshops beneficial"),
    ("future-involvement", "Intend to mentor in a future cohort"),
];

fn cohort_yaml(c: &Cohort, seed: u64) -> String {
    let mut r = Rng::stream(
        seed,
        K_COHORT,
        1000 + c.year as u64 * 10 + c.launched.0 as u64,
    );
    let (lm, ld) = c.launched;
    let y = c.year;
    let mut s = format!(
        "# Generated cohort figures.\nid: {}\nname: {}\nyear: {y}\nlaunched: {y}-{lm:02}-{ld:02}\ntimeline:\n",
        c.id,
        yaml_str(&c.name)
    );
    let step = |m: u32| (y + ((lm + m - 1) / 12) as i32, (lm + m - 1) % 12 + 1);
    let (oy, om) = step(2);
    let (my, mm) = step(3);
    let (iy, im) = step(9);
    let (sy, sm) = step(17);
    let (fy, fm) = step(24);
    let _ = write!(
        s,
        "  - {{ milestone: Expressions of interest open, date: {y}-{lm:02}-{ld:02} }}\n  - {{ milestone: Orientation, date: {oy}-{om:02} }}\n  - {{ milestone: Matches confirmed, date: {my}-{mm:02} }}\n  - {{ milestone: Interim survey, date: {iy}-{im:02}-10 }}\n  - {{ milestone: Summative survey, date: {sy}-{sm:02}-12 }}\n  - {{ milestone: Final report, date: {fy}-{fm:02} }}\n"
    );
    let _ = write!(
        s,
        "applications: {{ mentees: {}, mentors: {} }}\nmatched_pairs: {}\nsurveys:\n",
        c.applications_mentees, c.applications_mentors, c.matched_pairs
    );
    for (name, sv, (yy, mm)) in [
        ("interim", &c.surveys[0], (iy, im)),
        ("summative", &c.surveys[1], (sy, sm)),
    ] {
        let _ = write!(
            s,
            "  {name}:\n    opened: {yy}-{mm:02}-10\n    closed: {yy}-{mm:02}-28\n    responses: {{ mentors: {}, mentees: {} }}\n    response_rate: {{ mentors: {}, mentees: {} }}\n",
            sv.mentor_responses, sv.mentee_responses, sv.mentor_rate, sv.mentee_rate
        );
    }
    s.push_str("outcomes:\n");
    for (key, label) in COHORT_OUTCOMES {
        let _ = write!(
            s,
            "  - key: {key}\n    label: {}\n    mentors: {}\n    mentees: {}\n",
            yaml_str(label),
            r.range(55, 100),
            r.range(50, 100)
        );
    }
    let _ = write!(s, "cpd:\n  sessions_delivered: {}\n", c.sessions_delivered);
    if !c.attendance.is_empty() {
        let years: Vec<String> = c
            .attendance
            .iter()
            .map(|(y, n)| format!("{y}: {n}"))
            .collect();
        let _ = writeln!(s, "  attendance: {{ {} }}", years.join(", "));
    }
    s
}

/// Mentor number `i` (from 0) of a corpus, as `data/mentors/m-<i+1>.yaml`.
pub fn mentor_yaml(seed: u64, i: usize) -> String {
    let mut r = Rng::stream(seed, K_MENTOR, i as u64);
    let given = invented(&mut r, &GIVEN_A, &GIVEN_B);
    let family = invented(&mut r, &FAMILY_A, &FAMILY_B);
    let honorific = r.pick(&HONORIFIC);
    let (d, _, clinical) = r.pick(&DISCIPLINES);
    let position = role(&mut r, &MENTOR_ROLES, d, "");
    let org = match r.below(4) {
        0 => format!("University of {}", place(&mut r)),
        1 => format!("{} University", place(&mut r)),
        2 => format!("{} Teaching Hospitals", place(&mut r)),
        _ => format!("{} Institute of Health Research", place(&mut r)),
    };
    let mut disciplines = vec![d];
    if r.chance(40) {
        let (d2, _, _) = r.pick(&DISCIPLINES);
        if d2 != d {
            disciplines.push(d2);
        }
    }
    let mut themes = {
        let k = r.range(2, 4) as usize;
        r.weighted_distinct(&THEME_WEIGHTS, k)
    };
    themes.sort_unstable();
    let theme_slugs: Vec<&str> = themes.iter().map(|&t| THEMES[t].0).collect();
    let shares_n = r.pick(&[0, 0, 1, 1, 2]);
    let mut shares = r.weighted_distinct(&[1; SHARES.len()], shares_n);
    shares.sort_unstable();
    let share_slugs: Vec<&str> = shares.iter().map(|&s| SHARES[s]).collect();
    let availability = if r.chance(75) { "open" } else { "full" };
    let topic = r.pick(TOPICS[themes[0]]);
    let label = THEMES[themes[themes.len() - 1]].1.to_lowercase();
    format!(
        "id: m-{:04}\nname: {}\nposition: {}\norganisation: {}\nregion: {}\ndisciplines: {}\nclinical: {clinical}\nthemes: {}\nshares: {}\navailability: {availability}\nbio: |\n  {given}'s research at {org} focuses on {}.\n  As a mentor, {given} is glad to talk through **{label}** and {topic}.\n",
        i + 1,
        yaml_str(&format!("{honorific} {given} {family}")),
        yaml_str(&position),
        yaml_str(&org),
        yaml_str(r.pick(&REGIONS)),
        yaml_list(&disciplines),
        yaml_list(&theme_slugs),
        yaml_list(&share_slugs),
        d.to_lowercase(),
    )
}

// ---------------------------------------------------------------------------
// The Hugo site

const HUGO_CONFIG: &str = "\
# The same case studies as a Hugo site (generated by bench/corpus.rs).
baseURL: https://example.org/mentoring/
languageCode: en-GB
title: Benchmark Research Mentoring Programme
enableRobotsTXT: true
taxonomies:
  theme: themes
outputs:
  home: [HTML, RSS]
  section: [HTML]
  taxonomy: [HTML]
  term: [HTML]
  page: [HTML]
services:
  rss:
    limit: 50
markup:
  tableOfContents:
    startLevel: 2
    endLevel: 3
";

/// A stand-in for the theme's stylesheet (casebook copies its own).
const HUGO_CSS: &str = "body { font-family: system-ui, sans-serif; line-height: 1.5; margin: 0; }\n.wrap { max-width: 48rem; margin: 0 auto; padding: 0 1rem; }\n.visually-hidden { position: absolute; clip: rect(0 0 0 0); }\n";

/// Minimal templates equivalent to casebook's: a base layout, a page per
/// case study, the list of all case studies, one page per theme, the theme
/// index, plain pages and sections, the home page and 404. A link render
/// hook resolves `other.md` links as casebook does.
const HUGO_LAYOUTS: [(&str, &str); 11] = [
    (
        "_default/baseof.html",
        r##"<!DOCTYPE html>
<html lang="{{ site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ block "title" . }}{{ site.Title }}{{ end }}</title>
<meta name="description" content="{{ with .Description }}{{ . }}{{ else }}{{ .Summary | plainify }}{{ end }}">
<link rel="stylesheet" href="{{ "css/site.css" | relURL }}">
{{ with site.Home.OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" title="{{ site.Title }}" href="{{ .RelPermalink }}">{{ end }}
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header"><div class="wrap">
<a class="site-title" href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
<nav class="site-nav" aria-label="Main"><ul>
{{ $current := . }}{{ range site.Sections.ByWeight }}<li><a href="{{ .RelPermalink }}"{{ if eq $current .}} aria-current="page"{{ else if $current.IsDescendant . }} aria-current="true"{{ end }}>{{ .Title }}</a></li>
{{ end }}<li><a href="{{ "themes/" | relURL }}">Themes</a></li>
</ul></nav>
</div></header>
<main id="main" tabindex="-1"><div class="wrap">
{{ block "main" . }}{{ end }}
</div></main>
<footer class="site-footer"><div class="wrap">
<p class="footer-title">{{ site.Title }}</p>
<p class="footer-note">Case studies on this site are anonymised and published with the consent of both people in each pair.</p>
</div></footer>
</body>
</html>
"##,
    ),
    (
        "partials/cards.html",
        r##"<ul class="cards" role="list">
{{ range . }}<li class="card case-study-card">
<h3 class="card-title"><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
<p class="card-roles"><span class="role">Mentor: {{ .Params.mentor.role }}</span> <span class="role">Mentee: {{ .Params.mentee.role }}</span></p>
{{ with .Params.summary }}<p class="card-summary">{{ . }}</p>{{ end }}
<p class="card-meta">{{ (index site.Data.cohorts .Params.cohort).name }} · <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></p>
<ul class="tags" aria-label="Themes">{{ range .GetTerms "themes" }}<li><a class="tag" href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
</li>
{{ end }}</ul>
"##,
    ),
    (
        "case-studies/single.html",
        r##"{{ define "title" }}{{ .Title }} · Case studies · {{ site.Title }}{{ end }}
{{ define "main" }}
{{ $c := index site.Data.cohorts .Params.cohort }}
<nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="{{ site.Home.RelPermalink }}">Home</a></li><li><a href="{{ .Parent.RelPermalink }}">{{ .Parent.Title }}</a></li></ol></nav>
<article class="case-study">
<header class="case-study-header">
<p class="kicker">Case study · {{ $c.name }}{{ with .Params.pair }}, pair {{ . }}{{ end }}</p>
<h1>{{ .Title }}</h1>
{{ with .Params.summary }}<p class="lede">{{ . }}</p>{{ end }}
<p class="meta">Published <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></p>
</header>
<section class="pair"><div class="pair-grid">
{{ range slice (slice "Mentor" .Params.mentor) (slice "Mentee" .Params.mentee) }}{{ $p := index . 1 }}<div class="person">
<h3 class="person-heading">{{ $p.alias }} <span class="person-kind">({{ index . 0 | lower }})</span></h3>
<p class="person-role">{{ $p.role }}</p>
<dl class="facts">{{ with $p.discipline }}<div><dt>Discipline</dt><dd>{{ . }}</dd></div>{{ end }}<div><dt>Background</dt><dd>{{ if $p.clinical }}Clinical{{ else }}Non-clinical{{ end }}</dd></div></dl>
</div>
{{ end }}</div>
<dl class="facts facts-inline">
<div><dt>Duration</dt><dd>{{ .Params.duration_months }} months</dd></div>
<div><dt>Meetings</dt><dd>{{ .Params.meetings }}</dd></div>
<div><dt>Met by</dt><dd>{{ delimit .Params.format ", " }}</dd></div>
<div><dt>Interdisciplinary</dt><dd>{{ if .Params.interdisciplinary }}Yes{{ else }}No{{ end }}</dd></div>
<div><dt>Continuing after the programme</dt><dd>{{ if .Params.continuing }}Yes{{ else }}No{{ end }}</dd></div>
</dl>
<div class="themes-line"><h3 class="small-heading">Themes</h3><ul class="tags">{{ range .GetTerms "themes" }}<li><a class="tag" href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul></div>
</section>
{{ with .Params.quote }}<figure class="pull-quote"><blockquote><p>{{ . }}</p></blockquote></figure>{{ end }}
<nav class="toc" aria-label="On this page"><h2 class="toc-heading">On this page</h2>{{ .TableOfContents }}</nav>
<div class="prose">{{ .Content }}</div>
{{ with .Params.outcomes }}<section class="outcomes"><h2>Outcomes at a glance</h2><ul>{{ range . }}<li>{{ . }}</li>{{ end }}</ul></section>{{ end }}
</article>
{{ end }}
"##,
    ),
    (
        "case-studies/list.html",
        r##"{{ define "title" }}{{ .Title }} · {{ site.Title }}{{ end }}
{{ define "main" }}
<h1>{{ .Title }}</h1>
<div class="prose">{{ .Content }}</div>
<p class="count">{{ len .Pages }} case studies, newest first. <a href="{{ "themes/" | relURL }}">Browse by theme</a>.</p>
{{ partial "cards.html" .Pages.ByDate.Reverse }}
{{ end }}
"##,
    ),
    (
        "_default/term.html",
        r##"{{ define "title" }}{{ .Title }} · Themes · {{ site.Title }}{{ end }}
{{ define "main" }}
<nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="{{ site.Home.RelPermalink }}">Home</a></li><li><a href="{{ .Parent.RelPermalink }}">Themes</a></li></ol></nav>
<p class="kicker">Theme</p>
<h1>{{ .Title }}</h1>
{{ with .Description }}<p class="lede">{{ . }}</p>{{ end }}
<h2>Case studies</h2>
{{ partial "cards.html" .Pages.ByDate.Reverse }}
{{ end }}
"##,
    ),
    (
        "_default/taxonomy.html",
        r##"{{ define "title" }}Themes · {{ site.Title }}{{ end }}
{{ define "main" }}
<h1>Themes</h1>
<ul class="cards cards-compact" role="list">
{{ range .Pages.ByTitle }}<li class="card"><h2 class="card-title"><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>{{ with .Description }}<p class="card-summary">{{ . }}</p>{{ end }}<p class="card-meta">{{ len .Pages }} case studies</p></li>
{{ end }}</ul>
{{ end }}
"##,
    ),
    (
        "_default/single.html",
        r##"{{ define "title" }}{{ .Title }} · {{ site.Title }}{{ end }}
{{ define "main" }}
<nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="{{ site.Home.RelPermalink }}">Home</a></li><li><a href="{{ .Parent.RelPermalink }}">{{ .Parent.Title }}</a></li></ol></nav>
<h1>{{ .Title }}</h1>
<nav class="toc" aria-label="On this page">{{ .TableOfContents }}</nav>
<div class="prose">{{ .Content }}</div>
{{ end }}
"##,
    ),
    (
        "_default/list.html",
        r##"{{ define "title" }}{{ .Title }} · {{ site.Title }}{{ end }}
{{ define "main" }}
<h1>{{ .Title }}</h1>
<div class="prose">{{ .Content }}</div>
<ul class="cards" role="list">{{ range .Pages.ByWeight }}<li class="card"><h2 class="card-title"><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>{{ with .Params.summary }}<p class="card-summary">{{ . }}</p>{{ end }}</li>{{ end }}</ul>
{{ end }}
"##,
    ),
    (
        "index.html",
        r##"{{ define "main" }}
<div class="hero"><h1>{{ .Title }}</h1></div>
<div class="prose">{{ .Content }}</div>
<section class="block"><h2>Explore</h2><ul class="cards cards-compact" role="list">{{ range site.Sections.ByWeight }}<li class="card"><h3 class="card-title"><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>{{ with .Params.summary }}<p class="card-summary">{{ . }}</p>{{ end }}</li>{{ end }}</ul></section>
<section class="block"><h2>Latest case studies</h2>
{{ partial "cards.html" (first 3 (where site.RegularPages "Section" "case-studies").ByDate.Reverse) }}
</section>
{{ end }}
"##,
    ),
    (
        "404.html",
        r##"{{ define "main" }}<h1>Page not found</h1><p><a href="{{ site.Home.RelPermalink }}">Go to the home page</a>.</p>{{ end }}
"##,
    ),
    (
        "_default/_markup/render-link.html",
        r##"{{- $href := .Destination -}}
{{- $u := urls.Parse .Destination -}}
{{- if and (not $u.IsAbs) (strings.HasSuffix $u.Path ".md") -}}
{{- $p := path.Join "/" .Page.File.Dir $u.Path -}}
{{- with site.GetPage $p -}}{{- $href = .RelPermalink -}}{{- else -}}{{- errorf "%s: broken link %s" $.Page.File.Path $u.Path -}}{{- end -}}
{{- with $u.Fragment }}{{ $href = printf "%s#%s" $href . }}{{ end -}}
{{- end -}}
<a href="{{ $href | safeURL }}"{{ with .Title }} title="{{ . }}"{{ end }}>{{ .Text | safeHTML }}</a>
{{- /* no trailing newline */ -}}
"##,
    ),
];
