//! What a serve session keeps of `data/`: every mentor file as last read,
//! reused while its file is unchanged.

use std::path::{Path, PathBuf};

use super::files::ParsedFiles;
use crate::data::Reader;
use crate::data::mentors::MentorRead;

/// Mentor files as last read, by file.
#[derive(Debug, Default)]
pub struct LastMentors(ParsedFiles<MentorRead>);

impl Reader for LastMentors {
    fn read_mentors(
        &self,
        paths: &[PathBuf],
        read: &(dyn Fn(&Path) -> MentorRead + Sync),
    ) -> Vec<MentorRead> {
        self.0.read_all(paths, read)
    }
}
