//! What a serve session keeps between builds, so that a rebuild after one
//! saved file reads, checks and renders little more than that file. The
//! stages know nothing of it: each takes a seam (a trait with a plain
//! implementation for `build` and `check`), and the remembering
//! implementations live here.
//!
//! Everything kept is keyed on its inputs, never on the watcher's word about
//! what changed: a missed file event can make a rebuild slower, never wrong.

pub mod audit;
pub mod content;
pub mod data;
pub mod files;
pub mod model;
pub mod names;
pub mod related;
