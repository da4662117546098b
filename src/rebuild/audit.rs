//! What the audit resolved at a serve session's last build: the link
//! verdicts of every page and what each page's links reached, reused for
//! pages whose links cannot have changed verdict.

use crate::audit::{Recall, Resolved};

/// The last build's resolved links, if it kept them.
#[derive(Debug, Default)]
pub struct LastAudit {
    resolved: Option<Resolved>,
}

impl Recall for LastAudit {
    fn last(&self) -> Option<&Resolved> {
        self.resolved.as_ref()
    }

    fn keeps(&self) -> bool {
        true
    }

    fn keep(&mut self, resolved: Resolved) {
        self.resolved = Some(resolved);
    }
}
