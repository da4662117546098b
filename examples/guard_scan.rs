//! Times the anonymisation guard's scan of a built site, by kind of file,
//! on one thread: `cargo run --release --example guard_scan -- NAMES OUTPUT
//! [MENTORS]`, where NAMES is the register file, OUTPUT a folder a build
//! wrote, and MENTORS the site's `data/mentors` (their names are read from
//! `name:` lines). Prints the best of three rounds. The files are read from
//! memory on one thread: a build reads each page as it renders it, with
//! the renderer's data in the caches, so a change that wins here must still
//! be timed in whole builds (a memo of lines shared between pages won 25%
//! here and nothing in a build).

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use casebook::anonymise::{OutputScan, Register, add_mentor, read_register};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(names), Some(out)) = (args.first(), args.get(1)) else {
        eprintln!("usage: guard_scan NAMES OUTPUT [MENTORS]");
        std::process::exit(2);
    };
    let mut register = Register::new();
    let text = std::fs::read_to_string(names).expect("the register file");
    read_register(&mut register, &text, Path::new(names));
    if let Some(dir) = args.get(2) {
        for entry in std::fs::read_dir(dir).expect("the mentors folder") {
            let path = entry.expect("a mentor file").path();
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            for line in text.lines() {
                if let Some(name) = line.strip_prefix("name: ") {
                    let name = name.trim_matches('"');
                    register.mark_listed(name);
                    add_mentor(&mut register, name, &path);
                }
            }
        }
    }
    let Some(scan) = OutputScan::new(Arc::new(register)) else {
        eprintln!("the register has no names that are not mentors'");
        std::process::exit(2);
    };
    let files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e
                .path()
                .strip_prefix(out)
                .ok()?
                .to_string_lossy()
                .into_owned();
            Some((rel, std::fs::read(e.path()).ok()?))
        })
        .collect();
    for ext in ["html", "json", "xml"] {
        let mut best = f64::MAX;
        let mut bytes = 0;
        for _ in 0..3 {
            let t = Instant::now();
            bytes = 0;
            for (rel, b) in files.iter().filter(|(rel, _)| rel.ends_with(ext)) {
                scan.scan(rel, b);
                bytes += b.len();
            }
            best = best.min(t.elapsed().as_secs_f64());
        }
        println!("{ext}: {:.0} MB in {best:.3} s", bytes as f64 / 1e6);
    }
}
