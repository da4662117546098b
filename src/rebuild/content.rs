//! What a serve session keeps of `content/`: every page as last read,
//! reused while its file is unchanged.

use std::path::{Path, PathBuf};

use super::files::ParsedFiles;
use crate::content::{Read, Reader};

/// Pages as last read, by file.
#[derive(Debug, Default)]
pub struct LastRead(ParsedFiles<Read>);

impl Reader for LastRead {
    fn read_all(&self, paths: &[PathBuf], read: &(dyn Fn(&Path) -> Read + Sync)) -> Vec<Read> {
        self.0.read_all(paths, read)
    }
}
