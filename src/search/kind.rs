//! What a search result is: the kinds of page the index holds, numbered
//! in index order, with their names for filters and results.

/// What a result is, in the order kinds are numbered in the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    CaseStudy,
    Theme,
    Guidance,
    Section,
    Mentor,
    Evaluation,
    Cohort,
    Workshop,
}

impl Kind {
    /// Every kind, in document order.
    pub const ALL: [Kind; 8] = [
        Kind::CaseStudy,
        Kind::Theme,
        Kind::Guidance,
        Kind::Section,
        Kind::Mentor,
        Kind::Evaluation,
        Kind::Cohort,
        Kind::Workshop,
    ];

    /// For filters in the address bar (`?kind=case-study`).
    pub fn slug(self) -> &'static str {
        match self {
            Kind::CaseStudy => "case-study",
            Kind::Theme => "theme",
            Kind::Guidance => "guidance",
            Kind::Section => "section",
            Kind::Cohort => "cohort",
            Kind::Mentor => "mentor",
            Kind::Evaluation => "evaluation",
            Kind::Workshop => "workshop",
        }
    }

    /// As shown beside a result.
    pub fn label(self) -> &'static str {
        match self {
            Kind::CaseStudy => "Case study",
            Kind::Theme => "Theme",
            Kind::Guidance => "Guidance",
            Kind::Section => "Section",
            Kind::Cohort => "Cohort",
            Kind::Mentor => "Mentor",
            Kind::Evaluation => "Evaluation",
            Kind::Workshop => "Workshop",
        }
    }

    /// As a filter's label.
    pub fn plural(self) -> &'static str {
        match self {
            Kind::CaseStudy => "Case studies",
            Kind::Theme => "Themes",
            Kind::Guidance => "Guidance",
            Kind::Section => "Sections",
            Kind::Cohort => "Cohorts",
            Kind::Mentor => "Mentors",
            Kind::Evaluation => "Evaluations",
            Kind::Workshop => "Workshops",
        }
    }
}
