//! What the request threads and the rebuild thread share: the build being
//! served, which a good build replaces in one step, and the tabs to tell.

use std::sync::{Arc, RwLock};

use super::http::Served;
use super::reload::Broadcaster;

/// The build being served and the live-reload channel, for every thread.
pub struct SharedState {
    served: RwLock<Arc<Served>>,
    /// The open tabs, told about each build.
    pub reload: Broadcaster,
    /// Bound to loopback: refuse requests naming other hosts.
    pub local_only: bool,
}

impl SharedState {
    /// Serves `served` to start with; tabs are told it is `served.build_id`.
    pub fn new(served: Served, local_only: bool) -> SharedState {
        SharedState {
            reload: Broadcaster::new(&served.build_id),
            served: RwLock::new(Arc::new(served)),
            local_only,
        }
    }

    /// The build to answer a request from.
    pub fn current(&self) -> Arc<Served> {
        self.served
            .read()
            .map(|s| Arc::clone(&s))
            .unwrap_or_else(|e| Arc::clone(&e.into_inner()))
    }

    /// Serves `served` from the next request on.
    pub fn switch(&self, served: Served) {
        let mut slot = self.served.write().unwrap_or_else(|e| e.into_inner());
        *slot = Arc::new(served);
    }
}
