//! casebook: a static-site generator for research mentoring programmes.
//!
//! The modules follow the pipeline: `config` and `content`/`data` read the
//! site, `model` validates it into one structure, `render` turns that into
//! files, `output` swaps them in. `cmd` holds the subcommands over it.

pub mod anonymise;
pub mod audit;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod content;
pub mod data;
pub mod date;
pub mod diagnostics;
pub mod fsutil;
pub mod hash;
pub mod html;
pub mod images;
pub mod markdown;

pub mod model;
pub mod notes;
pub mod output;
pub mod pipeline;
pub mod progress;
pub mod rebuild;
pub mod render;
pub mod search;
pub mod serve;
pub mod shortcodes;
pub mod slug;
pub mod symlinks;
pub mod theme;
pub mod titles;
pub mod wording;
pub mod yaml;
