//! Reading `data/`: the typed YAML behind the site's figures and vocabularies.

pub mod cohorts;
pub mod themes;

use std::path::Path;

use crate::diagnostics::Diagnostics;

/// Everything read from `data/`.
#[derive(Debug, Default)]
pub struct Data {
    pub themes: Vec<themes::Theme>,
    pub cohorts: Vec<cohorts::CohortFile>,
}

/// Reads all data files, recording problems in `diags`.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Data {
    Data {
        themes: themes::load(root, diags),
        cohorts: cohorts::load(root, diags),
    }
}
