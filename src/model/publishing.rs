//! Which pages a build publishes: drafts and future-dated pages wait.

use crate::content::SourcePage;
use crate::date::Date;

/// What decides which pages are published.
#[derive(Debug, Clone, Copy)]
pub struct Publishing {
    /// Publish drafts and future-dated pages too.
    pub drafts: bool,
    /// The day the build runs, for leaving out future-dated pages.
    pub today: Date,
}

impl Publishing {
    /// Why a page is left out of this build, if it is.
    pub fn withheld_reason(&self, src: &SourcePage) -> Option<&'static str> {
        if self.drafts {
            return None;
        }
        if src.front.draft {
            return Some("a draft");
        }
        if src.front.date.is_some_and(|d| d > self.today) {
            return Some("dated in the future");
        }
        None
    }
}
